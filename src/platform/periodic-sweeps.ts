/**
 * The server's periodic sweeps (licences past their validity, reservations past their
 * purchase-order window): the interval read from the environment, and a timer that sweeps once at
 * start (to catch up after downtime), then `intervalMs` after each sweep finished, so that sweeps
 * never overlap in one process. A failed sweep is logged and tried again at the next interval; it
 * never stops the server.
 */

export interface SweepLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface PeriodicSweeps {
  /** Stops the timer and waits for a sweep in progress to finish. */
  stop(): Promise<void>;
}

/** What a sweep does, in words for the log. */
export interface SweepDescription {
  /** What a sweep that expired some records logs, e.g. "expired 3 licences". */
  swept(count: number): string;
  /** Which sweep failed, e.g. "the licence expiry sweep". */
  name: string;
}

/** A sweep interval from the environment, in milliseconds; 0 turns the periodic sweep off. */
export function sweepIntervalMs(variable: string, defaultSeconds: number, environment: NodeJS.ProcessEnv = process.env): number {
  const text = environment[variable]?.trim();
  if (text === undefined || text === '') return defaultSeconds * 1_000;
  const seconds = Number(text);
  // A day at most: an interval that long is a typo, and setTimeout cannot wait past 24.8 days anyway.
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new Error(`${variable} must be a whole number of seconds from 0 to 86400, got "${text}"`);
  }
  return seconds * 1_000;
}

export function startPeriodicSweeps(intervalMs: number, sweepOnce: () => Promise<number>, description: SweepDescription, log: SweepLog): PeriodicSweeps {
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
    running = sweepOnce()
      .then(
        (count) => {
          if (count > 0) log.info({ expired: count }, description.swept(count));
        },
        (error: unknown) => log.error({ err: error }, `${description.name} failed; it runs again at the next interval`),
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
