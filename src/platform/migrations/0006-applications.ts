/** Applications and their workflow. Frozen in time. */
import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organisation_id', 'text', (column) => column.notNull().references('organisations.id'))
    .addColumn('item_id', 'text', (column) => column.notNull().references('items.id'))
    .addColumn('facility_id', 'text', (column) => column.notNull().references('facilities.id'))
    .addColumn('quantity', 'bigint', (column) => column.notNull())
    .addColumn('end_use', 'text', (column) => column.notNull())
    .addColumn('justification', 'text', (column) => column.notNull())
    .addColumn('domestic_justification', 'text')
    .addColumn('delivery_from', 'text', (column) => column.notNull())
    .addColumn('delivery_until', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('policy_hash', 'text')
    .addColumn('evaluation_json', 'text')
    .addColumn('needs_second_approver', 'integer', (column) => column.notNull())
    .addColumn('reviewer_id', 'text')
    .addColumn('recommendation_json', 'text')
    .addColumn('first_approval_json', 'text')
    .addColumn('decision_json', 'text')
    .addColumn('information_request_json', 'text')
    .addColumn('granted_quantity', 'bigint')
    .addColumn('licence_id', 'text')
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('applications_queue').on('applications').columns(['state', 'submitted_at']).execute();
  await db.schema.createIndex('applications_organisation').on('applications').columns(['organisation_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('applications').execute();
}
