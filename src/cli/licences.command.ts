/**
 * `gatehouse licences sweep` and `gatehouse licences verify <number>`, and the periodic expiry
 * sweep the server runs while it serves.
 */
import type { Command } from 'commander';
import { parseLicenceNumber, sweepExpiredLicences, verifyLicenceNumber } from '../licensing/index.js';
import { operatorActor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { EXIT_BAD_INPUT, EXIT_PROBLEM_FOUND, reportFailure, withContext } from './cli-support.js';

export function registerLicenceCommands(program: Command): void {
  const licences = program.command('licences').description('licences: the expiry sweep and the licence check');
  licences
    .command('sweep')
    .description('expire every active or suspended licence whose validity has ended (safe to repeat)')
    .action(async () => {
      await run(async () =>
        withContext(async (context) => {
          const expired = await sweepExpiredLicences(context, operatorActor());
          process.stdout.write(`expired ${expired} licence${expired === 1 ? '' : 's'}\n`);
        }),
      );
    });
  licences
    .command('verify <number>')
    .description('check a licence number as the public check does; exit 0 when it is in force, 1 when not, 2 when malformed')
    .action(async (number: string) => {
      await run(async () => {
        const parsed = parseLicenceNumber(number);
        if (!parsed.ok) {
          process.stderr.write(`gatehouse: malformed_licence_number (${parsed.reason}): ${parsed.detail}\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        await withContext(async (context) => {
          const result = await verifyLicenceNumber(context, parsed.number);
          if (!result.isKnown) {
            process.stdout.write(`${result.number}: no such licence\n`);
          } else {
            const validity = `${result.validFrom ?? ''} – ${result.validUntil ?? ''}`;
            process.stdout.write(
              `${result.number}: ${result.isInForce ? 'IN FORCE' : 'NOT IN FORCE'} (${result.state ?? ''}${result.isValid ? '' : ', outside its validity'})\n` +
                `  licensee: ${result.licenseeLegalName ?? ''}\n  item: ${result.itemName ?? ''}\n  units remaining: ${result.remainingUnits ?? 0}\n  valid: ${validity}\n`,
            );
          }
          if (!result.isInForce) process.exitCode = EXIT_PROBLEM_FOUND;
        });
      });
    });
}

/** Seconds between the server's expiry sweeps, unless GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS says otherwise. */
export const LICENCE_SWEEP_INTERVAL_DEFAULT_SECONDS = 60;

/** The sweep interval from the environment, read once at start; 0 turns the periodic sweep off. */
export function licenceSweepIntervalMs(environment: NodeJS.ProcessEnv = process.env): number {
  const text = environment.GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS?.trim();
  if (text === undefined || text === '') return LICENCE_SWEEP_INTERVAL_DEFAULT_SECONDS * 1_000;
  const seconds = Number(text);
  // A day at most: an interval that long is a typo, and setTimeout cannot wait past 24.8 days anyway.
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new Error(`GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS must be a whole number of seconds from 0 to 86400, got "${text}"`);
  }
  return seconds * 1_000;
}

export interface SweepLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface LicenceExpirySweeps {
  /** Stops the timer and waits for a sweep in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Sweeps once at start (to catch up after downtime), then every `intervalMs` after the previous
 * sweep finished, so that sweeps never overlap in one process. A failed sweep is logged and
 * retried at the next interval; it never stops the server. Several server processes may sweep
 * the same database: each licence is expired once (see sweep-expired-licences.ts).
 */
export function startLicenceExpirySweeps(context: AppContext, intervalMs: number, log: SweepLog): LicenceExpirySweeps {
  const actor = operatorActor('licence-expiry-sweep');
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
    running = sweepExpiredLicences(context, actor)
      .then(
        (expired) => {
          if (expired > 0) log.info({ expired }, `expired ${expired} licence${expired === 1 ? '' : 's'}`);
        },
        (error: unknown) => log.error({ err: error }, 'the licence expiry sweep failed; it runs again at the next interval'),
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

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    reportFailure(error);
  }
}
