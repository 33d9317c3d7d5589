/**
 * Use cases: an approver places a hold between policy versions, and lifts it. A suspension stops
 * new licences and reservations in its scope; a block accepts applications but delays decisions.
 * Lifting ends the hold at that moment (its window closes); the record stays, for the audit.
 */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { concurrentChange, ensureVersion } from '../platform/versioning.js';
import { normaliseInstant } from './calendar.js';
import { findOverlappingHold } from './hold-overlap.js';
import type { HoldKind, HoldScope } from './policy.js';
import { findHold, findVersionInForce, insertHold, listHolds, updateHoldRow, type PlacedHold } from './policy.store.js';

export interface HoldInput {
  kind: HoldKind;
  scope: HoldScope;
  /** A date (start of that day, UTC) or an instant; absent: now. */
  from?: string | undefined;
  until?: string | null | undefined;
  reasonCode: string;
  reason: string;
  reasonChinese?: string | null | undefined;
}

export async function placeHold(context: AppContext, actor: Actor, input: HoldInput): Promise<PlacedHold> {
  authorise(actor, 'hold.manage');
  const now = context.clock.now();
  const from = input.from === undefined ? now.toISOString() : normaliseInstant(input.from);
  if (from === null) throw new DomainError('validation_failed', `${input.from ?? ''} is not a real date and time`, { field: 'from' });
  const until = input.until === undefined || input.until === null ? null : normaliseInstant(input.until);
  if (input.until !== undefined && input.until !== null && until === null) throw new DomainError('validation_failed', `${input.until} is not a real date and time`, { field: 'until' });
  if (until !== null && until <= from) throw new DomainError('invalid_value', 'the hold must end after it starts', { field: 'until' });
  return inTransaction(context, async (trx) => {
    const version = await findVersionInForce(trx, now.toISOString().slice(0, 10));
    if (version === undefined) throw new DomainError('no_policy_in_force', 'a hold is placed on the policy in force, and none is');
    const hold: PlacedHold = {
      id: `H-${newId(now)}`,
      policyId: version.policyId,
      kind: input.kind,
      scope: input.scope,
      from,
      until,
      reasonCode: input.reasonCode,
      reason: input.reason,
      reasonChinese: input.reasonChinese ?? null,
      placedBy: actor.id,
      placedAt: now.toISOString(),
      liftedBy: null,
      liftedAt: null,
      version: 1,
    };
    const overlapping = findOverlappingHold(hold, [...version.policy.holds, ...(await listHolds(trx, version.policyId))]);
    if (overlapping !== undefined) {
      throw new DomainError('hold_overlap', `hold ${overlapping.id} is already a ${overlapping.kind} on the same scope at that time; extend or lift it instead`, { field: 'scope' });
    }
    await insertHold(trx, hold);
    await recordAuditEvent(trx, actor, now, { eventType: 'hold.placed', subjectType: 'hold', subjectId: hold.id, before: null, after: hold });
    return hold;
  });
}

export async function liftHold(context: AppContext, actor: Actor, id: string, expectedVersion: number): Promise<PlacedHold> {
  authorise(actor, 'hold.manage');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await findHold(trx, id);
    if (current === undefined) throw new DomainError('hold_not_found', `no hold ${id} placed between versions (holds written in a policy end with a new version)`, { field: 'id' });
    ensureVersion({ version: current.version, createdAt: current.placedAt, updatedAt: current.placedAt }, expectedVersion, 'hold');
    if (current.liftedAt !== null || (current.until !== null && current.until <= now.toISOString())) {
      throw new DomainError('invalid_value', `hold ${id} has already ended`, { field: 'id' });
    }
    // A hold lifted before it starts ends where it starts: it never takes effect.
    const endsAt = now.toISOString() < current.from ? current.from : now.toISOString();
    const lifted: PlacedHold = { ...current, until: endsAt, liftedBy: actor.id, liftedAt: now.toISOString(), version: current.version + 1 };
    if (!(await updateHoldRow(trx, lifted, expectedVersion))) throw concurrentChange('hold');
    await recordAuditEvent(trx, actor, now, { eventType: 'hold.lifted', subjectType: 'hold', subjectId: id, before: current, after: lifted });
    return lifted;
  });
}

export async function listPlacedHolds(context: AppContext, actor: Actor): Promise<PlacedHold[]> {
  authorise(actor, 'policy.read');
  const version = await findVersionInForce(context.database.db, context.clock.now().toISOString().slice(0, 10));
  return version === undefined ? [] : listHolds(context.database.db, version.policyId);
}
