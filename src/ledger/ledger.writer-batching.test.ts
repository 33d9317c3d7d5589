/**
 * Group commit as a server sees it: requests that reach the writer in the same turn of the event
 * loop share one batch, the first included. Before the writer waited a turn, the first request
 * started a transaction alone and on SQLite (synchronous statements and fsync) every HTTP request
 * ended up in its own batch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { reserveTransfers } from './ledger-flows.js';
import { findTransfersByIds } from './ledger.store.js';
import { LedgerWriter, readLicenceBalance } from './ledger.writer.js';
import { seedLicence } from './test-support/seed-licence.js';

const SCOPE = '2026/H20';
const LICENCE = 'licence-batching';
const TPP = 2_368n;

describe.each(testDialects())('the group-commit writer on %s', (dialect) => {
  let database: TestDatabase;
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');

  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    await seedLicence(database.db, { scopeId: SCOPE, licenceId: LICENCE, units: 100n, tppPerUnit: TPP, now: clock.now() });
  });
  afterEach(async () => {
    await database.close();
  });

  it('writes the requests submitted in one turn in one batch, the first one included', async () => {
    const batchesBefore = await countBatches(database);
    const writer = new LedgerWriter(database.db, clock);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        writer.submit({
          actor: { id: `vendor-${index}`, role: 'vendor', organisationId: 'vendor-org' },
          transfers: reserveTransfers({ reservationId: `r${index}`, licenceId: LICENCE, units: 1n, tppPerUnit: TPP, timeoutSeconds: 3_600, purchaseOrderReference: `PO-${index}` }),
        }),
      ),
    );
    await writer.close();
    expect(outcomes.every((results) => results.every((result) => result === 'ok'))).toBe(true);
    expect((await countBatches(database)) - batchesBefore).toBe(1);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 10n, available: 90n });
  });

  it('answers each caller of consecutive batches once its batch has committed, also when the next batch fails', async () => {
    // Two reservations a batch: four requests in one turn are two batches. On PostgreSQL the first
    // batch's answers are held until the second batch's rows are sent or that batch ends.
    const writer = new LedgerWriter(database.db, clock, 4);
    const reserve = (index: number, onApplied?: () => Promise<void>) =>
      writer
        .submit({
          actor: { id: 'vendor', role: 'vendor', organisationId: 'vendor-org' },
          transfers: reserveTransfers({ reservationId: `c${index}`, licenceId: LICENCE, units: 1n, tppPerUnit: TPP, timeoutSeconds: 3_600, purchaseOrderReference: `PO-c${index}` }),
          ...(onApplied === undefined ? {} : { onApplied }),
        })
        // What a caller sees when answered: its reservation is in the database already.
        .then(async (results) => ({ results, stored: (await findTransfersByIds(database.db, [`c${index}:units`])).length }));
    const outcomes = await Promise.allSettled([reserve(0), reserve(1), reserve(2, () => Promise.reject(new Error('the hook failed'))), reserve(3)]);
    await writer.close();
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason)))).toEqual([
      { results: ['ok', 'ok'], stored: 1 },
      { results: ['ok', 'ok'], stored: 1 },
      'Error: the hook failed',
      { results: ['ok', 'ok'], stored: 1 },
    ]);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 3n, available: 97n });
  });

  it('answers every caller when batches follow one another without pause', async () => {
    const writer = new LedgerWriter(database.db, clock, 8);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        writer.submit({
          actor: { id: 'vendor', role: 'vendor', organisationId: 'vendor-org' },
          transfers: reserveTransfers({ reservationId: `f${index}`, licenceId: LICENCE, units: 1n, tppPerUnit: TPP, timeoutSeconds: 3_600, purchaseOrderReference: `PO-f${index}` }),
        }),
      ),
    );
    await writer.close();
    expect(outcomes.flat().every((result) => result === 'ok')).toBe(true);
    expect((await readLicenceBalance(database.db, LICENCE))?.units).toMatchObject({ reserved: 40n, available: 60n });
  });
});

async function countBatches(database: TestDatabase): Promise<number> {
  const row = await database.db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('event_type', '=', 'ledger.transfers-committed')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
