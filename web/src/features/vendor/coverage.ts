/**
 * Is a purchase order covered by a licence? Pure: the licence as the API returns it to the vendor,
 * the order, the vendor's organisation and the time. Each check is reported, in this order, so the
 * vendor sees every reason at once, not only the first.
 *
 * Remaining units are the units granted until the quota ledger records reservations and
 * shipments against licences (licensing/remaining-units.ts says the same on the server).
 */
import type { Licence } from '../../shared/api/types';

export type CoverageCheck = 'found' | 'vendor-permitted' | 'active' | 'within-validity' | 'within-purchase-order-window' | 'item-matches' | 'units-remain';

export interface CoverageResult {
  isCovered: boolean;
  checks: { check: CoverageCheck; isMet: boolean }[];
  remainingUnits: number | null;
  purchaseOrderDeadline: string | null;
}

const DAY_MS = 86_400_000;

export function checkCoverage(licence: Licence | undefined, order: { itemId: string; quantity: number }, vendorOrganisationId: string | null, now: Date): CoverageResult {
  if (licence === undefined) return { isCovered: false, checks: [{ check: 'found', isMet: false }], remainingUnits: null, purchaseOrderDeadline: null };
  const instant = now.getTime();
  const deadline = Date.parse(licence.createdAt) + licence.purchaseOrderWindowDays * DAY_MS;
  const remainingUnits = licence.quantity;
  const checks: CoverageResult['checks'] = [
    { check: 'found', isMet: true },
    { check: 'vendor-permitted', isMet: licence.permittedVendorIds.length === 0 || (vendorOrganisationId !== null && licence.permittedVendorIds.includes(vendorOrganisationId)) },
    { check: 'active', isMet: licence.state === 'active' },
    { check: 'within-validity', isMet: Date.parse(licence.validFrom) <= instant && instant < Date.parse(licence.validUntil) },
    { check: 'within-purchase-order-window', isMet: instant <= deadline },
    { check: 'item-matches', isMet: licence.itemId === order.itemId },
    { check: 'units-remain', isMet: Number.isSafeInteger(order.quantity) && order.quantity >= 1 && order.quantity <= remainingUnits },
  ];
  return { isCovered: checks.every((entry) => entry.isMet), checks, remainingUnits, purchaseOrderDeadline: new Date(deadline).toISOString() };
}
