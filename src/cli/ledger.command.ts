/**
 * `gatehouse ledger verify`: checks the stored ledger from its rows alone (every balance equals
 * the sum of its transfers, no account with a limit breaks it, debits equal credits per
 * dimension, every licence's balance equals issued − shipped − returned − reserved). Exit 0 when
 * it holds, 1 with the first discrepancy.
 */
import type { Command } from 'commander';
import { verifyStoredLedger } from '../ledger/index.js';
import { operatorActor } from '../platform/actor.js';
import { EXIT_PROBLEM_FOUND, reportFailure, withContext } from './cli-support.js';

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('the quota ledger');
  ledger
    .command('verify')
    .description('recompute every balance from the transfer log; exit 1 with the first discrepancy')
    .action(async () => {
      try {
        await withContext(async (context) => {
          const result = await verifyStoredLedger(context, operatorActor());
          if (result.ok) {
            process.stdout.write(`ledger verified: ${result.accountCount} accounts, ${result.transferCount} transfers, ${result.licenceCount} licences\n`);
          } else {
            process.stdout.write(`ledger discrepancy (${result.kind}): ${result.detail}\n`);
            process.exitCode = EXIT_PROBLEM_FOUND;
          }
        });
      } catch (error) {
        reportFailure(error);
      }
    });
}
