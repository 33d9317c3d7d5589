/**
 * What every round step shares: load the round (hiding an unpublished round from applicants),
 * check the version the caller read and the state the step needs, then write the next version
 * guarded by the version read, with its audit entry, in the caller's transaction.
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent, type AuditEventType } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { isOrganisationScoped } from '../platform/actor.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, ensureVersion } from '../platform/versioning.js';
import { isRoundActionAllowed, isRoundPublished, type AllocationRound, type RoundAction } from './round.js';
import { findRound, updateRoundRow } from './rounds.store.js';

export function roundNotFound(id: string): DomainError {
  return new DomainError('round_not_found', `no allocation round ${id}`, { field: 'id' });
}

/** Loads a round the actor may see: applicants see only committed and final rounds. */
export async function findVisibleRound(db: Kysely<Database>, actor: Actor, id: string): Promise<AllocationRound> {
  const round = await findRound(db, id);
  if (round === undefined || (isOrganisationScoped(actor) && !isRoundPublished(round.state))) throw roundNotFound(id);
  return round;
}

export async function loadRound(db: Kysely<Database>, actor: Actor, id: string, action: RoundAction, expectedVersion?: number): Promise<AllocationRound> {
  const round = await findVisibleRound(db, actor, id);
  if (expectedVersion !== undefined) ensureVersion(round, expectedVersion, 'allocation round');
  if (!isRoundActionAllowed(action, round.state)) {
    throw new DomainError('round_state_conflict', `round ${id} is ${round.state}; it cannot be ${PAST[action]}`, { field: 'state', extensions: { state: round.state, action } });
  }
  return round;
}

const PAST: Record<RoundAction, string> = { preview: 'previewed', commit: 'committed', withdraw: 'withdrawn from', rerun: 're-run', cancel: 'cancelled' };

export async function saveRound(trx: Kysely<Database>, actor: Actor, now: Date, before: AllocationRound, after: AllocationRound, eventType: AuditEventType, details: Record<string, unknown> = {}): Promise<AllocationRound> {
  const next: AllocationRound = { ...after, version: before.version + 1, updatedAt: now.toISOString() };
  if (!(await updateRoundRow(trx, next, before.version))) throw concurrentChange('allocation round');
  await recordAuditEvent(trx, actor, now, { eventType, subjectType: 'allocation-round', subjectId: next.id, before: auditView(before), after: { ...auditView(next), ...details } });
  return next;
}

/**
 * A round as the audit log records it: its fields, and of each stored stage its hashes and
 * figures rather than every grant (the stages are stored whole on the round, and their hashes
 * tie the audit entry to them).
 */
export function auditView(round: AllocationRound): Record<string, unknown> {
  const { preview, commitment, rerun, ...fields } = round;
  return {
    ...fields,
    preview: preview === null ? null : { previewedAt: preview.previewedAt, previewedBy: preview.previewedBy, summary: preview.summary, blockers: preview.blockers },
    commitment: commitment === null ? null : { committedAt: commitment.committedAt, committedBy: commitment.committedBy, summary: commitment.summary },
    rerun: rerun === null ? null : { rerunAt: rerun.rerunAt, rerunBy: rerun.rerunBy, inputHash: rerun.report.inputHash, resultHash: rerun.report.resultHash, final: rerun.final },
  };
}
