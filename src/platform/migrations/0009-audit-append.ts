/**
 * A cheaper audit append: every entry used to update four B-trees on SQLite (the table, an index
 * for `sequence` — declared `bigint primary key`, which SQLite does not treat as the rowid — a
 * unique index on `id`, and the subject index). Nothing looks an entry up by `id` (ids are
 * UUIDv7, unique by construction; the chain is walked and queried by sequence and subject), so:
 *   - SQLite: the table is rebuilt with `sequence integer primary key`, the rowid itself, and
 *     without the unique index on `id`; rows are copied unchanged, so the chain and every hash
 *     stay valid;
 *   - PostgreSQL: the unique constraint on `id` is dropped (its primary key is already the table's
 *     one index on `sequence`).
 * Frozen in time.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const COLUMNS = 'sequence, id, occurred_at, actor_id, actor_role, event_type, subject_type, subject_id, before_json, after_json, previous_hash, hash';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table audit_entries drop constraint if exists audit_entries_id_key`.execute(db);
    return;
  }
  await rebuildSqliteTable(db, 'integer primary key', 'text not null');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table audit_entries add constraint audit_entries_id_key unique (id)`.execute(db);
    return;
  }
  await rebuildSqliteTable(db, 'bigint primary key', 'text not null unique');
}

async function rebuildSqliteTable(db: Kysely<any>, sequenceType: string, idType: string): Promise<void> {
  await sql
    .raw(
      `create table audit_entries_rebuilt (
        sequence ${sequenceType},
        id ${idType},
        occurred_at text not null,
        actor_id text not null,
        actor_role text not null,
        event_type text not null,
        subject_type text not null,
        subject_id text not null,
        before_json text,
        after_json text,
        previous_hash text not null,
        hash text not null
      )`,
    )
    .execute(db);
  await sql.raw(`insert into audit_entries_rebuilt (${COLUMNS}) select ${COLUMNS} from audit_entries order by sequence`).execute(db);
  await sql`drop table audit_entries`.execute(db);
  await sql`alter table audit_entries_rebuilt rename to audit_entries`.execute(db);
  await sql`create index audit_entries_subject on audit_entries (subject_type, subject_id)`.execute(db);
}
