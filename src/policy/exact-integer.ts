/**
 * Integer arithmetic that stays exact. Quantities are safe integers, but their products (a share
 * in basis points times a fleet's compute in TPP) can pass 2^53, where doubles lose units. Small
 * cases take a fast path in doubles, corrected for the division's rounding; large ones use BigInt.
 */
import { assert } from '../platform/assert.js';

/** Doubles hold every integer up to 2^53; keeping a bit of room makes the fast path's products exact. */
const FAST_PATH_MAX = 2 ** 52;

// Assertions here and in evaluation.ts are written `if (!ok) assert(false, message)` so that the
// message, which formats numbers, is built only on failure: these run for every application.

/** ⌊numerator / denominator⌋ for integers, denominator > 0, rounding towards −∞. */
export function floorDivide(numerator: number, denominator: number): number {
  if (!(Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator) && denominator > 0)) assert(false, `floorDivide(${numerator}, ${denominator})`);
  let quotient = Math.floor(numerator / denominator);
  // The double division rounds to nearest; one step either way restores the exact floor.
  if (quotient * denominator > numerator) quotient -= 1;
  else if ((quotient + 1) * denominator <= numerator) quotient += 1;
  return quotient;
}

/** ⌊a · b / c⌋ for non-negative integers a, b and c > 0. */
export function multiplyDivideFloor(a: number, b: number, c: number): number {
  if (!(a >= 0 && b >= 0 && c > 0)) assert(false, `multiplyDivideFloor(${a}, ${b}, ${c})`);
  const product = a * b;
  if (product <= FAST_PATH_MAX) return floorDivide(product, c);
  return toSafeNumber((BigInt(a) * BigInt(b)) / BigInt(c));
}

/**
 * ⌊(a·x − b·y) / c⌋ for non-negative integers and c > 0: the closed form of the adoption cap.
 * The result may be negative; the caller clamps it.
 */
export function linearFloor(a: number, x: number, b: number, y: number, c: number): number {
  if (!(a >= 0 && x >= 0 && b >= 0 && y >= 0 && c > 0)) assert(false, `linearFloor(${a}, ${x}, ${b}, ${y}, ${c})`);
  const positive = a * x;
  const negative = b * y;
  if (positive <= FAST_PATH_MAX && negative <= FAST_PATH_MAX) return floorDivide(positive - negative, c);
  const numerator = BigInt(a) * BigInt(x) - BigInt(b) * BigInt(y);
  const denominator = BigInt(c);
  // BigInt division truncates towards zero; floor differs for negative inexact quotients.
  let quotient = numerator / denominator;
  if (numerator % denominator !== 0n && numerator < 0n) quotient -= 1n;
  return toSafeNumber(quotient);
}

/** round(numerator · scale / denominator), halves rounded up, for non-negative integers. */
export function scaledRound(numerator: number, scale: number, denominator: number): number {
  if (!(numerator >= 0 && scale >= 0 && denominator > 0)) assert(false, `scaledRound(${numerator}, ${scale}, ${denominator})`);
  const product = numerator * scale;
  if (product * 2 + denominator <= FAST_PATH_MAX) return floorDivide(product * 2 + denominator, denominator * 2);
  return toSafeNumber((BigInt(numerator) * BigInt(scale) * 2n + BigInt(denominator)) / (BigInt(denominator) * 2n));
}

/**
 * Results beyond the safe range are clamped: they only arise as limits far above any request
 * (the smallest limit and the request decide), so the clamp never changes an admissible quantity.
 */
function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  if (value < BigInt(Number.MIN_SAFE_INTEGER)) return Number.MIN_SAFE_INTEGER;
  return Number(value);
}
