/**
 * `gatehouse round open|preview|commit|rerun|cancel|show|list`: allocation rounds from the
 * console, over the same use cases as /api/v1/rounds.
 *
 * Who acts: the operator, unless GATEHOUSE_TOKEN holds an API token, in which case its user does.
 * Opening, previewing and cancelling are open to the operator; committing and re-running decide
 * applications, which only an approver may do and never one who reviewed them (four eyes), so
 * those need an approver's token. Each change names the version it expects (`--expected-version`, the
 * round's ETag); without it, the version read just before is used.
 */
import type { Command } from 'commander';
import { authenticateToken } from '../access/index.js';
import { cancelRound } from '../allocation/cancel-round.js';
import { rerunRound } from '../allocation/commit-rerun.js';
import { commitRound } from '../allocation/commit-round.js';
import { getRound, listRoundsFor } from '../allocation/get-rounds.js';
import { openRound, type OpenRoundInput } from '../allocation/open-round.js';
import { previewRound } from '../allocation/preview-round.js';
import type { AllocationRound } from '../allocation/round.js';
import { ALLOCATION_METHODS, INNER_ALLOCATION_METHODS, type AllocationMethod, type InnerAllocationMethod } from '../allocation/index.js';
import { operatorActor, type Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { reportFailure, withContext } from './cli-support.js';

interface OpenOptions {
  title: string;
  item: string;
  budget: string;
  method: string;
  cutOff: string;
  inner?: string;
  minLot?: string;
  categoryShares?: boolean;
  tier?: string[];
  withdrawalDays?: string;
  json?: boolean;
}

export function registerRoundCommands(program: Command): void {
  const round = program.command('round').description('allocation rounds: open, preview, commit, re-run after withdrawals, cancel, show, list');
  round
    .command('open')
    .description('open a round under the policy in force')
    .requiredOption('--title <text>', 'a name for the round')
    .requiredOption('--item <id>', 'the controlled item')
    .requiredOption('--budget <units>', 'units to divide')
    .requiredOption('--method <method>', `one of ${ALLOCATION_METHODS.join(', ')}`)
    .requiredOption('--cut-off <instant>', 'applications submitted at or before this instant (or the end of this date, UTC)')
    .option('--inner <method>', `tiered only: ${INNER_ALLOCATION_METHODS.join(', ')}`)
    .option('--min-lot <units>', 'grants below this become 0 and go to the others')
    .option('--category-shares', 'split the budget by the policy’s category shares first')
    .option('--tier <category=tier...>', 'tiered only: the tier of a category (repeat)')
    .option('--withdrawal-days <days>', 'pro-rata only: the withdrawal window after the commitment')
    .option('--json', 'print the round as JSON')
    .action(async (options: OpenOptions) => {
      await run(async (context, actor) => print(await openRound(context, actor, openInput(options)), options.json === true));
    });
  round
    .command('preview <id>')
    .description('a dry run: the grants, every method side by side, and what would block the commitment')
    .option('--expected-version <n>', 'the version you read (the ETag)')
    .option('--json', 'print the round as JSON')
    .action(async (id: string, options: { expectedVersion?: string; json?: boolean }) => {
      await run(async (context, actor) => print(await previewRound(context, actor, id, await versionOf(context, actor, id, options.expectedVersion)), options.json === true));
    });
  round
    .command('commit <id>')
    .description('decide every included application and issue the licences in one transaction (an approver’s GATEHOUSE_TOKEN)')
    .option('--expected-version <n>', 'the version you read (the ETag)')
    .option('--json', 'print the round as JSON')
    .action(async (id: string, options: { expectedVersion?: string; json?: boolean }) => {
      await run(async (context, actor) => print(await commitRound(context, actor, id, await versionOf(context, actor, id, options.expectedVersion)), options.json === true));
    });
  round
    .command('rerun <id>')
    .description('after a pro-rata round’s withdrawal window: divide what is left among the applications that stayed (an approver’s GATEHOUSE_TOKEN)')
    .option('--expected-version <n>', 'the version you read (the ETag)')
    .option('--json', 'print the round as JSON')
    .action(async (id: string, options: { expectedVersion?: string; json?: boolean }) => {
      await run(async (context, actor) => print(await rerunRound(context, actor, id, await versionOf(context, actor, id, options.expectedVersion)), options.json === true));
    });
  round
    .command('cancel <id>')
    .description('cancel a round that is not committed')
    .requiredOption('--reason <text>', 'why')
    .option('--expected-version <n>', 'the version you read (the ETag)')
    .action(async (id: string, options: { reason: string; expectedVersion?: string }) => {
      await run(async (context, actor) => print(await cancelRound(context, actor, id, await versionOf(context, actor, id, options.expectedVersion), { reason: options.reason }), false));
    });
  round
    .command('show <id>')
    .description('a round: its figures, or with --json everything needed to recompute it')
    .option('--json', 'print the round as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await run(async (context, actor) => print(await getRound(context, actor, id), options.json === true));
    });
  round
    .command('list')
    .description('the rounds, oldest first (at most 200)')
    .action(async () => {
      await run(async (context, actor) => {
        const page = await listRoundsFor(context, actor, { limit: 200 });
        for (const item of page.items) process.stdout.write(`${item.id}  ${item.state.padEnd(9)}  v${item.version}  ${item.method}  budget ${item.budget}  ${item.title}\n`);
      });
    });
}

async function run(work: (context: AppContext, actor: Actor) => Promise<void>): Promise<void> {
  try {
    await withContext(async (context) => work(context, await actingAs(context)));
  } catch (error) {
    reportFailure(error);
  }
}

