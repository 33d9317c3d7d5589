/** Use case: an organisation's applicant (or the regulator) registers a data centre. */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Facility } from './facility.js';
import type { FacilityInput } from './registry.schema.js';
import { findFacilityIdByName, findOrganisation, insertFacility } from './registry.store.js';

export async function createFacility(context: AppContext, actor: Actor, input: FacilityInput): Promise<Facility> {
  authorise(actor, 'facility.write', input.organisationId);
  return inTransaction(context, (trx) => addFacility(trx, actor, context.clock.now(), input));
}

export async function addFacility(trx: Kysely<Database>, actor: Actor, now: Date, input: FacilityInput): Promise<Facility> {
  if ((await findOrganisation(trx, input.organisationId)) === undefined) {
    throw new DomainError('unknown_reference', `no organisation ${input.organisationId}`, { field: 'organisationId' });
  }
  if ((await findFacilityIdByName(trx, input.organisationId, input.name)) !== undefined) {
    throw new DomainError('duplicate_name', `the organisation already has a facility named "${input.name}"`, { field: 'name' });
  }
  const timestamp = now.toISOString();
  const facility: Facility = { id: newId(now), ...input, version: 1, createdAt: timestamp, updatedAt: timestamp };
  await insertFacility(trx, facility);
  await recordAuditEvent(trx, actor, now, { eventType: 'facility.created', subjectType: 'facility', subjectId: facility.id, before: null, after: facility });
  return facility;
}
