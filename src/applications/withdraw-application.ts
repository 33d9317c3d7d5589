/** Use case: the applicant withdraws its application at any point before a decision. */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Application } from './application.js';
import { loadForStep, saveStep } from './application.workflow.js';

export async function withdrawApplication(context: AppContext, actor: Actor, id: string, expectedVersion: number): Promise<Application> {
  authorise(actor, 'application.withdraw');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'withdraw');
    return saveStep(trx, actor, now, current, { ...current, state: 'withdrawn' }, 'application.withdrawn');
  });
}
