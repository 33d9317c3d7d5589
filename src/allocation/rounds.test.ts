import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideApplication, getApplication, withdrawApplication, type Application } from '../applications/index.js';
import { verifyAuditChain } from '../audit/index.js';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { getLicence, listLicences } from '../licensing/index.js';
import { placeHold } from '../policy/place-hold.js';
import { publishPolicy } from '../policy/publish-policy.js';
import type { Actor } from '../platform/actor.js';
import { openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import { runCli } from '../platform/test-support/run-cli.js';
import { allocate } from './allocate.js';
import { ALLOCATION_METHODS, validateAllocationProblem } from './allocation-problem.js';
import { cancelRound } from './cancel-round.js';
import { rerunRound } from './commit-rerun.js';
import { commitRound } from './commit-round.js';
import { getRound, listRoundsFor } from './get-rounds.js';
import { openRound, type OpenRoundInput } from './open-round.js';
import { previewRound } from './preview-round.js';
import type { AllocationRound } from './round.js';
import { buildRoundScenario, recommended, type RoundScenario } from './test-support/round-scenario.js';
import { withdrawFromRound } from './withdraw-from-round.js';

describe.each(testDialects())('allocation rounds on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  let world: RoundScenario;
  beforeEach(async () => {
    context = await openTestContext(dialect);
    world = await buildRoundScenario(context);
  });
  afterEach(async () => {
    await context.database.close();
  });

  function roundInput(overrides: Partial<OpenRoundInput> = {}): OpenRoundInput {
    return { title: 'H200, second batch', itemId: world.h200, budget: 80_000, method: 'pro-rata', cutOff: context.clock.now().toISOString(), ...overrides };
  }

  /** Platform 60,000 (with an earlier licence of 1,000), cloud A 30,000, cloud B 20,000; claims 110,000. */
  async function threeApplications(): Promise<{ platform: Application; cloudA: Application; cloudB: Application }> {
    const earlier = await recommended(context, world, world.platform, 1_000);
    await decideApplication(context, world.approver, earlier.id, earlier.version, { decision: 'approve', quantity: 1_000, note: 'first batch' });
    context.clock.advanceMs(60_000);
    const platform = await recommended(context, world, world.platform, 60_000);
    context.clock.advanceMs(60_000);
    const cloudA = await recommended(context, world, world.cloudA, 30_000);
    context.clock.advanceMs(60_000);
    const cloudB = await recommended(context, world, world.cloudB, 20_000);
    context.clock.advanceMs(60_000);
    return { platform, cloudA, cloudB };
  }

  async function previewed(overrides: Partial<OpenRoundInput> = {}): Promise<AllocationRound> {
    const round = await openRound(context, world.approver, roundInput(overrides));
    return previewRound(context, world.approver, round.id, round.version);
  }

  it('opens, previews and commits a pro-rata round: grants are the pure allocator’s, licences issued, figures published', async () => {
    const { platform, cloudA, cloudB } = await threeApplications();
    // Not approved in principle for this round: a telecom operator without a first approval, a
    // small firm under the block, and a recommendation to deny.
    const telecom = await recommended(context, world, world.telecom, 10_000);
    const smallFirm = await recommended(context, world, world.smallFirm, 500);
    const opened = await openRound(context, world.approver, roundInput({ withdrawalWindowDays: 5 }));
    expect(opened).toMatchObject({ state: 'open', version: 1, policyHash: world.policyHash, settings: { withdrawalWindowDays: 5, useCategoryShares: false } });

    const round = await previewRound(context, world.approver, opened.id, opened.version);
    const preview = round.preview!;
    expect(round).toMatchObject({ state: 'previewed', version: 2 });
    expect(preview.lines.map((line) => [line.applicationId, line.cap, line.isNewEntrant])).toEqual([
      [platform.id, 60_000, false],
      [cloudA.id, 30_000, true],
      [cloudB.id, 20_000, true],
    ]);
    // Listed by application id; these two were created in the same millisecond, so sort to compare.
    expect(preview.excluded.map((entry) => [entry.applicationId, entry.reason]).sort()).toEqual(
      [
        [telecom.id, 'needs-first-approval'],
        [smallFirm.id, 'decision-delayed'],
      ].sort(),
    );
    // Coefficient 80,000 / 110,000 = 8/11: 43,636.4, 21,818.2, 14,545.5; the leftover unit to the largest remainder.
    const expected = allocate(validated(preview.problem));
    expect(preview.report.grants).toEqual(expected.grants);
    expect(preview.lines.map((line) => line.grantedUnits)).toEqual([43_636, 21_818, 14_546]);
    expect(preview.summary).toMatchObject({ coefficient: '8/11', granted: 80_000, fillRateBasisPoints: 10_000, applicationsGranted: 3, newEntrantShareBasisPoints: 4_546 });
    expect(preview.summary.hhiByOrganisationBasisPoints).toBe(preview.summary.hhiBasisPoints);
    // Every method side by side, over the same budget and applications.
    expect(preview.comparison.map((entry) => entry.method)).toEqual([...ALLOCATION_METHODS]);
    expect(preview.comparison.find((entry) => entry.method === 'pro-rata')?.resultHash).toBe(preview.summary.resultHash);
    expect(preview.comparison.find((entry) => entry.method === 'max-min')).toMatchObject({ units: [30_000, 30_000, 20_000], level: '30000' });
    expect(preview.comparison.find((entry) => entry.method === 'fcfs')).toMatchObject({ units: [60_000, 20_000, 0] });
    expect(preview.chart).toMatchObject({ requested: [60_000, 30_000, 20_000], caps: [60_000, 30_000, 20_000] });
    expect(preview.chart.series).toHaveLength(ALLOCATION_METHODS.length);
    expect(preview.blockers).toEqual([]);
    expect(preview.sharedLimits.find((check) => check.rule === 'national-quota')).toMatchObject({ grantedUnits: 80_000, limitUnits: 699_000, isExceeded: false });

    context.clock.advanceMs(60_000);
    const committed = await commitRound(context, world.approver, round.id, round.version);
    expect(committed).toMatchObject({ state: 'committed', version: 3, withdrawalsCloseAt: '2026-03-06T09:05:00.000Z' });
    expect(committed.commitment?.report.resultHash).toBe(preview.report.resultHash);
    expect(committed.commitment?.summary).toEqual(preview.summary);
    for (const [application, units, state] of [
      [platform, 43_636, 'partially-approved'],
      [cloudA, 21_818, 'partially-approved'],
      [cloudB, 14_546, 'partially-approved'],
    ] as const) {
      const decided = await getApplication(context, world.approver, application.id);
      expect(decided).toMatchObject({ state, grantedQuantity: units, decision: { approverId: world.approver.id, decision: 'partially-approve', quantity: units } });
      expect((await getLicence(context, world.approver, decided.licenceId!)).quantity).toBe(units);
    }
    expect((await getApplication(context, world.approver, telecom.id)).state).toBe('recommended');
    expect((await getApplication(context, world.approver, smallFirm.id)).state).toBe('recommended');
    const view = await getRound(context, world.approver, round.id);
    expect(view.grants.map((grant) => grant.grantedUnits)).toEqual([43_636, 21_818, 14_546]);
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true });
  });

  it('defers an application that receives nothing, and approves one that receives all it asked', async () => {
    const first = await recommended(context, world, world.cloudA, 30_000);
    context.clock.advanceMs(60_000);
    const second = await recommended(context, world, world.cloudB, 20_000);
    context.clock.advanceMs(60_000);
    const round = await previewed({ method: 'fcfs', budget: 30_000 });
    const committed = await commitRound(context, world.approver, round.id, round.version);
    expect(committed.state).toBe('final');
    expect(await getApplication(context, world.approver, first.id)).toMatchObject({ state: 'approved', grantedQuantity: 30_000, decision: { decision: 'approve' } });
    const deferred = await getApplication(context, world.approver, second.id);
    expect(deferred).toMatchObject({ state: 'deferred', grantedQuantity: 0, licenceId: null, decision: { decision: 'defer' } });
    // Deferred to a later round: the next round includes it again.
    const next = await previewed({ method: 'fcfs', budget: 5_000, title: 'next' });
    expect(next.preview?.lines.map((line) => [line.applicationId, line.state, line.grantedUnits])).toEqual([[second.id, 'deferred', 5_000]]);
    const nextCommitted = await commitRound(context, world.approver, next.id, next.version);
    expect(nextCommitted.state).toBe('final');
    expect(await getApplication(context, world.approver, second.id)).toMatchObject({ state: 'partially-approved', grantedQuantity: 5_000 });
  });

  it('gives the second signature to a telecom operator that has its first approval, never by the first approver', async () => {
    const application = await recommended(context, world, world.telecom, 10_000);
    const first = await decideApplication(context, world.approver, application.id, application.version, { decision: 'partially-approve', quantity: 8_000, note: 'first signature' });
    expect(first.state).toBe('awaiting-second-approval');
    context.clock.advanceMs(60_000);
    const round = await openRound(context, world.secondApprover, roundInput({ budget: 20_000 }));
    const byFirst = await previewRound(context, world.approver, round.id, round.version);
    expect(byFirst.preview?.lines.map((line) => [line.cap, line.grantedUnits])).toEqual([[8_000, 8_000]]);
    await expect(commitRound(context, world.approver, round.id, byFirst.version)).rejects.toMatchObject({ code: 'second_approver_same_as_first' });
    expect((await getApplication(context, world.approver, application.id)).state).toBe('awaiting-second-approval');
    const committed = await commitRound(context, world.secondApprover, round.id, byFirst.version);
    expect(committed.state).toBe('committed');
    expect(await getApplication(context, world.approver, application.id)).toMatchObject({ state: 'partially-approved', grantedQuantity: 8_000 });
  });

  it('refuses the wrong roles', async () => {
    await threeApplications();
    const applicant = world.platform.applicant;
    await expect(openRound(context, world.reviewer, roundInput())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(openRound(context, applicant, roundInput())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(openRound(context, testActors.auditor, roundInput())).rejects.toMatchObject({ code: 'forbidden' });
    const round = await openRound(context, world.approver, roundInput());
    await expect(previewRound(context, world.reviewer, round.id, round.version)).rejects.toMatchObject({ code: 'forbidden' });
    const preview = await previewRound(context, world.approver, round.id, round.version);
    await expect(commitRound(context, world.reviewer, round.id, preview.version)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(commitRound(context, applicant, round.id, preview.version)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(cancelRound(context, testActors.policyAdmin, round.id, preview.version, { reason: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(withdrawFromRound(context, world.approver, round.id, preview.version, { applicationId: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    // Applicants do not see a round before it is committed; the regulator reads it.
    await expect(getRound(context, applicant, round.id)).rejects.toMatchObject({ code: 'round_not_found' });
    expect((await listRoundsFor(context, applicant, { limit: 10 })).items).toEqual([]);
    expect((await getRound(context, testActors.auditor, round.id)).state).toBe('previewed');
    expect((await listRoundsFor(context, testActors.auditor, { limit: 10 })).items.map((item) => item.id)).toEqual([round.id]);
  });

  it('refuses a committer who reviewed one of the applications, and changes nothing', async () => {
    const samePerson = 'person-wang';
    const asReviewer: Actor = { id: samePerson, role: 'reviewer', organisationId: null };
    const asApprover: Actor = { id: samePerson, role: 'approver', organisationId: null };
    const reviewed = await recommended(context, world, world.cloudA, 10_000, asReviewer);
    const other = await recommended(context, world, world.cloudB, 10_000);
    context.clock.advanceMs(60_000);
    const round = await openRound(context, asApprover, roundInput({ budget: 15_000 }));
    const preview = await previewRound(context, asApprover, round.id, round.version);
    await expect(commitRound(context, asApprover, round.id, preview.version)).rejects.toMatchObject({ code: 'approver_reviewed_application', extensions: { applicationId: reviewed.id } });
    expect((await getApplication(context, world.approver, reviewed.id)).state).toBe('recommended');
    expect((await getApplication(context, world.approver, other.id)).state).toBe('recommended');
    expect((await listLicences(context, world.approver, { limit: 10 })).items).toEqual([]);
    expect((await getRound(context, world.approver, round.id)).state).toBe('previewed');
    const committed = await commitRound(context, world.approver, round.id, preview.version);
    expect(committed.state).toBe('committed');
  });

  it('refuses the whole round under a suspension, at preview and at commitment', async () => {
    await threeApplications();
    const round = await previewed();
    await placeHold(context, world.approver, { kind: 'suspension', scope: { level: 'organisation', organisation: world.cloudB.organisationId }, reasonCode: 'investigation', reason: 'Cloud B under investigation' });
    await expect(commitRound(context, world.approver, round.id, round.version)).rejects.toMatchObject({ code: 'hold_in_force', message: expect.stringMatching(/Cloud B under investigation|suspension/) });
    await expect(previewRound(context, world.approver, round.id, round.version)).rejects.toMatchObject({ code: 'hold_in_force' });
    expect((await listLicences(context, world.approver, { limit: 10 })).items).toHaveLength(1);
    expect((await getRound(context, world.approver, round.id)).state).toBe('previewed');
  });

  it('refuses a stale version, a superseded policy, committing twice, and a cut-off still to come', async () => {
    await threeApplications();
    const round = await previewed();
    const future = await previewed({ cutOff: '2026-03-31', title: 'later' });
    expect(future.preview?.blockers).toEqual(['the cut-off 2026-03-31T23:59:59.999Z has not passed']);
    await expect(commitRound(context, world.approver, round.id, round.version - 1)).rejects.toMatchObject({ code: 'version_conflict' });
    await expect(openRound(context, world.approver, roundInput({ policyHash: 'f'.repeat(64) }))).rejects.toMatchObject({ code: 'policy_superseded' });
    const committed = await commitRound(context, world.approver, round.id, round.version);
    await expect(commitRound(context, world.approver, round.id, committed.version)).rejects.toMatchObject({ code: 'round_state_conflict' });
    await expect(commitRound(context, world.approver, round.id, round.version)).rejects.toMatchObject({ code: 'version_conflict' });
    await expect(cancelRound(context, world.approver, round.id, committed.version, { reason: 'too late' })).rejects.toMatchObject({ code: 'round_state_conflict' });

    await expect(commitRound(context, world.approver, future.id, future.version)).rejects.toMatchObject({ code: 'round_cut_off_not_passed' });
    const newer = readFileSync(demoPolicyPath(), 'utf8').replace('effectiveFrom: 2026-01-01', 'effectiveFrom: 2026-04-01');
    await publishPolicy(context, testActors.policyAdmin, newer);
    context.clock.set('2026-04-01T09:00:00.000Z');
    await expect(commitRound(context, world.approver, future.id, future.version)).rejects.toMatchObject({ code: 'policy_superseded' });
    const cancelled = await cancelRound(context, world.approver, future.id, future.version, { reason: 'opened under the old policy' });
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: 'opened under the old policy', cancelledBy: world.approver.id });
  });

  it('refuses to commit when an application changed state between preview and commitment', async () => {
    const { cloudB } = await threeApplications();
    const round = await previewed();
    await withdrawApplication(context, world.cloudB.applicant, cloudB.id, cloudB.version);
    await expect(commitRound(context, world.approver, round.id, round.version)).rejects.toMatchObject({
      code: 'round_changed_since_preview',
      message: expect.stringContaining(`application ${cloudB.id} is no longer in the round`),
    });
    expect((await listLicences(context, world.approver, { limit: 10 })).items).toHaveLength(1);
    const again = await previewRound(context, world.approver, round.id, round.version);
    expect(again.preview?.lines).toHaveLength(2);
    expect((await commitRound(context, world.approver, round.id, again.version)).state).toBe('committed');
  });

  it('refuses grants that together pass a limit the applications share (one organisation’s adoption cap)', async () => {
    const first = await recommended(context, world, world.cloudA, 30_000);
    context.clock.advanceMs(60_000);
    const second = await recommended(context, world, world.cloudA, 30_000);
    context.clock.advanceMs(60_000);
    const round = await previewed({ budget: 60_000, method: 'max-min' });
    const adoption = round.preview?.sharedLimits.find((check) => check.rule === 'adoption-cap');
    expect(adoption).toMatchObject({ applicationIds: [first.id, second.id], grantedUnits: 60_000, limitUnits: 40_424, isExceeded: true });
    expect(round.preview?.blockers).toEqual([expect.stringContaining('adoption-cap')]);
    await expect(commitRound(context, world.approver, round.id, round.version)).rejects.toMatchObject({ code: 'round_shared_limit_exceeded' });
    const smaller = await previewed({ budget: 40_000, method: 'max-min', title: 'within the cap' });
    expect(smaller.preview?.blockers).toEqual([]);
    expect((await commitRound(context, world.approver, smaller.id, smaller.version)).state).toBe('final');
  });

  it('splits by the policy’s category shares and tiers when asked', async () => {
    await threeApplications();
    const round = await previewed({ method: 'tiered', inner: 'max-min', useCategoryShares: true, categoryTiers: { 'cloud-provider': 1, 'big-tech-platform': 2 } });
    const problem = round.preview!.problem;
    expect(problem).toMatchObject({ method: 'tiered', inner: 'max-min', categoryShares: { 'big-tech-platform': 6000, 'cloud-provider': 1500 } });
    expect(problem.applications.map((application) => [application.category, application.tier])).toEqual([
      ['big-tech-platform', 2],
      ['cloud-provider', 1],
      ['cloud-provider', 1],
    ]);
    expect(round.preview!.report.grants).toEqual(allocate(validated(problem)).grants);
  });

  it('lets applicants withdraw within the window after a pro-rata round, then re-runs over the rest', async () => {
    const { platform, cloudA, cloudB } = await threeApplications();
    const round = await previewed({ withdrawalWindowDays: 5 });
    const committed = await commitRound(context, world.approver, round.id, round.version);
    const cloudBLicence = (await getApplication(context, world.approver, cloudB.id)).licenceId!;

    await expect(withdrawFromRound(context, world.cloudA.applicant, round.id, committed.version, { applicationId: cloudB.id })).rejects.toMatchObject({ code: 'application_not_found' });
    await expect(rerunRound(context, world.approver, round.id, committed.version)).rejects.toMatchObject({ code: 'withdrawal_window_open' });
    const published = await getRound(context, world.cloudB.applicant, round.id);
    expect(published.preview).toBeNull();
    expect(published.commitment?.lines.map((line) => line.applicationId)).toEqual([cloudB.id]);
    expect(published.commitment?.report.grants).toHaveLength(3);
    expect((await listRoundsFor(context, world.cloudB.applicant, { limit: 10 })).items.map((item) => [item.id, item.summary?.coefficient])).toEqual([[round.id, '8/11']]);

    context.clock.advanceDays(2);
    const withdrawn = await withdrawFromRound(context, world.cloudB.applicant, round.id, committed.version, { applicationId: cloudB.id, reason: 'too few units to be worth it' });
    expect(await getApplication(context, world.approver, cloudB.id)).toMatchObject({ state: 'withdrawn', grantedQuantity: 0 });
    expect(await getLicence(context, world.approver, cloudBLicence)).toMatchObject({ state: 'revoked', stateReason: expect.stringContaining('too few units') });
    await expect(withdrawFromRound(context, world.cloudB.applicant, round.id, withdrawn.version, { applicationId: cloudB.id })).rejects.toMatchObject({ code: 'duplicate_record' });

    context.clock.advanceDays(3);
    await expect(withdrawFromRound(context, world.cloudA.applicant, round.id, withdrawn.version, { applicationId: cloudA.id })).rejects.toMatchObject({ code: 'withdrawal_window_closed' });
    const final = await rerunRound(context, world.approver, round.id, withdrawn.version);
    expect(final.state).toBe('final');
    const rerun = final.rerun!;
    // The 14,546 units withdrawn go to the two that stayed, pro rata to what each still lacks:
    // 80,000 over claims of 90,000, as a whole re-run would give (53,333.3 and 26,666.7).
    expect(rerun.report.grants).toEqual(allocate(validated(rerun.problem)).grants);
    expect(rerun.topUps.map((topUp) => [topUp.applicationId, topUp.units])).toEqual([
      [platform.id, 9_697],
      [cloudA.id, 4_849],
    ]);
    expect(rerun.final).toMatchObject({ granted: 80_000, withdrawnUnits: 14_546, fillRateBasisPoints: 10_000, effectiveCoefficient: '8/9', newEntrantShareBasisPoints: 3_333 });
    expect(await getApplication(context, world.approver, platform.id)).toMatchObject({ state: 'partially-approved', grantedQuantity: 53_333 });
    expect(await getApplication(context, world.approver, cloudA.id)).toMatchObject({ state: 'partially-approved', grantedQuantity: 26_667 });
    const topUpLicence = await getLicence(context, world.approver, rerun.topUps[0]!.licenceId!);
    expect(topUpLicence).toMatchObject({ quantity: 9_697, applicationId: null, organisationId: world.platform.organisationId });
    await expect(rerunRound(context, world.approver, round.id, final.version)).rejects.toMatchObject({ code: 'round_state_conflict' });
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true });
  });

  it('publishes the exact problem: `gatehouse allocate` on it reproduces the result hash', { timeout: 120_000 }, async () => {
    await threeApplications();
    const round = await previewed({ method: 'weighted' });
    const committed = await commitRound(context, world.approver, round.id, round.version);
    const read = await getRound(context, world.cloudA.applicant, committed.id);
    const directory = mkdtempSync(join(tmpdir(), 'gatehouse-round-'));
    try {
      const file = join(directory, 'problem.json');
      writeFileSync(file, JSON.stringify(read.commitment!.problem, null, 2));
      const result = await runCli(['allocate', file], {}, 90_000);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      const report = JSON.parse(result.stdout) as { inputHash: string; resultHash: string; grants: unknown[] };
      expect(report.inputHash).toBe(read.commitment!.summary.inputHash);
      expect(report.resultHash).toBe(read.commitment!.summary.resultHash);
      expect(report.grants).toEqual(read.commitment!.report.grants);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

function validated(problem: unknown) {
  const validation = validateAllocationProblem(JSON.parse(JSON.stringify(problem)));
  if (!validation.ok) throw new Error(JSON.stringify(validation.issues));
  return validation.problem;
}
