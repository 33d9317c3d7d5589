/**
 * Use case: an approver cancels a round that has not been committed (open or previewed), with a
 * reason. Nothing was decided, so nothing is undone; the applications stay approved in principle
 * for the next round. A committed round is not cancelled: its licences are revoked one by one.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import type { AllocationRound } from './round.js';
import { loadRound, saveRound } from './rounds.workflow.js';

const REASON_LENGTH_MAX = 500;

export async function cancelRound(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: { reason: string }): Promise<AllocationRound> {
  authorise(actor, 'round.manage');
  const reason = input.reason.trim();
  if (reason === '' || reason.length > REASON_LENGTH_MAX) throw new DomainError('validation_failed', `reason: text of 1 to ${REASON_LENGTH_MAX} characters`, { field: 'reason' });
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadRound(trx, actor, id, 'cancel', expectedVersion);
    return saveRound(trx, actor, now, current, { ...current, state: 'cancelled', cancelledBy: actor.id, cancelledAt: now.toISOString(), cancelReason: reason }, 'round.cancelled');
  });
}
