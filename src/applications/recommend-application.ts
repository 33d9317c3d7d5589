/**
 * Use case: the reviewer who took the application recommends a decision, with a reason code.
 * The application is evaluated again first: holds lapse and grants accumulate between submission
 * and review, and the reviewer recommends against the policy as it stands.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decisionQuantityProblem, type Application } from './application.js';
import { ensureActionAllowed, loadApplication, loadForStep, saveStep } from './application.workflow.js';
import type { RecommendInput } from './applications.schema.js';
import { evaluateRequest, toStoredEvaluation } from './evaluate-application.js';

export async function recommendApplication(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: RecommendInput): Promise<Application> {
  authorise(actor, 'application.review');
  const before = await loadApplication(context.database.db, actor, id);
  ensureActionAllowed(before, 'recommend');
  if (before.reviewerId !== actor.id) throw new DomainError('forbidden', 'only the reviewer who took the application recommends on it', { field: 'id' });
  const { evaluation } = await evaluateRequest(context, actor, { ...before, applicationId: before.id });
  const problem = decisionQuantityProblem(input.decision, input.quantity, before.quantity, evaluation.admissibleUnits);
  if (problem !== null) throw new DomainError('invalid_value', `quantity: ${problem}`, { field: 'quantity' });
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'recommend');
    return saveStep(
      trx,
      actor,
      now,
      current,
      {
        ...current,
        state: 'recommended',
        policyHash: evaluation.policyHash,
        evaluation: toStoredEvaluation(evaluation),
        recommendation: { reviewerId: actor.id, decision: input.decision, quantity: input.quantity, reasonCode: input.reasonCode, note: input.note, recommendedAt: now.toISOString() },
      },
      'application.recommended',
    );
  });
}
