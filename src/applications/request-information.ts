/**
 * Use case: the reviewer returns the application to the applicant with a question and a due date.
 * The applicant answers by resubmitting; the application then comes back to the queue.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import type { Application } from './application.js';
import { loadForStep, saveStep } from './application.workflow.js';

export async function requestInformation(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: { question: string; dueDate: string }): Promise<Application> {
  authorise(actor, 'application.review');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'request-information');
    if (current.reviewerId !== null && current.reviewerId !== actor.id) {
      throw new DomainError('forbidden', 'only the reviewer who took the application asks for information', { field: 'id' });
    }
    if (input.dueDate <= now.toISOString().slice(0, 10)) throw new DomainError('invalid_value', 'the due date must be after today', { field: 'dueDate' });
    return saveStep(
      trx,
      actor,
      now,
      current,
      { ...current, state: 'information-requested', informationRequest: { question: input.question, dueDate: input.dueDate, requestedBy: actor.id, requestedAt: now.toISOString(), answer: null } },
      'application.information-requested',
    );
  });
}
