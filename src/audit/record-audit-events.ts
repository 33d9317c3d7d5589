/**
 * Appends audit entries inside the caller's transaction, so that a change and its audit entry
 * commit or roll back together. Every mutation in Gatehouse calls this.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import type { Database } from '../platform/database-tables.js';
import { newId } from '../platform/ids.js';
import { AUDIT_EVENT_TYPES, hashAuditEntry, toStoredJson, type AuditEntry, type AuditEvent } from './audit-event.js';
import { advanceChainHead, insertEntries, lockChainHead } from './audit.store.js';

/** A bound on one append, as on every batch: a larger one is a programming error. */
export const AUDIT_BATCH_MAX = 1_000_000;

const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(AUDIT_EVENT_TYPES);

export async function recordAuditEvents(trx: Kysely<Database>, actor: Actor, now: Date, events: readonly AuditEvent[]): Promise<AuditEntry[]> {
  assert(events.length <= AUDIT_BATCH_MAX, `audit batch of ${events.length} exceeds ${AUDIT_BATCH_MAX}`);
  if (events.length === 0) return [];
  const head = await lockChainHead(trx);
  const occurredAt = now.toISOString();
  const entries: AuditEntry[] = [];
  let previousHash = head.lastHash;
  let sequence = head.lastSequence;
  for (const event of events) {
    assert(KNOWN_EVENT_TYPES.has(event.eventType), `unknown audit event type ${event.eventType}`);
    sequence += 1;
    const entry: AuditEntry = {
      sequence,
      id: newId(now),
      occurredAt,
      actorId: actor.id,
      actorRole: actor.role,
      eventType: event.eventType,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      beforeJson: toStoredJson(event.before),
      afterJson: toStoredJson(event.after),
      previousHash,
      hash: '',
    };
    entry.hash = hashAuditEntry(entry);
    entries.push(entry);
    previousHash = entry.hash;
  }
  await insertEntries(trx, entries);
  await advanceChainHead(trx, sequence, previousHash);
  return entries;
}

export async function recordAuditEvent(trx: Kysely<Database>, actor: Actor, now: Date, event: AuditEvent): Promise<AuditEntry> {
  const [entry] = await recordAuditEvents(trx, actor, now, [event]);
  assert(entry !== undefined, 'one event gives one entry');
  return entry;
}
