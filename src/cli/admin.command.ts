/** Operator commands: migrate, audit verify, import, users and tokens. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createApiToken, createUser, revokeApiToken, setUserPassword } from '../access/index.js';
import { describeChainBreak, verifyAuditChain } from '../audit/index.js';
import { operatorActor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { migrateToLatest } from '../platform/migrate.js';
import { IMPORT_KINDS, importRegistry, listOrganisations, type ImportKind } from '../registry/index.js';
import { EXIT_PROBLEM_FOUND, reportFailure, withContext } from './cli-support.js';

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the configured database to the latest schema')
    .action(async () => {
      await run(async () =>
        withContext(async (context) => {
          const result = await migrateToLatest(context.database);
          const applied = result.results?.filter((entry) => entry.status === 'Success').map((entry) => entry.migrationName) ?? [];
          process.stdout.write(applied.length === 0 ? `${context.database.dialect}: already up to date\n` : `${context.database.dialect}: applied ${applied.join(', ')}\n`);
        }),
      );
    });

  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('walk the chain; exit 0 when intact, 1 naming the first broken entry')
    .action(async () => {
      await run(async () =>
        withContext(async (context) => {
          const result = await verifyAuditChain(context.database, operatorActor());
          if (result.ok) {
            process.stdout.write(`audit chain intact: ${result.entries} entries, head ${result.headHash}\n`);
          } else {
            process.stderr.write(`audit chain BROKEN after ${result.entries} good entries: ${describeChainBreak(result.break)}\n`);
            process.exitCode = EXIT_PROBLEM_FOUND;
          }
        }),
      );
    });

  const importCommand = program.command('import').description('import records from a file (all or nothing)');
  importCommand
    .command('registry <file>')
    .description('items, organisations, facilities (JSON or CSV) and fleet declarations (JSON)')
    .option('--kind <kind>', `what a CSV file holds: ${IMPORT_KINDS.join(', ')}`, (value: string) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of ${IMPORT_KINDS.join(', ')}`);
      return value as ImportKind;
    })
    .action(async (file: string, options: { kind?: ImportKind }) => {
      await run(async () => {
        const text = await readFile(file, 'utf8');
        await withContext(async (context) => {
          const report = await importRegistry(context, operatorActor(), { name: basename(file), text, ...(options.kind === undefined ? {} : { kind: options.kind }) });
          process.stdout.write(`imported ${report.items} items, ${report.organisations} organisations, ${report.facilities} facilities, ${report.fleetDeclarations} fleet declarations\n`);
        });
      });
    });

  const user = program.command('user').description('users of Gatehouse');
  user
    .command('add')
    .description('add a user with one role')
    .requiredOption('--login <login>', 'sign-in name')
    .requiredOption('--role <role>', 'policy-admin, reviewer, approver, auditor, applicant, vendor or customs')
    .option('--name <name>', 'display name (default: the login)')
    .option('--organisation <legalNameOrId>', 'organisation, required for applicant, vendor and customs')
    .option('--password-stdin', 'read a password for signing in from standard input (without it, the user signs in with API tokens only)')
    .action(async (options: { login: string; role: string; name?: string; organisation?: string; passwordStdin?: boolean }) => {
      await run(async () => {
        const password = options.passwordStdin === true ? await readPasswordFromStdin() : undefined;
        await withContext(async (context) => {
          const actor = operatorActor();
          const organisationId = options.organisation === undefined ? null : await resolveOrganisation(context, options.organisation);
          const input = { login: options.login, displayName: options.name ?? options.login, role: options.role, organisationId };
          const created = await createUser(context, actor, password === undefined ? input : { ...input, password });
          process.stdout.write(`added ${created.role} ${created.login} (${created.id})${password === undefined ? '' : ' with a password'}\n`);
        });
      });
    });
  user
    .command('password')
    .description("set a user's password (read from standard input); ends the user's open sessions")
    .requiredOption('--login <login>', 'the user')
    .requiredOption('--password-stdin', 'read the password from standard input (the only way: never on the command line)')
    .action(async (options: { login: string }) => {
      await run(async () => {
        const password = await readPasswordFromStdin();
        await withContext(async (context) => {
          const result = await setUserPassword(context, operatorActor(), { login: options.login, password });
          process.stdout.write(`password set for ${options.login}; ${result.sessionsEnded} open session(s) ended\n`);
        });
      });
    });

  const token = program.command('token').description('API tokens for people and machine clients');
  token
    .command('create')
    .description('issue a token for a user; it is shown once')
    .requiredOption('--user <login>', 'the user the token acts as')
    .option('--days <days>', 'validity in days (1–366)', '90')
    .option('--label <label>', 'what the token is for', 'api')
    .action(async (options: { user: string; days: string; label: string }) => {
      await run(async () =>
        withContext(async (context) => {
          const issued = await createApiToken(context, operatorActor(), { login: options.user, label: options.label, validityDays: Number(options.days) });
          process.stdout.write(`${issued.secret}\n`);
          process.stderr.write(`token ${issued.token.id} for ${options.user}, expires ${issued.token.expiresAt}; store it now, it is not shown again\n`);
        }),
      );
    });
  token
    .command('revoke <tokenId>')
    .description('revoke a token at once')
    .action(async (tokenId: string) => {
      await run(async () =>
        withContext(async (context) => {
          await revokeApiToken(context, operatorActor(), tokenId);
          process.stdout.write(`revoked ${tokenId}\n`);
        }),
      );
    });
}

async function resolveOrganisation(context: AppContext, legalNameOrId: string): Promise<string> {
  // Few organisations: a scan by legal name keeps the command friendly without another query API.
  let cursor: string | undefined;
  for (let page = 0; page < 1_000; page += 1) {
    const found = await listOrganisations(context, operatorActor(), { limit: 200, cursor });
    const match = found.items.find((organisation) => organisation.id === legalNameOrId || organisation.legalName === legalNameOrId);
    if (match !== undefined) return match.id;
    if (found.nextCursor === null) break;
    cursor = found.nextCursor;
  }
  throw new InvalidArgumentError(`no organisation "${legalNameOrId}"`);
}

/** At most this much is read: a password is short, and a mistaken pipe should not fill memory. */
const PASSWORD_INPUT_BYTES_MAX = 4_096;

/**
 * The whole of standard input, less one trailing line break, so that `echo "$PW" | gatehouse …` and
 * a file without a final newline give the same password. A password is never an argument, where
 * `ps` and shell history would show it.
 */
async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (end with Ctrl-D): ');
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > PASSWORD_INPUT_BYTES_MAX) throw new InvalidArgumentError(`standard input holds more than ${PASSWORD_INPUT_BYTES_MAX} bytes; a password is expected`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text.length === 0) throw new InvalidArgumentError('no password on standard input');
  return text;
}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    reportFailure(error);
  }
}
