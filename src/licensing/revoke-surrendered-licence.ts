/**
 * Use case, inside the caller's transaction: a licensee gives up a licence it holds, which ends
 * it as a revocation does (final, with the reason). An applicant withdrawing from a pro-rata
 * allocation round surrenders the licence the round issued, in the same transaction as the
 * withdrawal; the regulator may do it on the licensee's behalf. As with any revocation, the
 * licence still counts as granted for the period's caps (see list-grants-in-period.ts).
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise, mayActFor } from '../platform/authorisation.js';
import type { Database } from '../platform/database-tables.js';
import { concurrentChange } from '../platform/versioning.js';
import { licenceNotFound } from './get-licences.js';
import { transitionLicence, type Licence } from './licence.js';
import { findLicence, updateLicenceRow } from './licensing.store.js';
import { checkReason, refusalError } from './update-licence-state.js';

export async function surrenderLicence(trx: Kysely<Database>, actor: Actor, now: Date, id: string, reason: string): Promise<Licence> {
  authorise(actor, 'licence.surrender');
  checkReason(reason);
  const current = await findLicence(trx, id);
  // Another organisation's licence is reported as missing, so that its existence does not leak.
  if (current === undefined || !mayActFor(actor, current.organisationId)) throw licenceNotFound(id);
  const result = transitionLicence(current, { kind: 'revoke', reason }, now);
  if (!result.ok) throw refusalError(result);
  if (!(await updateLicenceRow(trx, result.licence, current.version, current))) throw concurrentChange('licence');
  await recordAuditEvent(trx, actor, now, { eventType: 'licence.revoked', subjectType: 'licence', subjectId: id, before: current, after: result.licence });
  return result.licence;
}
