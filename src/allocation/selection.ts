/**
 * Partial selection (quickselect): the k smallest of a range without sorting all of it. The
 * allocator uses it to find who receives the leftover units, which is a prefix of an order, in
 * linear expected time; a full sort of a million applications by tie order would take seconds.
 *
 * Pivots are the median of three entries at pseudo-random positions (a fixed-seed generator, so
 * runs repeat exactly). Positions fixed in advance (first, middle, last) were measured to take ten
 * times as many comparisons on ranges that arrive sorted, which the allocator produces. Which
 * pivots are chosen never changes the result (the selected set is defined by the order alone),
 * only the time; and if a range resists partitioning anyway, it is sorted outright, bounding the
 * time by O(n log n). Tests pass a smaller `roundsMax` to exercise that fallback.
 */
import { assert } from '../platform/assert.js';

/** Partition rounds allowed before a range is sorted outright: about twice the expected count. */
function partitionRoundsMax(length: number): number {
  return 16 + 4 * Math.ceil(Math.log2(length + 1));
}

/**
 * Deterministic pivot positions (xorshift32 from a fixed seed), one generator per selection so
 * that every call is a pure function of its arguments.
 */
export class PivotPositions {
  private state = 0x9e3779b9;

  /** A pseudo-random position in [low, high]. */
  next(low: number, high: number): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return low + ((this.state >>> 0) % (high - low + 1));
  }
}

function swap(items: Uint32Array, i: number, j: number): void {
  const held = items[i]!;
  items[i] = items[j]!;
  items[j] = held;
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
 * Rearranges items[from, to) so that items[from, from + count) hold the `count` smallest by
 * `compare` (in no particular order). `compare` must be a total order, as the tie order is.
 */
export function selectSmallest(
  items: Uint32Array,
  from: number,
  to: number,
  count: number,
  compare: (a: number, b: number) => number,
  roundsMax: number = partitionRoundsMax(to - from),
): void {
  assert(from >= 0 && to <= items.length && from <= to, `range [${from}, ${to}) outside ${items.length} items`);
  assert(count >= 0 && count <= to - from, `cannot select ${count} of ${to - from}`);
  if (count === 0 || count === to - from) return;
  // Everything left of `target` (inclusive) must end up smaller than everything right of it.
  const target = from + count - 1;
  const positions = new PivotPositions();
  let low = from;
  let high = to - 1;
  for (let round = 0; high > low; round += 1) {
    if (round >= roundsMax) {
      items.subarray(low, high + 1).sort(compare);
      return;
    }
    const pivot = medianOfThree(
      items[positions.next(low, high)]!,
      items[positions.next(low, high)]!,
      items[positions.next(low, high)]!,
      compare,
    );
    // Three-way partition: [low, less) < pivot, [less, greater] = pivot, (greater, high] > pivot.
    let less = low;
    let scan = low;
    let greater = high;
    while (scan <= greater) {
      const order = compare(items[scan]!, pivot);
      if (order < 0) {
        swap(items, less, scan);
        less += 1;
        scan += 1;
      } else if (order > 0) {
        swap(items, scan, greater);
        greater -= 1;
      } else {
        scan += 1;
      }
    }
    if (target < less) high = less - 1;
    else if (target > greater) low = greater + 1;
    else return;
  }
}

/**
 * The value that would stand at `position` if `values` were sorted ascending. Reorders `values`
 * (pass a scratch copy). Values are compared as numbers; the allocator passes exact integers.
 */
export function valueAtSortedPosition(
  values: Float64Array,
  position: number,
  roundsMax: number = partitionRoundsMax(values.length),
): number {
  assert(position >= 0 && position < values.length, `position ${position} outside ${values.length} values`);
  const positions = new PivotPositions();
  let low = 0;
  let high = values.length - 1;
  for (let round = 0; high > low; round += 1) {
    if (round >= roundsMax) {
      values.subarray(low, high + 1).sort();
      return values[position]!;
    }
    const first = values[positions.next(low, high)]!;
    const middle = values[positions.next(low, high)]!;
    const last = values[positions.next(low, high)]!;
    const pivot = Math.max(Math.min(first, middle), Math.min(Math.max(first, middle), last));
    let less = low;
    let scan = low;
    let greater = high;
    while (scan <= greater) {
      const value = values[scan]!;
      if (value < pivot) {
        values[scan] = values[less]!;
        values[less] = value;
        less += 1;
        scan += 1;
      } else if (value > pivot) {
        values[scan] = values[greater]!;
        values[greater] = value;
        greater -= 1;
      } else {
        scan += 1;
      }
    }
    if (position < less) high = less - 1;
    else if (position > greater) low = greater + 1;
    else return pivot;
  }
  return values[position]!;
}
