/**
 * Frozen in time: a migration never imports application code and is never edited after it has
 * shipped; a change is a new migration. `Kysely<any>` on purpose, as Kysely recommends.
 */
import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_entries')
    .addColumn('sequence', 'bigint', (column) => column.primaryKey())
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('occurred_at', 'text', (column) => column.notNull())
    .addColumn('actor_id', 'text', (column) => column.notNull())
    .addColumn('actor_role', 'text', (column) => column.notNull())
    .addColumn('event_type', 'text', (column) => column.notNull())
    .addColumn('subject_type', 'text', (column) => column.notNull())
    .addColumn('subject_id', 'text', (column) => column.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('previous_hash', 'text', (column) => column.notNull())
    .addColumn('hash', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('audit_entries_subject').on('audit_entries').columns(['subject_type', 'subject_id']).execute();

  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('last_sequence', 'bigint', (column) => column.notNull())
    .addColumn('last_hash', 'text', (column) => column.notNull())
    .execute();
  // The chain starts from a fixed genesis hash (64 zeros) so that the first entry is checked too.
  await db.insertInto('audit_chain_head').values({ id: 1, last_sequence: 0, last_hash: '0'.repeat(64) }).execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('vendor', 'text', (column) => column.notNull())
    .addColumn('classification_code', 'text', (column) => column.notNull())
    .addColumn('family', 'text', (column) => column.notNull())
    .addColumn('origin', 'text', (column) => column.notNull())
    .addColumn('tpp', 'bigint', (column) => column.notNull())
    .addColumn('memory_gb', 'bigint', (column) => column.notNull())
    .addColumn('memory_bandwidth_gb_per_second', 'bigint', (column) => column.notNull())
    .addColumn('units_per_package', 'bigint', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('legal_name', 'text', (column) => column.notNull().unique())
    .addColumn('chinese_name', 'text')
    .addColumn('pinyin_name', 'text')
    .addColumn('aliases_json', 'text', (column) => column.notNull())
    .addColumn('category', 'text', (column) => column.notNull())
    .addColumn('parent_id', 'text', (column) => column.references('organisations.id'))
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('organisations_parent').on('organisations').column('parent_id').execute();

  await db.schema
    .createTable('facilities')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organisation_id', 'text', (column) => column.notNull().references('organisations.id'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('region', 'text', (column) => column.notNull())
    .addColumn('latitude', 'double precision', (column) => column.notNull())
    .addColumn('longitude', 'double precision', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('facilities_organisation_name', ['organisation_id', 'name'])
    .execute();

  await db.schema
    .createTable('fleet_declarations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organisation_id', 'text', (column) => column.notNull().references('organisations.id'))
    .addColumn('as_of', 'text', (column) => column.notNull())
    .addColumn('domestic_units_committed', 'bigint', (column) => column.notNull())
    .addColumn('period_start', 'text', (column) => column.notNull())
    .addColumn('period_end', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('fleet_declarations_organisation_as_of', ['organisation_id', 'as_of'])
    .execute();

  await db.schema
    .createTable('fleet_holdings')
    .addColumn('fleet_declaration_id', 'text', (column) => column.notNull().references('fleet_declarations.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (column) => column.notNull().references('items.id'))
    .addColumn('installed_units', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('fleet_holdings_pk', ['fleet_declaration_id', 'item_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['fleet_holdings', 'fleet_declarations', 'facilities', 'organisations', 'items', 'audit_chain_head', 'audit_entries']) {
    await db.schema.dropTable(table).execute();
  }
}
