/** Response schemas of the reporting routes. */
import { Type } from 'typebox';

const CountAndUnits = Type.Object({ count: Type.Integer(), units: Type.Integer() });

export const Funnel = Type.Object({
  asOf: Type.String(),
  approvals: { ...CountAndUnits, description: 'applications approved in whole or in part; units granted' },
  licences: { ...CountAndUnits, description: 'licences issued, whatever their state now; units licensed' },
  reservations: { ...CountAndUnits, description: 'reservations made against licences, whatever became of them' },
  shipments: { ...CountAndUnits, description: 'reservations shipped; units shipped' },
  clearances: { ...CountAndUnits, description: 'shipments cleared by customs' },
  deliveries: { ...CountAndUnits, description: 'shipments delivered to the licensee' },
  openReservations: { ...CountAndUnits, description: 'reservations not yet shipped, cancelled or lapsed' },
  cancelledReservations: { ...CountAndUnits, description: 'cancelled by the vendor, or voided when the licence ended' },
  expiredReservations: { ...CountAndUnits, description: 'lapsed when the purchase-order window closed' },
  lapsedApprovals: { ...CountAndUnits, description: 'licences (not revoked) whose purchase-order window closed with nothing reserved or shipped' },
});
