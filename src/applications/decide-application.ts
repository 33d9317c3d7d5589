/**
 * Use case: an approver decides a recommended application. The rules, in the order they refuse:
 *  1. only an approver, and never the person who reviewed it (four eyes);
 *  2. the application must be recommended, or awaiting its second approval;
 *  3. a policy must be in force, and no block hold may cover it (decisions wait while one lasts);
 *  4. the quantity must fit the decision and what the policy in force admits now;
 *  5. an applicant in a "review" category (state-backed firms, telecom operators) needs a second,
 *     different approver: the first approval is recorded and the application waits. The second
 *     approver may confirm, lower the quantity, deny or defer; never grant more than the first;
 *  6. an approval issues the licence in the same transaction; a suspension hold in force refuses it.
 */
import { issueLicence } from '../licensing/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decisionQuantityProblem, fourEyesRefusal, stateAfterDecision, type Application, type ApproverSignature } from './application.js';
import { ensureActionAllowed, loadApplication, loadForStep, saveStep } from './application.workflow.js';
import type { DecideInput } from './applications.schema.js';
import { evaluateRequest, toStoredEvaluation } from './evaluate-application.js';

export async function decideApplication(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: DecideInput): Promise<Application> {
  authorise(actor, 'application.decide');
  const before = await loadApplication(context.database.db, actor, id);
  checkFourEyes(before, actor);
  ensureActionAllowed(before, 'decide');
  const { evaluation, inForce } = await evaluateRequest(context, actor, {
    applicationId: before.id,
    organisationId: before.organisationId,
    itemId: before.itemId,
    facilityId: before.facilityId,
    quantity: before.quantity,
    endUse: before.endUse,
    domesticJustification: before.domesticJustification,
  });
  const holdsRule = evaluation.rules.find((rule) => rule.rule === 'holds');
  const holdReasons = inForce.holds.filter((hold) => holdsRule?.references.includes(hold.id)).map((hold) => `${hold.id}: ${hold.reason}`);
  if (evaluation.isDecisionDelayed) {
    throw new DomainError('decision_delayed', `decisions wait while a block is in force (${holdReasons.join('; ') || 'a block hold'})`, { extensions: { holds: holdsRule?.references ?? [] } });
  }
  // A suspension in force admits nothing: say so, rather than that the quantity is too high.
  if (holdsRule?.outcome === 'hold' && input.quantity > 0) {
    throw new DomainError('hold_in_force', `no licence may be issued while a suspension is in force (${holdReasons.join('; ') || 'a suspension'})`, { extensions: { holds: holdsRule.references } });
  }
  const ceiling = before.firstApproval === null ? before.quantity : before.firstApproval.quantity;
  const problem = decisionQuantityProblem(input.decision, input.quantity, before.quantity, Math.min(evaluation.admissibleUnits, ceiling));
  if (problem !== null) throw new DomainError('invalid_value', `quantity: ${problem}`, { field: 'quantity' });

  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'decide');
    checkFourEyes(current, actor);
    const signature: ApproverSignature = { approverId: actor.id, decision: input.decision, quantity: input.quantity, note: input.note, signedAt: now.toISOString() };
    const stored = { policyHash: evaluation.policyHash, evaluation: toStoredEvaluation(evaluation) };
    const isFirstOfTwo = current.needsSecondApprover && current.firstApproval === null && (input.decision === 'approve' || input.decision === 'partially-approve');
    if (isFirstOfTwo) {
      return saveStep(trx, actor, now, current, { ...current, ...stored, state: 'awaiting-second-approval', firstApproval: signature }, 'application.first-approval');
    }
    let licenceId: string | null = null;
    if (input.quantity > 0) {
      const licence = await issueLicence(
        trx,
        actor,
        now,
        {
          applicationId: current.id,
          organisationId: current.organisationId,
          itemId: current.itemId,
          facilityId: current.facilityId,
          quantity: input.quantity,
          policyHash: inForce.version.hash,
          terms: inForce.compiled.policy.licenceTerms,
          permittedVendorIds: [],
        },
        inForce.holds,
      );
      licenceId = licence.id;
    }
    return saveStep(
      trx,
      actor,
      now,
      current,
      { ...current, ...stored, state: stateAfterDecision(input.decision), decision: signature, grantedQuantity: input.quantity, licenceId },
      'application.decided',
    );
  });
}

function checkFourEyes(application: Application, actor: Actor): void {
  const refusal = fourEyesRefusal(application, actor.id);
  if (refusal === 'approver_reviewed_application') throw new DomainError(refusal, 'you reviewed this application, so another approver must decide it');
  if (refusal === 'second_approver_same_as_first') throw new DomainError(refusal, 'you gave the first approval; a second, different approver must decide');
}
