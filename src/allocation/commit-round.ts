/**
 * Use case: an approver commits a previewed round. In one transaction every included
 * application is decided by the round — approved (granted all it asked), partially approved, or
 * deferred to a later round (granted nothing) — and a licence is issued for every grant; the
 * round stores its inputs (the exact allocation problem), its result, its published figures and
 * both hashes, so that anyone can recompute it with `gatehouse allocate`.
 *
 * Refused, in this order, and then nothing changes:
 *  1. a role other than approver (forbidden); an unknown round (round_not_found);
 *  2. a stale If-Match (version_conflict); a round that is not previewed (round_state_conflict);
 *  3. a cut-off still in the future (round_cut_off_not_passed);
 *  4. a policy version other than the round's in force (policy_superseded); a suspension that
 *     covers any included application (hold_in_force);
 *  5. anything that changed since the preview — an application added, gone, moved on a version,
 *     or evaluated differently (round_changed_since_preview: preview again, then commit);
 *  6. no application to decide (invalid_value); grants that together exceed a limit several
 *     applications share (round_shared_limit_exceeded);
 *  7. inside the transaction: an approver who reviewed an included application, or gave it its
 *     first approval (approver_reviewed_application, second_approver_same_as_first); a licence
 *     refused (e.g. hold_in_force, an organisation no longer active).
 * Committing twice is refused by step 2: a committed round is no longer previewed.
 */
import { decideByRound } from '../applications/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError, isDomainError } from '../platform/errors.js';
import { describeExceeded, planRound, type RoundPlan } from './preview-round.js';
import type { AllocationRound, RoundCommitment, RoundGrant } from './round.js';
import { insertRoundGrants } from './rounds.store.js';
import { loadRound, saveRound } from './rounds.workflow.js';

const DAY_MS = 86_400_000;

export async function commitRound(context: AppContext, actor: Actor, id: string, expectedVersion: number): Promise<AllocationRound> {
  authorise(actor, 'round.manage');
  const before = await loadRound(context.database.db, actor, id, 'commit', expectedVersion);
  const preview = before.preview;
  if (preview === null) throw new DomainError('round_state_conflict', `round ${id} has no preview; preview it first`, { field: 'state' });
  const cutOffPassed = context.clock.now().toISOString() >= before.cutOff;
  if (!cutOffPassed) throw new DomainError('round_cut_off_not_passed', `round ${id} includes applications submitted up to ${before.cutOff}, which has not passed; commit after it`, { field: 'cutOff' });
  const plan = await planRound(context, actor, before);
  ensureUnchangedSincePreview(before, plan);
  if (plan.included.length === 0) throw new DomainError('invalid_value', `round ${id} includes no application; there is nothing to commit`, { field: 'id' });
  const exceeded = plan.sharedLimits.filter((check) => check.isExceeded);
  if (exceeded.length > 0) {
    throw new DomainError('round_shared_limit_exceeded', exceeded.map(describeExceeded).join('; '), { extensions: { sharedLimits: exceeded } });
  }

  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadRound(trx, actor, id, 'commit', expectedVersion);
    const grants: RoundGrant[] = [];
    for (const line of plan.lines) {
      const evaluation = plan.evaluations.get(line.applicationId);
      const expected = preview.applicationVersions[line.applicationId];
      if (evaluation === undefined || expected === undefined) throw changedSincePreview(id, `application ${line.applicationId} was not previewed`);
      let decided;
      try {
        decided = await decideByRound(trx, actor, now, { applicationId: line.applicationId, expectedVersion: expected, grantedUnits: line.grantedUnits, roundId: id, evaluation }, plan.inForce);
      } catch (error) {
        // Another officer decided or withdrew it between our read and this transaction.
        if (isDomainError(error) && error.code === 'version_conflict') throw changedSincePreview(id, `application ${line.applicationId} changed`);
        throw error;
      }
      grants.push({
        roundId: id,
        applicationId: line.applicationId,
        organisationId: line.organisationId,
        grantedUnits: line.grantedUnits,
        licenceId: line.grantedUnits > 0 ? decided.licenceId : null,
        withdrawnAt: null,
        withdrawnBy: null,
        topUpUnits: null,
        topUpLicenceId: null,
      });
    }
    await insertRoundGrants(trx, grants);
    const commitment: RoundCommitment = {
      committedAt: now.toISOString(),
      committedBy: actor.id,
      policyHash: plan.inForce.version.hash,
      problem: plan.problem,
      report: plan.report,
      summary: plan.summary,
      lines: plan.lines,
      excluded: plan.excluded,
      sharedLimits: plan.sharedLimits,
    };
    const windowDays = current.method === 'pro-rata' ? current.settings.withdrawalWindowDays : null;
    return saveRound(
      trx,
      actor,
      now,
      current,
      {
        ...current,
        // A pro-rata round stays committed while applicants may withdraw; the re-run makes it final.
        state: windowDays === null ? 'final' : 'committed',
        commitment,
        withdrawalsCloseAt: windowDays === null ? null : new Date(now.getTime() + windowDays * DAY_MS).toISOString(),
      },
      'round.committed',
      { licenceIds: grants.flatMap((grant) => (grant.licenceId === null ? [] : [grant.licenceId])) },
    );
  });
}

/**
 * The commitment grants what was previewed or nothing: the same applications at the same
 * versions, and the same problem (caps, new entrants, weights) to the byte, by its hash.
 */
function ensureUnchangedSincePreview(round: AllocationRound, plan: RoundPlan): void {
  const preview = round.preview;
  if (preview === null) return;
  const previewed = new Map(Object.entries(preview.applicationVersions));
  const changes: string[] = [];
  for (const candidate of plan.included) {
    const version = previewed.get(candidate.applicationId);
    if (version === undefined) changes.push(`application ${candidate.applicationId} is new to the round`);
    else if (version !== candidate.applicationVersion) changes.push(`application ${candidate.applicationId} changed (version ${version} → ${candidate.applicationVersion})`);
    previewed.delete(candidate.applicationId);
  }
  for (const applicationId of previewed.keys()) changes.push(`application ${applicationId} is no longer in the round`);
  if (changes.length === 0 && plan.report.inputHash !== preview.report.inputHash) changes.push('the evaluations changed (caps, new entrants or weights)');
  if (changes.length > 0) throw changedSincePreview(round.id, changes.join('; '));
}

function changedSincePreview(id: string, detail: string): DomainError {
  return new DomainError('round_changed_since_preview', `round ${id}: ${detail} since the preview; preview it again, then commit`, { extensions: { roundId: id } });
}
