/** Use case: amend a facility's name, region or coordinates. It never changes organisation. */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise, mayActFor } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, definedOnly, ensureVersion, nextVersionOf } from '../platform/versioning.js';
import type { Facility } from './facility.js';
import type { FacilityPatch } from './registry.schema.js';
import { findFacility, findFacilityIdByName, updateFacilityRow } from './registry.store.js';

export async function updateFacility(context: AppContext, actor: Actor, id: string, expectedVersion: number, patch: FacilityPatch): Promise<Facility> {
  authorise(actor, 'facility.write');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await findFacility(trx, id);
    // Another organisation's facility is reported as missing, so that its existence does not leak.
    if (current === undefined || !mayActFor(actor, current.organisationId)) throw new DomainError('facility_not_found', `no facility ${id}`, { field: 'id' });
    authorise(actor, 'facility.write', current.organisationId);
    ensureVersion(current, expectedVersion, 'facility');
    if (patch.name !== undefined && patch.name !== current.name && (await findFacilityIdByName(trx, current.organisationId, patch.name)) !== undefined) {
      throw new DomainError('duplicate_name', `the organisation already has a facility named "${patch.name}"`, { field: 'name' });
    }
    const updated = nextVersionOf(current, definedOnly(patch), now);
    if (!(await updateFacilityRow(trx, updated, expectedVersion))) throw concurrentChange('facility');
    await recordAuditEvent(trx, actor, now, { eventType: 'facility.updated', subjectType: 'facility', subjectId: id, before: current, after: updated });
    return updated;
  });
}

