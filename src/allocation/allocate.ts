/**
 * The allocator: a pure, deterministic function from an allocation problem to its grants. Anyone
 * holding the same problem gets the same result, to the byte.
 *
 * Order of work, each step stated in its own file:
 *  1. claim = min(demand, cap) for every application;
 *  2. with category shares, the budget is split among categories (category-shares.ts);
 *  3. each category's budget (or the whole budget) is divided by the method: first come, first
 *     served (first-come-first-served.ts), pro rata, max-min or weighted (water-filling.ts), or
 *     tier by tier with an inner method (tiered.ts);
 *  4. with a minimum lot, grants below it are removed and steps 2–3 run again (minimum-lot.ts);
 *  5. each grant says which constraint bound it (allocation-result.ts).
 * All decisions are made in exact integer arithmetic; no floating-point rounding decides a unit.
 */
import { assert, assertNever } from '../platform/assert.js';
import {
  DEFAULT_INNER_METHOD,
  type AllocationProblem,
  type InnerAllocationMethod,
} from './allocation-problem.js';
import type {
  AllocationGrant,
  AllocationPool,
  AllocationResult,
  BoundBy,
  CategoryBudget,
  MinimumLotRound,
} from './allocation-result.js';
import { groupByCategory, splitBudgetAmongCategories } from './category-shares.js';
import { formatRational } from './exact-arithmetic.js';
import { fillFirstComeFirstServed } from './first-come-first-served.js';
import { allocateWithMinimumLot } from './minimum-lot.js';
import { compareCodePoints, TieOrder } from './tie-order.js';
import { groupByTier, NO_TIER } from './tiered.js';
import { fillToWaterLevel, type WaterLevel } from './water-filling.js';

/** Per-application figures in typed arrays, indexed by position in the input. */
interface AllocationContext {
  readonly claims: Float64Array;
  /** Empty unless the method (or the inner method) is weighted. */
  readonly weights: Float64Array;
  /** Empty unless the method is tiered. */
  readonly tiers: Float64Array;
  readonly tieOrder: TieOrder;
  /** Output of every fill: units granted per application. */
  readonly units: Float64Array;
}

interface Categories {
  /** Category names in code point order; a category's index is its position here. */
  readonly names: readonly string[];
  readonly shares: Float64Array;
  /** Per application: the index of its category. */
  readonly categoryOf: Uint32Array;
}

interface RunOutcome {
  readonly pools: AllocationPool[];
  readonly categoryBudgets: CategoryBudget[] | undefined;
  readonly categoryLevel: WaterLevel | null;
}

/**
 * Allocates a problem that passed `validateAllocationProblem`. Invalid numbers are programmer
 * errors here and fail an assertion; the validator is where users learn what is wrong.
 */
