/**
 * Listing a vendor's reservations, newest first (GET /api/v1/reservations): a partial index on
 * the reservations' units transfers by the vendor reference the shipments module records on them
 * and commit order. Only pending transfers' units rows enter it (one entry per reservation), so
 * the ledger's other writes do not pay for it. Frozen in time.
 */
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ledger_transfers_reservations_by_reference')
    .on('ledger_transfers')
    .columns(['reference', 'sequence'])
    .where(sql.ref('pending_status'), 'is not', null)
    .where(sql.ref('dimension'), '=', sql.lit('units'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_transfers_reservations_by_reference').execute();
}
