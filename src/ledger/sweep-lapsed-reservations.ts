/**
 * Use case: expire the reservations (pending transfers) whose timeout has passed, without waiting
 * for other traffic. A reservation lapses when the approval-to-purchase-order window closes; every
 * batch of the writer expires what has lapsed before it judges its requests, but a licence nobody
 * reserves against would otherwise keep lapsed reservations open in storage. The server runs this
 * periodically; reads (a reservation's state, a licence's available units) already count a lapsed
 * reservation as lapsed before the sweep reaches it.
 *
 * It goes through the process's group-commit writer, so it never runs beside a batch of the same
 * process, and across processes the account locks order it like any batch: a reservation is
 * expired once (the second sweep finds it resolved).
 */
import type { AppContext } from '../platform/context.js';
import { startPeriodicSweeps, sweepIntervalMs, type PeriodicSweeps, type SweepLog } from '../platform/periodic-sweeps.js';
import { ledgerWriterFor } from './ledger.writer.js';

/** Expires what has lapsed by the context's clock; returns how many reservations (transfers) it expired. */
export async function sweepLapsedReservations(context: AppContext): Promise<number> {
  return ledgerWriterFor(context.database.db, context.clock).sweep();
}

/** Seconds between the server's reservation sweeps, unless GATEHOUSE_RESERVATION_SWEEP_INTERVAL_SECONDS says otherwise. */
export const RESERVATION_SWEEP_INTERVAL_DEFAULT_SECONDS = 30;

/** The sweep interval from the environment, read once at start; 0 turns the periodic sweep off. */
export function reservationSweepIntervalMs(environment: NodeJS.ProcessEnv = process.env): number {
  return sweepIntervalMs('GATEHOUSE_RESERVATION_SWEEP_INTERVAL_SECONDS', RESERVATION_SWEEP_INTERVAL_DEFAULT_SECONDS, environment);
}

/** Sweeps at start, then `intervalMs` after each sweep (platform/periodic-sweeps.ts). */
export function startReservationSweeps(context: AppContext, intervalMs: number, log: SweepLog): PeriodicSweeps {
  return startPeriodicSweeps(
    intervalMs,
    () => sweepLapsedReservations(context),
    { name: 'the reservation expiry sweep', swept: (expired) => `expired ${expired} lapsed reservation transfer${expired === 1 ? '' : 's'}` },
    log,
  );
}
