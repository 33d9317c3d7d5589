/**
 * What an allocation round needs from applications, each step inside the round's transaction
 * (the caller owns it, Kysely's convention), so that a round's decisions and licences commit
 * together or not at all:
 *  - the applications approved in principle for an item up to a cut-off (roundCandidates);
 *  - the round's decision on one of them (decideByRound), under the same rules as a decision by
 *    hand: an approver, never its reviewer nor its first approver (four eyes), a category under
 *    review only after a first approval, no more than requested, than the first approver signed
 *    for, or than the policy in force admits; the licence issued with the policy's holds (a
 *    suspension refuses it, and so the whole round);
 *  - after a pro-rata round: an applicant's withdrawal of its granted application
 *    (withdrawAfterRound), and the units the re-run adds (topUpFromRound, a second licence).
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import { issueLicence } from '../licensing/index.js';
import type { PolicyInForce } from '../policy/get-policy-versions.js';
import type { Evaluation } from '../policy/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise, mayActFor } from '../platform/authorisation.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, ensureVersion } from '../platform/versioning.js';
import { fourEyesRefusal, type Application, type ApplicationState, type Decision } from './application.js';
import { findApplication, listApplications, updateApplicationRow } from './applications.store.js';
import { toStoredEvaluation } from './evaluate-application.js';

/** The states in which an application may be approved in principle; see isApprovedInPrinciple. */
export const ROUND_CANDIDATE_STATES: readonly ApplicationState[] = ['recommended', 'awaiting-second-approval', 'deferred'];

/**
 * Approved in principle: recommended for approval (in full or in part), signed by a first
 * approver and awaiting the second, or deferred to a later round by an earlier decision.
 */
export function isApprovedInPrinciple(application: Pick<Application, 'state' | 'recommendation'>): boolean {
  switch (application.state) {
    case 'recommended':
      return application.recommendation?.decision === 'approve' || application.recommendation?.decision === 'partially-approve';
    case 'awaiting-second-approval':
    case 'deferred':
      return true;
    default:
      return false;
  }
}

/**
 * The applications approved in principle for `itemId` and submitted at or before `cutOff`, by id.
 * At most `limit` + 1 are returned, so that the caller can tell that there are too many.
 */
export async function roundCandidates(db: Kysely<Database>, request: { itemId: string; cutOff: string; limit: number }): Promise<Application[]> {
  const rows = await listApplications(db, { states: ROUND_CANDIDATE_STATES, itemId: request.itemId, submittedBefore: request.cutOff, limit: request.limit + 1 });
  return rows.filter(isApprovedInPrinciple);
}

export interface RoundDecision {
  applicationId: string;
  /** The version the round previewed; a change since refuses the decision. */
  expectedVersion: number;
  grantedUnits: number;
  roundId: string;
  /** The evaluation against the policy in force that the round's caps came from. */
  evaluation: Evaluation;
}

/** The round's decision on one application: approved, partially approved, or deferred (0 units). */
export async function decideByRound(trx: Kysely<Database>, actor: Actor, now: Date, input: RoundDecision, inForce: PolicyInForce): Promise<Application> {
  authorise(actor, 'application.decide');
  const current = await loadInRound(trx, actor, input.applicationId);
  ensureVersion(current, input.expectedVersion, 'application');
  if (!isApprovedInPrinciple(current)) {
    throw new DomainError('illegal_transition', `application ${current.id} is ${current.state}, not approved in principle; a round cannot decide it`, { field: 'state', extensions: { applicationId: current.id, state: current.state } });
  }
  checkFourEyes(current, actor);
  if (current.needsSecondApprover && current.firstApproval === null) {
    throw new DomainError('invalid_value', `application ${current.id} needs a first approval before a round may give the second`, { field: 'applicationId' });
  }
  const ceiling = Math.min(current.quantity, current.firstApproval?.quantity ?? current.quantity, input.evaluation.admissibleUnits);
  if (!Number.isSafeInteger(input.grantedUnits) || input.grantedUnits < 0 || input.grantedUnits > ceiling) {
    throw new DomainError('invalid_value', `application ${current.id}: a round may grant 0 to ${ceiling} units, not ${input.grantedUnits}`, { field: 'grantedUnits' });
  }
  const decision: Decision = input.grantedUnits === 0 ? 'defer' : input.grantedUnits === current.quantity ? 'approve' : 'partially-approve';
  let licenceId: string | null = null;
  if (input.grantedUnits > 0) {
    const licence = await issueLicence(
      trx,
      actor,
      now,
      {
        applicationId: current.id,
        organisationId: current.organisationId,
        itemId: current.itemId,
        facilityId: current.facilityId,
        quantity: input.grantedUnits,
        policyHash: inForce.version.hash,
        terms: inForce.compiled.policy.licenceTerms,
        permittedVendorIds: [],
      },
      inForce.holds,
    );
    licenceId = licence.id;
  }
  const note = input.grantedUnits === 0 ? `allocation round ${input.roundId}: no units this round; deferred to a later round` : `allocation round ${input.roundId}`;
  return save(trx, actor, now, current, {
    ...current,
    state: decision === 'defer' ? 'deferred' : decision === 'approve' ? 'approved' : 'partially-approved',
    policyHash: input.evaluation.policyHash,
    evaluation: toStoredEvaluation(input.evaluation),
    decision: { approverId: actor.id, decision, quantity: input.grantedUnits, note, signedAt: now.toISOString() },
    grantedQuantity: input.grantedUnits,
    licenceId,
  }, 'application.decided');
}

