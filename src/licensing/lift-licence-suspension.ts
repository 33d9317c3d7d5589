/**
 * Use case: an approver or policy-admin lifts a licence's suspension, reinstating it (active
 * again). A licence whose validity ended while it was suspended cannot be reinstated: it expires.
 */
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { Licence } from './licence.js';
import { updateLicenceState } from './update-licence-state.js';

export async function reinstateLicence(context: AppContext, actor: Actor, id: string, input: { reason: string; expectedVersion?: number | undefined }): Promise<Licence> {
  return updateLicenceState(context, actor, id, input.expectedVersion, { kind: 'reinstate', reason: input.reason }, 'licence.reinstated');
}
