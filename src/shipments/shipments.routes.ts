/** HTTP routes of coverage checks, reservations and shipments (vendors, customs, licensees). */
import type { AppContext } from '../platform/context.js';
import { readProblems, writeProblems } from '../platform/http/problem-schema.js';
import { pageSchema, PAGE_LIMIT_DEFAULT, PageQuery } from '../platform/http/paging.js';
import { actorOf, IdParams } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { cancelReservation } from './cancel-reservation.js';
import { checkCoverage } from './check-coverage.js';
import { getReservation } from './get-reservation.js';
import { listLicenceMovements } from './list-licence-movements.js';
import { listReservations } from './list-reservations.js';
import { recordClearance, recordDelivery } from './record-shipment-step.js';
import { reserveUnits } from './reserve-units.js';
import { shipReservation } from './ship-reservation.js';
import * as schema from './shipments.schema.js';

const tags = ['reservations and shipments'];

export function registerShipmentRoutes(app: GatehouseServer, context: AppContext): void {
  app.post(
    '/api/v1/coverage-checks',
    { schema: { tags, summary: 'Which licences cover a purchase order, and how much remains (vendors, customs, regulator)', body: schema.CoverageBody, response: { 200: schema.Coverage, ...writeProblems } } },
    async (request) => checkCoverage(context, actorOf(request), request.body),
  );
  app.post(
    '/api/v1/reservations',
    { schema: { tags, summary: 'Reserve units of a licence for a purchase order (vendors); lapses when the purchase-order window closes', body: schema.ReservationBody, response: { 201: schema.Reservation, ...writeProblems } } },
    async (request, reply) => {
      const reservation = await reserveUnits(context, actorOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/reservations/${reservation.id}`).send(reservation);
    },
  );
  app.get(
    '/api/v1/reservations',
    {
      schema: {
        tags,
        summary: 'List reservations, newest first (vendors: their own; applicants: against their licences; customs and the regulator: all)',
        querystring: schema.ReservationListQuery,
        response: { 200: pageSchema(schema.Reservation), ...readProblems },
      },
    },
    async (request) => listReservations(context, actorOf(request), { ...request.query, limit: request.query.limit ?? PAGE_LIMIT_DEFAULT }),
  );
  app.get(
    '/api/v1/licences/:id/movements',
    {
      schema: {
        tags,
        summary: 'A licence’s history in the quota ledger, oldest first: issue, reservations, shipments, cancellations, lapses, clearance, delivery, returns (whoever may read the licence; vendors see their own reservations)',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageSchema(schema.LicenceMovement), ...readProblems },
      },
    },
    async (request) => listLicenceMovements(context, actorOf(request), request.params.id, { limit: request.query.limit ?? PAGE_LIMIT_DEFAULT, cursor: request.query.cursor }),
  );
  app.get(
    '/api/v1/reservations/:id',
    { schema: { tags, summary: 'A reservation and how far its shipment has come', params: IdParams, response: { 200: schema.Reservation, ...readProblems } } },
    async (request) => getReservation(context, actorOf(request), request.params.id),
  );
  app.post(
    '/api/v1/reservations/:id/shipment',
    { schema: { tags, summary: 'Ship against the reservation, whole or part, with serial numbers (the vendor that reserved)', params: IdParams, body: schema.ShipmentBody, response: { 200: schema.Reservation, ...writeProblems } } },
    async (request) => shipReservation(context, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/reservations/:id/cancellation',
    { schema: { tags, summary: 'Cancel the reservation before shipping; the licence has the units back (the vendor that reserved)', params: IdParams, body: schema.EmptyBody, response: { 200: schema.Reservation, ...writeProblems } } },
    async (request) => cancelReservation(context, actorOf(request), request.params.id),
  );
  app.post(
    '/api/v1/reservations/:id/clearance',
    { schema: { tags, summary: 'Record customs clearance of the shipment (customs)', params: IdParams, body: schema.ClearanceBody, response: { 200: schema.Reservation, ...writeProblems } } },
    async (request) => recordClearance(context, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/reservations/:id/delivery',
    { schema: { tags, summary: 'Record delivery to the licensee’s facility (the vendor or the licensee)', params: IdParams, body: schema.EmptyBody, response: { 200: schema.Reservation, ...writeProblems } } },
    async (request) => recordDelivery(context, actorOf(request), request.params.id),
  );
}
