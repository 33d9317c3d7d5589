import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectSmallest, valueAtSortedPosition } from './selection.js';

describe('selectSmallest', () => {
  it('puts exactly the k smallest first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        (keys, seed) => {
          const count = seed % (keys.length + 1);
          // Indices compared by key, then by index: a total order, like the tie order.
          const compare = (a: number, b: number): number => keys[a]! - keys[b]! || a - b;
          const items = Uint32Array.from(keys.keys());
          selectSmallest(items, 0, items.length, count, compare);
          const expected = [...keys.keys()].sort(compare).slice(0, count).sort((a, b) => a - b);
          expect([...items.subarray(0, count)].sort((a, b) => a - b)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('works on a sub-range and leaves the rest alone', () => {
    const items = Uint32Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    selectSmallest(items, 2, 8, 3, (a, b) => a - b);
    expect([...items.subarray(0, 2)]).toEqual([9, 8]);
    expect([...items.subarray(2, 5)].sort((a, b) => a - b)).toEqual([2, 3, 4]);
    expect([...items.subarray(8)]).toEqual([1, 0]);
  });

  it('stays correct when it gives up partitioning and sorts (the fallback)', () => {
    for (const roundsMax of [0, 1, 2]) {
      const length = 5000;
      const items = Uint32Array.from({ length }, (_, index) => (index * 7919) % length);
      selectSmallest(items, 0, length, 4321, (a, b) => a - b, roundsMax);
      expect([...items.subarray(0, 4321)].sort((a, b) => a - b)).toEqual([...Array(4321).keys()]);
      const values = Float64Array.from({ length }, (_, index) => (index * 7919) % 100);
      expect(valueAtSortedPosition(values, 2500, roundsMax)).toBe(50);
    }
  });
});

describe('valueAtSortedPosition', () => {
  it('finds the value a sort would put there', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }), fc.nat(), (values, seed) => {
        const position = seed % values.length;
        const sorted = [...values].sort((a, b) => a - b);
        expect(valueAtSortedPosition(Float64Array.from(values), position)).toBe(sorted[position]);
      }),
      { numRuns: 500 },
    );
  });
});
