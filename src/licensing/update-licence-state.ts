/**
 * The shared shape of the use cases that move a licence between states (suspend, reinstate,
 * revoke): authorise, validate the reason, then in one transaction read the licence, check the
 * version the caller read (when it sent one), apply the pure rule, write the change guarded by
 * the version, and audit it.
 *
 * If-Match is optional for these commands: each is guarded by the licence's state (suspending a
 * suspended licence is refused), so applying it to the current version is safe; a caller that
 * sends the ETag it read is refused with version_conflict if the licence changed since.
 */
import { recordAuditEvent, type AuditEventType } from '../audit/index.js';
import { withdrawUnusedLicenceQuota } from '../ledger/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, ensureVersion } from '../platform/versioning.js';
import { licenceNotFound } from './get-licences.js';
import { REASON_LENGTH_MAX, transitionLicence, type Licence, type LicenceRefusal, type LicenceTransition } from './licence.js';
import { findLicence, updateLicenceRow } from './licensing.store.js';

export async function updateLicenceState(
  context: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number | undefined,
  transition: LicenceTransition,
  eventType: AuditEventType,
): Promise<Licence> {
  authorise(actor, 'licence.manage');
  if (transition.kind !== 'expire') checkReason(transition.reason);
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await findLicence(trx, id);
    if (current === undefined) throw licenceNotFound(id);
    if (expectedVersion !== undefined) ensureVersion(current, expectedVersion, 'licence');
    const result = transitionLicence(current, transition, now);
    if (!result.ok) throw refusalError(result);
    if (!(await updateLicenceRow(trx, result.licence, current.version, current))) throw concurrentChange('licence');
    // A revoked (or expired) licence voids its reservations and returns what it did not ship.
    if (result.licence.state === 'revoked' || result.licence.state === 'expired') await withdrawUnusedLicenceQuota(trx, actor, now, id);
    await recordAuditEvent(trx, actor, now, { eventType, subjectType: 'licence', subjectId: id, before: current, after: result.licence });
    return result.licence;
  });
}

export function checkReason(reason: string): void {
  if (reason.trim() === '' || reason.length > REASON_LENGTH_MAX) {
    throw new DomainError('validation_failed', `the reason is text of 1 to ${REASON_LENGTH_MAX} characters`, { field: 'reason' });
  }
}

export function refusalError(refusal: LicenceRefusal): DomainError {
  return new DomainError(refusal.code, refusal.detail, refusal.field === undefined ? {} : { field: refusal.field });
}
