/**
 * Exact integer arithmetic on JavaScript numbers, for the allocator.
 *
 * Why not BigInt everywhere: a round can hold a million applications, and BigInt costs about
 * 200 ns an operation here, which alone would use a fifth of the one-second budget. Why not plain
 * numbers: a product such as claim × budget (10^9 × 10^14) is far above 2^53, where doubles stop
 * being exact, and a wrong last digit would move a unit from one applicant to another.
 *
 * So every quantity is a safe integer (below 2^53, which the validator guarantees for inputs and
 * sums), and the only operations that can leave that range, products of two safe integers, go
 * through error-free transformations: `a × b` is computed as a double `product` plus the exact
 * rounding error `productError(a, b, product)`, so that `a × b = product + error` holds exactly
 * (Dekker 1971, with Veltkamp's splitting). From that pair, comparisons and floor division are
 * exact. The property tests compare every function here with BigInt over the whole safe range.
 */
import { assert } from '../platform/assert.js';

/** 2^27 + 1: Veltkamp's constant that splits a double into two halves of at most 26 bits. */
const SPLITTER = 134_217_729;

/** Below this, a product of two integers is itself an exactly represented integer. */
const EXACT_PRODUCT_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The exact rounding error of `product = a × b` (rounded to the nearest double): returns `error`
 * with `a × b = product + error` exactly. Valid for any finite doubles whose product neither
 * overflows nor underflows, which holds for safe integers.
 */
export function productError(a: number, b: number, product: number): number {
  let split = SPLITTER * a;
  const aHigh = split - (split - a);
  const aLow = a - aHigh;
  split = SPLITTER * b;
  const bHigh = split - (split - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/**
 * Sign of `a × b − c × d`, exactly, for safe integers (of either sign). Rounding to the nearest
 * double never reverses an order, so when the rounded products differ they already give the
 * answer; when they are equal, the exact errors decide.
 */
export function compareProducts(a: number, b: number, c: number, d: number): number {
  const left = a * b;
  const right = c * d;
  if (left !== right) return left < right ? -1 : 1;
  if (left <= EXACT_PRODUCT_LIMIT && left >= -EXACT_PRODUCT_LIMIT) return 0;
  const leftError = productError(a, b, left);
  const rightError = productError(c, d, right);
  return leftError === rightError ? 0 : leftError < rightError ? -1 : 1;
}

/** The quotient and remainder of one floor division; reused to avoid an allocation per call. */
export interface QuotientRemainder {
  quotient: number;
  remainder: number;
}

/** How many ±1 corrections of the estimated quotient are tried before falling back to BigInt. */
const QUOTIENT_CORRECTIONS_MAX = 8;

/**
 * Floor division of the product `a × b` by `divisor`, exactly: writes `quotient` and `remainder`
 * with `a × b = quotient × divisor + remainder` and `0 ≤ remainder < divisor`.
 *
 * Preconditions (programmer errors otherwise): a, b ≥ 0 and divisor ≥ 1 are safe integers, and the
 * quotient is a safe integer (the allocator only divides w × B by a W ≥ w, so quotient ≤ B).
 */
export function divideProduct(a: number, b: number, divisor: number, into: QuotientRemainder): void {
  const product = a * b;
  if (product <= EXACT_PRODUCT_LIMIT) {
    // The product is exact; the floor of the double quotient can be one off near an integer,
    // and the exact remainder shows which way.
    let quotient = Math.floor(product / divisor);
    let remainder = product - quotient * divisor;
    if (remainder < 0) {
      quotient -= 1;
      remainder += divisor;
    } else if (remainder >= divisor) {
      quotient += 1;
      remainder -= divisor;
    }
    into.quotient = quotient;
    into.remainder = remainder;
    return;
  }
  // The product is above 2^53: keep it as product + error. The estimated quotient is within a few
  // units of the true one (two roundings of relative size 2^-53), and for an estimate q the
  // remainder a × b − q × divisor = (product − qd) + (error − qdError) is computed exactly:
  // product and qd are integers within a factor of two of each other, so their difference is
  // exact (Sterbenz), and the errors are integers below 2^52. Whatever the rounding of the final
  // sum, its sign and its order against `divisor` are right, which is all the corrections need.
  const error = productError(a, b, product);
  let quotient = Math.floor(product / divisor);
  for (let correction = 0; correction < QUOTIENT_CORRECTIONS_MAX; correction += 1) {
    const quotientTimesDivisor = quotient * divisor;
    const remainder =
      product - quotientTimesDivisor + (error - productError(quotient, divisor, quotientTimesDivisor));
    if (remainder < 0) {
      quotient -= 1;
    } else if (remainder >= divisor) {
      quotient += 1;
    } else {
      into.quotient = quotient;
      into.remainder = remainder;
      return;
    }
  }
  divideProductBigInt(a, b, divisor, into);
}

/** The slow path, kept for arguments outside the analysis above; the tests exercise it. */
export function divideProductBigInt(a: number, b: number, divisor: number, into: QuotientRemainder): void {
  const product = BigInt(a) * BigInt(b);
  const divisorBig = BigInt(divisor);
  const quotient = product / divisorBig;
  into.quotient = Number(quotient);
  into.remainder = Number(product - quotient * divisorBig);
  assert(Number.isSafeInteger(into.quotient), `quotient ${quotient} of ${a} × ${b} / ${divisor} is not a safe integer`);
}

export function greatestCommonDivisor(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const next = x % y;
    x = y;
    y = next;
  }
  return x;
}

/**
 * A non-negative rational written exactly, reduced: "3/4", or "5" when the denominator is 1.
 * Coefficients, levels and rates are published this way so that anyone can check them by hand.
 */
export function formatRational(numerator: number, denominator: number): string {
  assert(Number.isSafeInteger(numerator) && numerator >= 0, `numerator ${numerator} must be a safe integer ≥ 0`);
  assert(Number.isSafeInteger(denominator) && denominator >= 1, `denominator ${denominator} must be a safe integer ≥ 1`);
  const divisor = greatestCommonDivisor(numerator, denominator);
  const reducedNumerator = numerator / divisor;
  const reducedDenominator = denominator / divisor;
  return reducedDenominator === 1 ? String(reducedNumerator) : `${reducedNumerator}/${reducedDenominator}`;
}

/**
 * round(numerator × scale / denominator), halves rounded up, exactly (BigInt: used once per
 * published figure, not per application). For basis points, scale is 10,000.
 */
export function roundRatioHalfUp(numerator: bigint, denominator: bigint, scale: bigint): bigint {
  assert(denominator > 0n, 'denominator must be positive');
  assert(numerator >= 0n, 'numerator must not be negative');
  return (2n * numerator * scale + denominator) / (2n * denominator);
}
