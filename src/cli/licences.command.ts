/**
 * `gatehouse licences sweep` and `gatehouse licences verify <number>`, and the periodic expiry
 * sweep the server runs while it serves.
 */
import type { Command } from 'commander';
import { parseLicenceNumber, sweepExpiredLicences, verifyLicenceNumber } from '../licensing/index.js';
import { operatorActor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { startPeriodicSweeps, sweepIntervalMs, type PeriodicSweeps, type SweepLog } from '../platform/periodic-sweeps.js';
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
  return sweepIntervalMs('GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS', LICENCE_SWEEP_INTERVAL_DEFAULT_SECONDS, environment);
}

/**
 * Sweeps at start, then `intervalMs` after each sweep (platform/periodic-sweeps.ts). Several
 * server processes may sweep the same database: each licence is expired once (see
 * sweep-expired-licences.ts).
 */
export function startLicenceExpirySweeps(context: AppContext, intervalMs: number, log: SweepLog): PeriodicSweeps {
  const actor = operatorActor('licence-expiry-sweep');
  return startPeriodicSweeps(
    intervalMs,
    () => sweepExpiredLicences(context, actor),
    { name: 'the licence expiry sweep', swept: (expired) => `expired ${expired} licence${expired === 1 ? '' : 's'}` },
    log,
  );
}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    reportFailure(error);
  }
}
