import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import { validateAllocationProblem } from './allocation-problem.js';
import { claimOf, problemArbitrary } from './test-support/problem-arbitrary.js';
import { referenceAllocate } from './test-support/reference-allocator.js';

const RUNS = 400;

describe('allocate against the naive BigInt reference', () => {
  it('agrees unit for unit on every method, with categories and minimum lots, up to sums near 2^53', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          problemArbitrary(),
          problemArbitrary({ withCategories: true }),
          problemArbitrary({ withMinLot: true }),
          problemArbitrary({ withCategories: true, withMinLot: true }),
        ),
        (problem) => {
          expect(validateAllocationProblem(problem).ok).toBe(true);
          const units = allocate(problem).grants.map((grant) => BigInt(grant.units));
          expect(units).toEqual(referenceAllocate(problem));
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('allocation invariants', () => {
  it('grants min(budget, total claim) without a minimum lot, never more than a claim', () => {
    fc.assert(
      fc.property(problemArbitrary(), (problem) => {
        const result = allocate(problem);
        const totalClaim = problem.applications.reduce((sum, application) => sum + claimOf(application), 0);
        expect(result.granted).toBe(Math.min(problem.budget, totalClaim));
        expect(result.grants.reduce((sum, grant) => sum + grant.units, 0)).toBe(result.granted);
        result.grants.forEach((grant, index) => {
          const application = problem.applications[index]!;
          expect(grant.id).toBe(application.id);
          expect(Number.isSafeInteger(grant.units) && grant.units >= 0).toBe(true);
          expect(grant.units).toBeLessThanOrEqual(claimOf(application));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('says which constraint bound each grant', () => {
    fc.assert(
      fc.property(problemArbitrary({ withMinLot: true }), (problem) => {
        const result = allocate(problem);
        const removed = new Set((result.minLotRounds ?? []).flatMap((round) => round.removed));
        result.grants.forEach((grant, index) => {
          const application = problem.applications[index]!;
          const expected = removed.has(grant.id)
            ? 'min-lot'
            : grant.units < claimOf(application)
              ? 'budget'
              : application.cap !== undefined && application.cap < application.demand
                ? 'cap'
                : 'demand';
          expect(grant.boundBy).toBe(expected);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('pro rata: every grant is within one unit of claim × budget / total claim', () => {
    fc.assert(
      fc.property(problemArbitrary({ methods: ['pro-rata'] }), (problem) => {
        const result = allocate(problem);
        const totalClaim = BigInt(problem.applications.reduce((sum, application) => sum + claimOf(application), 0));
        const budget = BigInt(problem.budget);
        if (totalClaim <= budget) return;
        result.grants.forEach((grant, index) => {
          // |units − claim·B/C| < 1  ⟺  |units·C − claim·B| < C
          const difference = BigInt(grant.units) * totalClaim - BigInt(claimOf(problem.applications[index]!)) * budget;
          expect(difference < totalClaim && -difference < totalClaim).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('max-min: no grant below its claim is more than one unit below another grant', () => {
    fc.assert(
      fc.property(problemArbitrary({ methods: ['max-min'] }), (problem) => {
        const result = allocate(problem);
        const largest = Math.max(0, ...result.grants.map((grant) => grant.units));
        result.grants.forEach((grant, index) => {
          if (grant.units < claimOf(problem.applications[index]!)) expect(grant.units).toBeGreaterThanOrEqual(largest - 1);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('weighted: per unit of weight, no one below its claim is a unit behind anyone else', () => {
    fc.assert(
      fc.property(problemArbitrary({ methods: ['weighted'] }), (problem) => {
        const result = allocate(problem);
        const weightOf = (index: number): bigint => BigInt(problem.applications[index]!.weight ?? 1);
        result.grants.forEach((grant, index) => {
          if (grant.units >= claimOf(problem.applications[index]!)) return;
          // (units_j − 1) / w_j < λ < (units_i + 1) / w_i for every j, when i is below its claim.
          result.grants.forEach((other, otherIndex) => {
            expect((BigInt(other.units) - 1n) * weightOf(index) < (BigInt(grant.units) + 1n) * weightOf(otherIndex)).toBe(true);
          });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('category shares: no category receives more than its claim, and the split adds up', () => {
    fc.assert(
      fc.property(problemArbitrary({ withCategories: true }), (problem) => {
        const result = allocate(problem);
        const categories = result.categories!;
        let sharingClaim = 0;
        for (const category of categories) {
          expect(category.budget).toBeLessThanOrEqual(category.claim);
          if (category.share === 0) expect(category.budget).toBe(0);
          else sharingClaim += category.claim;
          const grantedInCategory = result.grants
            .filter((_, index) => problem.applications[index]!.category === category.category)
            .reduce((sum, grant) => sum + grant.units, 0);
          expect(grantedInCategory).toBe(category.budget);
        }
        expect(categories.reduce((sum, category) => sum + category.budget, 0)).toBe(Math.min(problem.budget, sharingClaim));
      }),
      { numRuns: RUNS },
    );
  });

  it('minimum lot: every grant is 0 or at least the lot', () => {
    fc.assert(
      fc.property(problemArbitrary({ withMinLot: true, withCategories: true }), (problem) => {
        const result = allocate(problem);
        for (const grant of result.grants) expect(grant.units === 0 || grant.units >= problem.minLot!).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('does not depend on the order of the applications in the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(problemArbitrary({ withMinLot: true }), problemArbitrary({ withCategories: true })),
        fc.nat(),
        (problem, seed) => {
          const shuffled = [...problem.applications];
          let state = seed;
          for (let index = shuffled.length - 1; index > 0; index -= 1) {
            state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
            const other = state % (index + 1);
            [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
          }
          const byId = (grants: readonly { id: string; units: number }[]): Map<string, number> =>
            new Map(grants.map((grant) => [grant.id, grant.units]));
          expect(byId(allocate({ ...problem, applications: shuffled }).grants)).toEqual(byId(allocate(problem).grants));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
