/**
 * Cross-check against linear programming: random rounds of 200–400 applications are solved both by
 * the allocator and, as a linear program, by HiGHS (formulation and proof of its correctness in
 * test-support/linear-program.ts). The LP's continuous shares must match the allocator's
 * unrounded shares min(c_i, w_i · λ), with λ the level or coefficient the allocator publishes,
 * within 10^-6 relative; and each whole-unit grant must be within one unit of the LP's share.
 */
import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import type { AllocationApplication, AllocationProblem, InnerAllocationMethod } from './allocation-problem.js';
import { loadHighs, solveWaterLevelProgram } from './test-support/linear-program.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const RELATIVE_TOLERANCE = 1e-6;

function parseRational(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const [numerator, denominator] = text.split('/');
  return Number(numerator) / Number(denominator ?? '1');
}

function claimOf(application: AllocationApplication): number {
  return application.cap === undefined ? application.demand : Math.min(application.demand, application.cap);
}

function weightOf(method: InnerAllocationMethod, application: AllocationApplication): number {
  if (method === 'max-min') return 1;
  if (method === 'pro-rata') return claimOf(application);
  return application.weight ?? 1;
}

/** Compares one pool (applications, budget, published level) with its linear program. */
function checkPool(
  method: InnerAllocationMethod,
  applications: readonly AllocationApplication[],
  units: readonly number[],
  budget: number,
  publishedLevel: number | null,
): void {
  // Pro rata's zero claims have weight 0, which the LP cannot divide by; they receive 0 anyway.
  const members = applications.map((application, index) => ({ application, units: units[index]! })).filter(({ application }) => claimOf(application) > 0);
  const claims = members.map(({ application }) => claimOf(application));
  const weights = members.map(({ application }) => weightOf(method, application));
  const solution = solveWaterLevelProgram(highs, { claims, weights, budget });
  expect(solution.status).toBe('optimal');
  const totalClaim = claims.reduce((sum, claim) => sum + claim, 0);
  if (publishedLevel !== null) {
    expect(Math.abs(solution.level - publishedLevel)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(1, publishedLevel));
  } else {
    expect(totalClaim).toBeLessThanOrEqual(budget);
  }
  members.forEach(({ units: granted }, index) => {
    const claim = claims[index]!;
    const unrounded = publishedLevel === null ? claim : Math.min(claim, weights[index]! * publishedLevel);
    const share = solution.shares[index]!;
    expect(Math.abs(share - unrounded)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(1, unrounded));
    expect(Math.abs(granted - share)).toBeLessThan(1 + RELATIVE_TOLERANCE * Math.max(1, share));
  });
}

function roundArbitrary(method: AllocationProblem['method']): fc.Arbitrary<AllocationProblem> {
  return fc
    .record({
      applications: fc.array(
        fc.record({
          demand: fc.integer({ min: 0, max: 1_000_000 }),
          capFraction: fc.option(fc.double({ min: 0, max: 1.2, noNaN: true }), { nil: undefined }),
          weight: fc.integer({ min: 1, max: 100 }),
          tier: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
          category: fc.constantFrom('p', 'q', 'r'),
        }),
        { minLength: 200, maxLength: 400 },
      ),
      budgetFraction: fc.double({ min: 0.01, max: 1.1, noNaN: true }),
      inner: fc.constantFrom<InnerAllocationMethod>('pro-rata', 'max-min', 'weighted'),
    })
    .map(({ applications, budgetFraction, inner }) => {
      const built: AllocationApplication[] = applications.map((drawn, index) => ({
        id: `application-${index}`,
        demand: drawn.demand,
        ...(drawn.capFraction === undefined ? {} : { cap: Math.floor(drawn.demand * drawn.capFraction) }),
        weight: drawn.weight,
        ...(drawn.tier === undefined ? {} : { tier: drawn.tier }),
        category: drawn.category,
      }));
      const totalClaim = built.reduce((sum, application) => sum + claimOf(application), 0);
      return {
        budget: Math.floor(totalClaim * budgetFraction),
        method,
        ...(method === 'tiered' ? { inner } : {}),
        applications: built,
      };
    });
}

describe('allocator against the HiGHS linear program', () => {
  for (const method of ['max-min', 'weighted', 'pro-rata'] as const) {
    it(`${method}: same level and continuous shares, grants within one unit`, () => {
      fc.assert(
        fc.property(roundArbitrary(method), (problem) => {
          const result = allocate(problem);
          const level = parseRational(method === 'pro-rata' ? result.coefficient : result.level);
          // Pro rata publishes coefficient 1 when every claim fits; as a level that is "no level".
          const publishedLevel = method === 'pro-rata' && result.granted === result.pools[0]!.claim ? null : level;
          checkPool(method, problem.applications, result.grants.map((grant) => grant.units), problem.budget, publishedLevel);
        }),
        { numRuns: 15, endOnFailure: true },
      );
    });
  }

  it('tiered: every tier agrees with the linear program over what earlier tiers left', () => {
    fc.assert(
      fc.property(roundArbitrary('tiered'), (problem) => {
        const result = allocate(problem);
        const inner = problem.inner!;
        for (const pool of result.pools) {
          const indices = problem.applications.flatMap((application, index) => ((application.tier ?? null) === pool.tier ? [index] : []));
          const isBinding = pool.claim > pool.budget;
          const level = isBinding ? parseRational(inner === 'pro-rata' ? pool.coefficient : pool.level) : null;
          checkPool(
            inner,
            indices.map((index) => problem.applications[index]!),
            indices.map((index) => result.grants[index]!.units),
            pool.budget,
            level,
          );
        }
      }),
      { numRuns: 10, endOnFailure: true },
    );
  });

  it('category shares: the split agrees with the linear program with shares as weights', () => {
    fc.assert(
      fc.property(roundArbitrary('max-min'), fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 })), (round, shares) => {
        const problem: AllocationProblem = { ...round, categoryShares: { p: shares[0], q: shares[1], r: shares[2] } };
        const result = allocate(problem);
        const categories = result.categories!;
        const solution = solveWaterLevelProgram(highs, {
          claims: categories.map((category) => category.claim),
          weights: categories.map((category) => category.share),
          budget: problem.budget,
        });
        expect(solution.status).toBe('optimal');
        const level = parseRational(result.categoryLevel);
        categories.forEach((category, index) => {
          const unrounded = level === null ? category.claim : Math.min(category.claim, category.share * level);
          expect(Math.abs(solution.shares[index]! - unrounded)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(1, unrounded));
          expect(Math.abs(category.budget - solution.shares[index]!)).toBeLessThan(1 + RELATIVE_TOLERANCE * category.budget);
        });
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });
});
