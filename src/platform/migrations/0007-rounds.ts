/**
 * Allocation rounds: the round (its settings, state and the stored preview, commitment and
 * re-run, each as canonical JSON so that anyone can recompute them) and one row per application
 * the commitment decided (its grant, licence, withdrawal and top-up). Frozen in time.
 */
import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('allocation_rounds')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('title', 'text', (column) => column.notNull())
    // The policy version in force when the round was opened; no foreign key, like licences.
    .addColumn('policy_hash', 'text', (column) => column.notNull())
    .addColumn('item_id', 'text', (column) => column.notNull().references('items.id'))
    .addColumn('budget', 'bigint', (column) => column.notNull())
    .addColumn('method', 'text', (column) => column.notNull())
    .addColumn('settings_json', 'text', (column) => column.notNull())
    .addColumn('cut_off', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('opened_by', 'text', (column) => column.notNull())
    .addColumn('preview_json', 'text')
    .addColumn('previewed_by', 'text')
    .addColumn('previewed_at', 'text')
    .addColumn('commitment_json', 'text')
    .addColumn('committed_by', 'text')
    .addColumn('committed_at', 'text')
    .addColumn('withdrawals_close_at', 'text')
    .addColumn('rerun_json', 'text')
    .addColumn('rerun_by', 'text')
    .addColumn('rerun_at', 'text')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('allocation_rounds_state').on('allocation_rounds').columns(['state', 'id']).execute();
  await db.schema.createIndex('allocation_rounds_item').on('allocation_rounds').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('allocation_round_grants')
    .addColumn('round_id', 'text', (column) => column.notNull().references('allocation_rounds.id'))
    // No foreign key to applications, like licences: the round keeps its record as decided.
    .addColumn('application_id', 'text', (column) => column.notNull())
    .addColumn('organisation_id', 'text', (column) => column.notNull().references('organisations.id'))
    .addColumn('granted_units', 'bigint', (column) => column.notNull())
    .addColumn('licence_id', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('top_up_units', 'bigint')
    .addColumn('top_up_licence_id', 'text')
    .addPrimaryKeyConstraint('allocation_round_grants_pk', ['round_id', 'application_id'])
    .execute();
  // Which round decided an application; and an organisation's grants, for its applicants.
  await db.schema.createIndex('allocation_round_grants_application').on('allocation_round_grants').column('application_id').execute();
  await db.schema.createIndex('allocation_round_grants_organisation').on('allocation_round_grants').columns(['organisation_id', 'round_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('allocation_round_grants').execute();
  await db.schema.dropTable('allocation_rounds').execute();
}
