/**
 * Use case: the vendor ships against its reservation, all of it or part (the rest returns to the
 * licence), optionally naming the serial numbers shipped. The post, the serial numbers (stored,
 * unique per item: the same unit cannot ship twice) and the audit entry commit in one transaction
 * of the ledger writer's batch.
 *
 * Refused with nothing changed: a reservation that is not the vendor's (reservation_not_found); a
 * quantity below one (validation_failed) or above the reservation (exceeds_reservation); serial
 * numbers that repeat or outnumber the units (validation_failed); a serial number of the item that
 * has already shipped, under any reservation (serial_number_already_shipped); a reservation already shipped,
 * cancelled or lapsed (reservation_not_pending). Shipping again with the same fields after success
 * answers with the reservation (the ledger's `exists`).
 */
import { recordAuditEvent } from '../audit/index.js';
import { ledgerWriterFor, shipTransfers } from '../ledger/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { authorise } from '../platform/authorisation.js';
import { isUniqueViolation, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { getItem } from '../registry/index.js';
import { getLicence } from '../licensing/index.js';
import { getReservation, readReservation } from './get-reservation.js';
import { findShippedSerialNumbers, insertSerialNumbers } from './serial-numbers.store.js';
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
      // Each serial number ships once per item. Throwing here rolls the post back with it.
      if (serials.length > 0) {
        const shipment = { itemId: item.id, reservationId, licenceId: licence.id, shippedAt: now.toISOString() };
        const clashes = await findShippedSerialNumbers(trx, item.id, serials);
        if (clashes.length > 0) throw serialNumbersShipped(clashes.map((clash) => clash.serialNumber));
        try {
          await insertSerialNumbers(trx, shipment, serials);
        } catch (error) {
          // Another process shipped one of them between the check and the insert.
          if (isUniqueViolation(error)) throw serialNumbersShipped(serials);
          throw error;
        }
      }
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

function serialNumbersShipped(serialNumbers: readonly string[]): DomainError {
  const shown = serialNumbers.slice(0, 10);
  return new DomainError('serial_number_already_shipped', `serial number${shown.length === 1 ? '' : 's'} ${shown.join(', ')}${serialNumbers.length > shown.length ? ' …' : ''} of this item already shipped`, {
    field: 'serialNumbers',
    extensions: { serialNumbers: shown },
  });
}
