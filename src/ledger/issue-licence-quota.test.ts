/**
 * Issuing a licence moves its units and TPP from the national pool (credited from the policy's
 * national quota on first use) to the licence, in the licence's transaction; a licence the pool
 * cannot cover is refused and leaves nothing behind; the public check reports the ledger's balance.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issue, licenceIssue, seedLicensingWorld, type LicensingWorld } from '../licensing/test-support/licensing-fixtures.js';
import { verifyLicenceNumber } from '../licensing/verify-licence-number.js';
import { revokeLicence } from '../licensing/revoke-licence.js';
import { sweepExpiredLicences } from '../licensing/sweep-expired-licences.js';
import { approver } from '../licensing/test-support/licensing-fixtures.js';
import { testActors } from '../platform/test-support/test-database.js';
import { reserveTransfers, shipTransfers } from './ledger-flows.js';
import { applyLedgerRequests } from './ledger.writer.js';
import type { AppContext } from '../platform/context.js';
import type { ManualClock } from '../platform/clock.js';
import { openTestContext, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { accountId } from './chart-of-accounts.js';
import { verifyLedger } from './ledger-verification.js';
import { findAccounts, readAllAccounts, readTransfersAfter } from './ledger.store.js';
import { readLicenceBalance } from './ledger.writer.js';

const QUOTA_POLICY_HASH = 'abc123'.padEnd(64, '0');
const SCOPE = 'accelerators-2026/2026-01-01/family:H200';

describe.each(testDialects())('licence quota on %s', (dialect) => {
  let context: AppContext & { clock: ManualClock; database: TestDatabase };
  let world: LicensingWorld;

  beforeEach(async () => {
    context = await openTestContext(dialect);
    world = await seedLicensingWorld(context);
    // A published policy version as its row stands; only its id, period and quotas matter here.
    const policy = { id: 'accelerators-2026', period: { start: '2026-01-01', end: '2026-12-31' }, nationalQuotas: [{ appliesTo: { family: 'H200' }, units: 150, tpp: null }] };
    await context.database.db
      .insertInto('policy_versions')
      .values({ hash: QUOTA_POLICY_HASH, policy_id: policy.id, title: 'Accelerators 2026', effective_from: '2026-01-01', period_start: '2026-01-01', period_end: '2026-12-31', canonical_json: JSON.stringify(policy), source_text: '', published_at: '2026-01-01T00:00:00.000Z', published_by: 'user-policy-admin' })
      .execute();
  });
  afterEach(async () => {
    await context.database.close();
  });

  it('moves units and TPP from the pool to the licence; refuses what the pool cannot cover', async () => {
    const licence = await issue(context, licenceIssue(world, { quantity: 100, policyHash: QUOTA_POLICY_HASH }));
    const balance = await readLicenceBalance(context.database.db, licence.id);
    expect(balance?.units).toMatchObject({ granted: 100n, available: 100n });
    expect(balance?.tpp.granted).toBe(100n * 15_832n);
    const [pool] = await findAccounts(context.database.db, [accountId('national-pool', SCOPE, 'units')]);
    expect(pool!.creditsPosted - pool!.debitsPosted).toBe(50n);

    const licencesBefore = await context.database.db.selectFrom('licences').select('id').execute();
    await expect(issue(context, licenceIssue(world, { quantity: 51, policyHash: QUOTA_POLICY_HASH }))).rejects.toMatchObject({ code: 'exceeds_national_quota' });
    expect(await context.database.db.selectFrom('licences').select('id').execute()).toEqual(licencesBefore);
    await issue(context, licenceIssue(world, { quantity: 50, policyHash: QUOTA_POLICY_HASH }));

    expect((await verifyLicenceNumber(context, licence.number)).remainingUnits).toBe(100);
    const accounts = await readAllAccounts(context.database.db);
    const transfers = (await readTransfersAfter(context.database.db, 0, 100_000)).map((stored) => stored.transfer);
    expect(verifyLedger(accounts, transfers)).toMatchObject({ ok: true });
  });

  async function move(transfers: ReturnType<typeof reserveTransfers>) {
    const [results] = await context.database.db.transaction().execute((trx) => applyLedgerRequests(trx, [{ actor: testActors.operator, transfers }], context.clock.now()));
    expect(results).toEqual(['ok', 'ok']);
  }

  async function poolAvailable(): Promise<bigint> {
    const [pool] = await findAccounts(context.database.db, [accountId('national-pool', SCOPE, 'units')]);
    return pool!.creditsPosted - pool!.debitsPosted - pool!.debitsPending;
  }

  it('revocation voids open reservations and returns what was not shipped to the pool', async () => {
    const licence = await issue(context, licenceIssue(world, { quantity: 100, policyHash: QUOTA_POLICY_HASH }));
    await move(reserveTransfers({ reservationId: 'r1', licenceId: licence.id, units: 30n, tppPerUnit: 15_832n, timeoutSeconds: 3_600, purchaseOrderReference: 'PO-1' }));
    await move(reserveTransfers({ reservationId: 'r2', licenceId: licence.id, units: 20n, tppPerUnit: 15_832n, timeoutSeconds: 3_600, purchaseOrderReference: 'PO-2' }));
    await move(shipTransfers({ movementId: 's2', reservationId: 'r2', units: 10n, tppPerUnit: 15_832n }));
    expect(await poolAvailable()).toBe(50n);
    await revokeLicence(context, approver, licence.id, { reason: 'end use breached' });
    const balance = await readLicenceBalance(context.database.db, licence.id);
    expect(balance?.units).toMatchObject({ granted: 100n, reserved: 0n, available: 0n, shipped: 10n, returned: 90n });
    expect(balance?.tpp.returned).toBe(90n * 15_832n);
    expect(await poolAvailable()).toBe(140n);
    const accounts = await readAllAccounts(context.database.db);
    const transfers = (await readTransfersAfter(context.database.db, 0, 100_000)).map((stored) => stored.transfer);
    expect(verifyLedger(accounts, transfers)).toMatchObject({ ok: true });
  });

  it('expiry returns the unused balance to the pool', async () => {
    const licence = await issue(context, licenceIssue(world, { quantity: 100, policyHash: QUOTA_POLICY_HASH }));
    await move(reserveTransfers({ reservationId: 'r1', licenceId: licence.id, units: 30n, tppPerUnit: 15_832n, timeoutSeconds: 3_600, purchaseOrderReference: 'PO-1' }));
    context.clock.advanceDays(91);
    expect(await sweepExpiredLicences(context, testActors.operator)).toBe(1);
    expect((await readLicenceBalance(context.database.db, licence.id))?.units).toMatchObject({ available: 0n, reserved: 0n, returned: 100n });
    expect(await poolAvailable()).toBe(150n);
  });

  it('tops up a pool whose policy sets no quota by exactly what each licence needs', async () => {
    const licence = await issue(context, licenceIssue(world, { quantity: 7 }));
    expect((await readLicenceBalance(context.database.db, licence.id))?.units.granted).toBe(7n);
  });
});
