/**
 * Use case: a vendor reserves units of a licence for a purchase order. The reservation is a
 * pending licence → shipped pair in the ledger, submitted through the process's group-commit
 * writer; it lapses when the licence's approval-to-purchase-order window closes (or its validity
 * ends, whichever is first).
 *
 * Refused, in this order, with nothing changed: a quantity that is not a whole number of at least
 * one (validation_failed); a licence the vendor may not sell against (licence_not_found); a
 * suspended (licence_not_active), revoked (licence_revoked) or expired licence (licence_expired);
 * a suspension hold in force covering the licence (hold_in_force: its item or family, the licensee
 * or an organisation above it in its group, its category, its facility's region, or everything); a closed purchase-order window
 * (purchase_order_window_closed); more than the licence has available (exceeds_licence_balance).
 * A retry with the same reservation id returns the reservation; the same id with other fields is
 * duplicate_record.
 */
import { ledgerWriterFor, reservationTimeoutSeconds, reserveTransfers } from '../ledger/index.js';
import { describeHoldScope, getLicence, getLicenceHoldSubject, holdsCovering, holdsInForceAt } from '../licensing/index.js';
import { getPolicyInForce } from '../policy/get-policy-versions.js';
import type { Hold } from '../policy/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { getItem } from '../registry/index.js';
import { readReservation } from './get-reservation.js';
import { vendorReference, type Reservation } from './shipment.js';

const DAY_MS = 86_400_000;
const REFERENCE_LENGTH_MAX = 200;

export interface ReservationRequest {
  licenceId: string;
  purchaseOrderReference: string;
  quantity: number;
  /** Client-chosen (e.g. a UUIDv7) so that a retry is harmless; generated when absent. */
  reservationId?: string | undefined;
}

export async function reserveUnits(context: AppContext, actor: Actor, request: ReservationRequest): Promise<Reservation> {
  authorise(actor, 'shipment.reserve');
  assert(actor.organisationId !== null, 'a vendor belongs to an organisation');
  if (!Number.isSafeInteger(request.quantity) || request.quantity < 1) {
    throw new DomainError('validation_failed', `quantity must be a whole number of at least 1, not ${request.quantity}`, { field: 'quantity' });
  }
  if (request.purchaseOrderReference.trim() === '' || request.purchaseOrderReference.length > REFERENCE_LENGTH_MAX) {
    throw new DomainError('validation_failed', `purchaseOrderReference must be text of 1 to ${REFERENCE_LENGTH_MAX} characters`, { field: 'purchaseOrderReference' });
  }
  const now = context.clock.now();
  const licence = await getLicence(context, actor, request.licenceId);
  if (licence.state === 'suspended') throw new DomainError('licence_not_active', `licence ${licence.number} is suspended`, { field: 'licenceId' });
  if (licence.state === 'revoked') throw new DomainError('licence_revoked', `licence ${licence.number} has been revoked`, { field: 'licenceId' });
  const validUntil = Date.parse(licence.validUntil);
  if (licence.state === 'expired' || validUntil <= now.getTime()) throw new DomainError('licence_expired', `licence ${licence.number} has expired`, { field: 'licenceId' });
  if (licence.state !== 'active') throw new DomainError('licence_not_active', `licence ${licence.number} is ${licence.state}`, { field: 'licenceId' });

  const item = await getItem(context, actor, licence.itemId);
  // The same subject and rule as issuing the licence: the item or its family, the licensee or any
  // organisation above it in its group, its category, the region of the licence's facility (where
  // the units are delivered), or everything.
  // Most of the time no suspension is in force at all, and then the subject need not be read.
  const suspensions = holdsInForceAt(await holdsInForce(context, actor), now, 'suspension');
  const subject = suspensions.length === 0 ? undefined : await getLicenceHoldSubject(context.database.db, licence);
  assert(suspensions.length === 0 || subject !== undefined, `licence ${licence.id} names an item and a licensee that exist`);
  const covering = subject === undefined ? [] : holdsCovering(suspensions, subject, now, 'suspension');
  const hold = covering[0];
  if (hold !== undefined) {
    throw new DomainError('hold_in_force', `hold ${hold.id} suspends new reservations for ${describeHoldScope(hold)}: ${hold.reason}`, {
      extensions: { holdId: hold.id, reasonCode: hold.reasonCode, holdIds: covering.map((each) => each.id) },
    });
  }

  const windowEndsAt = Math.min(Date.parse(licence.validFrom) + licence.purchaseOrderWindowDays * DAY_MS, validUntil);
  const timeoutSeconds = reservationTimeoutSeconds(windowEndsAt, now.getTime());
  if (timeoutSeconds === null) {
    throw new DomainError('purchase_order_window_closed', `the purchase-order window of licence ${licence.number} closed on ${new Date(windowEndsAt).toISOString()}`, { field: 'licenceId' });
  }

  const reservationId = request.reservationId ?? newId(now);
  const transfers = reserveTransfers({
    reservationId,
    licenceId: licence.id,
    units: BigInt(request.quantity),
    tppPerUnit: BigInt(item.tpp),
    timeoutSeconds,
    purchaseOrderReference: request.purchaseOrderReference,
  }).map((transfer) => ({ ...transfer, reference: vendorReference(actor.organisationId!) }));
  const results = await ledgerWriterFor(context.database.db, context.clock).submit({ actor, transfers });
  const result = results[0];
  if (result === 'exceeds_credits') {
    throw new DomainError('exceeds_licence_balance', `licence ${licence.number} does not have ${request.quantity} units available`, { field: 'quantity' });
  }
  if (result !== 'ok' && result !== 'exists') {
    if (result?.startsWith('exists_with_different') === true) throw new DomainError('duplicate_record', `reservation ${reservationId} exists with other details`, { field: 'reservationId' });
    throw new DomainError('ledger_refused', `the ledger refused the reservation: ${result ?? 'no result'}`, { extensions: { result } });
  }
  const reservation = await readReservation(context, reservationId);
  assert(reservation !== undefined, 'a committed reservation can be read');
  return reservation;
}

/** The holds of the policy in force; none when no policy is in force yet. */
async function holdsInForce(context: AppContext, actor: Actor): Promise<readonly Hold[]> {
  try {
    return (await getPolicyInForce(context, actor)).holds;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'no_policy_in_force') return [];
    throw error;
  }
}
