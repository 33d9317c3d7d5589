/** The shipments module's public face: reservations against licences, shipments, clearance, delivery. */
export type { Reservation, ReservationState } from './shipment.js';
export { RESERVATION_STATES } from './shipment.js';
export { checkCoverage, type Coverage, type CoverageRequest } from './check-coverage.js';
export { getReservation } from './get-reservation.js';
export { reserveUnits, type ReservationRequest } from './reserve-units.js';
export { shipReservation } from './ship-reservation.js';
export { recordClearance, recordDelivery } from './record-shipment-step.js';
export { registerShipmentRoutes } from './shipments.routes.js';
export { cancelReservation } from './cancel-reservation.js';
export { listReservations, type ReservationListRequest } from './list-reservations.js';
export { listLicenceMovements } from './list-licence-movements.js';
export { MOVEMENT_KINDS, kindOf, type LicenceMovement, type MovementKind } from './licence-movement.js';
