/** Use case: a policy-admin registers an organisation (an applicant, a vendor, a customs authority). */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { pinyinOf, type Organisation } from './organisation.js';
import type { OrganisationInput } from './registry.schema.js';
import { findOrganisation, findOrganisationIdByLegalName, insertOrganisation } from './registry.store.js';

export async function createOrganisation(context: AppContext, actor: Actor, input: OrganisationInput): Promise<Organisation> {
  authorise(actor, 'organisation.write');
  return inTransaction(context, (trx) => addOrganisation(trx, actor, context.clock.now(), input));
}

export async function addOrganisation(trx: Kysely<Database>, actor: Actor, now: Date, input: OrganisationInput): Promise<Organisation> {
  if ((await findOrganisationIdByLegalName(trx, input.legalName)) !== undefined) {
    throw new DomainError('duplicate_name', `an organisation named "${input.legalName}" is already registered`, { field: 'legalName' });
  }
  const parentId = input.parentId ?? null;
  if (parentId !== null && (await findOrganisation(trx, parentId)) === undefined) {
    throw new DomainError('unknown_reference', `no organisation ${parentId} to be the parent`, { field: 'parentId' });
  }
  const timestamp = now.toISOString();
  const chineseName = input.chineseName ?? null;
  const organisation: Organisation = {
    id: newId(now),
    legalName: input.legalName,
    chineseName,
    pinyinName: input.pinyinName ?? (chineseName === null ? null : pinyinOf(chineseName)),
    aliases: input.aliases ?? [],
    category: input.category,
    parentId,
    status: input.status ?? 'active',
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  await insertOrganisation(trx, organisation);
  await recordAuditEvent(trx, actor, now, { eventType: 'organisation.created', subjectType: 'organisation', subjectId: organisation.id, before: null, after: organisation });
  return organisation;
}
