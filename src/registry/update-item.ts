/** Use case: a policy-admin corrects a catalogue entry, naming the version they read. */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, definedOnly, ensureVersion, nextVersionOf } from '../platform/versioning.js';
import type { ControlledItem } from './item.js';
import type { ItemPatch } from './registry.schema.js';
import { findItem, findItemIdByName, updateItemRow } from './registry.store.js';

export async function updateItem(context: AppContext, actor: Actor, id: string, expectedVersion: number, patch: ItemPatch): Promise<ControlledItem> {
  authorise(actor, 'item.write');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await findItem(trx, id);
    if (current === undefined) throw new DomainError('item_not_found', `no controlled item ${id}`, { field: 'id' });
    ensureVersion(current, expectedVersion, 'item');
    if (patch.name !== undefined && patch.name !== current.name) {
      const holder = await findItemIdByName(trx, patch.name);
      if (holder !== undefined) throw new DomainError('duplicate_name', `an item named "${patch.name}" is already in the catalogue`, { field: 'name' });
    }
    const updated = nextVersionOf(current, definedOnly(patch), now);
    if (!(await updateItemRow(trx, updated, expectedVersion))) throw concurrentChange('item');
    await recordAuditEvent(trx, actor, now, { eventType: 'item.updated', subjectType: 'item', subjectId: id, before: current, after: updated });
    return updated;
  });
}
