/** Policy versions (immutable) and holds placed between versions. Frozen in time. */
import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policy_versions')
    .addColumn('hash', 'text', (column) => column.primaryKey())
    .addColumn('policy_id', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('effective_from', 'text', (column) => column.notNull())
    .addColumn('period_start', 'text', (column) => column.notNull())
    .addColumn('period_end', 'text', (column) => column.notNull())
    .addColumn('canonical_json', 'text', (column) => column.notNull())
    .addColumn('source_text', 'text', (column) => column.notNull())
    .addColumn('published_at', 'text', (column) => column.notNull())
    .addColumn('published_by', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('policy_versions_line').on('policy_versions').columns(['policy_id', 'effective_from', 'published_at']).execute();

  await db.schema
    .createTable('policy_holds')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('policy_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('scope_json', 'text', (column) => column.notNull())
    .addColumn('starts_at', 'text', (column) => column.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('reason_code', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('reason_chinese', 'text')
    .addColumn('placed_by', 'text', (column) => column.notNull())
    .addColumn('placed_at', 'text', (column) => column.notNull())
    .addColumn('lifted_by', 'text')
    .addColumn('lifted_at', 'text')
    .addColumn('version', 'integer', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('policy_holds_line').on('policy_holds').column('policy_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_holds').execute();
  await db.schema.dropTable('policy_versions').execute();
}
