import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorDivide, linearFloor, multiplyDivideFloor, scaledRound } from './exact-integer.js';
import { formatBasisPoints, formatInteger, formatTenthsOfPercent } from './number-format.js';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const clamp = (value: bigint) => Number(value > MAX ? MAX : value < -MAX ? -MAX : value);
/** Floor division in BigInt, which truncates towards zero on its own. */
const floorBig = (numerator: bigint, denominator: bigint) => {
  const quotient = numerator / denominator;
  return numerator % denominator !== 0n && numerator < 0n ? quotient - 1n : quotient;
};

const safe = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const positive = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
// Small and large values both: the fast path and the BigInt path.
const anySize = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), safe);

describe('exact integer arithmetic agrees with BigInt', () => {
  it('floorDivide', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), positive, (numerator, denominator) => {
        expect(floorDivide(numerator, denominator)).toBe(Number(floorBig(BigInt(numerator), BigInt(denominator))));
      }),
      { numRuns: 2_000 },
    );
  });

  it('floorDivide where a double quotient rounds up to the next integer', () => {
    // (2^53 − 1) / (2^53 − 2) is just above 1; (2^53 − 2) / (2^53 − 1) is just below 1.
    expect(floorDivide(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(floorDivide(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1)).toBe(1);
  });

  it('multiplyDivideFloor', () => {
    fc.assert(
      fc.property(anySize, anySize, positive, (a, b, c) => {
        expect(multiplyDivideFloor(a, b, c)).toBe(clamp((BigInt(a) * BigInt(b)) / BigInt(c)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('linearFloor', () => {
    fc.assert(
      fc.property(anySize, anySize, anySize, anySize, positive, (a, x, b, y, c) => {
        expect(linearFloor(a, x, b, y, c)).toBe(clamp(floorBig(BigInt(a) * BigInt(x) - BigInt(b) * BigInt(y), BigInt(c))));
      }),
      { numRuns: 2_000 },
    );
  });

  it('scaledRound rounds halves up', () => {
    expect(scaledRound(1, 1000, 8)).toBe(125);
    expect(scaledRound(1, 1, 2)).toBe(1);
    expect(scaledRound(624, 1, 1000)).toBe(1);
    fc.assert(
      fc.property(anySize, fc.integer({ min: 0, max: 10_000 }), positive, (numerator, scale, denominator) => {
        const expected = (BigInt(numerator) * BigInt(scale) * 2n + BigInt(denominator)) / (2n * BigInt(denominator));
        expect(scaledRound(numerator, scale, denominator)).toBe(clamp(expected));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('numbers in sentences', () => {
  it('groups thousands with commas', () => {
    expect([0, 7, 999, 1_000, 31_200, 1_000_000, 11_082_400_000, -1_500].map(formatInteger)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '31,200',
      '1,000,000',
      '11,082,400,000',
      '-1,500',
    ]);
  });

  it('agrees with the en-US grouping for any safe integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (value) => {
        expect(formatInteger(value)).toBe(value.toLocaleString('en-US'));
      }),
      { numRuns: 1_000 },
    );
  });

  it('writes basis points and tenths as exact percentages', () => {
    expect([5_000, 3_333, 1_250, 10_000, 5].map(formatBasisPoints)).toEqual(['50', '33.33', '12.5', '100', '0.05']);
    expect([624, 1_000, 5].map(formatTenthsOfPercent)).toEqual(['62.4', '100.0', '0.5']);
  });
});
