import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/index.js';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { countRows, openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import { diffPolicyVersions, getPolicyInForce, getPolicyVersion, listPolicies } from './get-policy-versions.js';
import { liftHold, listPlacedHolds, placeHold } from './place-hold.js';
import { publishPolicy } from './publish-policy.js';

const POLICY_2026 = readFileSync(demoPolicyPath(), 'utf8');
const approver = { id: 'user-approver', role: 'approver', organisationId: null } as const;

describe.each(testDialects())('policy versions and holds on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  beforeEach(async () => {
    context = await openTestContext(dialect);
  });
  afterEach(async () => {
    await context.database.close();
  });

  it('publishes an immutable version by hash, and a retry returns it unchanged', async () => {
    const first = await publishPolicy(context, testActors.policyAdmin, POLICY_2026);
    expect(first.isNew).toBe(true);
    expect(first.version).toMatchObject({ policyId: 'accelerators-2026', effectiveFrom: '2026-01-01', publishedBy: testActors.policyAdmin.id });
    expect(first.version.hash).toMatch(/^[0-9a-f]{64}$/);
    // The same content written differently (a comment, key order) is the same version.
    const again = await publishPolicy(context, testActors.policyAdmin, `# republished\n${POLICY_2026}`);
    expect(again).toMatchObject({ isNew: false, version: { hash: first.version.hash } });
    expect(await countRows(context.database, 'audit_entries')).toBe(1);
    expect((await getPolicyVersion(context, testActors.reviewer, first.version.hash)).policy.nationalQuotas[0]).toMatchObject({ units: 700_000 });
  });

  it('refuses an invalid document with its line and field, storing nothing', async () => {
    const broken = POLICY_2026.replace('    units: 700000', '    units: -700000');
    await expect(publishPolicy(context, testActors.policyAdmin, broken)).rejects.toMatchObject({
      code: 'invalid_policy',
      extensions: { errors: [expect.objectContaining({ field: 'nationalQuotas[0].units', line: 21 })] },
    });
    expect(await listPolicies(context, testActors.reviewer, { limit: 10 })).toEqual([]);
    expect(await countRows(context.database, 'audit_entries')).toBe(0);
  });

  it('lets only policy-admins publish', async () => {
    await expect(publishPolicy(context, testActors.reviewer, POLICY_2026)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(publishPolicy(context, approver, POLICY_2026)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('supersedes with a later version, never an earlier one, and says what changed', async () => {
    const first = await publishPolicy(context, testActors.policyAdmin, POLICY_2026);
    const raised = POLICY_2026.replace('effectiveFrom: 2026-01-01', 'effectiveFrom: 2026-07-01').replace('    units: 700000', '    units: 750000').replace('tpp: 11082400000', 'tpp: 11874000000');
    const second = await publishPolicy(context, testActors.policyAdmin, raised);
    const earlier = POLICY_2026.replace('    units: 700000', '    units: 1');
    await expect(publishPolicy(context, testActors.policyAdmin, earlier)).rejects.toMatchObject({ code: 'policy_superseded', field: 'effectiveFrom' });

    expect((await getPolicyInForce(context, testActors.reviewer)).version.hash).toBe(first.version.hash);
    context.clock.set('2026-07-01T00:00:00.000Z');
    expect((await getPolicyInForce(context, testActors.reviewer)).version.hash).toBe(second.version.hash);
    const changes = await diffPolicyVersions(context, testActors.reviewer, first.version.hash, second.version.hash);
    expect(changes.map((change) => change.english).join('\n')).toMatch(/700,000 units.*750,000 units/);
  });

  it('says plainly when no policy is in force', async () => {
    await expect(getPolicyInForce(context, testActors.reviewer)).rejects.toMatchObject({ code: 'no_policy_in_force' });
    await publishPolicy(context, testActors.policyAdmin, POLICY_2026);
    context.clock.set('2027-01-01T00:00:00.000Z');
    await expect(getPolicyInForce(context, testActors.reviewer)).rejects.toMatchObject({ code: 'no_policy_in_force' });
  });

  it('places a hold between versions that the evaluation sees, refuses an overlapping one, and lifts it', async () => {
    await publishPolicy(context, testActors.policyAdmin, POLICY_2026);
    const hold = await placeHold(context, approver, {
      kind: 'suspension',
      scope: { level: 'category', category: 'telecom-operator' },
      reasonCode: 'security-review',
      reason: 'telecom operators under security review',
      reasonChinese: '电信运营商安全审查',
    });
    expect(hold).toMatchObject({ from: '2026-03-01T09:00:00.000Z', until: null, placedBy: approver.id, version: 1 });
    const inForce = await getPolicyInForce(context, testActors.reviewer);
    expect(inForce.compiled.holds.map((entry) => entry.id)).toContain(hold.id);

    await expect(
      placeHold(context, testActors.policyAdmin, { kind: 'suspension', scope: { level: 'category', category: 'telecom-operator' }, from: '2026-04-01', reasonCode: 'again', reason: 'again' }),
    ).rejects.toMatchObject({ code: 'hold_overlap' });
    // The policy's own January suspension of the H200 family overlaps a new one in January too.
    await expect(
      placeHold(context, approver, { kind: 'suspension', scope: { level: 'family', family: 'H200' }, from: '2026-01-20', until: '2026-01-25', reasonCode: 'x', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'hold_overlap' });
    await expect(placeHold(context, testActors.reviewer, { kind: 'block', scope: { level: 'global' }, reasonCode: 'x', reason: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(placeHold(context, approver, { kind: 'block', scope: { level: 'global' }, from: '2026-05-01', until: '2026-04-01', reasonCode: 'x', reason: 'x' })).rejects.toMatchObject({
      code: 'invalid_value',
      field: 'until',
    });

    context.clock.advanceDays(2);
    await expect(liftHold(context, approver, hold.id, 7)).rejects.toMatchObject({ code: 'version_conflict' });
    const lifted = await liftHold(context, approver, hold.id, 1);
    expect(lifted).toMatchObject({ until: '2026-03-03T09:00:00.000Z', liftedBy: approver.id, version: 2 });
    await expect(liftHold(context, approver, hold.id, 2)).rejects.toMatchObject({ code: 'invalid_value' });
    expect((await listPlacedHolds(context, testActors.reviewer)).map((entry) => entry.liftedAt)).toEqual(['2026-03-03T09:00:00.000Z']);
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true, entries: 3 });
  });
});
