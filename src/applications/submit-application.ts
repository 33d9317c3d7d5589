/**
 * Use case: the applicant submits (or, after a request for information, resubmits) its
 * application. Submission evaluates it against the policy in force and stores the evaluation with
 * the policy's hash, so that anyone can recompute it later.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import type { Application } from './application.js';
import { ensureActionAllowed, loadApplication, loadForStep, saveStep } from './application.workflow.js';
import { evaluateRequest, toStoredEvaluation } from './evaluate-application.js';

export async function submitApplication(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: { answer?: string | undefined } = {}): Promise<Application> {
  authorise(actor, 'application.create');
  const draft = await loadApplication(context.database.db, actor, id);
  ensureActionAllowed(draft, 'submit');
  if (draft.state === 'information-requested' && (input.answer === undefined || input.answer.trim() === '')) {
    throw new DomainError('validation_failed', `answer the reviewer's question before resubmitting: ${draft.informationRequest?.question ?? ''}`, { field: 'answer' });
  }
  // Evaluated before the transaction: the evaluation reads the registry, the policy and the
  // grants, and the decision re-evaluates anyway, so a grant made in between cannot slip through.
  const { evaluation, isCategoryUnderReview } = await evaluateRequest(context, actor, {
    applicationId: draft.id,
    organisationId: draft.organisationId,
    itemId: draft.itemId,
    facilityId: draft.facilityId,
    quantity: draft.quantity,
    endUse: draft.endUse,
    domesticJustification: draft.domesticJustification,
  });
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'submit');
    const informationRequest = current.informationRequest === null ? null : { ...current.informationRequest, answer: input.answer ?? null };
    return saveStep(
      trx,
      actor,
      now,
      current,
      {
        ...current,
        state: 'submitted',
        submittedAt: current.submittedAt ?? now.toISOString(),
        policyHash: evaluation.policyHash,
        evaluation: toStoredEvaluation(evaluation),
        needsSecondApprover: isCategoryUnderReview,
        informationRequest,
      },
      'application.submitted',
    );
  });
}
