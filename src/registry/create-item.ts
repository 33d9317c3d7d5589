/** Use case: a policy-admin adds a controlled item to the catalogue. */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { ControlledItem } from './item.js';
import type { ItemInput } from './registry.schema.js';
import { findItemIdByName, insertItem } from './registry.store.js';

export async function createItem(context: AppContext, actor: Actor, input: ItemInput): Promise<ControlledItem> {
  authorise(actor, 'item.write');
  return inTransaction(context, (trx) => addItem(trx, actor, context.clock.now(), input));
}

/** The change itself, inside the caller's transaction (also used by the registry import). */
export async function addItem(trx: Kysely<Database>, actor: Actor, now: Date, input: ItemInput): Promise<ControlledItem> {
  if ((await findItemIdByName(trx, input.name)) !== undefined) {
    throw new DomainError('duplicate_name', `an item named "${input.name}" is already in the catalogue`, { field: 'name' });
  }
  const timestamp = now.toISOString();
  const item: ControlledItem = {
    id: newId(now),
    name: input.name,
    vendor: input.vendor,
    classificationCode: input.classificationCode,
    family: input.family ?? input.name,
    origin: input.origin,
    tpp: input.tpp,
    memoryGb: input.memoryGb,
    memoryBandwidthGbPerSecond: input.memoryBandwidthGbPerSecond,
    unitsPerPackage: input.unitsPerPackage ?? 1,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  await insertItem(trx, item);
  await recordAuditEvent(trx, actor, now, { eventType: 'item.created', subjectType: 'item', subjectId: item.id, before: null, after: item });
  return item;
}
