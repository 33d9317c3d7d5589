/** Use case: a policy-admin amends an organisation (names, category, group, status). */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, definedOnly, ensureVersion, nextVersionOf } from '../platform/versioning.js';
import { pinyinOf, wouldCreateGroupCycle, type Organisation } from './organisation.js';
import type { OrganisationPatch } from './registry.schema.js';
import { findOrganisation, findOrganisationIdByLegalName, readParentLinks, updateOrganisationRow } from './registry.store.js';

export async function updateOrganisation(context: AppContext, actor: Actor, id: string, expectedVersion: number, patch: OrganisationPatch): Promise<Organisation> {
  authorise(actor, 'organisation.write');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await findOrganisation(trx, id);
    if (current === undefined) throw new DomainError('organisation_not_found', `no organisation ${id}`, { field: 'id' });
    ensureVersion(current, expectedVersion, 'organisation');
    if (patch.legalName !== undefined && patch.legalName !== current.legalName && (await findOrganisationIdByLegalName(trx, patch.legalName)) !== undefined) {
      throw new DomainError('duplicate_name', `an organisation named "${patch.legalName}" is already registered`, { field: 'legalName' });
    }
    if (patch.parentId !== undefined && patch.parentId !== null) {
      const links = await readParentLinks(trx);
      if (!links.has(patch.parentId)) throw new DomainError('unknown_reference', `no organisation ${patch.parentId} to be the parent`, { field: 'parentId' });
      if (wouldCreateGroupCycle(id, patch.parentId, (organisationId) => links.get(organisationId))) {
        throw new DomainError('invalid_value', 'an organisation cannot be placed inside its own group', { field: 'parentId' });
      }
    }
    const changes = definedOnly(patch);
    // A new Chinese name without a new pinyin gets its pinyin derived again, so the two never disagree.
    if (patch.chineseName !== undefined && patch.pinyinName === undefined) {
      changes.pinyinName = patch.chineseName === null ? null : pinyinOf(patch.chineseName);
    }
    const updated = nextVersionOf(current, changes as Partial<Organisation>, now);
    if (!(await updateOrganisationRow(trx, updated, expectedVersion))) throw concurrentChange('organisation');
    await recordAuditEvent(trx, actor, now, { eventType: 'organisation.updated', subjectType: 'organisation', subjectId: id, before: current, after: updated });
    return updated;
  });
}
