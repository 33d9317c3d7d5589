/**
 * One row per movement in the ledger's log. Every movement of the flows is a units transfer and
 * its TPP twin ("<movement>:units", "<movement>:tpp", the same accounts but for the dimension, the
 * same code, references, timeout and time), so the twin is now written into its units transfer's
 * row: its amount, its flags (they differ in `linked`) and its pending status. Everything else
 * about the twin follows from the units transfer (ledger/ledger.store.ts). A row costs the same
 * whatever its width, so this halves what each reservation writes: half the rows, half the index
 * entries.
 *
 * Rows written before stay as they were (a units row and a TPP row): the store reads both shapes.
 * A transfer that is not a flow's twin is still written as a row of its own.
 *
 * The twin's pending status is its own column, so that resolving only one transfer of a pair (the
 * engine allows it; the flows never do it) stays exact: the partial indexes below find the rare
 * rows whose twin is still pending while their units transfer is not. Frozen in time.
 */
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ledger_transfers').addColumn('twin_amount', 'bigint').execute();
  await db.schema.alterTable('ledger_transfers').addColumn('twin_flags', 'integer').execute();
  await db.schema.alterTable('ledger_transfers').addColumn('twin_pending_status', 'text').execute();
  // Every transfer id stays unique although a twin's id is in no column: this index holds the TPP
  // id of every row that has one, the twin's (derived from its units transfer's "…:units") or a
  // TPP transfer's stored on its own (rows written before, or not a flow's twin), so the database
  // refuses a second transfer with the same TPP id whichever shape either is stored in.
  await db.schema
    .createIndex('ledger_transfers_tpp_id')
    .on('ledger_transfers')
    .unique()
    .expression(sql`(case when twin_amount is null then id else substr(id, 1, length(id) - 6) || ':tpp' end)`)
    .where(sql<boolean>`twin_amount is not null or id like '%:tpp'`)
    .execute();
  // Both normally empty: a row enters them only while its twin alone is open. The first serves
  // the lapse sweep (oldest first), the second a licence's open reservations.
  await db.schema.createIndex('ledger_transfers_open_twin_expiry').on('ledger_transfers').column('expires_at').where(OPEN_TWIN_ONLY).execute();
  await db.schema.createIndex('ledger_transfers_open_twin_licence').on('ledger_transfers').columns(['licence_id', 'expires_at']).where(OPEN_TWIN_ONLY).execute();
}

const OPEN_TWIN_ONLY = sql<boolean>`twin_pending_status = 'pending' and (pending_status is null or pending_status <> 'pending')`;

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_transfers_open_twin_licence').execute();
  await db.schema.dropIndex('ledger_transfers_tpp_id').execute();
  await db.schema.dropIndex('ledger_transfers_open_twin_expiry').execute();
  await db.schema.alterTable('ledger_transfers').dropColumn('twin_pending_status').execute();
  await db.schema.alterTable('ledger_transfers').dropColumn('twin_flags').execute();
  await db.schema.alterTable('ledger_transfers').dropColumn('twin_amount').execute();
}
