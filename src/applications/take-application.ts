/** Use case: a reviewer takes a submitted application from the queue; they become its reviewer. */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Application } from './application.js';
import { loadForStep, saveStep } from './application.workflow.js';

export async function takeApplication(context: AppContext, actor: Actor, id: string, expectedVersion: number): Promise<Application> {
  authorise(actor, 'application.review');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'take');
    return saveStep(trx, actor, now, current, { ...current, state: 'under-review', reviewerId: actor.id }, 'application.taken-for-review');
  });
}
