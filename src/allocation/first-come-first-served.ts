/**
 * First come, first served, as tariff-rate quotas administer it. Pure.
 *
 * The rule, in plain words: take the applications in tie order (earliest submission first, see
 * tie-order.ts); each receives its whole claim, or what is left of the budget if that is less.
 * Once the budget is spent, the rest receive nothing.
 *
 * Without sorting everyone: the budget runs out during one submission second, the boundary.
 * Everyone submitted before it is served in full and everyone after it receives nothing, so only
 * the applications of that one second need putting in tie order. The boundary second is found by
 * a selection on plain numbers (expected linear time), which matters for a million applications:
 * a full sort by tie order takes seconds there.
 */
import { assert } from '../platform/assert.js';
import { PivotPositions } from './selection.js';
import type { TieBreaker } from './tie-order.js';

export interface FirstComeFirstServedInput {
  /** Indices of the members; reordered (it is scratch space). */
  readonly members: Uint32Array;
  readonly claims: Float64Array;
  readonly budget: number;
  readonly tieOrder: TieBreaker;
  /** Output: units granted, written for every member. */
  readonly units: Float64Array;
}

export interface FirstComeFirstServedOutcome {
  readonly claim: number;
  readonly granted: number;
}

export function fillFirstComeFirstServed(input: FirstComeFirstServedInput): FirstComeFirstServedOutcome {
  const { members, claims, units, budget, tieOrder } = input;
  assert(Number.isSafeInteger(budget) && budget >= 0, `budget ${budget} must be a safe integer ≥ 0`);
  let totalClaim = 0;
  for (let position = 0; position < members.length; position += 1) totalClaim += claims[members[position]!]!;
  if (totalClaim <= budget) {
    // Every claim fits: the order does not matter.
    for (let position = 0; position < members.length; position += 1) {
      const member = members[position]!;
      units[member] = claims[member]!;
    }
    return { claim: totalClaim, granted: totalClaim };
  }

  // In index order the applications are read in memory order (see TieOrder.selectFirst).
  members.sort();
  const keys = new Float64Array(members.length);
  const claimValues = new Float64Array(members.length);
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    keys[position] = tieOrder.primaryKey(member);
    claimValues[position] = claims[member]!;
  }
  const { boundaryKey, claimBefore } = findBoundaryKey(keys, claimValues, budget);

  // Before the boundary: whole claims; after it: nothing; in it: in tie order, while units last.
  let boundaryCount = 0;
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    const key = tieOrder.primaryKey(member);
    if (key < boundaryKey) units[member] = claims[member]!;
    else if (key > boundaryKey) units[member] = 0;
    else {
      members[boundaryCount] = member;
      boundaryCount += 1;
    }
  }
  const boundary = members.subarray(0, boundaryCount).sort(tieOrder.compare);
  let left = budget - claimBefore;
  for (let position = 0; position < boundary.length; position += 1) {
    const member = boundary[position]!;
    const grant = Math.min(claims[member]!, left);
    units[member] = grant;
    left -= grant;
  }
  assert(left === 0, 'the budget binds, so it must be spent in the boundary second');
  return { claim: totalClaim, granted: budget };
}

/**
 * The smallest key K with Σ claims of keys ≤ K above the budget, and Σ claims of keys < K.
 * Quickselect on (key, claim) pairs, which it reorders; the caller guarantees the claims in
 * total exceed the budget, so K exists.
 */
function findBoundaryKey(keys: Float64Array, claims: Float64Array, budget: number): { boundaryKey: number; claimBefore: number } {
  const positions = new PivotPositions();
  let low = 0;
  let high = keys.length;
  let claimBefore = 0; // Σ claims of keys below the open range
  // Each round removes at least the pivot's key from the open range, so this ends.
  while (low < high) {
    const pivot = medianOf(keys[positions.next(low, high - 1)]!, keys[positions.next(low, high - 1)]!, keys[positions.next(low, high - 1)]!);
    let less = low;
    let scan = low;
    let greater = high;
    let claimLess = 0;
    let claimEqual = 0;
    while (scan < greater) {
      const key = keys[scan]!;
      const claim = claims[scan]!;
      if (key < pivot) {
        claimLess += claim;
        keys[scan] = keys[less]!;
        claims[scan] = claims[less]!;
        keys[less] = key;
        claims[less] = claim;
        less += 1;
        scan += 1;
      } else if (key > pivot) {
        greater -= 1;
        keys[scan] = keys[greater]!;
        claims[scan] = claims[greater]!;
        keys[greater] = key;
        claims[greater] = claim;
      } else {
        claimEqual += claim;
        scan += 1;
      }
    }
    if (claimBefore + claimLess > budget) {
      high = less;
    } else if (claimBefore + claimLess + claimEqual > budget) {
      return { boundaryKey: pivot, claimBefore: claimBefore + claimLess };
    } else {
      claimBefore += claimLess + claimEqual;
      low = greater;
    }
  }
  assert(false, 'the claims exceed the budget, so some key must be the boundary');
}

function medianOf(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
