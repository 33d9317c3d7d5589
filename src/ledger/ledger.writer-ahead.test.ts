/**
 * A batch judged ahead (while the batch before it is still being inserted) is written with that
 * judgement only when the locks find exactly the balances it assumed; otherwise it is judged
 * again, so that nothing another writer did meanwhile, and no lapsed reservation, is missed. On
 * every dialect through applyJudgedAhead; the writer itself judges ahead on PostgreSQL only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../platform/actor.js';
import { ManualClock } from '../platform/clock.js';
import { openDatabase } from '../platform/database.js';
import { openTestDatabase, POSTGRES_TEST_URL, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import type { Account } from './account.js';
import { accountId } from './chart-of-accounts.js';
import { reserveTransfers, shipTransfers } from './ledger-flows.js';
import { verifyLedger } from './ledger-verification.js';
import { findAccounts, readAllAccounts, readTransfersAfter } from './ledger.store.js';
import { applyJudgedAhead, applyLedgerRequests, judgeAhead, LedgerWriter, readLicenceBalance, type LedgerRequest } from './ledger.writer.js';
import { seedLicence } from './test-support/seed-licence.js';

const SCOPE = '2026/H200';
const LICENCE = 'licence-ahead';
const TPP = 15_832n;
const vendor: Actor = { id: 'vendor-1', role: 'vendor', organisationId: 'vendor-org' };

const reserve = (id: string, units: bigint, timeoutSeconds = 3_600): LedgerRequest => ({
  actor: vendor,
  transfers: reserveTransfers({ reservationId: id, licenceId: LICENCE, units, tppPerUnit: TPP, timeoutSeconds, purchaseOrderReference: `PO-${id}` }),
});

describe.each(testDialects())('a batch judged ahead on %s', (dialect) => {
  let database: TestDatabase;
  let clock: ManualClock;

  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    clock = new ManualClock('2026-03-01T09:00:00.000Z');
    await seedLicence(database.db, { scopeId: SCOPE, licenceId: LICENCE, units: 10n, tppPerUnit: TPP, now: clock.now() });
  });
  afterEach(async () => {
    await database.close();
  });

  /** The accounts as stored now: what the writer's previous batch would leave. */
  async function storedAccounts(): Promise<Map<string, Account>> {
    return new Map((await readAllAccounts(database.db)).map((account) => [account.id, account]));
  }

  async function expectLedgerConsistent(): Promise<void> {
    const accounts = await readAllAccounts(database.db);
    const transfers = (await readTransfersAfter(database.db, 0, 1_000_000)).map((stored) => stored.transfer);
    const verification = verifyLedger(accounts, transfers);
    expect(verification.ok ? 'ok' : JSON.stringify(verification.discrepancy)).toBe('ok');
  }

  it('is written as judged when the locks find the balances it assumed', async () => {
    const requests = [reserve('a', 3n), reserve('b', 3n), reserve('c', 5n)];
    const judged = judgeAhead(requests, await storedAccounts(), clock.now());
    expect(judged?.judgement.results).toEqual([['ok', 'ok'], ['ok', 'ok'], ['exceeds_credits', 'linked_event_failed']]);
    const outcome = await database.db.transaction().execute((trx) => applyJudgedAhead(trx, judged!));
    expect(outcome.isJudgedAheadUsed).toBe(true);
    expect(outcome.results).toEqual(judged!.judgement.results);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 6n, available: 4n });
    const [entry] = await database.db.selectFrom('audit_entries').select('after_json').where('event_type', '=', 'ledger.transfers-committed').orderBy('sequence', 'desc').limit(1).execute();
    expect(JSON.parse(entry!.after_json!)).toMatchObject({ transferCount: 4, requestsByActor: [{ actorId: vendor.id, requests: ['a', 'b', []] }] });
    await expectLedgerConsistent();
  });

  it('is judged again, and never overdraws, when another writer spent the balance meanwhile', async () => {
    const judged = judgeAhead([reserve('a', 4n), reserve('b', 4n)], await storedAccounts(), clock.now());
    expect(judged?.judgement.results).toEqual([['ok', 'ok'], ['ok', 'ok']]);
    // Another process's batch commits first.
    await database.db.transaction().execute((trx) => applyLedgerRequests(trx, [reserve('other', 5n)], clock.now()));
    const outcome = await database.db.transaction().execute((trx) => applyJudgedAhead(trx, judged!));
    expect(outcome.isJudgedAheadUsed).toBe(false);
    expect(outcome.results).toEqual([['ok', 'ok'], ['exceeds_credits', 'linked_event_failed']]);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 9n, available: 1n });
    const [units] = await findAccounts(database.db, [accountId('licence', LICENCE, 'units')]);
    expect(units!.debitsPending + units!.debitsPosted).toBeLessThanOrEqual(units!.creditsPosted);
    await expectLedgerConsistent();
  });

  it('is judged again when a reservation has lapsed since, and expires it first', async () => {
    await database.db.transaction().execute((trx) => applyLedgerRequests(trx, [reserve('short', 10n, 60)], clock.now()));
    const before = await storedAccounts();
    clock.advanceMs(61_000);
    const judged = judgeAhead([reserve('after', 4n)], before, clock.now());
    // Judged on the balances alone, the lapsed reservation still holds every unit.
    expect(judged?.judgement.results).toEqual([['exceeds_credits', 'linked_event_failed']]);
    const outcome = await database.db.transaction().execute((trx) => applyJudgedAhead(trx, judged!));
    expect(outcome.isJudgedAheadUsed).toBe(false);
    expect(outcome.expiredCount).toBe(2);
    expect(outcome.results).toEqual([['ok', 'ok']]);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 4n, available: 6n });
    await expectLedgerConsistent();
  });

  it('answers exists for a retry that was judged ahead as new, and writes nothing twice', async () => {
    await database.db.transaction().execute((trx) => applyLedgerRequests(trx, [reserve('a', 2n)], clock.now()));
    const judged = judgeAhead([reserve('a', 2n), reserve('b', 2n)], await storedAccounts(), clock.now());
    expect(judged?.judgement.results).toEqual([['ok', 'ok'], ['ok', 'ok']]);
    const outcome = await database.db.transaction().execute((trx) => applyJudgedAhead(trx, judged!));
    expect(outcome.isJudgedAheadUsed).toBe(false);
    expect(outcome.results).toEqual([['exists', 'exists'], ['ok', 'ok']]);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 4n, available: 6n });
    await expectLedgerConsistent();
  });

  it('is not judged ahead for a post or void, or an account the batch before did not read', async () => {
    const accounts = await storedAccounts();
    expect(judgeAhead([{ actor: vendor, transfers: shipTransfers({ movementId: 's', reservationId: 'a', units: 1n, tppPerUnit: TPP }) }], accounts, clock.now())).toBeNull();
    const withoutShipped = new Map(accounts);
    expect(withoutShipped.delete(accountId('shipped', LICENCE, 'tpp'))).toBe(true);
    expect(judgeAhead([reserve('a', 1n)], withoutShipped, clock.now())).toBeNull();
  });

  it('leaves the accounts it was given as they were', async () => {
    const accounts = await storedAccounts();
    const snapshot = JSON.stringify([...accounts.values()], (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    judgeAhead([reserve('a', 4n)], accounts, clock.now());
    expect(JSON.stringify([...accounts.values()], (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).toBe(snapshot);
  });

  it('through the writer: many batches, each caller answered once, exactly the licence quantity reserved, retries answered exists', async () => {
    // Two reservations a batch, so that the writer has a next batch queued while it writes one.
    const writer = new LedgerWriter(database.db, clock, 4);
    const first = Array.from({ length: 13 }, (_, index) => reserve(`r${index}`, 1n));
    const retries = first.slice(0, 6);
    const outcomes = await Promise.all([...first, ...retries].map((request) => writer.submit(request)));
    await writer.close();
    const firstResults = outcomes.slice(0, 13).map((results) => results[0]);
    expect(firstResults.filter((result) => result === 'ok')).toHaveLength(10);
    expect(firstResults.filter((result) => result === 'exceeds_credits')).toHaveLength(3);
    // A retry of a committed reservation answers exists; a retry of a refused one is refused again.
    outcomes.slice(13).forEach((results, index) => expect(results[0]).toBe(firstResults[index] === 'ok' ? 'exists' : 'exceeds_credits'));
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 10n, available: 0n });
    const statistics = writer.statistics();
    expect(statistics.batches).toBeGreaterThanOrEqual(10);
    if (dialect === 'postgres') {
      expect(statistics.judgedAheadUsed).toBeGreaterThan(0);
      expect(statistics.judgedAheadUsed).toBeLessThanOrEqual(statistics.judgedAhead);
    } else {
      // SQLite writes synchronously: there is no insert to judge the next batch beside.
      expect(statistics.judgedAhead).toBe(0);
    }
    await expectLedgerConsistent();
  });
});

