/**
 * First come, first served, as tariff-rate quotas administer it. Pure.
 *
 * The rule, in plain words: take the applications in tie order (earliest submission first, see
 * tie-order.ts); each receives its whole claim, or what is left of the budget if that is less.
 * Once the budget is spent, the rest receive nothing.
 */
import { assert } from '../platform/assert.js';
import type { TieBreaker } from './tie-order.js';

export interface FirstComeFirstServedInput {
  /** Indices of the members; reordered (sorted by tie order) when the budget binds. */
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
  const { members, claims, units, budget } = input;
  assert(Number.isSafeInteger(budget) && budget >= 0, `budget ${budget} must be a safe integer ≥ 0`);
  let totalClaim = 0;
  for (let position = 0; position < members.length; position += 1) totalClaim += claims[members[position]!]!;
  // When every claim fits, the order does not matter, and sorting is skipped.
  if (totalClaim > budget) members.sort(input.tieOrder.compare);
  let left = budget;
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    const grant = Math.min(claims[member]!, left);
    units[member] = grant;
    left -= grant;
  }
  return { claim: totalClaim, granted: budget - left };
}
