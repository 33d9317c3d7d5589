/**
 * Water-filling: the family of max-min fair, weighted fair share and pro rata. Pure.
 *
 * The rule, in plain words. Each member i has a claim c_i (what it may receive at most) and a
 * weight w_i. If the claims fit in the budget, every member receives its claim. Otherwise the
 * water level λ is the one number with
 *
 *     Σ_i min(c_i, w_i · λ) = budget,
 *
 * that is, every member receives w_i · λ, except a member whose claim is below that, which
 * receives its claim ("saturated"); what saturated members cannot use raises the level for the
 * others. Max-min fair is the case w_i = 1 (one common level); pro rata is w_i = c_i (one common
 * coefficient λ = budget / total claim, nobody saturated).
 *
 * Whole units. With S the saturated members, the budget left for the others is B' = budget − Σ_S c_i
 * and their total weight is W', so λ = B' / W' exactly. Each unsaturated member first receives
 * floor(w_i · B' / W'); the units left over (fewer than the number of unsaturated members) go one
 * each to the members with the largest remainders (w_i · B') mod W' — every remainder has the
 * same denominator W', so comparing the integers compares the fractions — and among equal
 * remainders in tie order. No member passes its claim: an unsaturated member's exact share is
 * below its claim, so rounding it up reaches the claim at most.
 */
import { assert } from '../platform/assert.js';
import { compareProducts, divideProduct, type QuotientRemainder } from './exact-arithmetic.js';
import { selectSmallest, valueAtSortedPosition } from './selection.js';

/** How the weight of a member is chosen: 1 (max-min), its own weight (weighted), its claim (pro rata). */
export type WeightRule = 'equal' | 'weight' | 'claim';

export interface WaterFillingInput {
  /** Indices of the members into `claims`, `weights` and `units`. Reordered: it is scratch space. */
  readonly members: Uint32Array;
  readonly claims: Float64Array;
  /** Read only under the rule "weight"; each ≥ 1. */
  readonly weights: Float64Array;
  readonly rule: WeightRule;
  readonly budget: number;
  /** Total order used between equal remainders. */
  readonly compareTieOrder: (a: number, b: number) => number;
  /** Output: units granted, written for every member and nothing else. */
  readonly units: Float64Array;
  /** Partition rounds before the level search sorts instead; tests lower it to exercise that path. */
  readonly searchRoundsMax?: number;
}

export interface WaterLevel {
  readonly numerator: number;
  readonly denominator: number;
}

export interface WaterFillingOutcome {
  readonly claim: number;
  readonly granted: number;
  /**
   * λ = B' / W' when the budget binds; null when every claim fits (no level binds). Under pro
   * rata this is the allocation coefficient budget / total claim.
   */
  readonly level: WaterLevel | null;
}

/** Partition rounds of the level search before falling back to a sort: twice the expected count. */
function searchRoundsMax(length: number): number {
  return 16 + 4 * Math.ceil(Math.log2(length + 1));
}

export function fillToWaterLevel(input: WaterFillingInput): WaterFillingOutcome {
  const { members, claims, units, budget } = input;
  assert(Number.isSafeInteger(budget) && budget >= 0, `budget ${budget} must be a safe integer ≥ 0`);

  let totalClaim = 0;
  for (let position = 0; position < members.length; position += 1) totalClaim += claims[members[position]!]!;
  assert(Number.isSafeInteger(totalClaim), `total claim ${totalClaim} is not a safe integer`);

  if (totalClaim <= budget) {
    for (let position = 0; position < members.length; position += 1) {
      const member = members[position]!;
      units[member] = claims[member]!;
    }
    return { claim: totalClaim, granted: totalClaim, level: null };
  }

  // Members with nothing to claim receive nothing and take no part in the level (under pro rata
  // their weight would be 0). Move the others to the front: positions [0, positiveCount).
  let positiveCount = 0;
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    if (claims[member]! > 0) {
      members[position] = members[positiveCount]!;
      members[positiveCount] = member;
      positiveCount += 1;
    } else {
      units[member] = 0;
    }
  }

  const level =
    input.rule === 'claim'
      ? { saturatedCount: 0, leftBudget: budget, unsaturatedWeight: totalClaim }
      : findWaterLevel(input, positiveCount);
  const { saturatedCount, leftBudget, unsaturatedWeight } = level;
  assert(unsaturatedWeight > 0, 'the budget binds, so some member must be below its claim');

  for (let position = 0; position < saturatedCount; position += 1) {
    const member = members[position]!;
    units[member] = claims[member]!;
  }
  if (input.rule === 'equal') shareEqually(input, saturatedCount, positiveCount, leftBudget, unsaturatedWeight);
  else shareByWeight(input, saturatedCount, positiveCount, leftBudget, unsaturatedWeight);

  return { claim: totalClaim, granted: budget, level: { numerator: leftBudget, denominator: unsaturatedWeight } };
}

