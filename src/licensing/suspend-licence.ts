/**
 * Use case: an approver or policy-admin suspends an active licence (for example while a breach of
 * its conditions is investigated). A suspended licence cannot be drawn on until it is reinstated;
 * its validity keeps running.
 */
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import type { Licence } from './licence.js';
import { updateLicenceState } from './update-licence-state.js';

export async function suspendLicence(context: AppContext, actor: Actor, id: string, input: { reason: string; expectedVersion?: number | undefined }): Promise<Licence> {
  return updateLicenceState(context, actor, id, input.expectedVersion, { kind: 'suspend', reason: input.reason }, 'licence.suspended');
}
