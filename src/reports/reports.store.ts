/**
 * The reporting read model: aggregate figures across modules, each computed by the database in
 * one statement (counts and sums), never by loading rows.
 *
 * A deliberate exception to "a module reads only its own tables": reports read the applications'
 * decisions, the licences' terms and the quota ledger's transfers and account totals together,
 * read-only, because the figures join them and a use case per module would have to load every
 * licence to join them in code. Only columns that are never rewritten with another meaning are
 * read (states, quantities, transfer codes and amounts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/database-tables.js';
import { dialectOf } from '../platform/dialect.js';

export interface CountAndUnits {
  count: number;
  units: number;
}

interface CountRow {
  count: string | number;
  units: string | number | null;
}

function toCount(row: CountRow | undefined): CountAndUnits {
  return { count: Number(row?.count ?? 0), units: Number(row?.units ?? 0) };
}

/** Applications approved in whole or in part, and the units they were granted. */
export async function countApprovals(db: Kysely<Database>): Promise<CountAndUnits> {
  const result = await sql<CountRow>`select cast(count(*) as text) as count, cast(sum(granted_quantity) as text) as units
    from applications where state in ('approved', 'partially-approved')`.execute(db);
  return toCount(result.rows[0]);
}

/** Every licence issued, whatever its state now, and its units. */
export async function countLicences(db: Kysely<Database>): Promise<CountAndUnits> {
  const result = await sql<CountRow>`select cast(count(*) as text) as count, cast(sum(quantity) as text) as units from licences`.execute(db);
  return toCount(result.rows[0]);
}

export interface ShipmentFlow {
  /** Every reservation made, whatever became of it. */
  reservations: CountAndUnits;
  /** Reservations not yet shipped, cancelled or lapsed. */
  openReservations: CountAndUnits;
  /** Cancelled by the vendor, or voided when the licence expired or was revoked. */
  cancelledReservations: CountAndUnits;
  /** Lapsed at the end of the purchase-order window. */
  expiredReservations: CountAndUnits;
  shipments: CountAndUnits;
  clearances: CountAndUnits;
  deliveries: CountAndUnits;
}

interface FlowRow extends CountRow {
  code: string;
  flags: string | number;
}

// Transfer flag bits (ledger/transfer.ts): pending 2, post 4, void 8, expiry 16.
const PENDING = 2;
const POST = 4;
const VOID = 8;
const EXPIRY = 16;

/**
 * The quota ledger's shipment flow in units: one grouped pass over the units transfers of the
 * three codes the flow uses; a reservation is a pending transfer, its outcome a post, a void or an
 * expiry naming it.
 */
export async function summariseShipmentFlow(db: Kysely<Database>, now: Date): Promise<ShipmentFlow> {
  const result = await sql<FlowRow>`select code, flags, cast(count(*) as text) as count, cast(sum(amount) as text) as units
    from ledger_transfers where dimension = 'units' and code in ('shipment', 'customs-clearance', 'delivery')
    group by code, flags`.execute(db);
  const zero = (): CountAndUnits => ({ count: 0, units: 0 });
  const flow: ShipmentFlow = { reservations: zero(), openReservations: zero(), cancelledReservations: zero(), expiredReservations: zero(), shipments: zero(), clearances: zero(), deliveries: zero() };
  const add = (total: CountAndUnits, row: CountRow) => {
    total.count += Number(row.count);
    total.units += Number(row.units ?? 0);
  };
  for (const row of result.rows) {
    const flags = Number(row.flags);
    if (row.code === 'customs-clearance') add(flow.clearances, row);
    else if (row.code === 'delivery') add(flow.deliveries, row);
    else if ((flags & PENDING) !== 0) add(flow.reservations, row);
    else if ((flags & POST) !== 0) add(flow.shipments, row);
    else if ((flags & EXPIRY) !== 0) add(flow.expiredReservations, row);
    else if ((flags & VOID) !== 0) add(flow.cancelledReservations, row);
  }
  // Pending reservations whose timeout has passed are lapsed already, though no batch or sweep has
  // recorded their expiry yet (the ledger refuses to ship or cancel them): counted as expired.
  const pending = await sql<CountRow & { is_lapsed: string | number }>`select case when expires_at is not null and expires_at <= ${now.getTime()} then 1 else 0 end as is_lapsed,
      cast(count(*) as text) as count, cast(sum(amount) as text) as units
    from ledger_transfers where pending_status = 'pending' and dimension = 'units' and code = 'shipment'
    group by 1`.execute(db);
  for (const row of pending.rows) add(Number(row.is_lapsed) === 1 ? flow.expiredReservations : flow.openReservations, row);
  return flow;
}

/**
 * Lapsed approvals: licences whose purchase-order window has closed (validFrom + the window's days,
 * or the end of validity if sooner, is past `now`) without a unit shipped and with no reservation
 * open now (one whose timeout has passed is lapsed, swept or not), so the approval never became a delivery. Revoked licences are left out: they
 * ended for another reason. A licence without ledger accounts (none as issued now) is not counted.
 */
export async function countLapsedApprovals(db: Kysely<Database>, now: Date): Promise<CountAndUnits> {
  const instant = now.toISOString();
  const windowClosed =
    dialectOf(db) === 'postgres'
      ? sql`(cast(l.valid_from as timestamptz) + l.purchase_order_window_days * interval '1 day' <= cast(${instant} as timestamptz) or cast(l.valid_until as timestamptz) <= cast(${instant} as timestamptz))`
      : sql`(julianday(l.valid_from) + l.purchase_order_window_days <= julianday(${instant}) or julianday(l.valid_until) <= julianday(${instant}))`;
  const result = await sql<CountRow>`select cast(count(*) as text) as count, cast(sum(l.quantity) as text) as units
    from licences l
    join ledger_accounts shipped on shipped.id = 'shipped/' || l.id || '/units'
    where l.state <> 'revoked' and shipped.credits_posted = 0 and ${windowClosed}
      and not exists (select 1 from ledger_transfers p where p.licence_id = l.id and p.pending_status = 'pending'
        and (p.expires_at is null or p.expires_at > ${now.getTime()}))`.execute(db);
  return toCount(result.rows[0]);
}
