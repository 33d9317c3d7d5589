/**
 * Use case: list reservations, newest first, with how far each shipment has come, filtered by
 * licence, state, licensee organisation or vendor. Each party lists what it may read one by one
 * (shipment.ts, isReservationVisibleTo): a vendor its own organisation's reservations, an applicant
 * those against its organisation's licences, customs and the regulator all of them. Asking for
 * another organisation's share is refused (forbidden) rather than answered with an empty page;
 * a licence the caller may not read is not found, as when reading it.
 */
import { readReservations, type ReservationMovement } from '../ledger/index.js';
import { getLicence } from '../licensing/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../platform/http/paging.js';
import { isReservationVisibleTo, vendorOfReference, vendorReference, type Reservation, type ReservationState } from './shipment.js';

export interface ReservationListRequest {
  limit: number;
  cursor?: string | undefined;
  licenceId?: string | undefined;
  state?: ReservationState | undefined;
  /** The licensee. */
  organisationId?: string | undefined;
  vendorOrganisationId?: string | undefined;
}

export async function listReservations(context: AppContext, actor: Actor, request: ReservationListRequest): Promise<Page<Reservation>> {
  authorise(actor, 'shipment.read');
  assert(Number.isSafeInteger(request.limit) && request.limit >= 1, 'the route caps the limit');
  const beforeSequence = sequenceOf(request.cursor);
  let vendorOrganisationId = request.vendorOrganisationId;
  let licenseeOrganisationId = request.organisationId;
  if (actor.role === 'vendor') {
    if (vendorOrganisationId !== undefined && vendorOrganisationId !== actor.organisationId) {
      throw new DomainError('forbidden', 'you may list only your own organisation’s reservations', { field: 'vendorOrganisationId' });
    }
    vendorOrganisationId = actor.organisationId ?? '(none)';
  } else if (actor.role === 'applicant') {
    if (licenseeOrganisationId !== undefined && licenseeOrganisationId !== actor.organisationId) {
      throw new DomainError('forbidden', 'you may list only reservations against your own organisation’s licences', { field: 'organisationId' });
    }
    licenseeOrganisationId = actor.organisationId ?? '(none)';
  }
  // Reading the licence applies its visibility: one the caller may not see is not found.
  if (request.licenceId !== undefined) await getLicence(context, actor, request.licenceId);

  const rows = await readReservations(context.database.db, {
    beforeSequence,
    limit: request.limit + 1,
    licenceId: request.licenceId,
    reference: vendorOrganisationId === undefined ? undefined : vendorReference(vendorOrganisationId),
    licenseeOrganisationId,
    stage: request.state,
    now: context.clock.now().getTime(),
  });
  const hasMore = rows.length > request.limit;
  const page = hasMore ? rows.slice(0, request.limit) : rows;
  const now = context.clock.now().getTime();
  const items = page.map((row) => toReservation(row, now)).filter((reservation): reservation is Reservation => reservation !== null);
  // The query applies the same rule; checking again keeps one definition authoritative. An
  // applicant's rows are its own licences' by the query, so the licensee check is that filter.
  const visible = items.filter((reservation) => isReservationVisibleTo(reservation, actor, actor.role === 'applicant'));
  const last = page.at(-1);
  return { items: visible, nextCursor: hasMore && last !== undefined ? encodeCursor(String(last.sequence)) : null };
}

function sequenceOf(cursor: string | undefined): number | undefined {
  const decoded = decodeCursor(cursor);
  if (decoded === undefined) return undefined;
  const sequence = Number(decoded);
  if (!/^[1-9][0-9]{0,15}$/.test(decoded) || !Number.isSafeInteger(sequence)) throw new DomainError('validation_failed', 'the cursor is not one this server issued', { field: 'cursor' });
  return sequence;
}

/** The reservation as readReservation (get-reservation.ts) reports it, from one row of the list. */
export function toReservation(row: ReservationMovement, now: number): Reservation | null {
  const vendor = vendorOfReference(row.reference);
  if (vendor === null || row.licenceId === null) return null;
  let state: ReservationState = 'reserved';
  if (row.pendingStatus === 'voided') state = 'cancelled';
  else if (row.pendingStatus === 'expired') state = 'expired';
  // Lapsed but not yet expired by a batch or the sweep: it reads as expired already.
  else if (row.pendingStatus === 'pending' && row.expiresAt !== null && row.expiresAt <= now) state = 'expired';
  else if (row.pendingStatus === 'posted') state = row.isDelivered ? 'delivered' : row.isCleared ? 'cleared' : 'shipped';
  return {
    id: row.movementId,
    licenceId: row.licenceId,
    vendorOrganisationId: vendor,
    purchaseOrderReference: row.purchaseOrderReference ?? '',
    quantity: Number(row.units),
    shippedQuantity: row.shippedUnits === null ? 0 : Number(row.shippedUnits),
    state,
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
    reservedAt: new Date(row.timestamp).toISOString(),
  };
}
