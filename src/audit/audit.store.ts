/**
 * Queries of the audit log. The chain head is one row; appenders lock it with a no-op UPDATE …
 * RETURNING, which takes a row lock on PostgreSQL and the write lock on SQLite, so that two
 * transactions can never extend the chain from the same entry (a fork).
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { rawSqliteOf } from '../platform/dialect.js';
import type { AuditEntryTable, Database } from '../platform/database-tables.js';
import type { AuditEntry } from './audit-event.js';

/** Rows per INSERT statement: large enough to amortise the statement, small enough to bound memory. */
const INSERT_CHUNK_ROWS = 5_000;

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

/**
 * Inserts a batch of entries. On SQLite through one prepared statement run per row on the raw
 * handle, inside the caller's transaction: the query builder would compile thousands of bound
 * parameters per chunk, and unpacking a JSON batch in SQL re-parses it for every column. On
 * PostgreSQL, one statement per chunk whose single parameter is the chunk as JSON.
 */
export async function insertEntries(trx: Kysely<Database>, entries: readonly AuditEntry[]): Promise<void> {
  const sqlite = rawSqliteOf(trx);
  if (sqlite !== null) {
    const statement = insertStatementOf(sqlite);
    for (const entry of entries) {
      statement.run(entry.sequence, entry.id, entry.occurredAt, entry.actorId, entry.actorRole, entry.eventType, entry.subjectType, entry.subjectId, entry.beforeJson, entry.afterJson, entry.previousHash, entry.hash);
    }
    return;
  }
  for (let start = 0; start < entries.length; start += INSERT_CHUNK_ROWS) {
    const chunk = entries.slice(start, start + INSERT_CHUNK_ROWS);
    const payload = JSON.stringify(
      chunk.map((entry) => [entry.sequence, entry.id, entry.occurredAt, entry.actorId, entry.actorRole, entry.eventType, entry.subjectType, entry.subjectId, entry.beforeJson, entry.afterJson, entry.previousHash, entry.hash]),
    );
    await sql`insert into audit_entries (${sql.raw(COLUMN_LIST)})
      select (e->>0)::bigint, e->>1, e->>2, e->>3, e->>4, e->>5, e->>6, e->>7, e->>8, e->>9, e->>10, e->>11
      from json_array_elements(${payload}::json) as e`.execute(trx);
  }
}

const COLUMN_LIST = 'sequence, id, occurred_at, actor_id, actor_role, event_type, subject_type, subject_id, before_json, after_json, previous_hash, hash';

/** Every mutation appends: preparing the insert once per connection, not once per append, counts. */
const insertStatements = new WeakMap<SQLite.Database, SQLite.Statement>();

function insertStatementOf(sqlite: SQLite.Database): SQLite.Statement {
  let statement = insertStatements.get(sqlite);
  if (statement === undefined) {
    statement = sqlite.prepare(`insert into audit_entries (${COLUMN_LIST}) values (?,?,?,?,?,?,?,?,?,?,?,?)`);
    insertStatements.set(sqlite, statement);
  }
  return statement;
}

export async function advanceChainHead(trx: Kysely<Database>, lastSequence: number, lastHash: string): Promise<void> {
  await trx.updateTable('audit_chain_head').set({ last_sequence: lastSequence, last_hash: lastHash }).where('id', '=', 1).execute();
}

export async function readEntriesAfter(db: Kysely<Database>, afterSequence: number, limit: number): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_entries').selectAll().where('sequence', '>', afterSequence).orderBy('sequence').limit(limit).execute();
  return rows.map(fromRow);
}

/**
 * The chain read for verification, in pages, as arrays rather than objects where the driver allows
 * (better-sqlite3's raw mode): verifying reads every entry ever written, so the cost per row counts.
 */
export function readEntryPagesForVerification(sqlite: SQLite.Database | null, db: Kysely<Database>, pageRows: number): AsyncIterable<AuditEntry[]> | Iterable<AuditEntry[]> {
  if (sqlite === null) {
    return (async function* pages() {
      let after = 0;
      for (;;) {
        const page = await readEntriesAfter(db, after, pageRows);
        if (page.length === 0) return;
        yield page;
        after = page.at(-1)!.sequence;
      }
    })();
  }
  const statement = sqlite.prepare(`select ${COLUMN_LIST} from audit_entries where sequence > ? order by sequence limit ?`).raw(true);
  return (function* pages() {
    let after = 0;
    for (;;) {
      const rows = statement.all(after, pageRows) as [number, string, string, string, string, string, string, string, string | null, string | null, string, string][];
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        sequence: row[0],
        id: row[1],
        occurredAt: row[2],
        actorId: row[3],
        actorRole: row[4],
        eventType: row[5],
        subjectType: row[6],
        subjectId: row[7],
        beforeJson: row[8],
        afterJson: row[9],
        previousHash: row[10],
        hash: row[11],
      }));
      after = rows.at(-1)![0];
    }
  })();
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
