/**
 * A licence's movements in the quota ledger as people read them: what each movement was (its
 * kind, from the transfer's code and flags as ledger-flows.ts builds them) and the fields a
 * history shows. Pure.
 */
import type { LedgerMovement } from '../ledger/index.js';

export const MOVEMENT_KINDS = ['issue', 'reservation', 'shipment', 'cancellation', 'expiry', 'clearance', 'delivery', 'return', 'other'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface LicenceMovement {
  /** Position in the ledger's commit order; the list is ordered by it. */
  sequence: number;
  movementId: string;
  kind: MovementKind;
  at: string;
  units: number;
  tpp: number | null;
  /** The reservation the movement belongs to, for reservations and the steps after them. */
  reservationId: string | null;
  vendorOrganisationId: string | null;
  purchaseOrderReference: string | null;
  /** The customs declaration, for a clearance. */
  declarationReference: string | null;
}

/** What a movement was, from its transfer code and flags (ledger-flows.ts builds each). */
export function kindOf(row: Pick<LedgerMovement, 'code' | 'flags'>): MovementKind {
  switch (row.code) {
    case 'licence-issuance':
      return 'issue';
    case 'shipment':
      if (row.flags.pending) return 'reservation';
      if (row.flags.postPendingTransfer) return 'shipment';
      if (row.flags.expiry) return 'expiry';
      if (row.flags.voidPendingTransfer) return 'cancellation';
      return 'other';
    case 'customs-clearance':
      return 'clearance';
    case 'delivery':
      return 'delivery';
    case 'unused-return':
      return 'return';
    default:
      return 'other';
  }
}

