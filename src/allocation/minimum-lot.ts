/**
 * Minimum lot. Pure.
 *
 * The rule, in plain words: a grant above 0 but below the minimum lot is too small to be worth a
 * licence. Every such grant becomes 0, those applications leave the round, and the whole
 * allocation (category split, tiers, method) runs again over the others with the same budget,
 * until no grant is above 0 and below the minimum lot. Each run removes at least one
 * application, so there are at most as many runs as applications, plus one.
 */
import { assert } from '../platform/assert.js';

export interface MinimumLotOutcome<Outcome> {
  /** What the last run returned. */
  readonly outcome: Outcome;
  /** Per application: the run in which it was removed (1 = first run), or 0 if it stayed. */
  readonly removedInRound: Uint32Array;
  readonly roundCount: number;
}

/**
 * Runs `allocateMembers` over the applications still in the round until the minimum lot holds.
 * `allocateMembers` writes `units` for every member it is given (it may reorder the array).
 */
export function allocateWithMinimumLot<Outcome>(
  applicationCount: number,
  minimumLot: number,
  units: Float64Array,
  allocateMembers: (members: Uint32Array) => Outcome,
): MinimumLotOutcome<Outcome> {
  const removedInRound = new Uint32Array(applicationCount);
  let members = new Uint32Array(applicationCount);
  for (let index = 0; index < applicationCount; index += 1) members[index] = index;
  for (let round = 1; round <= applicationCount + 1; round += 1) {
    const outcome = allocateMembers(members);
    // A minimum lot of 0 or 1 can never bind: no whole grant lies strictly between 0 and 1.
    if (minimumLot <= 1) return { outcome, removedInRound, roundCount: round };
    let removedCount = 0;
    for (let position = 0; position < members.length; position += 1) {
      const member = members[position]!;
      const grant = units[member]!;
      if (grant > 0 && grant < minimumLot) {
        removedInRound[member] = round;
        units[member] = 0;
        removedCount += 1;
      }
    }
    if (removedCount === 0) return { outcome, removedInRound, roundCount: round };
    const kept = new Uint32Array(members.length - removedCount);
    let filled = 0;
    for (let position = 0; position < members.length; position += 1) {
      const member = members[position]!;
      if (removedInRound[member] === 0) {
        kept[filled] = member;
        filled += 1;
      }
    }
    members = kept;
  }
  assert(false, 'every minimum-lot round removes an application, so the rounds must end');
}
