/**
 * The figures a round publishes beside its grants. Pure.
 *
 * Definitions, in plain words:
 *  - fill rate: the share of the budget granted, granted ÷ budget (as tariff-rate-quota
 *    administration uses the term); null when the budget is 0;
 *  - claim filled: granted ÷ total claim; null when nothing is claimed;
 *  - HHI (Herfindahl–Hirschman index): the sum over applications of the square of each one's
 *    share of the granted units, in basis points from 0 to 10,000 (10,000 = one application
 *    holds everything; n equal grants give 10,000 / n). Computed exactly as
 *    10,000 × Σ units² ÷ granted², then rounded to the nearest integer, halves up; null when
 *    nothing is granted;
 *  - new-entrant share: units granted to applications marked isNewEntrant ÷ granted; null when
 *    no application carries the mark or nothing is granted.
 * Fractions are exact ("3/4"); the basis-point figures are the same fractions × 10,000, rounded
 * to the nearest integer, halves up.
 */
import type { AllocationProblem } from './allocation-problem.js';
import type { AllocationResult } from './allocation-result.js';
import { formatRational, roundRatioHalfUp } from './exact-arithmetic.js';

export interface AllocationSummary {
  readonly applications: number;
  /** Applications granted at least one unit. */
  readonly applicationsGranted: number;
  readonly totalDemand: number;
  readonly totalClaim: number;
  readonly granted: number;
  readonly fillRate: string | null;
  readonly fillRateBasisPoints: number | null;
  readonly claimFilled: string | null;
  readonly hhiBasisPoints: number | null;
  readonly newEntrantShare: string | null;
  readonly newEntrantShareBasisPoints: number | null;
}

const BASIS_POINTS = 10_000n;
/** Units below 2^26 square to below 2^52, exact as doubles. */
const EXACT_SQUARE_LIMIT = 2 ** 26;
const EXACT_SUM_LIMIT = 2 ** 52;

function basisPoints(numerator: number, denominator: number): number {
  return Number(roundRatioHalfUp(BigInt(numerator), BigInt(denominator), BASIS_POINTS));
}

/** Σ units², exactly: doubles while they stay exact, BigInt past that. */
function sumOfSquares(result: AllocationResult): bigint {
  let large = 0n;
  let small = 0;
  for (const grant of result.grants) {
    const units = grant.units;
    if (units < EXACT_SQUARE_LIMIT) {
      small += units * units;
      if (small >= EXACT_SUM_LIMIT) {
        large += BigInt(small);
        small = 0;
      }
    } else {
      large += BigInt(units) * BigInt(units);
    }
  }
  return large + BigInt(small);
}

export function summariseAllocation(problem: AllocationProblem, result: AllocationResult): AllocationSummary {
  let totalDemand = 0;
  let totalClaim = 0;
  let applicationsGranted = 0;
  let newEntrantUnits = 0;
  let isNewEntrantMarked = false;
  problem.applications.forEach((application, index) => {
    totalDemand += application.demand;
    totalClaim += application.cap === undefined ? application.demand : Math.min(application.demand, application.cap);
    const units = result.grants[index]!.units;
    if (units > 0) applicationsGranted += 1;
    if (application.isNewEntrant !== undefined) isNewEntrantMarked = true;
    if (application.isNewEntrant === true) newEntrantUnits += units;
  });
  const granted = result.granted;
  const hhiBasisPoints =
    granted === 0 ? null : Number(roundRatioHalfUp(sumOfSquares(result), BigInt(granted) * BigInt(granted), BASIS_POINTS));
  const hasNewEntrantShare = isNewEntrantMarked && granted > 0;
  return {
    applications: problem.applications.length,
    applicationsGranted,
    totalDemand,
    totalClaim,
    granted,
    fillRate: problem.budget === 0 ? null : formatRational(granted, problem.budget),
    fillRateBasisPoints: problem.budget === 0 ? null : basisPoints(granted, problem.budget),
    claimFilled: totalClaim === 0 ? null : formatRational(granted, totalClaim),
    hhiBasisPoints,
    newEntrantShare: hasNewEntrantShare ? formatRational(newEntrantUnits, granted) : null,
    newEntrantShareBasisPoints: hasNewEntrantShare ? basisPoints(newEntrantUnits, granted) : null,
  };
}
