/**
 * Serial numbers of shipped units (migration 0010): unique per item, so that one physical unit
 * cannot ship twice. Written in the ledger batch's transaction beside the shipment's post.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database-tables.js';

/** Serial numbers per IN list: bounds a statement's size on both dialects. */
const SERIALS_PER_STATEMENT = 500;

export interface ShippedSerialNumber {
  serialNumber: string;
  reservationId: string;
}

/** Which of these serial numbers of the item have already shipped, and under which reservation. */
export async function findShippedSerialNumbers(db: Kysely<Database>, itemId: string, serialNumbers: readonly string[]): Promise<ShippedSerialNumber[]> {
  const found: ShippedSerialNumber[] = [];
  for (let start = 0; start < serialNumbers.length; start += SERIALS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('shipment_serial_numbers')
      .select(['serial_number', 'reservation_id'])
      .where('item_id', '=', itemId)
      .where('serial_number', 'in', serialNumbers.slice(start, start + SERIALS_PER_STATEMENT))
      .execute();
    for (const row of rows) found.push({ serialNumber: row.serial_number, reservationId: row.reservation_id });
  }
  return found;
}

export async function insertSerialNumbers(
  trx: Kysely<Database>,
  shipment: { itemId: string; reservationId: string; licenceId: string; shippedAt: string },
  serialNumbers: readonly string[],
): Promise<void> {
  // Seven columns a row: 100 rows a statement keeps well under SQLite's 32,766 parameters.
  for (let start = 0; start < serialNumbers.length; start += 100) {
    await trx
      .insertInto('shipment_serial_numbers')
      .values(
        serialNumbers.slice(start, start + 100).map((serialNumber, offset) => ({
          item_id: shipment.itemId,
          serial_number: serialNumber,
          reservation_id: shipment.reservationId,
          licence_id: shipment.licenceId,
          position: start + offset,
          shipped_at: shipment.shippedAt,
        })),
      )
      .execute();
  }
}

/** A shipment's serial numbers, in the order the vendor gave them. */
export async function readSerialNumbers(db: Kysely<Database>, reservationId: string): Promise<string[]> {
  const rows = await db.selectFrom('shipment_serial_numbers').select('serial_number').where('reservation_id', '=', reservationId).orderBy('position').execute();
  return rows.map((row) => row.serial_number);
}
