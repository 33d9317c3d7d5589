/**
 * Use case: after a pro-rata round's withdrawal window closes, an approver re-runs it over the
 * applications that stayed, and the round becomes final. The re-run is an allocation problem of
 * its own (round.ts, buildRerunProblem): the units the round has left — withdrawn grants and any
 * the first run could not place — divided pro rata among the remaining applications by what each
 * still lacks of its cap. Its grants are top-ups: in one transaction each is issued as a second
 * licence and added to its application's decision; the round stores the re-run's problem,
 * result, hashes and the round's final figures. With no withdrawal and nothing left, the re-run
 * grants nothing and only makes the round final.
 *
 * Refused, in this order: a role other than approver (forbidden); an unknown round; a stale
 * If-Match; a round that is not committed (round_state_conflict: final, or not pro rata); a window
 * still open (withdrawal_window_open); a policy version other than the round's in force
 * (policy_superseded); top-ups that would pass a limit the applications share, as evaluated at the
 * commitment (round_shared_limit_exceeded); inside the transaction, an approver who reviewed an
 * application that receives a top-up (approver_reviewed_application), or a licence refused
 * (hold_in_force under a suspension).
 *
 * Grants made outside the round between the commitment and the re-run are not counted against
 * the round's shared limits; the quota ledger, when it lands, holds the national pool exactly.
 */
import { topUpFromRound } from '../applications/index.js';
import { getPolicyInForce } from '../policy/get-policy-versions.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { allocateRound, describeExceeded } from './preview-round.js';
import { buildRerunProblem, finalFigures, recheckSharedLimits, type AllocationRound, type RoundRerun } from './round.js';
import { listRoundGrants, recordTopUp } from './rounds.store.js';
import { loadRound, saveRound } from './rounds.workflow.js';

export async function rerunRound(context: AppContext, actor: Actor, id: string, expectedVersion: number): Promise<AllocationRound> {
  authorise(actor, 'round.manage');
  const before = await loadRound(context.database.db, actor, id, 'rerun', expectedVersion);
  const commitment = before.commitment;
  if (commitment === null || before.withdrawalsCloseAt === null) throw new DomainError('round_state_conflict', `round ${id} has no withdrawal window to close`, { field: 'state' });
  if (context.clock.now().toISOString() < before.withdrawalsCloseAt) {
    throw new DomainError('withdrawal_window_open', `applicants may withdraw from round ${id} until ${before.withdrawalsCloseAt}; re-run it after that`, { extensions: { withdrawalsCloseAt: before.withdrawalsCloseAt } });
  }
  const inForce = await getPolicyInForce(context, actor);
  if (inForce.version.hash !== before.policyHash) {
    throw new DomainError('policy_superseded', `round ${id} was committed under policy ${before.policyHash}; policy ${inForce.version.hash} is in force now`, { extensions: { policyHashInForce: inForce.version.hash } });
  }

  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadRound(trx, actor, id, 'rerun', expectedVersion);
    // Read inside the transaction: a withdrawal that committed just before is counted.
    const grants = await listRoundGrants(trx, id);
    const withdrawnIds = new Set(grants.filter((grant) => grant.withdrawnAt !== null).map((grant) => grant.applicationId));
    const problem = buildRerunProblem(commitment.problem, commitment.report.grants, withdrawnIds);
    const report = allocateRound(problem);
    const finalUnits = new Map(grants.filter((grant) => !withdrawnIds.has(grant.applicationId)).map((grant) => [grant.applicationId, grant.grantedUnits]));
    for (const grant of report.grants) finalUnits.set(grant.id, (finalUnits.get(grant.id) ?? 0) + grant.units);
    const exceeded = recheckSharedLimits(commitment.sharedLimits, finalUnits, withdrawnIds).filter((check) => check.isExceeded);
    if (exceeded.length > 0) throw new DomainError('round_shared_limit_exceeded', exceeded.map(describeExceeded).join('; '), { extensions: { sharedLimits: exceeded } });

    const topUps: RoundRerun['topUps'] = [];
    for (const grant of report.grants) {
      if (grant.units === 0) continue;
      const { licenceId } = await topUpFromRound(trx, actor, now, { applicationId: grant.id, extraUnits: grant.units, roundId: id }, inForce);
      await recordTopUp(trx, id, grant.id, grant.units, licenceId);
      topUps.push({ applicationId: grant.id, units: grant.units, licenceId });
    }
    const rerun: RoundRerun = {
      rerunAt: now.toISOString(),
      rerunBy: actor.id,
      withdrawnApplicationIds: [...withdrawnIds].sort(),
      problem,
      report,
      topUps,
      final: finalFigures(current.budget, commitment.lines, finalUnits, withdrawnIds),
    };
    return saveRound(trx, actor, now, current, { ...current, state: 'final', rerun }, 'round.rerun');
  });
}
