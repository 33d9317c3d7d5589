#!/usr/bin/env node
/** The `gatehouse` command line: thin commands over the same use cases as the HTTP API. */
import { Command } from 'commander';
import { packageVersion } from '../platform/package-info.js';
import { registerAdminCommands } from './admin.command.js';
import { registerLedgerCommands } from './ledger.command.js';
import { registerLicenceCommands } from './licences.command.js';
import { registerAllocateCommand } from './allocate.command.js';
import { registerPolicyCommands } from './policy.command.js';
import { registerPolicyPublishCommands } from './policy-publish.command.js';
import { registerServeCommands } from './serve.command.js';
import { registerRoundCommands } from './rounds.command.js';

export function buildProgram(): Command {
  const program = new Command('gatehouse')
    .description('Quota-based approval of controlled AI accelerators')
    .version(packageVersion())
    .showHelpAfterError()
    // Usage errors (unknown option, missing argument) exit 2, like bad input.
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerServeCommands(program);
  registerAdminCommands(program);
  registerPolicyPublishCommands(registerPolicyCommands(program).policy);
  registerAllocateCommand(program);
  registerLicenceCommands(program);
  registerLedgerCommands(program);
  registerRoundCommands(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