export function allocate(problem: AllocationProblem): AllocationResult {
  const applications = problem.applications;
  const count = applications.length;
  assert(Number.isSafeInteger(problem.budget) && problem.budget >= 0, 'budget must be a safe integer ≥ 0');
  const method = problem.method;
  const inner = problem.inner ?? DEFAULT_INNER_METHOD;
  // Each application object is read once, here, into typed arrays: a million objects of several
  // shapes are slow to read, and arrays made only when the method needs them save memory, which
  // at this size is time (the garbage collector walks the whole heap when it grows).
  const isWeighted = method === 'weighted' || (method === 'tiered' && inner === 'weighted');
  const claims = new Float64Array(count);
  const weights = new Float64Array(isWeighted ? count : 0);
  const tiers = new Float64Array(method === 'tiered' ? count : 0);
  // Per application: whether its cap is below its demand, for boundBy.
  const isCapBelowDemand = new Uint8Array(count);
  for (let index = 0; index < count; index += 1) {
    const application = applications[index]!;
    const { demand, cap, weight, tier } = application;
    // Messages are built only on failure: a template string per application would cost more
    // than the check itself at a million.
    if (!(Number.isSafeInteger(demand) && demand >= 0)) assert(false, `applications[${index}].demand must be a safe integer ≥ 0`);
    if (!(cap === undefined || (Number.isSafeInteger(cap) && cap >= 0))) {
      assert(false, `applications[${index}].cap must be a safe integer ≥ 0`);
    }
    // The claim: what an application may receive at most. The cap is the evaluation's
    // admissible quantity; asking for more than that does not earn more.
    if (cap !== undefined && cap < demand) {
      claims[index] = cap;
      isCapBelowDemand[index] = 1;
    } else {
      claims[index] = demand;
    }
    if (isWeighted) {
      if (!(weight === undefined || (Number.isSafeInteger(weight) && weight >= 1))) {
        assert(false, `applications[${index}].weight must be a safe integer ≥ 1`);
      }
      weights[index] = weight ?? 1;
    }
    if (method === 'tiered') tiers[index] = tier ?? NO_TIER;
  }
  const context: AllocationContext = {
    claims,
    weights,
    tiers,
    tieOrder: new TieOrder(applications),
    units: new Float64Array(count),
  };
  const categories = problem.categoryShares === undefined ? undefined : indexCategories(problem);
  const minimumLot = problem.minLot ?? 0;

  const { outcome, removedInRound, roundCount } = allocateWithMinimumLot(count, minimumLot, context.units, (members) =>
    allocateMembers(context, problem, categories, members),
  );

  const grants: AllocationGrant[] = new Array<AllocationGrant>(count);
  let granted = 0;
  for (let index = 0; index < count; index += 1) {
    const units = context.units[index]!;
    if (!(units >= 0 && units <= claims[index]!)) assert(false, `applications[${index}]: ${units} units outside [0, claim]`);
    granted += units;
    grants[index] = { id: applications[index]!.id, units, boundBy: boundBy(removedInRound[index]! > 0, units, claims[index]!, isCapBelowDemand[index] === 1) };
  }
  assert(granted <= problem.budget, `granted ${granted} exceeds the budget ${problem.budget}`);

  const isSinglePool = categories === undefined && method !== 'tiered';
  const singlePool = isSinglePool ? outcome.pools[0] : undefined;
  return {
    method,
    ...(method === 'tiered' ? { inner } : {}),
    budget: problem.budget,
    ...(problem.minLot === undefined ? {} : { minLot: problem.minLot }),
    granted,
    ...(singlePool?.coefficient === undefined ? {} : { coefficient: singlePool.coefficient }),
    ...(singlePool === undefined || singlePool.level === undefined ? {} : { level: singlePool.level }),
    ...(outcome.categoryBudgets === undefined
      ? {}
      : { categoryLevel: formatLevel(outcome.categoryLevel), categories: outcome.categoryBudgets }),
    pools: outcome.pools,
    ...(problem.minLot === undefined ? {} : { minLotRounds: minimumLotRounds(problem, removedInRound, roundCount) }),
    grants,
  };
}

/**
 * boundBy, in order of precedence: removed by the minimum lot; else short of its claim because
 * the budget ran out; else held to its cap below its demand; else given all it asked for.
 */
function boundBy(isRemoved: boolean, units: number, claim: number, isCapBelowDemand: boolean): BoundBy {
  if (isRemoved) return 'min-lot';
  if (units < claim) return 'budget';
  if (isCapBelowDemand) return 'cap';
  return 'demand';
}

function indexCategories(problem: AllocationProblem): Categories {
  const shareByName = problem.categoryShares!;
  const names = Object.keys(shareByName).sort(compareCodePoints);
  const indexByName = new Map(names.map((name, index) => [name, index]));
  const shares = Float64Array.from(names, (name) => shareByName[name]!);
  const categoryOf = new Uint32Array(problem.applications.length);
  for (let index = 0; index < problem.applications.length; index += 1) {
    const category = problem.applications[index]!.category;
    const categoryIndex = category === undefined ? undefined : indexByName.get(category);
    if (categoryIndex === undefined) assert(false, `applications[${index}].category must name a category with a share`);
    categoryOf[index] = categoryIndex;
  }
  return { names, shares, categoryOf };
}

