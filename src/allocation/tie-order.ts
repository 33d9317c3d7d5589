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
import { selectSmallest, valueAtSortedPosition } from './selection.js';
import { parseSubmissionInstantInto, type SubmissionInstant } from './submission-time.js';

/** A total order over indices, with a fast way to pick the first few of a range in that order. */
export interface TieBreaker {
  /** Negative when `a` comes first. */
  readonly compare: (a: number, b: number) => number;
  /** Rearranges items[from, to) so that the first `count` of them in this order come first. */
  readonly selectFirst: (items: Uint32Array, from: number, to: number, count: number) => void;
  /**
   * A number that orders coarsely: a smaller key always comes first, and only equal keys need
   * `compare`. Lets callers select on plain numbers.
   */
  readonly primaryKey: (index: number) => number;
}

/** Tie order by index: used where indices already follow the order (categories by name). */
export const INDEX_ORDER: TieBreaker = {
  primaryKey: (index) => index,
  compare: (a, b) => a - b,
  selectFirst: (items, from, to, count) => selectSmallest(items, from, to, count, (a, b) => a - b),
};

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

/** Whether a text holds a code unit at or above U+D800, where `<` and code point order can differ. */
const HIGH_CODE_UNIT = /[\ud800-\uffff]/;
const TEXT_NOT_CHECKED = 0;
const TEXT_PLAIN = 1;
const TEXT_WITH_HIGH_UNITS = 2;

/**
 * Tie order over the applications of one problem, by index. Submission times are parsed when
 * first compared: most methods only ever compare a few applications (those sharing the last
 * leftover units), and parsing a million times would cost more than the allocation.
 */
export class TieOrder implements TieBreaker {
  /** Made when first needed: many rounds never compare two applications. */
  private epochSeconds: Float64Array | undefined;
  /** Made when the first time with a fraction of a second is met; most times have none. */
  private nanoseconds: Float64Array | undefined;
  private readonly parsed: SubmissionInstant = { epochSeconds: 0, nanoseconds: 0 };
  /** Per application: whether its id needs the code point comparison (checked when first compared). */
  private readonly idKinds: Uint8Array;

  constructor(private readonly applications: readonly AllocationApplication[]) {
    this.idKinds = new Uint8Array(applications.length);
  }

  private idKindOf(index: number): number {
    const kind = this.idKinds[index]!;
    if (kind !== TEXT_NOT_CHECKED) return kind;
    const checked = HIGH_CODE_UNIT.test(this.applications[index]!.id) ? TEXT_WITH_HIGH_UNITS : TEXT_PLAIN;
    this.idKinds[index] = checked;
    return checked;
  }

  /** The submission second (+∞ when absent): ties are rare within one second. */
  readonly primaryKey = (index: number): number => this.secondsOf(index);

  private secondsOf(index: number): number {
    this.epochSeconds ??= new Float64Array(this.applications.length).fill(NOT_PARSED);
    const cached = this.epochSeconds[index]!;
    if (!Number.isNaN(cached)) return cached;
    const submittedAt = this.applications[index]!.submittedAt;
    // Validation rejects unparseable times, so a failed parse means "absent": after every time.
    const isPresent = submittedAt !== undefined && parseSubmissionInstantInto(submittedAt, this.parsed);
    const seconds = isPresent ? this.parsed.epochSeconds : Number.POSITIVE_INFINITY;
    this.epochSeconds[index] = seconds;
    if (isPresent && this.parsed.nanoseconds !== 0) {
      this.nanoseconds ??= new Float64Array(this.applications.length);
      this.nanoseconds[index] = this.parsed.nanoseconds;
    }
    return seconds;
  }

  /** Negative when application `a` comes before application `b`. An arrow, to pass as a comparator. */
  readonly compare = (a: number, b: number): number => {
    if (a === b) return 0;
    const secondsA = this.secondsOf(a);
    const secondsB = this.secondsOf(b);
    if (secondsA !== secondsB) return secondsA < secondsB ? -1 : 1;
    if (this.nanoseconds !== undefined) {
      const nanosecondsA = this.nanoseconds[a]!;
      const nanosecondsB = this.nanoseconds[b]!;
      if (nanosecondsA !== nanosecondsB) return nanosecondsA < nanosecondsB ? -1 : 1;
    }
    const idA = this.applications[a]!.id;
    const idB = this.applications[b]!.id;
    // The built-in comparison is code point order unless both ids hold high code units.
    const byId =
      this.idKindOf(a) === TEXT_PLAIN || this.idKindOf(b) === TEXT_PLAIN
        ? idA < idB
          ? -1
          : idA > idB
            ? 1
            : 0
        : compareCodePoints(idA, idB);
    return byId !== 0 ? byId : a - b;
  };

  /**
   * The first `count` of items[from, to) in tie order, moved to the front. The submission second
   * decides almost every comparison, so it is selected on first, as plain numbers: everyone
   * submitted before the count-th smallest second is in, everyone after is out, and the full
   * comparison (nanoseconds, then id) runs only among those submitted in that one second. When
   * no application has a time, that group is everyone, and ids decide.
   */
  readonly selectFirst = (items: Uint32Array, from: number, to: number, count: number): void => {
    const length = to - from;
    if (count === 0 || count === length) return;
    // In index order, the applications are read in the order they sit in memory, which is
    // several times faster for a large range than reading them scattered.
    items.subarray(from, to).sort();
    const seconds = new Float64Array(length);
    for (let offset = 0; offset < length; offset += 1) seconds[offset] = this.secondsOf(items[from + offset]!);
    const boundary = valueAtSortedPosition(Float64Array.from(seconds), count - 1);
    // Reorder as: before the boundary second, in it, after it.
    const reordered = new Uint32Array(length);
    let before = 0;
    let at = 0;
    for (let offset = 0; offset < length; offset += 1) if (seconds[offset]! < boundary) before += 1;
    let after = length;
    for (let offset = 0; offset < length; offset += 1) {
      const item = items[from + offset]!;
      const second = seconds[offset]!;
      if (second < boundary) {
        reordered[at] = item;
        at += 1;
      } else if (second > boundary) {
        after -= 1;
        reordered[after] = item;
      }
    }
    let inBoundary = before;
    for (let offset = 0; offset < length; offset += 1) {
      if (seconds[offset] === boundary) {
        reordered[inBoundary] = items[from + offset]!;
        inBoundary += 1;
      }
    }
    items.set(reordered, from);
    selectSmallest(items, from + before, from + after, count - before, this.compare);
  };
}
