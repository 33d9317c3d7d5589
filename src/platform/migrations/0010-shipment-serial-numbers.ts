/**
 * Serial numbers of shipped units: one row per serial number per item, written in the same
 * transaction as the shipment's ledger post. The primary key (item, serial number) is what makes
 * shipping the same physical unit twice impossible, even from two server processes at once; the
 * reservation index reads a shipment's serial numbers back. Frozen in time.
 */
import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shipment_serial_numbers')
    .addColumn('item_id', 'text', (column) => column.notNull())
    .addColumn('serial_number', 'text', (column) => column.notNull())
    .addColumn('reservation_id', 'text', (column) => column.notNull())
    .addColumn('licence_id', 'text', (column) => column.notNull())
    // Its place in the shipment's list, so that it reads back in the order the vendor gave.
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('shipped_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('shipment_serial_numbers_pk', ['item_id', 'serial_number'])
    .execute();
  await db.schema.createIndex('shipment_serial_numbers_reservation').on('shipment_serial_numbers').columns(['reservation_id', 'position']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shipment_serial_numbers').execute();
}
