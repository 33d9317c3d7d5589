/**
 * Use case: the vendor ships against its reservation, all of it or part (the rest returns to the
 * licence), optionally naming the serial numbers shipped. The post and its audit entry (with the
 * serial numbers) commit in one transaction of the ledger writer's batch.
 *
 * Refused with nothing changed: a reservation that is not the vendor's (reservation_not_found); a
 * quantity below one (validation_failed) or above the reservation (exceeds_reservation); serial
 * numbers that repeat or outnumber the units (validation_failed); a reservation already shipped,
 * cancelled or lapsed (reservation_not_pending). Shipping again with the same fields after success
 * answers with the reservation (the ledger's `exists`).
 */
import { recordAuditEvent } from '../audit/index.js';
import { ledgerWriterFor, shipTransfers } from '../ledger/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { getItem } from '../registry/index.js';
import { getLicence } from '../licensing/index.js';
import { getReservation, readReservation } from './get-reservation.js';
import { SERIAL_NUMBER_LENGTH_MAX, SERIAL_NUMBERS_MAX, shipMovementId, type Reservation } from './shipment.js';

export async function shipReservation(context: AppContext, actor: Actor, reservationId: string, request: { quantity?: number | undefined; serialNumbers?: string[] | undefined }): Promise<Reservation> {
  authorise(actor, 'shipment.reserve');
  const reservation = await getReservation(context, actor, reservationId);
  const quantity = request.quantity ?? reservation.quantity;
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new DomainError('validation_failed', `quantity must be a whole number of at least 1, not ${quantity}`, { field: 'quantity' });
  const serials = request.serialNumbers ?? [];
  if (serials.length > Math.min(quantity, SERIAL_NUMBERS_MAX) || new Set(serials).size !== serials.length || serials.some((serial) => serial.trim() === '' || serial.length > SERIAL_NUMBER_LENGTH_MAX)) {
    throw new DomainError('validation_failed', `serialNumbers must be distinct, at most one per unit shipped, each 1 to ${SERIAL_NUMBER_LENGTH_MAX} characters`, { field: 'serialNumbers' });
  }
  const licence = await getLicence(context, actor, reservation.licenceId);
  const item = await getItem(context, actor, licence.itemId);
  const transfers = shipTransfers({ movementId: shipMovementId(reservationId), reservationId, units: BigInt(quantity), tppPerUnit: BigInt(item.tpp) });
  const now = context.clock.now();
  const results = await ledgerWriterFor(context.database.db, context.clock).submit({
    actor,
    transfers,
    onApplied: async (trx, applied) => {
      if (applied[0] !== 'ok') return;
      await recordAuditEvent(trx, actor, now, { eventType: 'shipment.shipped', subjectType: 'reservation', subjectId: reservationId, before: null, after: { licenceId: licence.id, quantity, serialNumbers: serials } });
    },
  });
  const result = results[0];
  if (result === 'exceeds_pending_transfer_amount') throw new DomainError('exceeds_reservation', `the reservation holds ${reservation.quantity} units, not ${quantity}`, { field: 'quantity' });
  if (result === 'pending_transfer_already_posted' || result === 'pending_transfer_already_voided' || result === 'pending_transfer_expired' || result?.startsWith('exists_with_different') === true) {
    throw new DomainError('reservation_not_pending', `reservation ${reservationId} is ${reservation.state}`, { extensions: { result } });
  }
  if (result !== 'ok' && result !== 'exists') throw new DomainError('ledger_refused', `the ledger refused the shipment: ${result ?? 'no result'}`, { extensions: { result } });
  const shipped = await readReservation(context, reservationId);
  assert(shipped !== undefined, 'a shipped reservation can be read');
  return shipped;
}
