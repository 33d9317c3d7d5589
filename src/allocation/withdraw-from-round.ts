/**
 * Use case: after a pro-rata round publishes its coefficient, an applicant may withdraw its
 * application from the round until the window closes — for instance because the units granted are
 * too few to be worth the purchase. In one transaction the application is withdrawn, the licence
 * the round issued for it is surrendered (revoked, with the reason), and the round records the
 * withdrawal; the units go back to the round, and its re-run gives them to the others.
 *
 * Refused, in this order: a role other than applicant (forbidden); a round the applicant cannot
 * see (round_not_found: applicants see committed and final rounds only); a stale If-Match
 * (version_conflict); a round that is not committed (round_state_conflict); an application that
 * is not its own or not in the round (application_not_found); a round without a withdrawal window
 * (round_state_conflict) or whose window has closed (withdrawal_window_closed); an application
 * already withdrawn (duplicate_record) or granted nothing (invalid_value).
 */
import { withdrawAfterRound } from '../applications/index.js';
import { surrenderLicence } from '../licensing/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise, mayActFor } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import type { AllocationRound } from './round.js';
import { findRoundGrant, markGrantWithdrawn } from './rounds.store.js';
import { loadRound, saveRound } from './rounds.workflow.js';

const REASON_LENGTH_MAX = 500;

export async function withdrawFromRound(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: { applicationId: string; reason?: string | undefined }): Promise<AllocationRound> {
  authorise(actor, 'round.withdraw');
  const reason = input.reason?.trim() ?? '';
  if (reason.length > REASON_LENGTH_MAX) throw new DomainError('validation_failed', `reason: at most ${REASON_LENGTH_MAX} characters`, { field: 'reason' });
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadRound(trx, actor, id, 'withdraw', expectedVersion);
    const grant = await findRoundGrant(trx, id, input.applicationId);
    // Another organisation's application is reported as missing, so that its existence does not leak.
    if (grant === undefined || !mayActFor(actor, grant.organisationId)) {
      throw new DomainError('application_not_found', `no application ${input.applicationId} in round ${id}`, { field: 'applicationId' });
    }
    if (current.withdrawalsCloseAt === null) throw new DomainError('round_state_conflict', `round ${id} has no withdrawal window (only pro-rata rounds do)`, { field: 'state' });
    if (now.toISOString() >= current.withdrawalsCloseAt) {
      throw new DomainError('withdrawal_window_closed', `withdrawals from round ${id} closed at ${current.withdrawalsCloseAt}`, { extensions: { withdrawalsCloseAt: current.withdrawalsCloseAt } });
    }
    if (grant.withdrawnAt !== null) throw new DomainError('duplicate_record', `application ${input.applicationId} was withdrawn from round ${id} at ${grant.withdrawnAt}`, { field: 'applicationId' });
    if (grant.grantedUnits === 0 || grant.licenceId === null) {
      throw new DomainError('invalid_value', `application ${input.applicationId} was granted nothing in round ${id}; there is nothing to withdraw`, { field: 'applicationId' });
    }
    await withdrawAfterRound(trx, actor, now, { applicationId: input.applicationId, roundId: id });
    await surrenderLicence(trx, actor, now, grant.licenceId, `withdrawn from allocation round ${id}${reason === '' ? '' : `: ${reason}`}`);
    if (!(await markGrantWithdrawn(trx, id, input.applicationId, now.toISOString(), actor.id))) {
      throw new DomainError('duplicate_record', `application ${input.applicationId} was withdrawn from round ${id} meanwhile`, { field: 'applicationId' });
    }
    return saveRound(trx, actor, now, current, current, 'round.withdrawal', { withdrawal: { applicationId: input.applicationId, units: grant.grantedUnits, licenceId: grant.licenceId, reason } });
  });
}
