/**
 * Queries of the audit log. The chain head is one row; appenders lock it with a no-op UPDATE …
 * RETURNING, which takes a row lock on PostgreSQL and the write lock on SQLite, so that two
 * transactions can never extend the chain from the same entry (a fork).
 */
import type { Kysely } from 'kysely';
import type { AuditEntryTable, Database } from '../platform/database-tables.js';
import type { AuditEntry } from './audit-event.js';

/** Rows per INSERT: 12 columns × 500 stays well under SQLite's 32,766 bound parameters. */
const INSERT_CHUNK_ROWS = 500;

export async function lockChainHead(trx: Kysely<Database>): Promise<{ lastSequence: number; lastHash: string }> {
  const head = await trx
    .updateTable('audit_chain_head')
    .set((eb) => ({ last_sequence: eb.ref('last_sequence') }))
    .where('id', '=', 1)
    .returning(['last_sequence', 'last_hash'])
    .executeTakeFirstOrThrow();
  return { lastSequence: Number(head.last_sequence), lastHash: head.last_hash };
}

export async function readChainHead(db: Kysely<Database>): Promise<{ lastSequence: number; lastHash: string }> {
  const head = await db.selectFrom('audit_chain_head').select(['last_sequence', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { lastSequence: Number(head.last_sequence), lastHash: head.last_hash };
}

export async function insertEntries(trx: Kysely<Database>, entries: readonly AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += INSERT_CHUNK_ROWS) {
    await trx.insertInto('audit_entries').values(entries.slice(start, start + INSERT_CHUNK_ROWS).map(toRow)).execute();
  }
}

export async function advanceChainHead(trx: Kysely<Database>, lastSequence: number, lastHash: string): Promise<void> {
  await trx.updateTable('audit_chain_head').set({ last_sequence: lastSequence, last_hash: lastHash }).where('id', '=', 1).execute();
}

export async function readEntriesAfter(db: Kysely<Database>, afterSequence: number, limit: number): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_entries').selectAll().where('sequence', '>', afterSequence).orderBy('sequence').limit(limit).execute();
  return rows.map(fromRow);
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  afterSequence: number;
  limit: number;
}

export async function queryEntries(db: Kysely<Database>, query: AuditQuery): Promise<AuditEntry[]> {
  let builder = db.selectFrom('audit_entries').selectAll().where('sequence', '>', query.afterSequence);
  if (query.subjectType !== undefined) builder = builder.where('subject_type', '=', query.subjectType);
  if (query.subjectId !== undefined) builder = builder.where('subject_id', '=', query.subjectId);
  const rows = await builder.orderBy('sequence').limit(query.limit).execute();
  return rows.map(fromRow);
}

function toRow(entry: AuditEntry): AuditEntryTable {
  return {
    sequence: entry.sequence,
    id: entry.id,
    occurred_at: entry.occurredAt,
    actor_id: entry.actorId,
    actor_role: entry.actorRole,
    event_type: entry.eventType,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    before_json: entry.beforeJson,
    after_json: entry.afterJson,
    previous_hash: entry.previousHash,
    hash: entry.hash,
  };
}

function fromRow(row: AuditEntryTable): AuditEntry {
  return {
    sequence: Number(row.sequence),
    id: row.id,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    eventType: row.event_type,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
