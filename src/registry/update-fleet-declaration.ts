/** Use case: correct a fleet declaration, naming the version read. */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise, mayActFor } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, definedOnly, ensureVersion, nextVersionOf } from '../platform/versioning.js';
import { ensureItemsExist, sortHoldings, throwFirstProblem } from './declare-fleet.js';
import { checkFleetDeclaration, type FleetDeclaration } from './fleet-declaration.js';
import type { FleetDeclarationPatch } from './registry.schema.js';
import { findFleetDeclaration, findFleetDeclarationId, updateFleetDeclarationRow } from './registry.store.js';

export async function updateFleetDeclaration(
  context: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  patch: FleetDeclarationPatch,
): Promise<FleetDeclaration> {
  authorise(actor, 'fleet.declare');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await findFleetDeclaration(trx, id);
    if (current === undefined || !mayActFor(actor, current.organisationId)) {
      throw new DomainError('fleet_declaration_not_found', `no fleet declaration ${id}`, { field: 'id' });
    }
    ensureVersion(current, expectedVersion, 'fleet declaration');
    const changes = definedOnly(patch);
    if (changes.holdings !== undefined) changes.holdings = sortHoldings(changes.holdings);
    const updated = nextVersionOf(current, changes, now);
    throwFirstProblem(checkFleetDeclaration(updated));
    await ensureItemsExist(trx, updated.holdings);
    if (updated.asOf !== current.asOf && (await findFleetDeclarationId(trx, current.organisationId, updated.asOf)) !== undefined) {
      throw new DomainError('duplicate_record', `the organisation already declared its fleet as of ${updated.asOf}`, { field: 'asOf' });
    }
    if (!(await updateFleetDeclarationRow(trx, updated, expectedVersion))) throw concurrentChange('fleet declaration');
    await recordAuditEvent(trx, actor, now, { eventType: 'fleet-declaration.updated', subjectType: 'fleet-declaration', subjectId: id, before: current, after: updated });
    return updated;
  });
}