/**
 * An applicant withdraws its application from a pro-rata round after the coefficient was
 * published: the application is withdrawn and holds nothing. (The round revokes its licence.)
 */
export async function withdrawAfterRound(trx: Kysely<Database>, actor: Actor, now: Date, input: { applicationId: string; roundId: string }): Promise<Application> {
  authorise(actor, 'application.withdraw');
  const current = await loadInRound(trx, actor, input.applicationId);
  if (current.state !== 'approved' && current.state !== 'partially-approved') {
    throw new DomainError('illegal_transition', `application ${current.id} is ${current.state}; only a granted application can be withdrawn from round ${input.roundId}`, { field: 'applicationId' });
  }
  return save(trx, actor, now, current, { ...current, state: 'withdrawn', grantedQuantity: 0 }, 'application.withdrawn');
}

/**
 * The units a round's re-run adds to an application it granted. They come on a second licence:
 * a licence's quantity never changes, and an application's first licence is the one that names it
 * (the top-up licence names no application; the round's record links the two). The re-running
 * approver signs, under the same four-eyes rule.
 */
export async function topUpFromRound(
  trx: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: { applicationId: string; extraUnits: number; roundId: string },
  inForce: PolicyInForce,
): Promise<{ application: Application; licenceId: string }> {
  authorise(actor, 'application.decide');
  const current = await loadInRound(trx, actor, input.applicationId);
  checkFourEyes(current, actor);
  if (current.state !== 'approved' && current.state !== 'partially-approved' && current.state !== 'deferred') {
    throw new DomainError('illegal_transition', `application ${current.id} is ${current.state}; round ${input.roundId} cannot add units to it`, { field: 'applicationId' });
  }
  const total = (current.grantedQuantity ?? 0) + input.extraUnits;
  if (!Number.isSafeInteger(input.extraUnits) || input.extraUnits < 1 || total > current.quantity) {
    throw new DomainError('invalid_value', `application ${current.id}: a top-up of ${input.extraUnits} units would pass the ${current.quantity} requested`, { field: 'extraUnits' });
  }
  const licence = await issueLicence(
    trx,
    actor,
    now,
    {
      applicationId: null,
      organisationId: current.organisationId,
      itemId: current.itemId,
      facilityId: current.facilityId,
      quantity: input.extraUnits,
      policyHash: inForce.version.hash,
      terms: inForce.compiled.policy.licenceTerms,
      permittedVendorIds: [],
    },
    inForce.holds,
  );
  const decision: Decision = total === current.quantity ? 'approve' : 'partially-approve';
  const application = await save(trx, actor, now, current, {
    ...current,
    state: decision === 'approve' ? 'approved' : 'partially-approved',
    decision: { approverId: actor.id, decision, quantity: total, note: `allocation round ${input.roundId}: the re-run after withdrawals added ${input.extraUnits} units (licence ${licence.number})`, signedAt: now.toISOString() },
    grantedQuantity: total,
    // The first licence stays the application's; a deferred application has none, so the top-up becomes it.
    licenceId: current.licenceId ?? licence.id,
  }, 'application.decided');
  return { application, licenceId: licence.id };
}

async function loadInRound(trx: Kysely<Database>, actor: Actor, id: string): Promise<Application> {
  const application = await findApplication(trx, id);
  // Another organisation's application is reported as missing, so that its existence does not leak.
  if (application === undefined || !mayActFor(actor, application.organisationId)) throw new DomainError('application_not_found', `no application ${id}`, { field: 'applicationId' });
  return application;
}

function checkFourEyes(application: Application, actor: Actor): void {
  const refusal = fourEyesRefusal(application, actor.id);
  if (refusal === 'approver_reviewed_application') throw new DomainError(refusal, `you reviewed application ${application.id}, so another approver must decide it`, { extensions: { applicationId: application.id } });
  if (refusal === 'second_approver_same_as_first') throw new DomainError(refusal, `you gave the first approval of application ${application.id}; a second, different approver must decide it`, { extensions: { applicationId: application.id } });
}

async function save(trx: Kysely<Database>, actor: Actor, now: Date, before: Application, after: Application, eventType: 'application.decided' | 'application.withdrawn'): Promise<Application> {
  const next: Application = { ...after, version: before.version + 1, updatedAt: now.toISOString() };
  if (!(await updateApplicationRow(trx, next, before.version))) throw concurrentChange('application');
  await recordAuditEvent(trx, actor, now, { eventType, subjectType: 'application', subjectId: next.id, before, after: next });
  return next;
}
