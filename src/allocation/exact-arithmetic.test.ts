import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareProducts,
  divideProduct,
  divideProductBigInt,
  formatRational,
  greatestCommonDivisor,
  productError,
  roundRatioHalfUp,
  type QuotientRemainder,
} from './exact-arithmetic.js';

const MAX = Number.MAX_SAFE_INTEGER;

/** Safe integers biased towards the edges where doubles stop being exact. */
const safeInteger = fc.oneof(
  fc.integer({ min: 0, max: MAX }),
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 60 }).map((power) => Math.min(MAX, 2 ** Math.min(power, 53) - 1)),
  fc.integer({ min: 0, max: 52 }).map((power) => 2 ** power),
  fc.integer({ min: 1, max: 1_000_000 }).map((offset) => MAX - offset),
  fc.integer({ min: 0, max: 2 ** 30 }).map((value) => value * 2 ** 23),
);

function divide(a: number, b: number, divisor: number): QuotientRemainder {
  const into = { quotient: -1, remainder: -1 };
  divideProduct(a, b, divisor, into);
  return into;
}

describe('productError', () => {
  it('makes a × b = product + error exact', () => {
    fc.assert(
      fc.property(safeInteger, safeInteger, (a, b) => {
        const product = a * b;
        const error = productError(a, b, product);
        expect(BigInt(product) + BigInt(error)).toBe(BigInt(a) * BigInt(b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compareProducts', () => {
  it('agrees with BigInt, signs included', () => {
    const signed = fc.tuple(safeInteger, fc.boolean()).map(([value, isNegative]) => (isNegative ? -value : value));
    fc.assert(
      fc.property(signed, signed, signed, signed, (a, b, c, d) => {
        const left = BigInt(a) * BigInt(b);
        const right = BigInt(c) * BigInt(d);
        expect(Math.sign(compareProducts(a, b, c, d))).toBe(left < right ? -1 : left > right ? 1 : 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('tells apart products that round to the same double', () => {
    // (2^27 + 1)(2^27 − 1) = 2^54 − 1 and 2^27 · 2^27 = 2^54 are the same double.
    expect((2 ** 27 + 1) * (2 ** 27 - 1)).toBe(2 ** 27 * 2 ** 27);
    expect(compareProducts(2 ** 27 + 1, 2 ** 27 - 1, 2 ** 27, 2 ** 27)).toBe(-1);
    expect(compareProducts(2 ** 27, 2 ** 27, 2 ** 27 + 1, 2 ** 27 - 1)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 2 ** 27, max: 2 ** 40 }), fc.integer({ min: 1, max: 3 }), (x, offset) => {
        // (x + d)(x − d) = x² − d²: one to nine below x², far below the doubles' spacing there.
        expect(compareProducts(x + offset, x - offset, x, x)).toBe(-1);
        expect(compareProducts(x, x, x + offset, x - offset)).toBe(1);
        expect(compareProducts(x + offset, x - offset, x - offset, x + offset)).toBe(0);
      }),
    );
    expect(compareProducts(MAX, MAX, MAX, MAX - 1)).toBe(1);
    expect(compareProducts(MAX, MAX - 1, MAX - 1, MAX)).toBe(0);
    expect(compareProducts(3, 4, 2, 6)).toBe(0);
  });
});

describe('divideProduct', () => {
  it('agrees with BigInt floor division whenever the quotient is a safe integer', () => {
    fc.assert(
      fc.property(safeInteger, safeInteger, safeInteger, (first, second, third) => {
        // The allocator divides w × B by W ≥ w; here the divisor is at least the smaller factor.
        const [a, b] = first <= second ? [first, second] : [second, first];
        const divisor = Math.max(1, a, third);
        const product = BigInt(a) * BigInt(b);
        const { quotient, remainder } = divide(a, b, divisor);
        expect(BigInt(quotient)).toBe(product / BigInt(divisor));
        expect(BigInt(remainder)).toBe(product % BigInt(divisor));
      }),
      { numRuns: 5000 },
    );
  });

  it('handles the largest operands', () => {
    expect(divide(MAX, MAX, MAX)).toEqual({ quotient: MAX, remainder: 0 });
    expect(divide(MAX - 1, MAX, MAX - 2)).toEqual({
      quotient: Number((BigInt(MAX - 1) * BigInt(MAX)) / BigInt(MAX - 2)),
      remainder: Number((BigInt(MAX - 1) * BigInt(MAX)) % BigInt(MAX - 2)),
    });
    expect(divide(10 ** 9, 10 ** 15, 10 ** 15 + 7)).toEqual({
      quotient: Number((10n ** 24n) / (10n ** 15n + 7n)),
      remainder: Number((10n ** 24n) % (10n ** 15n + 7n)),
    });
    expect(divide(0, MAX, 1)).toEqual({ quotient: 0, remainder: 0 });
  });

  it('has a BigInt fallback that agrees', () => {
    const into = { quotient: 0, remainder: 0 };
    divideProductBigInt(123_456_789_012, 987_654_321, 999_999_999_999, into);
    expect(into).toEqual({
      quotient: Number((123_456_789_012n * 987_654_321n) / 999_999_999_999n),
      remainder: Number((123_456_789_012n * 987_654_321n) % 999_999_999_999n),
    });
  });
});

describe('rationals', () => {
  it('reduces fractions and writes whole numbers plainly', () => {
    expect(formatRational(6, 8)).toBe('3/4');
    expect(formatRational(10, 5)).toBe('2');
    expect(formatRational(0, 7)).toBe('0');
    expect(formatRational(MAX, MAX - 1)).toBe(`${MAX}/${MAX - 1}`);
    expect(greatestCommonDivisor(0, 0)).toBe(0);
    expect(greatestCommonDivisor(12, 18)).toBe(6);
  });

  it('rounds ratios half up', () => {
    expect(roundRatioHalfUp(1n, 3n, 10_000n)).toBe(3333n);
    expect(roundRatioHalfUp(2n, 3n, 10_000n)).toBe(6667n);
    expect(roundRatioHalfUp(1n, 20_000n, 10_000n)).toBe(1n); // exactly one half
    expect(roundRatioHalfUp(1n, 20_001n, 10_000n)).toBe(0n);
  });
});