interface LevelSearch {
  /** members[0, saturatedCount) are saturated, members[saturatedCount, positiveCount) are not. */
  readonly saturatedCount: number;
  /** B': the budget minus the saturated members' claims. */
  readonly leftBudget: number;
  /** W': the unsaturated members' total weight. */
  readonly unsaturatedWeight: number;
}

/**
 * Finds the saturated members: those whose breakpoint c_i / w_i is at most λ. A member's
 * breakpoint β is at most λ exactly when the budget would cover everyone at level β:
 *
 *     Σ_{β_j ≤ β} c_j + β · Σ_{β_j > β} w_j ≤ budget.
 *
 * Quickselect on that test: partition the open range around a pivot's breakpoint, test the pivot,
 * and keep the half that is still open (expected linear time; no full sort of a million
 * breakpoints). All comparisons are exact products (see exact-arithmetic.ts).
 */
function findWaterLevel(input: WaterFillingInput, positiveCount: number): LevelSearch {
  const { members, claims, weights, budget } = input;
  const isEqualWeight = input.rule === 'equal';
  const weightOf = (member: number): number => (isEqualWeight ? 1 : weights[member]!);
  // Breakpoint order: c_a / w_a against c_b / w_b, as c_a · w_b against c_b · w_a.
  const compareBreakpoints = (a: number, b: number): number =>
    isEqualWeight ? claims[a]! - claims[b]! : compareProducts(claims[a]!, weights[b]!, claims[b]!, weights[a]!);

  let low = 0;
  let high = positiveCount;
  let saturatedClaim = 0; // Σ c over members[0, low): known saturated
  let unsaturatedWeight = 0; // Σ w over members[high, positiveCount): known unsaturated
  const roundsMax = input.searchRoundsMax ?? searchRoundsMax(positiveCount);
  for (let round = 0; low < high; round += 1) {
    if (round >= roundsMax) {
      return scanSortedBreakpoints(input, low, high, saturatedClaim, unsaturatedWeight, compareBreakpoints, weightOf);
    }
    const pivot = medianOfThree(members[low]!, members[(low + high) >>> 1]!, members[high - 1]!, compareBreakpoints);
    // [low, less) below the pivot's breakpoint, [less, greater) equal, [greater, high) above.
    let less = low;
    let scan = low;
    let greater = high;
    let claimBelow = 0;
    let claimEqual = 0;
    let weightEqual = 0;
    let weightAbove = 0;
    while (scan < greater) {
      const member = members[scan]!;
      const order = compareBreakpoints(member, pivot);
      if (order < 0) {
        claimBelow += claims[member]!;
        members[scan] = members[less]!;
        members[less] = member;
        less += 1;
        scan += 1;
      } else if (order > 0) {
        weightAbove += weightOf(member);
        greater -= 1;
        members[scan] = members[greater]!;
        members[greater] = member;
      } else {
        claimEqual += claims[member]!;
        weightEqual += weightOf(member);
        scan += 1;
      }
    }
    const budgetLeftAtPivot = budget - saturatedClaim - claimBelow - claimEqual;
    const isPivotSaturated =
      budgetLeftAtPivot >= 0 &&
      compareProducts(claims[pivot]!, unsaturatedWeight + weightAbove, weightOf(pivot), budgetLeftAtPivot) <= 0;
    if (isPivotSaturated) {
      saturatedClaim += claimBelow + claimEqual;
      low = greater;
    } else {
      unsaturatedWeight += weightEqual + weightAbove;
      high = less;
    }
  }
  return { saturatedCount: low, leftBudget: budget - saturatedClaim, unsaturatedWeight };
}

/**
 * The fallback for an input that defeats the pivots: sort the open range by breakpoint and walk
 * it. Member j (next in breakpoint order) is saturated when c_j · W ≤ w_j · B, with W the weight
 * of it and everyone after it and B the budget not yet taken by saturated members.
 */
