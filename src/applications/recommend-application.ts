/** Use case: the reviewer who took the application recommends a decision, with a reason code. */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decisionQuantityProblem, type Application } from './application.js';
import { loadForStep, saveStep } from './application-workflow.js';
import type { RecommendInput } from './applications.schema.js';

export async function recommendApplication(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: RecommendInput): Promise<Application> {
  authorise(actor, 'application.review');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'recommend');
    if (current.reviewerId !== actor.id) throw new DomainError('forbidden', 'only the reviewer who took the application recommends on it', { field: 'id' });
    const admissible = current.evaluation?.admissibleUnits ?? 0;
    const problem = decisionQuantityProblem(input.decision, input.quantity, current.quantity, admissible);
    if (problem !== null) throw new DomainError('invalid_value', `quantity: ${problem}`, { field: 'quantity' });
    return saveStep(
      trx,
      actor,
      now,
      current,
      { ...current, state: 'recommended', recommendation: { reviewerId: actor.id, decision: input.decision, quantity: input.quantity, reasonCode: input.reasonCode, note: input.note, recommendedAt: now.toISOString() } },
      'application.recommended',
    );
  });
}
