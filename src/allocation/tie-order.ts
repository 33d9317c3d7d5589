/**
 * The tie order: the one order in which applications are served first come, first served, and in
 * which equal claims to a leftover unit are settled.
 *
 * Rule, in plain words: earlier submission first (compared as instants, to the nanosecond);
 * applications without a submission time after all those with one; then by id, in Unicode code
 * point order (the order of the ids' UTF-8 bytes, which any language can reproduce). Ids are
 * unique in a valid problem; the position in the input settles the order even if they were not,
 * so the order is total and every result is reproducible.
 */
import type { AllocationApplication } from './allocation-problem.js';
import { parseSubmissionInstant } from './submission-time.js';

/**
 * Compares two strings by Unicode code points. JavaScript's `<` compares UTF-16 code units, which
 * agrees except when a surrogate (the first half of a code point above U+FFFF) meets a code unit
 * in U+E000–U+FFFF: the surrogate's code point is larger, its code unit is smaller.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) {
      if (left >= 0xd800 && right >= 0xd800) return codePointRank(left) - codePointRank(right);
      return left - right;
    }
  }
  return a.length - b.length;
}

/** Moves surrogates (D800–DFFF) above E000–FFFF, which gives code point order for code units ≥ D800. */
function codePointRank(codeUnit: number): number {
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}

const NOT_PARSED = Number.NaN;

/**
 * Tie order over the applications of one problem, by index. Submission times are parsed when
 * first compared: most methods only ever compare a few applications (those sharing the last
 * leftover units), and parsing a million times would cost more than the allocation.
 */
export class TieOrder {
  private readonly epochSeconds: Float64Array;
  private readonly nanoseconds: Float64Array;

  constructor(private readonly applications: readonly AllocationApplication[]) {
    this.epochSeconds = new Float64Array(applications.length).fill(NOT_PARSED);
    this.nanoseconds = new Float64Array(applications.length);
  }

  private secondsOf(index: number): number {
    const cached = this.epochSeconds[index]!;
    if (!Number.isNaN(cached)) return cached;
    const submittedAt = this.applications[index]!.submittedAt;
    const instant = submittedAt === undefined ? null : parseSubmissionInstant(submittedAt);
    // Validation rejects unparseable times, so null means "absent": after every time.
    const seconds = instant === null ? Number.POSITIVE_INFINITY : instant.epochSeconds;
    this.epochSeconds[index] = seconds;
    this.nanoseconds[index] = instant === null ? 0 : instant.nanoseconds;
    return seconds;
  }

  /** Negative when application `a` comes before application `b`. An arrow, to pass as a comparator. */
  readonly compare = (a: number, b: number): number => {
    if (a === b) return 0;
    const secondsA = this.secondsOf(a);
    const secondsB = this.secondsOf(b);
    if (secondsA !== secondsB) return secondsA < secondsB ? -1 : 1;
    const nanosecondsA = this.nanoseconds[a]!;
    const nanosecondsB = this.nanoseconds[b]!;
    if (nanosecondsA !== nanosecondsB) return nanosecondsA < nanosecondsB ? -1 : 1;
    const byId = compareCodePoints(this.applications[a]!.id, this.applications[b]!.id);
    return byId !== 0 ? byId : a - b;
  };
}
