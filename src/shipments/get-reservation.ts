/**
 * Use case: read a reservation (and how far its shipment has come), as the ledger records it.
 * Refused as not found for anyone who may not see it, so that its existence does not leak.
 */
import { findMovement } from '../ledger/index.js';
import { getLicence } from '../licensing/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { readSerialNumbers } from './serial-numbers.store.js';
import { clearMovementId, deliverMovementId, isReservationVisibleTo, shipMovementId, vendorOfReference, type Reservation, type ReservationState } from './shipment.js';

export function reservationNotFound(id: string): DomainError {
  return new DomainError('reservation_not_found', `no reservation ${id}`, { field: 'id' });
}

/** The reservation as stored, without checking who asks (use cases check). */
export async function readReservation(context: AppContext, id: string): Promise<Reservation | undefined> {
  const db = context.database.db;
  const pending = await findMovement(db, id);
  if (pending === undefined || !pending.transfer.flags.pending || pending.transfer.code !== 'shipment' || pending.transfer.licenceId === null) return undefined;
  const vendor = vendorOfReference(pending.transfer.reference);
  if (vendor === null) return undefined;
  let state: ReservationState = 'reserved';
  let shippedQuantity = 0;
  if (pending.pendingStatus === 'voided') state = 'cancelled';
  else if (pending.pendingStatus === 'expired') state = 'expired';
  // Lapsed but not yet expired by a batch or the sweep: it can no longer be shipped or cancelled
  // (the ledger refuses with pending_transfer_expired), so it reads as expired already.
  else if (pending.pendingStatus === 'pending' && pending.transfer.expiresAt !== null && pending.transfer.expiresAt <= context.clock.now().getTime()) state = 'expired';
  else if (pending.pendingStatus === 'posted') {
    const shipped = await findMovement(db, shipMovementId(id));
    shippedQuantity = shipped === undefined ? 0 : Number(shipped.transfer.amount);
    state = (await findMovement(db, deliverMovementId(id))) !== undefined ? 'delivered' : (await findMovement(db, clearMovementId(id))) !== undefined ? 'cleared' : 'shipped';
  }
  return {
    id,
    licenceId: pending.transfer.licenceId,
    vendorOrganisationId: vendor,
    purchaseOrderReference: pending.transfer.purchaseOrderReference ?? '',
    quantity: Number(pending.transfer.amount),
    shippedQuantity,
    state,
    expiresAt: pending.transfer.expiresAt === null ? null : new Date(pending.transfer.expiresAt).toISOString(),
    reservedAt: new Date(pending.transfer.timestamp).toISOString(),
    serialNumbers: shippedQuantity > 0 ? await readSerialNumbers(db, id) : [],
  };
}

export async function getReservation(context: AppContext, actor: Actor, id: string): Promise<Reservation> {
  authorise(actor, 'shipment.read');
  const reservation = await readReservation(context, id);
  if (reservation === undefined) throw reservationNotFound(id);
  let isLicensee = false;
  if (actor.role === 'applicant') {
    isLicensee = await getLicence(context, actor, reservation.licenceId).then(
      () => true,
      () => false,
    );
  }
  if (!isReservationVisibleTo(reservation, actor, isLicensee)) throw reservationNotFound(id);
  return reservation;
}