describe.runIf(POSTGRES_TEST_URL !== null)('batches judged ahead by two writers on one licence, on postgres', () => {
  it('never exceed the licence and use it up exactly, whichever writer commits first', async () => {
    const database = await openTestDatabase('postgres');
    // A second pool on the same schema: another server process, as far as the database can tell.
    const other = await openDatabase({ databaseUrl: database.environment.DATABASE_URL! });
    try {
      const clock = new ManualClock('2026-03-01T09:00:00.000Z');
      await seedLicence(database.db, { scopeId: SCOPE, licenceId: LICENCE, units: 100n, tppPerUnit: TPP, now: clock.now() });
      // Four reservations a batch, 150 reservations of one unit per writer: 300 asked, 100 there.
      const writers = [new LedgerWriter(database.db, clock, 8), new LedgerWriter(other.db, clock, 8)];
      const outcomes = await Promise.all(writers.flatMap((writer, which) => Array.from({ length: 150 }, (_, index) => writer.submit(reserve(`w${which}-${index}`, 1n)))));
      await Promise.all(writers.map((writer) => writer.close()));
      expect(outcomes.filter((results) => results[0] === 'ok')).toHaveLength(100);
      expect(outcomes.filter((results) => results[0] === 'exceeds_credits')).toHaveLength(200);
      expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 100n, available: 0n });
      const statistics = writers.map((writer) => writer.statistics());
      for (const { judgedAhead, judgedAheadUsed } of statistics) {
        expect(judgedAhead).toBeGreaterThan(0);
        expect(judgedAheadUsed).toBeLessThanOrEqual(judgedAhead);
      }
      const accounts = await readAllAccounts(database.db);
      const transfers = (await readTransfersAfter(database.db, 0, 1_000_000)).map((stored) => stored.transfer);
      const verification = verifyLedger(accounts, transfers);
      expect(verification.ok ? 'ok' : JSON.stringify(verification.discrepancy)).toBe('ok');
    } finally {
      await other.close();
      await database.close();
    }
  });
});
