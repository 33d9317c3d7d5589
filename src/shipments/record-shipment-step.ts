/**
 * Use cases: customs records the clearance of a shipment (shipped → cleared), and the vendor or
 * the licensee records its delivery to the licensee's facility (cleared → delivered). The whole
 * quantity shipped moves; a retry answers with the shipment as it stands.
 *
 * Refused with nothing changed: a shipment the actor may not see (reservation_not_found); a
 * clearance before shipping (shipment_not_shipped); a delivery before clearance
 * (shipment_not_cleared).
 */
import { clearTransfers, deliverTransfers, ledgerWriterFor } from '../ledger/index.js';
import { getLicence } from '../licensing/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { getItem } from '../registry/index.js';
import { getReservation, readReservation } from './get-reservation.js';
import { clearMovementId, deliverMovementId, type Reservation } from './shipment.js';

export async function recordClearance(context: AppContext, actor: Actor, reservationId: string, request: { declarationReference: string }): Promise<Reservation> {
  authorise(actor, 'shipment.clear');
  const reservation = await getReservation(context, actor, reservationId);
  if (reservation.state === 'reserved' || reservation.state === 'cancelled' || reservation.state === 'expired') {
    throw new DomainError('shipment_not_shipped', `reservation ${reservationId} is ${reservation.state}, not shipped`);
  }
  return move(context, actor, reservation, 'clear', request.declarationReference);
}

export async function recordDelivery(context: AppContext, actor: Actor, reservationId: string): Promise<Reservation> {
  authorise(actor, 'shipment.deliver');
  const reservation = await getReservation(context, actor, reservationId);
  if (reservation.state !== 'cleared' && reservation.state !== 'delivered') throw new DomainError('shipment_not_cleared', `reservation ${reservationId} is ${reservation.state}, not cleared`);
  return move(context, actor, reservation, 'deliver', undefined);
}

async function move(context: AppContext, actor: Actor, reservation: Reservation, step: 'clear' | 'deliver', reference: string | undefined): Promise<Reservation> {
  const licence = await getLicence(context, actor, reservation.licenceId);
  const item = await getItem(context, actor, licence.itemId);
  const spec = {
    licenceId: licence.id,
    units: BigInt(reservation.shippedQuantity),
    tppPerUnit: BigInt(item.tpp),
    ...(reference === undefined ? {} : { reference }),
  };
  const transfers = step === 'clear' ? clearTransfers({ movementId: clearMovementId(reservation.id), ...spec }) : deliverTransfers({ movementId: deliverMovementId(reservation.id), ...spec });
  const [result] = await ledgerWriterFor(context.database.db, context.clock).submit({ actor, transfers });
  if (result !== 'ok' && result !== 'exists') throw new DomainError('ledger_refused', `the ledger refused the ${step}: ${result ?? 'no result'}`, { extensions: { result } });
  const updated = await readReservation(context, reservation.id);
  assert(updated !== undefined, 'the reservation can be read');
  return updated;
}