function scanSortedBreakpoints(
  input: WaterFillingInput,
  low: number,
  high: number,
  saturatedClaimBefore: number,
  unsaturatedWeightAfter: number,
  compareBreakpoints: (a: number, b: number) => number,
  weightOf: (member: number) => number,
): LevelSearch {
  const { members, claims, budget } = input;
  members.subarray(low, high).sort(compareBreakpoints);
  let openWeight = unsaturatedWeightAfter;
  for (let position = low; position < high; position += 1) openWeight += weightOf(members[position]!);
  let saturatedClaim = saturatedClaimBefore;
  let position = low;
  for (; position < high; position += 1) {
    const member = members[position]!;
    const budgetLeft = budget - saturatedClaim;
    if (compareProducts(claims[member]!, openWeight, weightOf(member), budgetLeft) > 0) break;
    saturatedClaim += claims[member]!;
    openWeight -= weightOf(member);
  }
  return { saturatedCount: position, leftBudget: budget - saturatedClaim, unsaturatedWeight: openWeight };
}

function medianOfThree(a: number, b: number, c: number, compare: (x: number, y: number) => number): number {
  if (compare(a, b) < 0) {
    if (compare(b, c) < 0) return b;
    return compare(a, c) < 0 ? c : a;
  }
  if (compare(a, c) < 0) return a;
  return compare(b, c) < 0 ? c : b;
}

/**
 * Max-min: every unsaturated member has weight 1, so all receive floor(B' / W') and all have the
 * same remainder; the B' mod W' leftover units go to the first members in tie order.
 */
function shareEqually(input: WaterFillingInput, from: number, to: number, leftBudget: number, memberCount: number): void {
  const { members, units } = input;
  assert(memberCount === to - from, `${memberCount} unsaturated members expected, ${to - from} found`);
  const base = Math.floor(leftBudget / memberCount);
  const leftover = leftBudget - base * memberCount;
  assert(leftover >= 0 && leftover < memberCount, `leftover ${leftover} out of range`);
  for (let position = from; position < to; position += 1) units[members[position]!] = base;
  selectSmallest(members, from, to, leftover, input.compareTieOrder);
  for (let position = from; position < from + leftover; position += 1) units[members[position]!] = base + 1;
}

/**
 * Weighted and pro rata: member i receives floor(w_i · B' / W'), and the leftover units go to the
 * largest remainders (w_i · B') mod W', equal remainders in tie order.
 */
function shareByWeight(input: WaterFillingInput, from: number, to: number, leftBudget: number, totalWeight: number): void {
  const { members, units, claims, weights } = input;
  const useClaimAsWeight = input.rule === 'claim';
  const count = to - from;
  const remainders = new Float64Array(count);
  const division: QuotientRemainder = { quotient: 0, remainder: 0 };
  let floorTotal = 0;
  for (let offset = 0; offset < count; offset += 1) {
    const member = members[from + offset]!;
    const weight = useClaimAsWeight ? claims[member]! : weights[member]!;
    divideProduct(weight, leftBudget, totalWeight, division);
    units[member] = division.quotient;
    remainders[offset] = division.remainder;
    floorTotal += division.quotient;
  }
  const leftover = leftBudget - floorTotal;
  assert(leftover >= 0 && leftover < Math.max(count, 1), `leftover ${leftover} out of range for ${count} members`);
  if (leftover === 0) return;

  // The leftover-th largest remainder: every remainder above it wins a unit, and the remaining
  // units go to the members holding exactly it, in tie order.
  const threshold = valueAtSortedPosition(Float64Array.from(remainders), count - leftover);
  const atThreshold = new Uint32Array(count);
  let atThresholdCount = 0;
  let awarded = 0;
  for (let offset = 0; offset < count; offset += 1) {
    const remainder = remainders[offset]!;
    const member = members[from + offset]!;
    if (remainder > threshold) {
      units[member] = units[member]! + 1;
      awarded += 1;
    } else if (remainder === threshold) {
      atThreshold[atThresholdCount] = member;
      atThresholdCount += 1;
    }
  }
  const toAward = leftover - awarded;
  assert(toAward >= 1 && toAward <= atThresholdCount, `${toAward} units for ${atThresholdCount} members at the threshold`);
  selectSmallest(atThreshold, 0, atThresholdCount, toAward, input.compareTieOrder);
  for (let position = 0; position < toAward; position += 1) {
    const member = atThreshold[position]!;
    units[member] = units[member]! + 1;
  }
}
