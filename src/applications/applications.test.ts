import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/index.js';
import { placeHold } from '../policy/place-hold.js';
import type { Actor } from '../platform/actor.js';
import { countRows, openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import type { Application } from './application.js';
import { createApplication, updateApplication } from './create-application.js';
import { decideApplication } from './decide-application.js';
import { getApplication, getApplicationTimeline, listApplicationQueue } from './get-applications.js';
import { recommendApplication } from './recommend-application.js';
import { requestInformation } from './request-information.js';
import { submitApplication } from './submit-application.js';
import { takeApplication } from './take-application.js';
import { withdrawApplication } from './withdraw-application.js';
import { buildApplicationScenario, draftFor, type ApplicationScenario, type Party } from './test-support/application-scenario.js';

describe.each(testDialects())('applications on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  let world: ApplicationScenario;
  beforeEach(async () => {
    context = await openTestContext(dialect);
    world = await buildApplicationScenario(context);
  });
  afterEach(async () => {
    await context.database.close();
  });

  async function submitted(party: Party, quantity: number): Promise<Application> {
    const draft = await createApplication(context, party.applicant, draftFor(world, party, quantity));
    return submitApplication(context, party.applicant, draft.id, draft.version);
  }

  async function recommended(party: Party, quantity: number, reviewer: Actor = world.reviewer): Promise<Application> {
    const application = await submitted(party, quantity);
    const taken = await takeApplication(context, reviewer, application.id, application.version);
    return recommendApplication(context, reviewer, taken.id, taken.version, { decision: 'approve', quantity, reasonCode: 'meets-policy', note: 'within every limit' });
  }

  it('goes from draft to an approved licence, evaluated and audited at each step', async () => {
    const draft = await createApplication(context, world.platform.applicant, draftFor(world, world.platform, 50_000));
    expect(draft).toMatchObject({ state: 'draft', organisationId: world.platform.organisationId, version: 1 });
    const application = await submitApplication(context, world.platform.applicant, draft.id, 1);
    expect(application).toMatchObject({ state: 'submitted', policyHash: world.policyHash, needsSecondApprover: false, submittedAt: '2026-03-01T09:00:00.000Z' });
    expect(application.evaluation).toMatchObject({ requestedUnits: 50_000, admissibleUnits: 50_000, outcome: 'pass' });
    expect(application.evaluation?.chinese).toMatch(/可批准/);

    const taken = await takeApplication(context, world.reviewer, application.id, application.version);
    expect(taken).toMatchObject({ state: 'under-review', reviewerId: world.reviewer.id });
    const recommendation = await recommendApplication(context, world.reviewer, taken.id, taken.version, { decision: 'approve', quantity: 50_000, reasonCode: 'meets-policy', note: 'ok' });
    expect(recommendation.state).toBe('recommended');
    const decided = await decideApplication(context, world.approver, recommendation.id, recommendation.version, { decision: 'approve', quantity: 50_000, note: 'approved in the first batch' });
    expect(decided).toMatchObject({ state: 'approved', grantedQuantity: 50_000, decision: { approverId: world.approver.id, quantity: 50_000 } });
    expect(decided.licenceId).not.toBeNull();

    const timeline = await getApplicationTimeline(context, world.platform.applicant, decided.id);
    expect(timeline.map((entry) => entry.eventType)).toEqual([
      'application.created',
      'application.submitted',
      'application.taken-for-review',
      'application.recommended',
      'licence.issued',
      'application.decided',
    ]);
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true });
  });

  it('counts earlier grants: a second application of the same platform is limited by the adoption cap', async () => {
    const first = await recommended(world.platform, 70_000);
    await decideApplication(context, world.approver, first.id, first.version, { decision: 'approve', quantity: 70_000, note: 'first batch' });
    const second = await submitted(world.platform, 30_000);
    expect(second.evaluation?.admissibleUnits).toBeLessThan(30_000);
    expect(second.evaluation?.rules.find((rule) => rule.isBinding)?.rule).toBe('adoption-cap');
  });

  it('refuses every illegal transition with illegal_transition and changes nothing', async () => {
    const draft = await createApplication(context, world.platform.applicant, draftFor(world, world.platform, 1_000));
    await expect(takeApplication(context, world.reviewer, draft.id, 1)).rejects.toMatchObject({ code: 'illegal_transition' });
    const application = await submitApplication(context, world.platform.applicant, draft.id, 1);
    await expect(submitApplication(context, world.platform.applicant, draft.id, application.version)).rejects.toMatchObject({ code: 'illegal_transition' });
    await expect(updateApplication(context, world.platform.applicant, draft.id, application.version, { quantity: 5 })).rejects.toMatchObject({ code: 'illegal_transition' });
    await expect(recommendApplication(context, world.reviewer, draft.id, application.version, { decision: 'approve', quantity: 1_000, reasonCode: 'meets-policy', note: 'x' })).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    await expect(decideApplication(context, world.approver, draft.id, application.version, { decision: 'approve', quantity: 1_000, note: 'x' })).rejects.toMatchObject({ code: 'illegal_transition' });
    const auditBefore = await countRows(context.database, 'audit_entries');
    const taken = await takeApplication(context, world.reviewer, draft.id, application.version);
    const recommendation = await recommendApplication(context, world.reviewer, draft.id, taken.version, { decision: 'deny', quantity: 0, reasonCode: 'insufficient-justification', note: 'x' });
    const denied = await decideApplication(context, world.approver, draft.id, recommendation.version, { decision: 'deny', quantity: 0, note: 'denied' });
    expect(denied).toMatchObject({ state: 'denied', grantedQuantity: 0, licenceId: null });
    await expect(withdrawApplication(context, world.platform.applicant, draft.id, denied.version)).rejects.toMatchObject({ code: 'illegal_transition' });
    expect(await countRows(context.database, 'audit_entries')).toBe(auditBefore + 3);
  });

  it('refuses a stale version and the wrong roles', async () => {
    const application = await submitted(world.platform, 1_000);
    await expect(takeApplication(context, world.reviewer, application.id, application.version - 1)).rejects.toMatchObject({ code: 'version_conflict' });
    await expect(takeApplication(context, world.approver, application.id, application.version)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(takeApplication(context, world.platform.applicant, application.id, application.version)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createApplication(context, world.reviewer, draftFor(world, world.platform, 1))).rejects.toMatchObject({ code: 'forbidden' });
    const taken = await takeApplication(context, world.reviewer, application.id, application.version);
    await expect(recommendApplication(context, world.secondReviewer, taken.id, taken.version, { decision: 'approve', quantity: 1_000, reasonCode: 'meets-policy', note: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    const recommendation = await recommendApplication(context, world.reviewer, taken.id, taken.version, { decision: 'approve', quantity: 1_000, reasonCode: 'meets-policy', note: 'x' });
    await expect(decideApplication(context, world.reviewer, recommendation.id, recommendation.version, { decision: 'approve', quantity: 1_000, note: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('never lets the person who reviewed an application decide it', async () => {
    const samePerson = 'person-wang';
    const asReviewer: Actor = { id: samePerson, role: 'reviewer', organisationId: null };
    const asApprover: Actor = { id: samePerson, role: 'approver', organisationId: null };
    const application = await recommended(world.platform, 1_000, asReviewer);
    await expect(decideApplication(context, asApprover, application.id, application.version, { decision: 'approve', quantity: 1_000, note: 'self-approval' })).rejects.toMatchObject({
      code: 'approver_reviewed_application',
    });
    expect((await getApplication(context, world.approver, application.id)).state).toBe('recommended');
  });

  it('needs two different approvers for a category under review, neither the reviewer', async () => {
    const application = await recommended(world.telecom, 10_000);
    expect(application.needsSecondApprover).toBe(true);
    const first = await decideApplication(context, world.approver, application.id, application.version, { decision: 'approve', quantity: 10_000, note: 'first signature' });
    expect(first).toMatchObject({ state: 'awaiting-second-approval', licenceId: null, firstApproval: { approverId: world.approver.id } });
    await expect(decideApplication(context, world.approver, first.id, first.version, { decision: 'approve', quantity: 10_000, note: 'again' })).rejects.toMatchObject({
      code: 'second_approver_same_as_first',
    });
    await expect(decideApplication(context, world.secondApprover, first.id, first.version, { decision: 'approve', quantity: 12_000, note: 'more' })).rejects.toMatchObject({ code: 'invalid_value' });
    const second = await decideApplication(context, world.secondApprover, first.id, first.version, { decision: 'partially-approve', quantity: 8_000, note: 'second signature, fewer units' });
    expect(second).toMatchObject({ state: 'partially-approved', grantedQuantity: 8_000, decision: { approverId: world.secondApprover.id } });
    expect(second.licenceId).not.toBeNull();
  });

  it('delays decisions while a block hold is in force, quoting its reason', async () => {
    const application = await recommended(world.smallFirm, 500);
    await expect(decideApplication(context, world.approver, application.id, application.version, { decision: 'approve', quantity: 500, note: 'x' })).rejects.toMatchObject({
      code: 'decision_delayed',
      message: expect.stringMatching(/H-2026-002: applications from other firms wait for the second batch/),
    });
    context.clock.set('2026-07-02T09:00:00.000Z');
    const decided = await decideApplication(context, world.approver, application.id, application.version, { decision: 'approve', quantity: 500, note: 'second batch' });
    expect(decided.state).toBe('approved');
  });

  it('issues no licence while a suspension is in force, and leaves the application as it was', async () => {
    const application = await recommended(world.platform, 1_000);
    await placeHold(context, world.approver, { kind: 'suspension', scope: { level: 'family', family: 'H200' }, reasonCode: 'export-review', reason: 'H200 licences suspended pending review' });
    await expect(decideApplication(context, world.approver, application.id, application.version, { decision: 'approve', quantity: 1_000, note: 'x' })).rejects.toMatchObject({
      message: expect.stringMatching(/suspended pending review/),
    });
    expect((await getApplication(context, world.approver, application.id)).state).toBe('recommended');
  });

  it('refuses a decision when no policy is in force', async () => {
    const application = await recommended(world.platform, 1_000);
    context.clock.set('2027-02-01T00:00:00.000Z');
    await expect(decideApplication(context, world.approver, application.id, application.version, { decision: 'approve', quantity: 1_000, note: 'x' })).rejects.toMatchObject({ code: 'no_policy_in_force' });
  });

  it('refuses to grant more than the policy admits', async () => {
    const application = await recommended(world.platform, 1_000);
    await expect(decideApplication(context, world.approver, application.id, application.version, { decision: 'partially-approve', quantity: 1_000, note: 'x' })).rejects.toMatchObject({ code: 'invalid_value' });
    const big = await submitted(world.platform, 150_000);
    expect(big.evaluation!.admissibleUnits).toBeLessThan(150_000);
    const taken = await takeApplication(context, world.reviewer, big.id, big.version);
    await expect(recommendApplication(context, world.reviewer, big.id, taken.version, { decision: 'approve', quantity: 150_000, reasonCode: 'meets-policy', note: 'x' })).rejects.toMatchObject({ code: 'invalid_value' });
  });

  it('returns an application for information and takes it back with an answer', async () => {
    const application = await submitted(world.platform, 1_000);
    const taken = await takeApplication(context, world.reviewer, application.id, application.version);
    await expect(requestInformation(context, world.reviewer, taken.id, taken.version, { question: 'Which models?', dueDate: '2026-02-01' })).rejects.toMatchObject({ field: 'dueDate' });
    const returned = await requestInformation(context, world.reviewer, taken.id, taken.version, { question: 'Which models will you train?', dueDate: '2026-03-15' });
    expect(returned).toMatchObject({ state: 'information-requested', informationRequest: { question: 'Which models will you train?', answer: null } });
    const edited = await updateApplication(context, world.platform.applicant, returned.id, returned.version, { quantity: 900 });
    await expect(submitApplication(context, world.platform.applicant, edited.id, edited.version)).rejects.toMatchObject({ field: 'answer' });
    const resubmitted = await submitApplication(context, world.platform.applicant, edited.id, edited.version, { answer: 'a 70B model' });
    expect(resubmitted).toMatchObject({ state: 'submitted', quantity: 900, informationRequest: { answer: 'a 70B model' }, submittedAt: application.submittedAt });
  });

  it('keeps applicants to their own organisation, and lets them withdraw', async () => {
    const application = await submitted(world.platform, 1_000);
    await expect(getApplication(context, world.telecom.applicant, application.id)).rejects.toMatchObject({ code: 'application_not_found' });
    await expect(withdrawApplication(context, world.telecom.applicant, application.id, application.version)).rejects.toMatchObject({ code: 'application_not_found' });
    expect((await listApplicationQueue(context, world.telecom.applicant, { limit: 10 })).items).toEqual([]);
    await expect(listApplicationQueue(context, world.telecom.applicant, { limit: 10, organisationId: world.platform.organisationId })).rejects.toMatchObject({ code: 'forbidden' });
    const withdrawn = await withdrawApplication(context, world.platform.applicant, application.id, application.version);
    expect(withdrawn.state).toBe('withdrawn');
  });

  it('filters the queue by state, item, category and age', async () => {
    await submitted(world.platform, 1_000);
    context.clock.advanceDays(3);
    await submitted(world.telecom, 1_000);
    await createApplication(context, world.smallFirm.applicant, draftFor(world, world.smallFirm, 10));
    const queue = await listApplicationQueue(context, world.reviewer, { limit: 10, state: 'submitted' });
    expect(queue.items).toHaveLength(2);
    expect((await listApplicationQueue(context, world.reviewer, { limit: 10, category: 'telecom-operator' })).items.map((item) => item.organisationId)).toEqual([world.telecom.organisationId]);
    expect((await listApplicationQueue(context, world.reviewer, { limit: 10, submittedBefore: '2026-03-02T00:00:00.000Z' })).items.map((item) => item.organisationId)).toEqual([world.platform.organisationId]);
    expect((await listApplicationQueue(context, world.reviewer, { limit: 10, itemId: world.ascend })).items).toEqual([]);
  });
});
