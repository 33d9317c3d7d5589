/**
 * The durable ledger on every dialect: what the store writes is what the engine decided, amounts
 * past 2^53 come back exact, a batch commits whole, retries answer `exists`, refusals change
 * nothing, lapsed reservations expire, and the group-commit writer gives each caller its own
 * results while writing many callers in one transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/index.js';
import type { Clock } from '../platform/clock.js';
import { ManualClock } from '../platform/clock.js';
import { openTestDatabase, testActors, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { accountId, licenceAccounts, quotaScopeAccounts } from './chart-of-accounts.js';
import { amountsFor, issueLicenceTransfers, issueQuotaTransfers, reserveTransfers, shipTransfers } from './ledger-flows.js';
import { verifyLedger } from './ledger-verification.js';
import { findAccounts, readAllAccounts, readTransfersAfter } from './ledger.store.js';
import { applyLedgerRequests, ensureLedgerAccounts, LedgerWriter, readLicenceBalance } from './ledger.writer.js';
import type { TransferInput } from './transfer.js';

const SCOPE = '2026/H200';
const LICENCE = 'licence-1';
const H200_TPP = 15_832n;
const operator = testActors.operator;

async function allRows(database: TestDatabase) {
  const accounts = await readAllAccounts(database.db);
  const transfers = (await readTransfersAfter(database.db, 0, 1_000_000)).map((stored) => stored.transfer);
  return { accounts, transfers };
}

describe.each(testDialects())('durable ledger on %s', (dialect) => {
  let database: TestDatabase;
  let clock: ManualClock;

  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    clock = new ManualClock('2026-03-01T09:00:00.000Z');
    await database.db.transaction().execute((trx) => ensureLedgerAccounts(trx, operator, clock.now(), [...quotaScopeAccounts(SCOPE), ...licenceAccounts(LICENCE)]));
  });
  afterEach(async () => {
    await database.close();
  });

  async function apply(transfers: readonly TransferInput[], at: Clock = clock) {
    const [results] = await database.db.transaction().execute((trx) => applyLedgerRequests(trx, [{ actor: operator, transfers }], at.now()));
    return results!;
  }

  it('creates accounts once and answers exists on a retry', async () => {
    const again = await database.db.transaction().execute((trx) => ensureLedgerAccounts(trx, operator, clock.now(), licenceAccounts(LICENCE)));
    expect(again).toEqual(licenceAccounts(LICENCE).map(() => 'exists'));
    expect(await readAllAccounts(database.db)).toHaveLength(12);
  });

  it('stores amounts past 2^53 exactly and reads back the same bigints', async () => {
    const huge = 2n ** 62n;
    expect(await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: { units: 700_000n, tpp: huge } }))).toEqual(['ok', 'ok']);
    const [pool] = await findAccounts(database.db, [accountId('national-pool', SCOPE, 'tpp')]);
    expect(pool?.creditsPosted).toBe(huge);
    const { transfers } = await allRows(database);
    expect(transfers.map((transfer) => transfer.amount)).toEqual([700_000n, huge]);
    expect(typeof transfers[0]!.timestamp).toBe('number');
  });

  it('issues, reserves, ships and verifies; a retry answers exists; a refusal changes nothing', async () => {
    await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, H200_TPP) }));
    expect(await apply(issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 100n, tppPerUnit: H200_TPP }))).toEqual(['ok', 'ok']);
    const reserve = reserveTransfers({ reservationId: 'r1', licenceId: LICENCE, units: 60n, tppPerUnit: H200_TPP, timeoutSeconds: 3_600, purchaseOrderReference: 'PO-1' });
    expect(await apply(reserve)).toEqual(['ok', 'ok']);
    expect(await apply(reserve)).toEqual(['exists', 'exists']);
    const tooMuch = reserveTransfers({ reservationId: 'r2', licenceId: LICENCE, units: 41n, tppPerUnit: H200_TPP, timeoutSeconds: 3_600, purchaseOrderReference: 'PO-2' });
    const before = await allRows(database);
    expect(await apply(tooMuch)).toEqual(['exceeds_credits', 'linked_event_failed']);
    expect(await allRows(database)).toEqual(before);
    expect(await apply(shipTransfers({ movementId: 's1', reservationId: 'r1', units: 50n, tppPerUnit: H200_TPP }))).toEqual(['ok', 'ok']);
    expect(await apply(shipTransfers({ movementId: 's1b', reservationId: 'r1', units: 5n, tppPerUnit: H200_TPP }))).toEqual(['pending_transfer_already_posted', 'linked_event_failed']);
    const balance = await readLicenceBalance(database.db, LICENCE);
    expect(balance?.units).toMatchObject({ granted: 100n, reserved: 0n, available: 50n, shipped: 50n, awaitingClearance: 50n });
    const { accounts, transfers } = await allRows(database);
    expect(verifyLedger(accounts, transfers)).toMatchObject({ ok: true, transferCount: 8 });
    expect((await verifyAuditChain(database, testActors.auditor)).ok).toBe(true);
  });

  it('expires a lapsed reservation before the next batch and refuses to ship it', async () => {
    await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, H200_TPP) }));
    await apply(issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 100n, tppPerUnit: H200_TPP }));
    await apply(reserveTransfers({ reservationId: 'r1', licenceId: LICENCE, units: 100n, tppPerUnit: H200_TPP, timeoutSeconds: 60, purchaseOrderReference: 'PO-1' }));
    expect((await readLicenceBalance(database.db, LICENCE))?.units.available).toBe(0n);
    clock.advanceMs(61_000);
    expect(await apply(shipTransfers({ movementId: 's1', reservationId: 'r1', tppPerUnit: H200_TPP }))).toEqual(['pending_transfer_expired', 'linked_event_failed']);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ available: 100n, reserved: 0n });
    const { accounts, transfers } = await allRows(database);
    expect(transfers.filter((transfer) => transfer.flags.expiry).map((transfer) => transfer.id)).toEqual(['~expiry:r1:units', '~expiry:r1:tpp']);
    expect(verifyLedger(accounts, transfers)).toMatchObject({ ok: true });
  });

  it('group-commits concurrent requests, each with its own results, never overdrawing', async () => {
    await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, H200_TPP) }));
    await apply(issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 100n, tppPerUnit: H200_TPP }));
    const auditBefore = await countAudit(database);
    const writer = new LedgerWriter(database.db, clock);
    const outcomes = await Promise.all(
      Array.from({ length: 130 }, (_, index) =>
        writer.submit({
          actor: { id: `vendor-${index}`, role: 'vendor', organisationId: 'vendor-org' },
          transfers: reserveTransfers({ reservationId: `r${index}`, licenceId: LICENCE, units: 1n, tppPerUnit: H200_TPP, timeoutSeconds: 3_600, purchaseOrderReference: `PO-${index}` }),
        }),
      ),
    );
    await writer.close();
    expect(outcomes.filter((results) => results[0] === 'ok')).toHaveLength(100);
    expect(outcomes.filter((results) => results[0] === 'exceeds_credits')).toHaveLength(30);
    const batches = (await countAudit(database)) - auditBefore;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThan(130);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 100n, available: 0n });
    // The audit entries name every committed transfer once, under the request's actor: a request
    // that committed one movement by the movement's id, a refused one by the empty list.
    const entries = await database.db.selectFrom('audit_entries').select('after_json').where('event_type', '=', 'ledger.transfers-committed').execute();
    const groups = entries.flatMap((entry) => (JSON.parse(entry.after_json!) as { requestsByActor: { actorId: string; requests: (string | string[])[] }[] }).requestsByActor);
    const vendorRequests = groups.filter((group) => group.actorId.startsWith('vendor-')).flatMap((group) => group.requests.map((named) => `${group.actorId} ${JSON.stringify(named)}`));
    const expected = outcomes.map((results, index) => `vendor-${index} ${results[0] === 'ok' ? `"r${index}"` : '[]'}`);
    expect(vendorRequests.sort()).toEqual(expected.sort());
    const { accounts, transfers } = await allRows(database);
    const verification = verifyLedger(accounts, transfers);
    expect(verification.ok ? 'ok' : JSON.stringify(verification.discrepancy)).toBe('ok');
  });

  it('names in the audit entry each request by its movement when it committed one pair, otherwise by the ids it committed', async () => {
    await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, H200_TPP) }));
    await apply(issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 10n, tppPerUnit: H200_TPP }));
    const reserve = (id: string) => reserveTransfers({ reservationId: id, licenceId: LICENCE, units: 1n, tppPerUnit: H200_TPP, timeoutSeconds: 3_600, purchaseOrderReference: id });
    const results = await database.db.transaction().execute((trx) =>
      applyLedgerRequests(
        trx,
        [
          { actor: operator, transfers: reserve('one') },
          { actor: operator, transfers: [...reserve('two-a'), ...reserve('two-b')] },
          { actor: operator, transfers: reserve('one') },
        ],
        clock.now(),
      ),
    );
    expect(results).toEqual([['ok', 'ok'], ['ok', 'ok', 'ok', 'ok'], ['exists', 'exists']]);
    const [entry] = await database.db.selectFrom('audit_entries').select('after_json').where('event_type', '=', 'ledger.transfers-committed').orderBy('sequence', 'desc').limit(1).execute();
    expect(JSON.parse(entry!.after_json!)).toEqual({
      transferCount: 6,
      expiredPendingIds: [],
      requestsByActor: [{ actorId: operator.id, requests: ['one', ['two-a:units', 'two-a:tpp', 'two-b:units', 'two-b:tpp'], []] }],
    });
  });

  it('answers exists to retries through the writer, whether the balance would now refuse them or still allow them, and writes nothing twice', async () => {
    await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, H200_TPP) }));
    await apply(issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 10n, tppPerUnit: H200_TPP }));
    const reserve = (id: string, units: bigint) => reserveTransfers({ reservationId: id, licenceId: LICENCE, units, tppPerUnit: H200_TPP, timeoutSeconds: 3_600, purchaseOrderReference: id });
    const writer = new LedgerWriter(database.db, clock);
    expect(await writer.submit({ actor: operator, transfers: reserve('r-a', 4n) })).toEqual(['ok', 'ok']);
    // The balance still allows 4 more: judged as new, the insert meets the unique index, judged again.
    const retryAllowed = writer.submit({ actor: operator, transfers: reserve('r-a', 4n) });
    const other = writer.submit({ actor: operator, transfers: reserve('r-b', 6n) });
    expect(await retryAllowed).toEqual(['exists', 'exists']);
    expect(await other).toEqual(['ok', 'ok']);
    // The licence is used up: judged as new it would be refused; the refused ids are looked up.
    expect(await writer.submit({ actor: operator, transfers: reserve('r-a', 4n) })).toEqual(['exists', 'exists']);
    expect(await writer.submit({ actor: operator, transfers: reserve('r-a', 5n) })).toEqual(['exists_with_different_amount', 'linked_event_failed']);
    expect(await writer.submit({ actor: operator, transfers: reserve('r-c', 1n) })).toEqual(['exceeds_credits', 'linked_event_failed']);
    await writer.close();
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 10n, available: 0n });
    const { accounts, transfers } = await allRows(database);
    expect(transfers.filter((transfer) => transfer.id.startsWith('r-')).map((transfer) => transfer.id)).toEqual(['r-a:units', 'r-a:tpp', 'r-b:units', 'r-b:tpp']);
    expect(verifyLedger(accounts, transfers)).toMatchObject({ ok: true });
  });

  it('stores references with quotes, backslashes, commas, braces, the word NULL and other scripts exactly', async () => {
    await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, H200_TPP) }));
    await apply(issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 100n, tppPerUnit: H200_TPP }));
    const references = ['PO "7", {a\\b} NULL', 'NULL', '\\', '"', ' {,} ', '采购订单 №7'];
    const writer = new LedgerWriter(database.db, clock);
    await Promise.all(
      references.map((reference, index) =>
        writer.submit({ actor: operator, transfers: reserveTransfers({ reservationId: `r-${index}`, licenceId: LICENCE, units: 1n, tppPerUnit: H200_TPP, timeoutSeconds: 60, purchaseOrderReference: reference }) }),
      ),
    );
    await writer.close();
    const { transfers } = await allRows(database);
    expect(references.map((_, index) => transfers.find((transfer) => transfer.id === `r-${index}:units`)?.purchaseOrderReference)).toEqual(references);
  });

  it('isolates a request whose hook fails: the others in its batch still commit', async () => {
    await apply(issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(1_000n, H200_TPP) }));
    const writer = new LedgerWriter(database.db, clock);
    const issue = (movementId: string, licenceId: string) =>
      issueLicenceTransfers({ movementId, licenceId, source: { kind: 'pool', scopeId: SCOPE }, units: 10n, tppPerUnit: H200_TPP });
    const first = writer.submit({ actor: operator, transfers: issue('a', LICENCE) });
    const failing = writer.submit({ actor: operator, transfers: issue('b', LICENCE), onApplied: () => Promise.reject(new Error('hook failed')) });
    const third = writer.submit({ actor: operator, transfers: issue('c', LICENCE) });
    expect(await first).toEqual(['ok', 'ok']);
    await expect(failing).rejects.toThrow('hook failed');
    expect(await third).toEqual(['ok', 'ok']);
    await writer.close();
    expect((await readLicenceBalance(database.db, LICENCE))?.units.granted).toBe(20n);
  });
});

async function countAudit(database: TestDatabase): Promise<number> {
  const row = await database.db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
