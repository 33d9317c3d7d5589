/**
 * Read-only queries over the transfer log for people to read: a licence's movements in commit
 * order, and reservations (pending licence → shipped pairs) with how far each has come. Nothing
 * here writes, locks or takes part in the writer's batches (ledger.store.ts does that).
 *
 * Every movement is a units transfer and a TPP transfer with the same movement id
 * ("<movement>:units", "<movement>:tpp", ledger-flows.ts); these queries read the units transfer
 * and its TPP twin (in the same row since migration 0013, else joined by id), so a movement is one
 * row. int8 columns are cast to text and parsed here, so that both dialects return the same values
 * whatever their drivers do with int8.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../platform/database-tables.js';
import { assert } from '../platform/assert.js';
import { isTransferCode, transferFlagsFromBits, type TransferCode, type TransferFlags } from './transfer.js';
import type { PendingStatus } from './ledger-engine.js';

/** Rows per page at most, whatever the caller asks: bounds one statement. */
export const HISTORY_ROWS_MAX = 501;

const UNITS_SUFFIX = ':units';

/** One movement of the log (both dimensions), as stored. */
export interface LedgerMovement {
  /** Commit order of its units transfer. */
  readonly sequence: number;
  /** The id the caller chose for the movement (the transfer ids without ":units"/":tpp"). */
  readonly movementId: string;
  readonly code: TransferCode;
  readonly flags: TransferFlags;
  /** For a post, void or expiry: the movement id of the pending movement it resolves. */
  readonly pendingMovementId: string | null;
  readonly units: bigint;
  /** Null when the movement has no TPP twin (never for the flows as built). */
  readonly tpp: bigint | null;
  readonly licenceId: string | null;
  readonly purchaseOrderReference: string | null;
  readonly reference: string | null;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly pendingStatus: PendingStatus | null;
  readonly expiresAt: number | null;
}

/** A reservation (a pending shipment movement) and the steps recorded after it. */
export interface ReservationMovement extends LedgerMovement {
  /** Units posted by its shipment; null when not shipped. */
  readonly shippedUnits: bigint | null;
  readonly isCleared: boolean;
  readonly isDelivered: boolean;
}

interface MovementRow {
  sequence: string;
  id: string;
  code: string;
  flags: number | string;
  pending_id: string | null;
  units: string;
  tpp: string | null;
  licence_id: string | null;
  purchase_order_reference: string | null;
  reference: string | null;
  timestamp: string;
  pending_status: string | null;
  expires_at: string | null;
}

interface ReservationRow extends MovementRow {
  shipped_units: string | null;
  clear_id: string | null;
  deliver_id: string | null;
}

function movementIdOf(transferId: string): string {
  assert(transferId.endsWith(UNITS_SUFFIX), `a units transfer id ends with ${UNITS_SUFFIX}`);
  return transferId.slice(0, -UNITS_SUFFIX.length);
}

function toMovement(row: MovementRow): LedgerMovement {
  assert(isTransferCode(row.code), `ledger transfer ${row.id} has a known code`);
  return {
    sequence: Number(row.sequence),
    movementId: movementIdOf(row.id),
    code: row.code,
    flags: transferFlagsFromBits(Number(row.flags)),
    pendingMovementId: row.pending_id === null ? null : movementIdOf(row.pending_id),
    units: BigInt(row.units),
    tpp: row.tpp === null ? null : BigInt(row.tpp),
    licenceId: row.licence_id,
    purchaseOrderReference: row.purchase_order_reference,
    reference: row.reference,
    timestamp: Number(row.timestamp),
    pendingStatus: row.pending_status as PendingStatus | null,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  };
}

const MOVEMENT_COLUMNS = sql`cast(u.sequence as text) as sequence, u.id, u.code, u.flags, u.pending_id, cast(u.amount as text) as units,
  cast(coalesce(u.twin_amount, t.amount) as text) as tpp, u.licence_id, u.purchase_order_reference, u.reference, cast(u.timestamp as text) as timestamp,
  u.pending_status, cast(u.expires_at as text) as expires_at`;
// The TPP twin of the units transfer u: in u's own row (migration 0013), or for rows written
// before, the row with the same id but "tpp" for "units" at the end.
const TPP_TWIN = sql`left join ledger_transfers t on u.twin_amount is null and t.id = substr(u.id, 1, length(u.id) - 5) || 'tpp'`;

/**
 * A licence's movements in commit order (oldest first), after `afterSequence`: issue, the
 * reservations against it and their shipment, cancellation or lapse, clearance, delivery and the
 * return of what it did not use. Served by the (licence_id, sequence) index of migration 0008.
 */
