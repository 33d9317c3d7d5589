/**
 * The policy in force is read from a cache of parsed and compiled versions, on every dialect; what
 * may change is still read every time: a newly published version, a hold placed or lifted, each
 * takes effect on the very next call, and a reservation sees a new hold at once.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { approver, issue, licenceIssue, seedLicensingWorld } from '../licensing/test-support/licensing-fixtures.js';
import type { ManualClock } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { openTestContext, testActors, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { reserveUnits } from '../shipments/reserve-units.js';
import { getPolicyInForce } from './get-policy-versions.js';
import { liftHold, placeHold } from './place-hold.js';
import { publishPolicy } from './publish-policy.js';

describe.each(testDialects())('the policy in force on %s', (dialect) => {
  let context: AppContext & { clock: ManualClock; database: TestDatabase };
  const demoPolicy = readFileSync(demoPolicyPath(), 'utf8');

  beforeEach(async () => {
    context = await openTestContext(dialect);
  });
  afterEach(async () => {
    await context.database.close();
  });

  it('answers a newly published version at once, and the same objects while nothing changes', async () => {
    const first = await publishPolicy(context, testActors.policyAdmin, demoPolicy);
    const before = await getPolicyInForce(context, testActors.reviewer);
    expect(before.version.hash).toBe(first.version.hash);
    const again = await getPolicyInForce(context, testActors.reviewer);
    expect(again.compiled).toBe(before.compiled);
    expect(again.version).toBe(before.version);

    context.clock.advanceMs(1_000);
    const second = await publishPolicy(context, testActors.policyAdmin, demoPolicy.replace('title: Import quotas for foreign AI accelerators, 2026', 'title: Import quotas for foreign AI accelerators, 2026 (revised)'));
    expect(second.version.hash).not.toBe(first.version.hash);
    const after = await getPolicyInForce(context, testActors.reviewer);
    expect(after.version.hash).toBe(second.version.hash);
    expect(after.version.title).toMatch(/revised/);
  });

  it('sees a hold as soon as it is placed and its end as soon as it is lifted, in the holds and the compiled policy', async () => {
    await publishPolicy(context, testActors.policyAdmin, demoPolicy);
    const warm = await getPolicyInForce(context, testActors.reviewer);
    const placed = await placeHold(context, approver, { kind: 'suspension', scope: { level: 'global' }, reasonCode: 'investigation', reason: 'inquiry' });
    const withHold = await getPolicyInForce(context, testActors.reviewer);
    expect(withHold.holds.map((hold) => hold.id)).toContain(placed.id);
    expect(withHold.compiled).not.toBe(warm.compiled);
    expect(withHold.compiled.holds.map((hold) => hold.id)).toContain(placed.id);
    context.clock.advanceMs(60_000);
    await liftHold(context, approver, placed.id, placed.version);
    const lifted = await getPolicyInForce(context, testActors.reviewer);
    expect(lifted.holds.find((hold) => hold.id === placed.id)?.until).toBe(context.clock.now().toISOString());
  });

  it('refuses a reservation the moment a hold is placed, with the cache warm', async () => {
    await publishPolicy(context, testActors.policyAdmin, demoPolicy);
    const world = await seedLicensingWorld(context);
    const licence = await issue(context, licenceIssue(world, { quantity: 10, permittedVendorIds: [world.vendorId] }));
    const vendor = { id: 'user-vendor', role: 'vendor', organisationId: world.vendorId } as const;
    expect(await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-1', quantity: 1 })).toMatchObject({ state: 'reserved' });
    const hold = await placeHold(context, approver, { kind: 'suspension', scope: { level: 'item', item: world.itemId }, reasonCode: 'investigation', reason: 'inquiry' });
    await expect(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-2', quantity: 1 })).rejects.toMatchObject({ code: 'hold_in_force', extensions: { holdId: hold.id } });
    context.clock.advanceMs(1_000);
    await liftHold(context, approver, hold.id, hold.version);
    expect(await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-3', quantity: 1 })).toMatchObject({ state: 'reserved' });
  });
});
