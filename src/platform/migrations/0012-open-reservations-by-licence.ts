/**
 * A licence's open reservations by when they lapse: the partial index of pending transfers by
 * licence becomes (licence_id, expires_at), so that "this licence's reservations that have lapsed
 * but are not yet swept" (the public licence check and a licence's balance count them as
 * available again) is a range read of those rows alone, and every read by licence still finds its
 * prefix. The same number of index entries per write as before. Frozen in time.
 */
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_transfers_open_licence').execute();
  await db.schema
    .createIndex('ledger_transfers_open_licence_expiry')
    .on('ledger_transfers')
    .columns(['licence_id', 'expires_at'])
    .where(sql.ref('pending_status'), '=', sql.lit('pending'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_transfers_open_licence_expiry').execute();
  await db.schema
    .createIndex('ledger_transfers_open_licence')
    .on('ledger_transfers')
    .column('licence_id')
    .where(sql.ref('pending_status'), '=', sql.lit('pending'))
    .execute();
}
