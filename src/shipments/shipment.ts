/**
 * Reservations and shipments: a vendor's reservation of a licence's units for a purchase order,
 * then shipped, cleared by customs and delivered. Pure: the views and rules; the units themselves
 * live in the quota ledger (src/ledger), where a reservation is a pending licence → shipped pair
 * whose movement id is the reservation id, and shipping, clearance and delivery are movements
 * named after it ("ship:<id>", "clear:<id>", "deliver:<id>"). Nothing else is stored: the state
 * follows from the ledger.
 */
import type { Actor } from '../platform/actor.js';

export const RESERVATION_STATES = ['reserved', 'shipped', 'cleared', 'delivered', 'cancelled', 'expired'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];

export interface Reservation {
  id: string;
  licenceId: string;
  vendorOrganisationId: string;
  purchaseOrderReference: string;
  /** Units reserved. */
  quantity: number;
  /** Units shipped (a shipment may post less than was reserved; the rest returns to the licence). */
  shippedQuantity: number;
  state: ReservationState;
  /** When an unshipped reservation lapses: the end of the approval-to-purchase-order window. */
  expiresAt: string | null;
  reservedAt: string;
  /** Serial numbers shipped, in the vendor's order; read with a single reservation (lists leave it out). */
  serialNumbers?: string[];
}

/** The ledger reference that records which vendor made a reservation. */
export function vendorReference(organisationId: string): string {
  return `vendor:${organisationId}`;
}

export function vendorOfReference(reference: string | null): string | null {
  return reference !== null && reference.startsWith('vendor:') ? reference.slice('vendor:'.length) : null;
}

/**
 * Who sees a reservation: the vendor that made it, the licensee (checked by the caller through the
 * licence's own visibility), customs and the regulator. Another vendor does not.
 */
export function isReservationVisibleTo(reservation: Pick<Reservation, 'vendorOrganisationId'>, actor: Actor, isLicensee: boolean): boolean {
  switch (actor.role) {
    case 'vendor':
      return actor.organisationId !== null && reservation.vendorOrganisationId === actor.organisationId;
    case 'applicant':
      return isLicensee;
    case 'customs':
    case 'policy-admin':
    case 'reviewer':
    case 'approver':
    case 'auditor':
    case 'operator':
      return true;
  }
}

/** Movement ids of the steps after a reservation. */
export const shipMovementId = (reservationId: string): string => `ship:${reservationId}`;
export const clearMovementId = (reservationId: string): string => `clear:${reservationId}`;
export const deliverMovementId = (reservationId: string): string => `deliver:${reservationId}`;

/** Serial numbers on one shipment: at most as many as units shipped, each short text, no repeats. */
export const SERIAL_NUMBERS_MAX = 10_000;
export const SERIAL_NUMBER_LENGTH_MAX = 64;
