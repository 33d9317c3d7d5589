/**
 * Migration 0013 on every dialect: a movement is one row of the log, yet every read gives back
 * both transfers as the engine made them; ids stay unique although a twin's id has no index of
 * its own; a pair resolved only in part stays exact; and rows written before the migration (one
 * per transfer) are read, resolved and verified as before.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { openDatabase, type DatabaseHandle } from '../platform/database.js';
import { migrateTo, migrateToLatest } from '../platform/migrate.js';
import { POSTGRES_TEST_URL, testActors, testDialects } from '../platform/test-support/test-database.js';
import { licenceAccounts, quotaScopeAccounts } from './chart-of-accounts.js';
import { readLicenceMovements } from './ledger-history.store.js';
import { createAccounts, createLedgerState, createTransfers, getAccount } from './ledger-engine.js';
import { amountsFor, issueLicenceTransfers, issueQuotaTransfers, reserveTransfers, shipTransfers } from './ledger-flows.js';
import { verifyLedger } from './ledger-verification.js';
import { findOpenPendingTransfersOfLicence, findTransfersByIds, readAllAccounts, readTransfersAfter } from './ledger.store.js';
import { applyLedgerRequests, ensureLedgerAccounts, LedgerWriter, readLicenceBalance } from './ledger.writer.js';
import type { Account } from './account.js';
import { transferFlagBits, type Transfer, type TransferInput } from './transfer.js';

const SCOPE = '2026/H200';
const LICENCE = 'L1';
const TPP = 15_832n;
const operator = testActors.operator;

describe.each(testDialects())('ledger movement rows (migration 0013) on %s', (dialect) => {
  let database: DatabaseHandle;
  let cleanUp: () => Promise<void>;
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  afterEach(async () => {
    await cleanUp();
  });

  async function open(migrate: boolean): Promise<void> {
    if (dialect === 'sqlite') {
      const directory = mkdtempSync(join(tmpdir(), 'gatehouse-movement-rows-'));
      database = await openDatabase({ sqlitePath: join(directory, 'test.db'), migrate });
      cleanUp = async () => {
        await database.close();
        rmSync(directory, { recursive: true, force: true });
      };
      return;
    }
    const schema = `test_${randomBytes(6).toString('hex')}`;
    database = await openDatabase({ databaseUrl: POSTGRES_TEST_URL!, postgresSchema: schema, poolSize: 2, migrate });
    cleanUp = async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    };
  }

  async function apply(transfers: readonly TransferInput[]) {
    const [results] = await database.db.transaction().execute((trx) => applyLedgerRequests(trx, [{ actor: operator, transfers }], clock.now()));
    return results!;
  }

  async function seed(): Promise<void> {
    await database.db.transaction().execute((trx) => ensureLedgerAccounts(trx, operator, clock.now(), [...quotaScopeAccounts(SCOPE), ...licenceAccounts(LICENCE)]));
    expect(await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, TPP) }))).toEqual(['ok', 'ok']);
    expect(await apply(issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 100n, tppPerUnit: TPP }))).toEqual(['ok', 'ok']);
  }

  async function rowCount(): Promise<number> {
    const result = await sql<{ count: string }>`select cast(count(*) as text) as count from ledger_transfers`.execute(database.db);
    return Number(result.rows[0]!.count);
  }

  async function verified(): Promise<void> {
    const transfers = (await readTransfersAfter(database.db, 0, 1_000_000)).map((stored) => stored.transfer);
    expect(verifyLedger(await readAllAccounts(database.db), transfers)).toMatchObject({ ok: true });
  }

  const reserve = (id: string, units = 10n) => reserveTransfers({ reservationId: id, licenceId: LICENCE, units, tppPerUnit: TPP, timeoutSeconds: 3_600, purchaseOrderReference: `PO-${id}` });

  it('writes a movement as one row and reads back both transfers as the engine made them', async () => {
    await open(true);
    await seed();
    expect(await rowCount()).toBe(2);
    expect(await apply(reserve('r1'))).toEqual(['ok', 'ok']);
    expect(await rowCount()).toBe(3);
    const [units, tpp] = await findTransfersByIds(database.db, ['r1:units', 'r1:tpp']);
    expect(units).toMatchObject({ pendingStatus: 'pending', transfer: { id: 'r1:units', amount: 10n, dimension: 'units', flags: { linked: true, pending: true } } });
    expect(tpp).toMatchObject({ pendingStatus: 'pending', transfer: { id: 'r1:tpp', amount: 10n * TPP, dimension: 'tpp', debitAccountId: 'licence/L1/tpp', flags: { linked: false, pending: true } } });
    expect(tpp!.sequence).toBe(units!.sequence);
    expect(await findTransfersByIds(database.db, ['r1:tpp'])).toEqual([tpp]);

    expect(await apply(shipTransfers({ movementId: 's1', reservationId: 'r1', units: 4n, tppPerUnit: TPP }))).toEqual(['ok', 'ok']);
    expect((await findTransfersByIds(database.db, ['r1:units', 'r1:tpp'])).map((stored) => stored.pendingStatus)).toEqual(['posted', 'posted']);
    expect(await apply(reserve('r1'))).toEqual(['exists', 'exists']);
    const history = await readLicenceMovements(database.db, LICENCE, { afterSequence: 0, limit: 10 });
    expect(history.map((movement) => [movement.movementId, movement.units, movement.tpp])).toEqual([
      ['issue', 100n, 100n * TPP],
      ['r1', 10n, 10n * TPP],
      ['s1', 4n, 4n * TPP],
    ]);
    await verified();
  });

  it('keeps ids unique: a lone transfer with a stored twin’s id, and a pair whose twin id is stored alone, are refused', async () => {
    await open(true);
    await seed();
    const [, tppOfR1] = reserve('r1');
    expect(await apply(reserve('r1'))).toEqual(['ok', 'ok']);
    const rows = await rowCount();
    expect(await apply([tppOfR1!])).toEqual(['exists']);
    expect(await apply([{ ...tppOfR1!, amount: 1n }])).toEqual(['exists_with_different_amount']);
    expect(await rowCount()).toBe(rows);

    // A TPP transfer stored on its own first (nothing the flows do, but the ledger allows it).
    const [, lone] = reserve('r2', 1n);
    expect(await apply([lone!])).toEqual(['ok']);
    // The stored one answers for the twin (as any stored transfer would); the units transfer is new.
    expect(await apply(reserve('r2', 1n))).toEqual(['ok', 'exists']);
    expect(await rowCount()).toBe(rows + 2);
    expect((await findTransfersByIds(database.db, ['r2:tpp'])).map((stored) => stored.transfer)).toEqual([expect.objectContaining({ id: 'r2:tpp', amount: TPP, flags: expect.objectContaining({ linked: false }) })]);
    await verified();
  });

  it('keeps ids unique through the group-commit writer too, whose first attempt reads none of its own ids', async () => {
    await open(true);
    await seed();
    const writer = new LedgerWriter(database.db, clock);
    const submit = (transfers: TransferInput[]) => writer.submit({ actor: operator, transfers });
    const [, tppOfR1] = reserve('r1');
    expect(await submit(reserve('r1'))).toEqual(['ok', 'ok']);
    const rows = await rowCount();
    expect(await submit([tppOfR1!])).toEqual(['exists']);
    expect(await submit([{ ...tppOfR1!, amount: 1n }])).toEqual(['exists_with_different_amount']);
    expect(await submit(reserve('r1'))).toEqual(['exists', 'exists']);
    expect(await rowCount()).toBe(rows);
    await writer.close();
    await verified();
  });

  it('has the database itself refuse a second transfer with a twin’s id, in either shape', async () => {
    await open(true);
    await seed();
    expect(await apply(reserve('r1'))).toEqual(['ok', 'ok']);
    const [row] = await database.db.selectFrom('ledger_transfers').selectAll().where('id', '=', 'r1:units').execute();
    const { sequence: _sequence, ...copy } = row!;
    // The twin's id as a row of its own, beside the pair that holds it.
    await expect(database.db.insertInto('ledger_transfers').values({ ...copy, id: 'r1:tpp', twin_amount: null, twin_flags: null, twin_pending_status: null }).execute()).rejects.toThrow();
    // And a pair whose twin has the id of a TPP transfer stored on its own.
    await database.db.insertInto('ledger_transfers').values({ ...copy, id: 'lone:tpp', twin_amount: null, twin_flags: null, twin_pending_status: null }).execute();
    await expect(database.db.insertInto('ledger_transfers').values({ ...copy, id: 'lone:units' }).execute()).rejects.toThrow();
  });

  it('stays exact when only one transfer of a pair is resolved: the open twin is found, lapses and expires', async () => {
    await open(true);
    await seed();
    expect(await apply(reserve('r1'))).toEqual(['ok', 'ok']);
    // Post the units transfer alone, not linked to a post of its twin.
    expect(await apply([{ id: 'post-units-only', pendingId: 'r1:units', flags: { postPendingTransfer: true } }])).toEqual(['ok']);
    const openTransfers = await findOpenPendingTransfersOfLicence(database.db, LICENCE);
    expect(openTransfers.map((stored) => stored.transfer.id)).toEqual(['r1:tpp']);
    expect((await readLicenceBalance(database.db, LICENCE))?.tpp.reserved).toBe(10n * TPP);

    clock.advanceMs(3_601_000);
    const writer = new LedgerWriter(database.db, clock);
    expect(await writer.sweep()).toBe(1);
    await writer.close();
    expect((await findTransfersByIds(database.db, ['r1:units', 'r1:tpp'])).map((stored) => stored.pendingStatus)).toEqual(['posted', 'expired']);
    expect(await findOpenPendingTransfersOfLicence(database.db, LICENCE)).toEqual([]);
    expect((await readLicenceBalance(database.db, LICENCE))?.tpp.reserved).toBe(0n);
    await verified();
  });

  it('reads, resolves and verifies rows written before the migration, one per transfer', async () => {
    await open(false);
    await migrateTo(database, '0012-open-reservations-by-licence');
    // What the code before 0013 wrote: the engine's accounts and transfers, a row each (written
    // here with plain inserts, since the store's statements name 0013's columns).
    const now = clock.now().getTime();
    const state = createLedgerState();
    createAccounts(state, [...quotaScopeAccounts(SCOPE), ...licenceAccounts(LICENCE)], now);
    const written: Transfer[] = [];
    for (const batch of [
      issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, TPP) }),
      issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 100n, tppPerUnit: TPP }),
      reserve('r-old', 30n),
    ]) {
      const outcome = createTransfers(state, batch, now);
      expect(outcome.results).toEqual(['ok', 'ok']);
      written.push(...outcome.newTransfers);
    }
    const accounts = [...quotaScopeAccounts(SCOPE), ...licenceAccounts(LICENCE)].map((input) => getAccount(state, input.id) as Account);
    await database.db.transaction().execute(async (trx) => {
      for (const account of accounts) {
        await trx
          .insertInto('ledger_accounts')
          .values({
            id: account.id,
            code: account.code,
            owner_id: account.ownerId,
            dimension: account.dimension,
            flags: (account.flags.debitsMustNotExceedCredits ? 1 : 0) | (account.flags.creditsMustNotExceedDebits ? 2 : 0),
            debits_pending: account.debitsPending.toString(),
            debits_posted: account.debitsPosted.toString(),
            credits_pending: account.creditsPending.toString(),
            credits_posted: account.creditsPosted.toString(),
            timestamp: account.timestamp,
          } as never)
          .execute();
      }
      for (const transfer of written) {
        await trx
          .insertInto('ledger_transfers')
          .values({
            id: transfer.id,
            debit_account_id: transfer.debitAccountId,
            credit_account_id: transfer.creditAccountId,
            amount: transfer.amount.toString() as unknown as bigint,
            pending_id: transfer.pendingId,
            dimension: transfer.dimension,
            code: transfer.code,
            flags: transferFlagBits(transfer.flags),
            timeout_seconds: transfer.timeoutSeconds,
            expires_at: transfer.expiresAt,
            licence_id: transfer.licenceId,
            purchase_order_reference: transfer.purchaseOrderReference,
            reference: transfer.reference,
            timestamp: transfer.timestamp,
            pending_status: transfer.flags.pending ? 'pending' : null,
          })
          .execute();
      }
    });

    await migrateToLatest(database);
    expect((await readTransfersAfter(database.db, 0, 100)).map((stored) => stored.transfer)).toEqual(written);
    await verified();
    expect((await readLicenceMovements(database.db, LICENCE, { afterSequence: 0, limit: 10 })).map((movement) => [movement.movementId, movement.tpp])).toEqual([
      ['issue', 100n * TPP],
      ['r-old', 30n * TPP],
    ]);
    expect(await apply(reserve('r-old', 30n))).toEqual(['exists', 'exists']);
    expect(await apply(shipTransfers({ movementId: 's-new', reservationId: 'r-old', units: 10n, tppPerUnit: TPP }))).toEqual(['ok', 'ok']);
    expect((await findTransfersByIds(database.db, ['r-old:units', 'r-old:tpp'])).map((stored) => stored.pendingStatus)).toEqual(['posted', 'posted']);
    expect(await rowCount()).toBe(written.length + 1);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ available: 90n, shipped: 10n, reserved: 0n });
    await verified();
  });
});
