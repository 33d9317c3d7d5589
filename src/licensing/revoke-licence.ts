/**
 * Use case: an approver or policy-admin revokes an active or suspended licence, with a reason.
 * Revocation is final. The units it never used return to the pool through the quota ledger; for
 * the period's caps the licence still counts as granted (see list-grants-in-period.ts).
 */
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { Licence } from './licence.js';
import { updateLicenceState } from './update-licence-state.js';

export async function revokeLicence(context: AppContext, actor: Actor, id: string, input: { reason: string; expectedVersion?: number | undefined }): Promise<Licence> {
  return updateLicenceState(context, actor, id, input.expectedVersion, { kind: 'revoke', reason: input.reason }, 'licence.revoked');
}