/** One run of steps 2–3 over the applications still in the round. */
function allocateMembers(
  context: AllocationContext,
  problem: AllocationProblem,
  categories: Categories | undefined,
  members: Uint32Array,
): RunOutcome {
  if (categories === undefined) {
    return { pools: fillByMethod(context, problem, members, problem.budget, undefined), categoryBudgets: undefined, categoryLevel: null };
  }
  const groups = groupByCategory(members, categories.categoryOf, categories.names.length);
  const categoryClaims = Float64Array.from(groups, (group) => {
    let claim = 0;
    for (let position = 0; position < group.length; position += 1) claim += context.claims[group[position]!]!;
    return claim;
  });
  const split = splitBudgetAmongCategories(categoryClaims, categories.shares, problem.budget);
  const pools: AllocationPool[] = [];
  const categoryBudgets: CategoryBudget[] = [];
  for (let category = 0; category < categories.names.length; category += 1) {
    const name = categories.names[category]!;
    const budget = split.budgets[category]!;
    categoryBudgets.push({ category: name, share: categories.shares[category]!, claim: categoryClaims[category]!, budget });
    const group = groups[category]!;
    if (group.length > 0) pools.push(...fillByMethod(context, problem, group, budget, name));
  }
  return { pools, categoryBudgets, categoryLevel: split.level };
}

/** Divides `budget` among `members` by the problem's method, tier by tier under "tiered". */
function fillByMethod(
  context: AllocationContext,
  problem: AllocationProblem,
  members: Uint32Array,
  budget: number,
  category: string | undefined,
): AllocationPool[] {
  const categoryField = category === undefined ? {} : { category };
  if (problem.method !== 'tiered') {
    return [{ ...categoryField, ...fillPool(context, problem.method, members, budget) }];
  }
  const inner = problem.inner ?? DEFAULT_INNER_METHOD;
  const pools: AllocationPool[] = [];
  let left = budget;
  for (const group of groupByTier(members, context.tiers)) {
    const pool = fillPool(context, inner, group.members, left);
    left -= pool.granted;
    pools.push({ ...categoryField, tier: group.tier, ...pool });
  }
  return pools;
}

type PoolFigures = Pick<AllocationPool, 'budget' | 'claim' | 'granted' | 'coefficient' | 'level'>;

function fillPool(context: AllocationContext, method: InnerAllocationMethod, members: Uint32Array, budget: number): PoolFigures {
  const tieOrder = context.tieOrder;
  switch (method) {
    case 'fcfs': {
      const outcome = fillFirstComeFirstServed({ members, claims: context.claims, budget, tieOrder, units: context.units });
      return { budget, claim: outcome.claim, granted: outcome.granted };
    }
    case 'pro-rata': {
      const outcome = fillToWaterLevel({ members, claims: context.claims, weights: context.weights, rule: 'claim', budget, tieOrder, units: context.units });
      // The allocation coefficient is budget / total claim, and 1 when every claim fits.
      return { budget, claim: outcome.claim, granted: outcome.granted, coefficient: outcome.level === null ? '1' : formatLevel(outcome.level)! };
    }
    case 'max-min':
    case 'weighted': {
      const rule = method === 'max-min' ? 'equal' : 'weight';
      const outcome = fillToWaterLevel({ members, claims: context.claims, weights: context.weights, rule, budget, tieOrder, units: context.units });
      return { budget, claim: outcome.claim, granted: outcome.granted, level: formatLevel(outcome.level) };
    }
    default:
      return assertNever(method, 'allocation method');
  }
}

function formatLevel(level: WaterLevel | null): string | null {
  return level === null ? null : formatRational(level.numerator, level.denominator);
}

function minimumLotRounds(problem: AllocationProblem, removedInRound: Uint32Array, roundCount: number): MinimumLotRound[] {
  const removedByRound: string[][] = Array.from({ length: roundCount }, () => []);
  for (let index = 0; index < problem.applications.length; index += 1) {
    const round = removedInRound[index]!;
    if (round > 0) removedByRound[round - 1]!.push(problem.applications[index]!.id);
  }
  const rounds: MinimumLotRound[] = [];
  removedByRound.forEach((removed, offset) => {
    if (removed.length > 0) rounds.push({ round: offset + 1, removed });
  });
  return rounds;
}