/** The token's user when GATEHOUSE_TOKEN is set (refused if it is not a valid token), else the operator. */
async function actingAs(context: AppContext): Promise<Actor> {
  const token = process.env.GATEHOUSE_TOKEN?.trim();
  if (token === undefined || token === '') return operatorActor();
  const actor = await authenticateToken(context, `Bearer ${token}`);
  if (actor === null) throw new DomainError('unauthenticated', 'GATEHOUSE_TOKEN is not a valid, unexpired API token');
  return actor;
}

async function versionOf(context: AppContext, actor: Actor, id: string, version: string | undefined): Promise<number> {
  if (version === undefined) return (await getRound(context, actor, id)).version;
  return wholeNumber(version, '--expected-version', 1);
}

function openInput(options: OpenOptions): OpenRoundInput {
  if (!(ALLOCATION_METHODS as readonly string[]).includes(options.method)) throw new DomainError('validation_failed', `--method must be one of ${ALLOCATION_METHODS.join(', ')}`, { field: 'method' });
  if (options.inner !== undefined && !(INNER_ALLOCATION_METHODS as readonly string[]).includes(options.inner)) {
    throw new DomainError('validation_failed', `--inner must be one of ${INNER_ALLOCATION_METHODS.join(', ')}`, { field: 'inner' });
  }
  const input: OpenRoundInput = { title: options.title, itemId: options.item, budget: wholeNumber(options.budget, '--budget', 1), method: options.method as AllocationMethod, cutOff: options.cutOff };
  if (options.inner !== undefined) input.inner = options.inner as InnerAllocationMethod;
  if (options.minLot !== undefined) input.minLot = wholeNumber(options.minLot, '--min-lot', 0);
  if (options.categoryShares === true) input.useCategoryShares = true;
  if (options.withdrawalDays !== undefined) input.withdrawalWindowDays = wholeNumber(options.withdrawalDays, '--withdrawal-days', 1);
  if (options.tier !== undefined) {
    const tiers: Record<string, number> = {};
    for (const entry of options.tier) {
      const [category, tier] = entry.split('=');
      if (category === undefined || tier === undefined || category === '') throw new DomainError('validation_failed', `--tier takes category=tier, not "${entry}"`, { field: 'categoryTiers' });
      tiers[category] = wholeNumber(tier, `--tier ${category}`, 1);
    }
    input.categoryTiers = tiers;
  }
  return input;
}

function wholeNumber(text: string, name: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < minimum) throw new DomainError('validation_failed', `${name} must be a whole number ≥ ${minimum}, not "${text}"`, { field: name });
  return value;
}

/** A round in words: state, figures, the grants, every method beside the round's own, blockers. */
function print(round: AllocationRound, asJson: boolean): void {
  if (asJson) {
    process.stdout.write(`${JSON.stringify(round, null, 2)}\n`);
    return;
  }
  const lines: string[] = [`round ${round.id} (version ${round.version}): ${round.state} — ${round.title}`, `  ${round.method}, budget ${round.budget}, cut-off ${round.cutOff}, policy ${round.policyHash}`];
  const stage = round.rerun === null ? (round.commitment ?? round.preview) : null;
  if (stage !== null) {
    const summary = stage.summary;
    lines.push(
      `  ${round.commitment === null ? 'preview' : 'committed'}: granted ${summary.granted} of ${summary.budget}` +
        `${summary.coefficient === null ? '' : `, coefficient ${summary.coefficient}`}${summary.level === null ? '' : `, level ${summary.level}`}` +
        `, fill rate ${basisPoints(summary.fillRateBasisPoints)}, HHI ${summary.hhiBasisPoints ?? '–'} (by organisation ${summary.hhiByOrganisationBasisPoints ?? '–'})` +
        `, new entrants ${basisPoints(summary.newEntrantShareBasisPoints)}`,
      `  inputHash ${summary.inputHash}`,
      `  resultHash ${summary.resultHash}`,
    );
    for (const line of stage.lines) lines.push(`  ${line.applicationId}  ${line.organisationName}: requested ${line.requested}, cap ${line.cap}, granted ${line.grantedUnits} (${line.boundBy})`);
    for (const excluded of stage.excluded) lines.push(`  excluded ${excluded.applicationId}  ${excluded.organisationName}: ${excluded.reason}`);
  }
  if (round.state === 'previewed' && round.preview !== null) {
    for (const entry of round.preview.comparison) {
      lines.push(`  ${entry.method.padEnd(8)} granted ${entry.granted}, HHI ${entry.hhiBasisPoints ?? '–'}, units ${entry.units.join(' ')}`);
    }
    lines.push(round.preview.blockers.length === 0 ? '  ready to commit' : `  would be refused: ${round.preview.blockers.join('; ')}`);
  }
  if (round.withdrawalsCloseAt !== null && round.state === 'committed') lines.push(`  withdrawals until ${round.withdrawalsCloseAt}`);
  if (round.rerun !== null) {
    const final = round.rerun.final;
    lines.push(`  final: granted ${final.granted}, withdrawn ${final.withdrawnUnits}, effective coefficient ${final.effectiveCoefficient ?? '–'}, HHI ${final.hhiBasisPoints ?? '–'}`);
    for (const topUp of round.rerun.topUps) lines.push(`  top-up ${topUp.applicationId}: +${topUp.units}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function basisPoints(value: number | null): string {
  return value === null ? '–' : `${(value / 100).toFixed(2)} %`;
}
