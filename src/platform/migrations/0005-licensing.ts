/**
 * Licences, the vendors each permits, and the per-year serial counter behind licence numbers.
 * Frozen in time, like every migration.
 */
import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('licences')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('number', 'text', (column) => column.notNull().unique())
    .addColumn('year', 'integer', (column) => column.notNull())
    .addColumn('serial', 'bigint', (column) => column.notNull())
    // No foreign key: applications are created by a later migration, and a licence issued by an
    // allocation round has none. Unique, so that one application never yields two licences.
    .addColumn('application_id', 'text', (column) => column.unique())
    .addColumn('organisation_id', 'text', (column) => column.notNull().references('organisations.id'))
    .addColumn('item_id', 'text', (column) => column.notNull().references('items.id'))
    .addColumn('facility_id', 'text', (column) => column.references('facilities.id'))
    .addColumn('quantity', 'bigint', (column) => column.notNull())
    .addColumn('valid_from', 'text', (column) => column.notNull())
    .addColumn('valid_until', 'text', (column) => column.notNull())
    .addColumn('conditions_json', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('state_reason', 'text')
    .addColumn('policy_hash', 'text', (column) => column.notNull())
    .addColumn('purchase_order_window_days', 'integer', (column) => column.notNull())
    .addColumn('attestation_interval_days', 'integer', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('licences_year_serial', ['year', 'serial'])
    .execute();
  await db.schema.createIndex('licences_organisation').on('licences').columns(['organisation_id', 'id']).execute();
  await db.schema.createIndex('licences_item').on('licences').columns(['item_id', 'id']).execute();
  // The expiry sweep looks for active and suspended licences whose validity has ended.
  await db.schema.createIndex('licences_state_valid_until').on('licences').columns(['state', 'valid_until']).execute();
  // Grants in a period are licences by the time they were issued.
  await db.schema.createIndex('licences_created_at').on('licences').column('created_at').execute();

  await db.schema
    .createTable('licence_permitted_vendors')
    .addColumn('licence_id', 'text', (column) => column.notNull().references('licences.id').onDelete('cascade'))
    .addColumn('vendor_organisation_id', 'text', (column) => column.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('licence_permitted_vendors_pk', ['licence_id', 'vendor_organisation_id'])
    .execute();
  await db.schema.createIndex('licence_permitted_vendors_vendor').on('licence_permitted_vendors').columns(['vendor_organisation_id', 'licence_id']).execute();

  await db.schema
    .createTable('licence_serials')
    .addColumn('year', 'integer', (column) => column.primaryKey())
    .addColumn('last_serial', 'bigint', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('licence_serials').execute();
  await db.schema.dropTable('licence_permitted_vendors').execute();
  await db.schema.dropTable('licences').execute();
}
