/**
 * fast-check generators of valid allocation problems, shared by the property tests. Sizes and
 * numbers are chosen to provoke the hard cases: many equal claims and remainders (small
 * numbers), sums near 2^53 (large numbers), zero claims, zero shares, absent tiers and times.
 */
import fc from 'fast-check';
import type { AllocationApplication, AllocationMethod, AllocationProblem, InnerAllocationMethod } from '../allocation-problem.js';

export const SUBMISSION_TIMES = [
  '2026-01-05T09:00:00Z',
  '2026-01-05T17:00:00+08:00', // the same instant as the first
  '2026-01-05T09:00:00.000000001Z',
  '2026-01-04T23:59:59-10:00',
] as const;

export interface ProblemShape {
  readonly methods?: readonly AllocationMethod[];
  readonly applicationsMax?: number;
  readonly withCategories?: boolean;
  readonly withMinLot?: boolean;
}

type Numbers = 'small' | 'tiny' | 'medium' | 'band' | 'large' | 'near-ties';

const NEAR_TIES = [2 ** 27 - 1, 2 ** 27, 2 ** 27 + 1, 2 ** 26 + 1, 2 ** 28 - 1] as const;

function demandArbitrary(numbers: Numbers, applicationsMax: number): fc.Arbitrary<number> {
  switch (numbers) {
    case 'tiny':
      return fc.integer({ min: 0, max: 3 });
    case 'small':
      return fc.integer({ min: 0, max: 20 });
    case 'medium':
      return fc.integer({ min: 0, max: 1_000_000 });
    case 'band':
      return fc.integer({ min: 0, max: 2 ** 31 });
    case 'large':
      return fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / (applicationsMax + 1)) });
    case 'near-ties':
      return fc.constantFrom(0, ...NEAR_TIES);
  }
}

function weightArbitrary(numbers: Numbers, applicationsMax: number): fc.Arbitrary<number> {
  switch (numbers) {
    case 'tiny':
      return fc.constant(1);
    case 'small':
      return fc.integer({ min: 1, max: 5 });
    case 'medium':
    case 'band':
      return fc.integer({ min: 1, max: 1_000_000_000 });
    case 'large':
      return fc.integer({ min: 1, max: Math.floor(Number.MAX_SAFE_INTEGER / (applicationsMax + 1)) });
    case 'near-ties':
      return fc.constantFrom(...NEAR_TIES);
  }
}

const idUnit = fc.constantFrom('a', 'b', 'c', 'Z', '0', '\uffff', '\u{1f600}');

export function problemArbitrary(shape: ProblemShape = {}): fc.Arbitrary<AllocationProblem> {
  const applicationsMax = shape.applicationsMax ?? 40;
  return fc
    .record({
      method: fc.constantFrom(...(shape.methods ?? (['fcfs', 'pro-rata', 'max-min', 'weighted', 'tiered'] as const))),
      inner: fc.option(fc.constantFrom<InnerAllocationMethod>('fcfs', 'pro-rata', 'max-min', 'weighted'), { nil: undefined }),
      // Small numbers make ties; a band around 2^31 puts products between 2^53 and 2^64; large
      // ones push sums towards 2^53; near-ties make products that differ by 1 above 2^53, so that
      // their doubles are equal (2^27 + 1)·(2^27 − 1) = 2^54 − 1 against 2^27·2^27 = 2^54.
      numbers: fc.constantFrom('small', 'tiny', 'medium', 'band', 'large', 'near-ties'),
      ids: fc.uniqueArray(fc.string({ unit: idUnit, minLength: 1, maxLength: 4 }), { maxLength: applicationsMax }),
      budgetFraction: fc.double({ min: 0, max: 1.3, noNaN: true }),
      isBudgetExactlyTotal: fc.boolean(),
      shares: fc.tuple(fc.nat(5), fc.nat(5), fc.integer({ min: 0, max: 1_000_000_000_000 })),
      minLot: fc.nat(12),
      seed: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    })
    .chain((base) =>
      fc
        .tuple(
          ...base.ids.map(() =>
            fc.record(
              {
                demand: demandArbitrary(base.numbers, applicationsMax),
                capFraction: fc.option(fc.double({ min: 0, max: 1.2, noNaN: true }), { nil: undefined }),
                weight: fc.option(weightArbitrary(base.numbers, applicationsMax), { nil: undefined }),
                tier: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
                submittedAt: fc.option(fc.constantFrom(...SUBMISSION_TIMES), { nil: undefined }),
                category: fc.constantFrom('p', 'q', 'r'),
                isNewEntrant: fc.option(fc.boolean(), { nil: undefined }),
              },
              { requiredKeys: ['demand', 'category'] },
            ),
          ),
        )
        .map((drawn) => {
          const applications: AllocationApplication[] = drawn.map((draw, index) => {
            const application: { -readonly [K in keyof AllocationApplication]: AllocationApplication[K] } = {
              id: base.ids[index]!,
              demand: draw.demand,
            };
            if (draw.capFraction !== undefined) application.cap = Math.floor(draw.demand * draw.capFraction);
            if (draw.weight !== undefined) application.weight = draw.weight;
            if (draw.tier !== undefined) application.tier = draw.tier;
            if (draw.submittedAt !== undefined) application.submittedAt = draw.submittedAt;
            if (shape.withCategories === true) application.category = draw.category;
            if (draw.isNewEntrant !== undefined) application.isNewEntrant = draw.isNewEntrant;
            return application;
          });
          const totalClaim = applications.reduce((sum, application) => sum + Math.min(application.demand, application.cap ?? application.demand), 0);
          const budget = base.isBudgetExactlyTotal ? totalClaim : Math.min(Number.MAX_SAFE_INTEGER, Math.floor(totalClaim * base.budgetFraction));
          const problem: { -readonly [K in keyof AllocationProblem]: AllocationProblem[K] } = {
            budget,
            method: base.method,
            applications,
          };
          if (base.method === 'tiered' && base.inner !== undefined) problem.inner = base.inner;
          if (shape.withCategories === true) problem.categoryShares = { p: base.shares[0], q: base.shares[1], r: base.shares[2] };
          if (shape.withMinLot === true) problem.minLot = base.minLot;
          return problem;
        }),
    );
}

export function claimOf(application: AllocationApplication): number {
  return application.cap === undefined ? application.demand : Math.min(application.demand, application.cap);
}
