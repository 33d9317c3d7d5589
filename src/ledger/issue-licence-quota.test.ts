/**
 * Issuing a licence moves its units and TPP from the national pool (credited from the policy's
 * national quota on first use) to the licence, in the licence's transaction; a licence the pool
 * cannot cover is refused and leaves nothing behind; the public check reports the ledger's balance.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issue, licenceIssue, seedLicensingWorld, type LicensingWorld } from '../licensing/test-support/licensing-fixtures.js';
import { verifyLicenceNumber } from '../licensing/verify-licence-number.js';
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

  it('tops up a pool whose policy sets no quota by exactly what each licence needs', async () => {
    const licence = await issue(context, licenceIssue(world, { quantity: 7 }));
    expect((await readLicenceBalance(context.database.db, licence.id))?.units.granted).toBe(7n);
  });
});
