/**
 * Use case: the vendor cancels its reservation before shipping: a void of the pending pair, and
 * the licence has the units back. A retry answers with the cancelled reservation; cancelling a
 * reservation already shipped, cancelled differently or lapsed is reservation_not_pending.
 */
import { cancelReservationTransfers, ledgerWriterFor } from '../ledger/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { getReservation, readReservation } from './get-reservation.js';
import type { Reservation } from './shipment.js';

export async function cancelReservation(context: AppContext, actor: Actor, reservationId: string): Promise<Reservation> {
  authorise(actor, 'shipment.reserve');
  const reservation = await getReservation(context, actor, reservationId);
  const transfers = cancelReservationTransfers({ movementId: `cancel:${reservationId}`, reservationId });
  const [result] = await ledgerWriterFor(context.database.db, context.clock).submit({ actor, transfers });
  if (result === 'pending_transfer_already_posted' || result === 'pending_transfer_already_voided' || result === 'pending_transfer_expired' || result?.startsWith('exists_with_different') === true) {
    throw new DomainError('reservation_not_pending', `reservation ${reservationId} is ${reservation.state}`, { extensions: { result } });
  }
  if (result !== 'ok' && result !== 'exists') throw new DomainError('ledger_refused', `the ledger refused the cancellation: ${result ?? 'no result'}`, { extensions: { result } });
  const cancelled = await readReservation(context, reservationId);
  assert(cancelled !== undefined, 'a cancelled reservation can be read');
  return cancelled;
}
