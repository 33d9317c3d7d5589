import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, TieOrder } from './tie-order.js';

function byCodePoints(a: string, b: string): number {
  const left = Array.from(a, (character) => character.codePointAt(0)!);
  const right = Array.from(b, (character) => character.codePointAt(0)!);
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

describe('compareCodePoints', () => {
  it('orders by Unicode code points, not UTF-16 code units', () => {
    // U+FF5E (a code unit above the surrogates) against U+1F600 (a surrogate pair).
    expect(compareCodePoints('\uff5e', '\u{1f600}')).toBeLessThan(0);
    expect('\uff5e' < '\u{1f600}').toBe(false); // what plain < would say
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });

  it('agrees with a code point comparison on any text', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'b', '\ue000', '\uffff', '\u{10000}', '\u{1f600}'), fc.constantFrom('z')), maxLength: 6 });
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary' })), fc.oneof(text, fc.string({ unit: 'binary' })), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byCodePoints(a, b)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('TieOrder', () => {
  it('puts earlier instants first, absent times last, then ids', () => {
    const applications = [
      { id: 'late', demand: 1, submittedAt: '2026-01-05T10:00:00Z' },
      { id: 'none-b', demand: 1 },
      { id: 'early', demand: 1, submittedAt: '2026-01-05T17:00:00+08:00' }, // 09:00Z
      { id: 'none-a', demand: 1 },
      { id: 'late-nano', demand: 1, submittedAt: '2026-01-05T10:00:00.000000001Z' },
      { id: 'early-twin', demand: 1, submittedAt: '2026-01-05T09:00:00Z' },
    ];
    const order = new TieOrder(applications);
    const sorted = [0, 1, 2, 3, 4, 5].sort(order.compare).map((index) => applications[index]!.id);
    expect(sorted).toEqual(['early', 'early-twin', 'late', 'late-nano', 'none-a', 'none-b']);
  });

  it('falls back to input position when ids repeat, so the order stays total', () => {
    const order = new TieOrder([
      { id: 'same', demand: 1 },
      { id: 'same', demand: 1 },
    ]);
    expect(order.compare(0, 1)).toBeLessThan(0);
    expect(order.compare(1, 0)).toBeGreaterThan(0);
    expect(order.compare(1, 1)).toBe(0);
  });
});
