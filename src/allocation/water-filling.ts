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
import { PivotPositions, valueAtSortedPosition } from './selection.js';
import type { TieBreaker } from './tie-order.js';

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
  /** The order in which equal remainders are served. */
  readonly tieOrder: TieBreaker;
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
 * breakpoints). It runs on packed copies of the claims and weights, so that each pass reads
 * memory in order. All comparisons are exact products (see exact-arithmetic.ts). Once λ = B'/W'
 * is known, one pass puts the saturated members (c_i · W' ≤ w_i · B') first.
 */
function findWaterLevel(input: WaterFillingInput, positiveCount: number): LevelSearch {
  const { members, claims, weights, budget } = input;
  const isEqualWeight = input.rule === 'equal';
  const claimValues = new Float64Array(positiveCount);
  // Under max-min every weight is 1, and no weight array is made (memory is time at this size).
  const weightValues = isEqualWeight ? undefined : new Float64Array(positiveCount);
  for (let position = 0; position < positiveCount; position += 1) {
    const member = members[position]!;
    claimValues[position] = claims[member]!;
    if (weightValues !== undefined) weightValues[position] = weights[member]!;
  }
  const roundsMax = input.searchRoundsMax ?? searchRoundsMax(positiveCount);
  const { leftBudget, unsaturatedWeight } = searchLevel(claimValues, weightValues, budget, roundsMax);

  let saturatedCount = 0;
  let saturatedClaim = 0;
  let openWeight = 0;
  for (let position = 0; position < positiveCount; position += 1) {
    const member = members[position]!;
    const claim = claims[member]!;
    const weight = isEqualWeight ? 1 : weights[member]!;
    if (compareProducts(claim, unsaturatedWeight, weight, leftBudget) <= 0) {
      members[position] = members[saturatedCount]!;
      members[saturatedCount] = member;
      saturatedCount += 1;
      saturatedClaim += claim;
    } else {
      openWeight += weight;
    }
  }
  assert(
    saturatedClaim === budget - leftBudget && openWeight === unsaturatedWeight,
    'the saturated members must be those the level search found',
  );
  return { saturatedCount, leftBudget, unsaturatedWeight };
}

/** Sign of c_a / w_a − c_b / w_b, exactly. */
function compareRatios(claimA: number, weightA: number, claimB: number, weightB: number): number {
  if (weightA === weightB) return claimA - claimB;
  return compareProducts(claimA, weightB, claimB, weightA);
}

/** Swaps entries i and j of the claims, and of the weights when there are any. */
function swapPairs(claims: Float64Array, weights: Float64Array | undefined, i: number, j: number): void {
  const claim = claims[i]!;
  claims[i] = claims[j]!;
  claims[j] = claim;
  if (weights === undefined) return;
  const weight = weights[i]!;
  weights[i] = weights[j]!;
  weights[j] = weight;
}

/** The level search proper, on packed (claim, weight) pairs, which it reorders; no weights means 1. */
function searchLevel(
  claims: Float64Array,
  weights: Float64Array | undefined,
  budget: number,
  roundsMax: number,
): { leftBudget: number; unsaturatedWeight: number } {
  let low = 0;
  let high = claims.length;
  let saturatedClaim = 0; // Σ c over [0, low): known saturated
  let unsaturatedWeight = 0; // Σ w over [high, end): known unsaturated
  const positions = new PivotPositions();
  const weightOf = (position: number): number => (weights === undefined ? 1 : weights[position]!);
  for (let round = 0; low < high; round += 1) {
    if (round >= roundsMax) {
      return scanSortedBreakpoints(claims, weights, low, high, budget, saturatedClaim, unsaturatedWeight);
    }
    // Pivot: the median of three breakpoints at pseudo-random positions (see selection.ts).
    const first = positions.next(low, high - 1);
    const middle = positions.next(low, high - 1);
    const last = positions.next(low, high - 1);
    const isFirstBelowMiddle = compareRatios(claims[first]!, weightOf(first), claims[middle]!, weightOf(middle)) < 0;
    const isMiddleBelowLast = compareRatios(claims[middle]!, weightOf(middle), claims[last]!, weightOf(last)) < 0;
    const isFirstBelowLast = compareRatios(claims[first]!, weightOf(first), claims[last]!, weightOf(last)) < 0;
    const pivot = isFirstBelowMiddle === isMiddleBelowLast ? middle : isFirstBelowMiddle === isFirstBelowLast ? last : first;
    const pivotClaim = claims[pivot]!;
    const pivotWeight = weightOf(pivot);

    // [low, less) below the pivot's breakpoint, [less, greater) equal, [greater, high) above.
    let less = low;
    let scan = low;
    let greater = high;
    let claimBelow = 0;
    let claimEqual = 0;
    let weightEqual = 0;
    let weightAbove = 0;
    while (scan < greater) {
      const claim = claims[scan]!;
      const weight = weights === undefined ? 1 : weights[scan]!;
      const order = compareRatios(claim, weight, pivotClaim, pivotWeight);
      if (order < 0) {
        claimBelow += claim;
        swapPairs(claims, weights, less, scan);
        less += 1;
        scan += 1;
      } else if (order > 0) {
        weightAbove += weight;
        greater -= 1;
        swapPairs(claims, weights, scan, greater);
      } else {
        claimEqual += claim;
        weightEqual += weight;
        scan += 1;
      }
    }
    const budgetLeftAtPivot = budget - saturatedClaim - claimBelow - claimEqual;
    const isPivotSaturated =
      budgetLeftAtPivot >= 0 &&
      compareProducts(pivotClaim, unsaturatedWeight + weightAbove, pivotWeight, budgetLeftAtPivot) <= 0;
    if (isPivotSaturated) {
      saturatedClaim += claimBelow + claimEqual;
      low = greater;
    } else {
      unsaturatedWeight += weightEqual + weightAbove;
      high = less;
    }
  }
  return { leftBudget: budget - saturatedClaim, unsaturatedWeight };
}

/**
 * The fallback for an input that defeats the pivots: sort the open range by breakpoint and walk
 * it. The next member in breakpoint order is saturated when c · W ≤ w · B, with W the weight of
 * it and everyone after it and B the budget not yet taken by saturated members.
 */
function scanSortedBreakpoints(
  claims: Float64Array,
  weights: Float64Array | undefined,
  low: number,
  high: number,
  budget: number,
  saturatedClaimBefore: number,
  unsaturatedWeightAfter: number,
): { leftBudget: number; unsaturatedWeight: number } {
  const weightOf = (position: number): number => (weights === undefined ? 1 : weights[position]!);
  const order = Uint32Array.from({ length: high - low }, (_, offset) => low + offset);
  order.sort((a, b) => compareRatios(claims[a]!, weightOf(a), claims[b]!, weightOf(b)));
  let openWeight = unsaturatedWeightAfter;
  for (let position = low; position < high; position += 1) openWeight += weightOf(position);
  let saturatedClaim = saturatedClaimBefore;
  for (const position of order) {
    const claim = claims[position]!;
    const weight = weightOf(position);
    if (compareProducts(claim, openWeight, weight, budget - saturatedClaim) > 0) break;
    saturatedClaim += claim;
    openWeight -= weight;
  }
  return { leftBudget: budget - saturatedClaim, unsaturatedWeight: openWeight };
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
  input.tieOrder.selectFirst(members, from, to, leftover);
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
  input.tieOrder.selectFirst(atThreshold, 0, atThresholdCount, toAward);
  for (let position = 0; position < toAward; position += 1) {
    const member = atThreshold[position]!;
    units[member] = units[member]! + 1;
  }
}
