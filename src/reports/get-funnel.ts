/**
 * Use case: the way from approval to delivery, for the regulator's dashboard: how many and how
 * many units reached each stage (approval → licence → reservation → shipment → customs clearance
 * → delivery), what became of reservations that were not shipped, and the approvals that lapsed
 * because their purchase-order window closed with nothing reserved or shipped. Figures across
 * every organisation: the regulator's roles and auditors only.
 *
 * Stages count different things on purpose, each where it is recorded: approvals are decisions
 * (units granted), licences their issue (units licensed), and the rest movements of the quota
 * ledger (units moved). A partial shipment counts once, with the units it shipped.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { countApprovals, countLapsedApprovals, countLicences, summariseShipmentFlow, type CountAndUnits } from './reports.store.js';

export interface Funnel {
  asOf: string;
  approvals: CountAndUnits;
  licences: CountAndUnits;
  reservations: CountAndUnits;
  shipments: CountAndUnits;
  clearances: CountAndUnits;
  deliveries: CountAndUnits;
  openReservations: CountAndUnits;
  cancelledReservations: CountAndUnits;
  expiredReservations: CountAndUnits;
  lapsedApprovals: CountAndUnits;
}

export async function getFunnel(context: AppContext, actor: Actor): Promise<Funnel> {
  authorise(actor, 'statistic.read');
  const db = context.database.db;
  const now = context.clock.now();
  const [approvals, licences, flow, lapsedApprovals] = await Promise.all([countApprovals(db), countLicences(db), summariseShipmentFlow(db, now), countLapsedApprovals(db, now)]);
  return { asOf: now.toISOString(), approvals, licences, ...flow, lapsedApprovals };
}
