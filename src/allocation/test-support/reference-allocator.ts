/**
 * A second, deliberately naive implementation of the allocation rules, written straight from the
 * contract in docs/allocation.md with BigInt everywhere, full sorts and no cleverness. The
 * property tests check that the fast allocator agrees with it unit for unit, including on numbers
 * near 2^53 where the fast allocator's error-free products matter. Not part of the product.
 */
import type { AllocationProblem, InnerAllocationMethod } from '../allocation-problem.js';
import { parseSubmissionInstant } from '../submission-time.js';

interface Item {
  readonly index: number;
  readonly claim: bigint;
  readonly weight: bigint;
}

function codePoints(text: string): number[] {
  return Array.from(text, (character) => character.codePointAt(0)!);
}

function compareCodePointArrays(a: string, b: string): number {
  const left = codePoints(a);
  const right = codePoints(b);
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

function tieKey(problem: AllocationProblem, index: number): [bigint, string] {
  const submittedAt = problem.applications[index]!.submittedAt;
  if (submittedAt === undefined) return [2n ** 80n, problem.applications[index]!.id];
  const instant = parseSubmissionInstant(submittedAt)!;
  return [BigInt(instant.epochSeconds) * 1_000_000_000n + BigInt(instant.nanoseconds), problem.applications[index]!.id];
}

export function referenceTieCompare(problem: AllocationProblem): (a: number, b: number) => number {
  return (a, b) => {
    const [timeA, idA] = tieKey(problem, a);
    const [timeB, idB] = tieKey(problem, b);
    if (timeA !== timeB) return timeA < timeB ? -1 : 1;
    const byId = compareCodePointArrays(idA, idB);
    return byId !== 0 ? byId : a - b;
  };
}

/** Water-filling by the book: sort breakpoints, walk them, round down, largest remainders. */
export function referenceWaterFill(
  items: readonly Item[],
  budget: bigint,
  tieCompare: (a: number, b: number) => number,
): Map<number, bigint> {
  const units = new Map<number, bigint>();
  const total = items.reduce((sum, item) => sum + item.claim, 0n);
  if (total <= budget) {
    for (const item of items) units.set(item.index, item.claim);
    return units;
  }
  for (const item of items) units.set(item.index, 0n);
  const active = items.filter((item) => item.claim > 0n);
  active.sort((a, b) => {
    const left = a.claim * b.weight;
    const right = b.claim * a.weight;
    return left < right ? -1 : left > right ? 1 : 0;
  });
  let saturatedClaim = 0n;
  let restWeight = active.reduce((sum, item) => sum + item.weight, 0n);
  let position = 0;
  for (; position < active.length; position += 1) {
    const item = active[position]!;
    if (item.claim * restWeight > item.weight * (budget - saturatedClaim)) break;
    units.set(item.index, item.claim);
    saturatedClaim += item.claim;
    restWeight -= item.weight;
  }
  const leftBudget = budget - saturatedClaim;
  const unsaturated = active.slice(position).map((item) => ({
    item,
    quotient: (item.weight * leftBudget) / restWeight,
    remainder: (item.weight * leftBudget) % restWeight,
  }));
  let leftover = leftBudget;
  for (const share of unsaturated) leftover -= share.quotient;
  unsaturated.sort((a, b) =>
    a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : tieCompare(a.item.index, b.item.index),
  );
  unsaturated.forEach((share, rank) => {
    units.set(share.item.index, share.quotient + (BigInt(rank) < leftover ? 1n : 0n));
  });
  return units;
}

function claimOf(problem: AllocationProblem, index: number): bigint {
  const application = problem.applications[index]!;
  return BigInt(application.cap === undefined ? application.demand : Math.min(application.demand, application.cap));
}

function fillInner(
  problem: AllocationProblem,
  method: InnerAllocationMethod,
  members: readonly number[],
  budget: bigint,
  units: Map<number, bigint>,
): bigint {
  const tieCompare = referenceTieCompare(problem);
  if (method === 'fcfs') {
    let left = budget;
    for (const index of [...members].sort(tieCompare)) {
      const claim = claimOf(problem, index);
      const grant = claim < left ? claim : left;
      units.set(index, grant);
      left -= grant;
    }
    return budget - left;
  }
  const items = members.map((index) => {
    const claim = claimOf(problem, index);
    const weight =
      method === 'max-min' ? 1n : method === 'pro-rata' ? claim : BigInt(problem.applications[index]!.weight ?? 1);
    return { index, claim, weight };
  });
  let granted = 0n;
  for (const [index, grant] of referenceWaterFill(items, budget, tieCompare)) {
    units.set(index, grant);
    granted += grant;
  }
  return granted;
}

function fillMethod(problem: AllocationProblem, members: readonly number[], budget: bigint, units: Map<number, bigint>): void {
  if (problem.method !== 'tiered') {
    fillInner(problem, problem.method, members, budget, units);
    return;
  }
  const tierOf = (index: number): number => problem.applications[index]!.tier ?? Number.POSITIVE_INFINITY;
  const tiers = [...new Set(members.map(tierOf))].sort((a, b) => a - b);
  let left = budget;
  for (const tier of tiers) {
    left -= fillInner(problem, problem.inner ?? 'pro-rata', members.filter((index) => tierOf(index) === tier), left, units);
  }
}

/** Units per application, in input order, by the rules of the contract. */
export function referenceAllocate(problem: AllocationProblem): bigint[] {
  const count = problem.applications.length;
  const removed = new Set<number>();
  const minimumLot = BigInt(problem.minLot ?? 0);
  for (;;) {
    const units = new Map<number, bigint>();
    const members = Array.from({ length: count }, (_, index) => index).filter((index) => !removed.has(index));
    if (problem.categoryShares === undefined) {
      fillMethod(problem, members, BigInt(problem.budget), units);
    } else {
      const names = Object.keys(problem.categoryShares).sort(compareCodePointArrays);
      const items = names.map((name, index) => ({
        index,
        claim: members
          .filter((member) => problem.applications[member]!.category === name)
          .reduce((sum, member) => sum + claimOf(problem, member), 0n),
        weight: BigInt(problem.categoryShares![name]!),
      }));
      const sharing = items.filter((item) => item.weight > 0n);
      const budgets = referenceWaterFill(sharing, BigInt(problem.budget), (a, b) => a - b);
      names.forEach((name, index) => {
        const inCategory = members.filter((member) => problem.applications[member]!.category === name);
        fillMethod(problem, inCategory, budgets.get(index) ?? 0n, units);
      });
    }
    const below = members.filter((index) => {
      const grant = units.get(index)!;
      return grant > 0n && grant < minimumLot;
    });
    if (below.length === 0) {
      return Array.from({ length: count }, (_, index) => (removed.has(index) ? 0n : units.get(index)!));
    }
    for (const index of below) removed.add(index);
  }
}
