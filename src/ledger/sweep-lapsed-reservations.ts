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
import { ledgerWriterFor } from './ledger.writer.js';

/** Expires what has lapsed by the context's clock; returns how many reservations (transfers) it expired. */
export async function sweepLapsedReservations(context: AppContext): Promise<number> {
  return ledgerWriterFor(context.database.db, context.clock).sweep();
}

/** Seconds between the server's reservation sweeps, unless GATEHOUSE_RESERVATION_SWEEP_INTERVAL_SECONDS says otherwise. */
export const RESERVATION_SWEEP_INTERVAL_DEFAULT_SECONDS = 30;

/** The sweep interval from the environment, read once at start; 0 turns the periodic sweep off. */
export function reservationSweepIntervalMs(environment: NodeJS.ProcessEnv = process.env): number {
  const text = environment.GATEHOUSE_RESERVATION_SWEEP_INTERVAL_SECONDS?.trim();
  if (text === undefined || text === '') return RESERVATION_SWEEP_INTERVAL_DEFAULT_SECONDS * 1_000;
  const seconds = Number(text);
  // A day at most: setTimeout cannot wait past 24.8 days, and a longer interval is a typo.
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new Error(`GATEHOUSE_RESERVATION_SWEEP_INTERVAL_SECONDS must be a whole number of seconds from 0 to 86400, got "${text}"`);
  }
  return seconds * 1_000;
}

export interface ReservationSweepLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ReservationSweeps {
  /** Stops the timer and waits for a sweep in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Sweeps once at start (to catch up after downtime), then `intervalMs` after each sweep finished,
 * so that sweeps never overlap. A failed sweep is logged and tried again at the next interval; it
 * never stops the server.
 */
export function startReservationSweeps(context: AppContext, intervalMs: number, log: ReservationSweepLog): ReservationSweeps {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let isStopped = false;
  const schedule = (delayMs: number) => {
    timer = setTimeout(sweep, delayMs);
    // The server's socket keeps the process alive; the timer alone should not.
    timer.unref();
  };
  const sweep = () => {
    timer = null;
    running = sweepLapsedReservations(context)
      .then(
        (expired) => {
          if (expired > 0) log.info({ expired }, `expired ${expired} lapsed reservation transfer${expired === 1 ? '' : 's'}`);
        },
        (error: unknown) => log.error({ err: error }, 'the reservation expiry sweep failed; it runs again at the next interval'),
      )
      .finally(() => {
        running = null;
        if (!isStopped) schedule(intervalMs);
      });
  };
  schedule(0);
  return {
    stop: async () => {
      isStopped = true;
      if (timer !== null) clearTimeout(timer);
      if (running !== null) await running;
    },
  };
}