export async function readLicenceMovements(db: Kysely<Database>, licenceId: string, page: { afterSequence: number; limit: number }): Promise<LedgerMovement[]> {
  const limit = Math.min(page.limit, HISTORY_ROWS_MAX);
  const result = await sql<MovementRow>`select ${MOVEMENT_COLUMNS} from ledger_transfers u ${TPP_TWIN}
    where u.licence_id = ${licenceId} and u.dimension = 'units' and u.sequence > ${page.afterSequence}
    order by u.sequence limit ${limit}`.execute(db);
  return result.rows.map(toMovement);
}

/** Reservations in one state (shipment.ts names them), as the steps after the pending pair show it. */
export type ReservationStage = 'reserved' | 'shipped' | 'cleared' | 'delivered' | 'cancelled' | 'expired';

export interface ReservationQuery {
  /** Newest first: only reservations committed before this sequence. */
  beforeSequence?: number | undefined;
  limit: number;
  licenceId?: string | undefined;
  /** The reservation's `reference` (the shipments module records its vendor there). */
  reference?: string | undefined;
  /** Only reservations against licences of this licensee organisation. */
  licenseeOrganisationId?: string | undefined;
  stage?: ReservationStage | undefined;
  /**
   * Milliseconds since the epoch: a reservation still pending whose timeout has passed by then is
   * lapsed already (it can no longer be shipped or cancelled) and counts as expired, as reading
   * one reservation says, before a batch or the sweep records its expiry.
   */
  now: number;
}

function stageCondition(stage: ReservationStage, now: number): RawBuilder<unknown> {
  switch (stage) {
    case 'reserved':
      return sql`(u.pending_status = 'pending' and (u.expires_at is null or u.expires_at > ${now}))`;
    case 'expired':
      return sql`(u.pending_status = 'expired' or (u.pending_status = 'pending' and u.expires_at <= ${now}))`;
    case 'cancelled':
      return sql`u.pending_status = 'voided'`;
    case 'shipped':
      return sql`(u.pending_status = 'posted' and c.id is null)`;
    case 'cleared':
      return sql`(c.id is not null and d.id is null)`;
    case 'delivered':
      return sql`d.id is not null`;
  }
}

/**
 * Reservations, newest first, with their shipped units and whether customs cleared them and they
 * were delivered (the "ship:", "clear:" and "deliver:" movements named after each reservation).
 * A vendor's list is served by the partial index of migration 0011 on (reference, sequence); a
 * licence's by the (licence_id, sequence) index.
 */
export async function readReservations(db: Kysely<Database>, query: ReservationQuery): Promise<ReservationMovement[]> {
  const limit = Math.min(query.limit, HISTORY_ROWS_MAX);
  const conditions: RawBuilder<unknown>[] = [sql`u.pending_status is not null`, sql`u.dimension = 'units'`, sql`u.code = 'shipment'`];
  if (query.beforeSequence !== undefined) conditions.push(sql`u.sequence < ${query.beforeSequence}`);
  if (query.licenceId !== undefined) conditions.push(sql`u.licence_id = ${query.licenceId}`);
  if (query.reference !== undefined) conditions.push(sql`u.reference = ${query.reference}`);
  // A deliberate read of the licensing module's licences table, for its owner column only (never
  // changed once a licence is issued): which licences an organisation holds.
  if (query.licenseeOrganisationId !== undefined) conditions.push(sql`u.licence_id in (select l.id from licences l where l.organisation_id = ${query.licenseeOrganisationId})`);
  if (query.stage !== undefined) conditions.push(stageCondition(query.stage, query.now));
  const result = await sql<ReservationRow>`select ${MOVEMENT_COLUMNS}, cast(s.amount as text) as shipped_units, c.id as clear_id, d.id as deliver_id
    from ledger_transfers u ${TPP_TWIN}
    left join ledger_transfers s on s.id = 'ship:' || u.id
    left join ledger_transfers c on c.id = 'clear:' || u.id
    left join ledger_transfers d on d.id = 'deliver:' || u.id
    where ${sql.join(conditions, sql` and `)}
    order by u.sequence desc limit ${limit}`.execute(db);
  return result.rows.map((row) => ({
    ...toMovement(row),
    shippedUnits: row.shipped_units === null ? null : BigInt(row.shipped_units),
    isCleared: row.clear_id !== null,
    isDelivered: row.deliver_id !== null,
  }));
}
