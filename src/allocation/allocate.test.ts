import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import type { AllocationApplication, AllocationProblem } from './allocation-problem.js';

function unitsById(problem: AllocationProblem): Record<string, number> {
  return Object.fromEntries(allocate(problem).grants.map((grant) => [grant.id, grant.units]));
}

function boundById(problem: AllocationProblem): Record<string, string> {
  return Object.fromEntries(allocate(problem).grants.map((grant) => [grant.id, grant.boundBy]));
}

const applicationOf = (id: string, demand: number, extra: Partial<AllocationApplication> = {}): AllocationApplication => ({ id, demand, ...extra });

describe('first come, first served', () => {
  it('serves in submission order, absent times last, until the budget is spent', () => {
    const problem: AllocationProblem = {
      budget: 10,
      method: 'fcfs',
      applications: [
        applicationOf('a', 6, { submittedAt: '2026-01-05T10:00:00Z' }),
        applicationOf('b', 6, { submittedAt: '2026-01-05T09:00:00Z' }),
        applicationOf('c', 5),
      ],
    };
    expect(unitsById(problem)).toEqual({ a: 4, b: 6, c: 0 });
    expect(boundById(problem)).toEqual({ a: 'budget', b: 'demand', c: 'budget' });
  });

  it('orders within one second by nanoseconds, and applications without a time by id', () => {
    const applications = [
      applicationOf('late-in-second', 3, { submittedAt: '2026-01-05T09:00:00.5Z' }),
      applicationOf('early-in-second', 3, { submittedAt: '2026-01-05T17:00:00.25+08:00' }),
      applicationOf('no-time-b', 3),
      applicationOf('no-time-a', 3),
      applicationOf('first', 3, { submittedAt: '2026-01-05T08:59:59.999999999Z' }),
    ];
    // Spent inside the second 09:00:00Z: first 3, early-in-second 3, late-in-second 1.
    expect(unitsById({ budget: 7, method: 'fcfs', applications })).toEqual({
      first: 3,
      'early-in-second': 3,
      'late-in-second': 1,
      'no-time-a': 0,
      'no-time-b': 0,
    });
    // Spent among those without a time: by id.
    expect(unitsById({ budget: 13, method: 'fcfs', applications })).toEqual({
      first: 3,
      'early-in-second': 3,
      'late-in-second': 3,
      'no-time-a': 3,
      'no-time-b': 1,
    });
  });

  it('gives everyone its claim when the budget covers all, and publishes no figure', () => {
    const result = allocate({ budget: 100, method: 'fcfs', applications: [applicationOf('a', 6, { cap: 4 }), applicationOf('b', 6)] });
    expect(result.grants).toEqual([
      { id: 'a', units: 4, boundBy: 'cap' },
      { id: 'b', units: 6, boundBy: 'demand' },
    ]);
    expect(result.granted).toBe(10);
    expect(result).not.toHaveProperty('coefficient');
    expect(result).not.toHaveProperty('level');
  });
});

describe('pro rata', () => {
  it('applies one coefficient and gives the leftover unit to the largest remainder', () => {
    // Coefficient 10/15 = 2/3: a 3·2/3 = 2, b 5·2/3 = 3.33…, c 7·2/3 = 4.67…; floors 2 + 3 + 4 = 9,
    // and the one unit left goes to c, whose remainder (2/3) is the largest.
    const result = allocate({ budget: 10, method: 'pro-rata', applications: [applicationOf('a', 3), applicationOf('b', 5), applicationOf('c', 7)] });
    expect(result.coefficient).toBe('2/3');
    expect(result.grants.map((grant) => grant.units)).toEqual([2, 3, 5]);
    expect(result.pools).toEqual([{ budget: 10, claim: 15, granted: 10, coefficient: '2/3' }]);
  });

  it('settles equal remainders in tie order', () => {
    // 5 units over three claims of 2: coefficient 5/6, each 1.67: floors 1 each, 2 left over, equal
    // remainders: the two earliest submissions win.
    const result = allocate({
      budget: 5,
      method: 'pro-rata',
      applications: [
        applicationOf('x', 2, { submittedAt: '2026-01-05T12:00:00Z' }),
        applicationOf('y', 2, { submittedAt: '2026-01-05T11:00:00Z' }),
        applicationOf('z', 2, { submittedAt: '2026-01-05T10:00:00Z' }),
      ],
    });
    expect(result.grants.map((grant) => grant.units)).toEqual([1, 2, 2]);
  });

  it('publishes coefficient 1 when every claim fits', () => {
    expect(allocate({ budget: 50, method: 'pro-rata', applications: [applicationOf('a', 3), applicationOf('b', 5)] }).coefficient).toBe('1');
  });

  it('gives nothing to a zero claim and still spends the budget', () => {
    expect(unitsById({ budget: 3, method: 'pro-rata', applications: [applicationOf('zero', 0), applicationOf('b', 4), applicationOf('c', 4, { cap: 2 })] })).toEqual({
      zero: 0,
      b: 2,
      c: 1,
    });
  });
});

describe('max-min', () => {
  it('raises one level over everyone, capped by each claim', () => {
    // a's claim 2 is below the level; the other three share 8: level 8/3, 2 each and 2 left over,
    // which go to b and c (no submission times: by id).
    const result = allocate({ budget: 10, method: 'max-min', applications: [applicationOf('a', 2), applicationOf('b', 5), applicationOf('c', 8, { cap: 6 }), applicationOf('d', 9)] });
    expect(result.level).toBe('8/3');
    expect(result.grants).toEqual([
      { id: 'a', units: 2, boundBy: 'demand' },
      { id: 'b', units: 3, boundBy: 'budget' },
      { id: 'c', units: 3, boundBy: 'budget' },
      { id: 'd', units: 2, boundBy: 'budget' },
    ]);
  });

  it('gives the leftover to the earliest submissions', () => {
    expect(
      unitsById({
        budget: 7,
        method: 'max-min',
        applications: [applicationOf('a', 10, { submittedAt: '2026-01-05T10:00:00Z' }), applicationOf('b', 10), applicationOf('c', 10, { submittedAt: '2026-01-05T09:00:00Z' })],
      }),
    ).toEqual({ a: 2, b: 2, c: 3 });
  });

  it('publishes a null level when every claim fits', () => {
    const result = allocate({ budget: 100, method: 'max-min', applications: [applicationOf('a', 2)] });
    expect(result.level).toBeNull();
    expect(result.grants[0]!.units).toBe(2);
  });

  it('grants nothing from a zero budget', () => {
    const result = allocate({ budget: 0, method: 'max-min', applications: [applicationOf('a', 2), applicationOf('b', 0)] });
    expect(result.grants).toEqual([
      { id: 'a', units: 0, boundBy: 'budget' },
      { id: 'b', units: 0, boundBy: 'demand' },
    ]);
    expect(result.level).toBe('0');
  });

  it('takes the sort fallback of the level search to the same answer', async () => {
    const { fillToWaterLevel } = await import('./water-filling.js');
    const { INDEX_ORDER } = await import('./tie-order.js');
    const claims = Float64Array.from([5, 1, 9, 3, 3, 7, 2, 8, 6, 4]);
    const results = [undefined, 0, 1].map((searchRoundsMax) => {
      const units = new Float64Array(claims.length);
      const outcome = fillToWaterLevel({
        members: Uint32Array.from(claims.keys()),
        claims,
        weights: new Float64Array(claims.length).fill(1),
        rule: 'equal',
        budget: 30,
        tieOrder: INDEX_ORDER,
        units,
        ...(searchRoundsMax === undefined ? {} : { searchRoundsMax }),
      });
      return { level: outcome.level, units: [...units] };
    });
    // Level 30/10 = 3 saturates the claims 1, 2, 3, 3 (9 units); 21 left over six others: level
    // 21/6 = 3.5, above the claim 4 (not saturated). Six times 3 and 3 leftover units, which go to
    // the first three unsaturated members in tie order (here, index order): 0, 2 and 5.
    expect(results[0]!.level).toEqual({ numerator: 21, denominator: 6 });
    expect(results[0]!.units).toEqual([4, 1, 4, 3, 3, 4, 2, 3, 3, 3]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

describe('weighted', () => {
  it('fills by weight, saturating small claims, largest remainder first', () => {
    // At level 13/6 the claim 2 (weight 1) is saturated; 11 left over weights 5: level 11/5.
    // b: 2·11/5 = 4.4 → 4, c: 3·11/5 = 6.6 → 6; one unit left, c's remainder 3/5 beats b's 2/5.
    const result = allocate({
      budget: 13,
      method: 'weighted',
      applications: [applicationOf('a', 2), applicationOf('b', 10, { weight: 2 }), applicationOf('c', 10, { weight: 3 })],
    });
    expect(result.level).toBe('11/5');
    expect(result.grants.map((grant) => grant.units)).toEqual([2, 4, 7]);
  });

  it('treats an absent weight as 1, so equal weights behave as max-min', () => {
    const applications = [applicationOf('a', 2), applicationOf('b', 5), applicationOf('c', 6), applicationOf('d', 9)];
    expect(unitsById({ budget: 10, method: 'weighted', applications })).toEqual(unitsById({ budget: 10, method: 'max-min', applications }));
  });
});

describe('tiered', () => {
  it('serves tier 1 in full before tier 2, and untiered applications last', () => {
    const result = allocate({
      budget: 20,
      method: 'tiered',
      applications: [applicationOf('e', 5), applicationOf('c', 10, { tier: 2 }), applicationOf('a', 8, { tier: 1 }), applicationOf('d', 30, { tier: 2 }), applicationOf('b', 4, { tier: 1 })],
    });
    expect(result.inner).toBe('pro-rata');
    expect(result.grants.map((grant) => [grant.id, grant.units])).toEqual([
      ['e', 0],
      ['c', 2],
      ['a', 8],
      ['d', 6],
      ['b', 4],
    ]);
    expect(result.pools).toEqual([
      { tier: 1, budget: 20, claim: 12, granted: 12, coefficient: '1' },
      { tier: 2, budget: 8, claim: 40, granted: 8, coefficient: '1/5' },
      { tier: null, budget: 0, claim: 5, granted: 0, coefficient: '0' },
    ]);
    expect(result).not.toHaveProperty('coefficient');
  });

  it('uses the inner method inside each tier', () => {
    expect(
      unitsById({
        budget: 12,
        method: 'tiered',
        inner: 'max-min',
        applications: [applicationOf('a', 5, { tier: 1 }), applicationOf('b', 1, { tier: 1 }), applicationOf('c', 10, { tier: 3 }), applicationOf('d', 10, { tier: 3 })],
      }),
    ).toEqual({ a: 5, b: 1, c: 3, d: 3 });
    expect(
      unitsById({
        budget: 12,
        method: 'tiered',
        inner: 'fcfs',
        applications: [applicationOf('a', 5, { tier: 2 }), applicationOf('b', 9, { tier: 1 }), applicationOf('c', 10, { tier: 2, submittedAt: '2026-01-01T00:00:00Z' })],
      }),
    ).toEqual({ a: 0, b: 9, c: 3 });
  });
});

describe('category shares', () => {
  it('splits by share, lets unused share flow to the others, then divides inside each category', () => {
    // Shares 60/30/10 of 100 at level 1: small's 30 exceeds its claim 20, so small is saturated;
    // 80 left over shares 70: level 8/7. big 60·8/7 = 68.57 → 68, state 10·8/7 = 11.43 → 11,
    // one unit left: big's remainder (4/7) beats state's (3/7). big 69, small 20, state 11.
    const result = allocate({
      budget: 100,
      method: 'max-min',
      categoryShares: { big: 60, small: 30, state: 10 },
      applications: [
        applicationOf('x1', 70, { category: 'big' }),
        applicationOf('x2', 30, { category: 'big' }),
        applicationOf('y1', 20, { category: 'small' }),
        applicationOf('z1', 50, { category: 'state' }),
      ],
    });
    expect(result.categoryLevel).toBe('8/7');
    expect(result.categories).toEqual([
      { category: 'big', share: 60, claim: 100, budget: 69 },
      { category: 'small', share: 30, claim: 20, budget: 20 },
      { category: 'state', share: 10, claim: 50, budget: 11 },
    ]);
    // Inside big, 69 at max-min: x2's 30 is saturated, x1 gets 39.
    expect(result.grants.map((grant) => grant.units)).toEqual([39, 30, 20, 11]);
    expect(result.pools).toEqual([
      { category: 'big', budget: 69, claim: 100, granted: 69, level: '39' },
      { category: 'small', budget: 20, claim: 20, granted: 20, level: null },
      { category: 'state', budget: 11, claim: 50, granted: 11, level: '11' },
    ]);
  });

  it('gives a category with share 0 nothing, even with units unused', () => {
    const result = allocate({
      budget: 100,
      method: 'pro-rata',
      categoryShares: { open: 1, closed: 0 },
      applications: [applicationOf('o', 10, { category: 'open' }), applicationOf('c', 10, { category: 'closed' })],
    });
    expect(result.grants.map((grant) => grant.units)).toEqual([10, 0]);
    expect(result.granted).toBe(10);
  });

  it('settles equal remainders between categories by name', () => {
    // Two equal shares of 5 units: 2.5 each; the leftover unit goes to "alpha" (first by name).
    const result = allocate({
      budget: 5,
      method: 'fcfs',
      categoryShares: { beta: 1, alpha: 1 },
      applications: [applicationOf('b', 10, { category: 'beta' }), applicationOf('a', 10, { category: 'alpha' })],
    });
    expect(result.categories!.map((category) => [category.category, category.budget])).toEqual([
      ['alpha', 3],
      ['beta', 2],
    ]);
  });

  it('combines with tiers: the tiers run inside each category', () => {
    const result = allocate({
      budget: 10,
      method: 'tiered',
      inner: 'max-min',
      categoryShares: { p: 1, q: 1 },
      applications: [
        applicationOf('p1', 4, { category: 'p', tier: 1 }),
        applicationOf('p2', 9, { category: 'p', tier: 2 }),
        applicationOf('q1', 9, { category: 'q' }),
      ],
    });
    expect(result.grants.map((grant) => grant.units)).toEqual([4, 1, 5]);
    expect(result.pools.map((pool) => [pool.category, pool.tier, pool.budget, pool.granted])).toEqual([
      ['p', 1, 5, 4],
      ['p', 2, 1, 1],
      ['q', null, 5, 5],
    ]);
  });
});

describe('minimum lot', () => {
  it('removes grants below the lot and reallocates over the rest', () => {
    // Round 1 (max-min over 10): a 1, d 2 saturated, b 4, c 3; a and d are below 3 and leave.
    // Round 2: b and c share 10: 5 each.
    const result = allocate({ budget: 10, method: 'max-min', minLot: 3, applications: [applicationOf('a', 1), applicationOf('b', 10), applicationOf('c', 10), applicationOf('d', 2)] });
    expect(result.grants).toEqual([
      { id: 'a', units: 0, boundBy: 'min-lot' },
      { id: 'b', units: 5, boundBy: 'budget' },
      { id: 'c', units: 5, boundBy: 'budget' },
      { id: 'd', units: 0, boundBy: 'min-lot' },
    ]);
    expect(result.minLotRounds).toEqual([{ round: 1, removed: ['a', 'd'] }]);
    expect(result.minLot).toBe(3);
  });

  it('keeps going until no grant is below the lot, even if that empties the round', () => {
    const result = allocate({ budget: 9, method: 'max-min', minLot: 4, applications: [applicationOf('a', 10), applicationOf('b', 10), applicationOf('c', 10)] });
    expect(result.grants.map((grant) => grant.units)).toEqual([0, 0, 0]);
    expect(result.granted).toBe(0);
    expect(result.minLotRounds).toEqual([{ round: 1, removed: ['a', 'b', 'c'] }]);
  });

  it('runs as many rounds as it takes', () => {
    const result = allocate({ budget: 12, method: 'pro-rata', minLot: 4, applications: [applicationOf('a', 2), applicationOf('b', 4), applicationOf('c', 6), applicationOf('d', 12)] });
    // Round 1: coefficient 12/24 = 1/2: a 1, b 2, c 3, d 6 → a, b, c removed. Round 2: d 12.
    expect(result.grants.map((grant) => grant.units)).toEqual([0, 0, 0, 12]);
    const cascade = allocate({ budget: 10, method: 'pro-rata', minLot: 3, applications: [applicationOf('a', 4), applicationOf('b', 10), applicationOf('c', 16)] });
    // Round 1: 10/30: a 1.33 → 1, b 3.33 → 3, c 5.33 → 5, leftover 1 to… a is removed (1 < 3).
    // Round 2: 10/26: b 3.85, c 6.15 → b 3 + leftover by remainder (b .85 vs c .15) → b 4, c 6.
    expect(cascade.grants.map((grant) => grant.units)).toEqual([0, 4, 6]);
    expect(cascade.minLotRounds).toEqual([{ round: 1, removed: ['a'] }]);
  });

  it('has no effect at 0 or 1, and reports no rounds', () => {
    const result = allocate({ budget: 5, method: 'max-min', minLot: 1, applications: [applicationOf('a', 10), applicationOf('b', 10)] });
    expect(result.grants.map((grant) => grant.units)).toEqual([3, 2]);
    expect(result.minLotRounds).toEqual([]);
  });
});

describe('exactness near 2^53', () => {
  it('places a water level that falls between two breakpoints 2^-54 apart', async () => {
    // b's breakpoint (2^27 − 1)/2^27 and a's 2^27/(2^27 + 1) differ by 1/(2^27·(2^27 + 1)); the
    // products that compare them, 2^54 − 1 and 2^54, are the same double. The level (2^28 − 1) /
    // (2^28 + 1), their mediant, lies strictly between: b is saturated, a is not.
    const { referenceAllocate } = await import('./test-support/reference-allocator.js');
    const problem: AllocationProblem = {
      budget: 3 * 2 ** 27 - 2,
      method: 'weighted',
      applications: [
        applicationOf('a', 2 ** 27, { weight: 2 ** 27 + 1 }),
        applicationOf('b', 2 ** 27 - 1, { weight: 2 ** 27 }),
        applicationOf('c', 2 ** 40, { weight: 2 ** 27 }),
      ],
    };
    const result = allocate(problem);
    expect(result.level).toBe(`${2 ** 28 - 1}/${2 ** 28 + 1}`);
    // b receives its claim. a's exact share is 2^27 − 1/(2^28 + 1): floor 2^27 − 1 with remainder
    // 2^28; c's is 2^27 − 1 + 1/(2^28 + 1): remainder 1. The one leftover unit goes to a, which
    // so reaches its claim (rounding up never passes it).
    expect(result.grants.map((grant) => grant.units)).toEqual([2 ** 27, 2 ** 27 - 1, 2 ** 27 - 1]);
    expect(result.grants.map((grant) => grant.boundBy)).toEqual(['demand', 'demand', 'budget']);
    expect(result.grants.map((grant) => BigInt(grant.units))).toEqual(referenceAllocate(problem));
  });

  it('divides budgets whose products pass 2^53 without a unit of error', () => {
    const large = 2 ** 52;
    // Pro rata: claims 2^52 − 1 and 3, budget 2^52 − 7. Exact floors by BigInt.
    const claims = [large - 1, 3];
    const budget = large - 7;
    const total = BigInt(large + 2);
    const result = allocate({ budget, method: 'pro-rata', applications: [applicationOf('big', claims[0]!), applicationOf('small', claims[1]!)] });
    const exact = claims.map((claim) => (BigInt(claim) * BigInt(budget)) / total);
    const remainders = claims.map((claim) => (BigInt(claim) * BigInt(budget)) % total);
    const leftover = BigInt(budget) - exact[0]! - exact[1]!;
    expect(leftover).toBe(1n);
    const winner = remainders[0]! > remainders[1]! ? 0 : 1;
    expect(result.grants.map((grant) => BigInt(grant.units))).toEqual(exact.map((units, index) => units + (index === winner ? 1n : 0n)));
    expect(result.granted).toBe(budget);
  });
});

describe('tier numbers', () => {
  it('orders large and small tier numbers alike', () => {
    const applications = [applicationOf('huge', 5, { tier: 1_000_000 }), applicationOf('none', 5), applicationOf('two', 5, { tier: 2 }), applicationOf('big', 5, { tier: 4097 })];
    const result = allocate({ budget: 12, method: 'tiered', inner: 'fcfs', applications });
    expect(result.pools.map((pool) => pool.tier)).toEqual([2, 4097, 1_000_000, null]);
    expect(result.grants.map((grant) => grant.units)).toEqual([2, 0, 5, 5]);
    const small = allocate({ budget: 12, method: 'tiered', inner: 'fcfs', applications: applications.slice(1, 3) });
    expect(small.pools.map((pool) => pool.tier)).toEqual([2, null]);
  });
});

describe('empty rounds', () => {
  it('allocates nothing to nobody without failing', () => {
    for (const method of ['fcfs', 'pro-rata', 'max-min', 'weighted', 'tiered'] as const) {
      const result = allocate({ budget: 10, method, applications: [] });
      expect(result.granted).toBe(0);
      expect(result.grants).toEqual([]);
    }
    const withCategories = allocate({ budget: 10, method: 'max-min', categoryShares: { p: 1 }, minLot: 3, applications: [] });
    expect(withCategories.categories).toEqual([{ category: 'p', share: 1, claim: 0, budget: 0 }]);
    expect(withCategories.pools).toEqual([]);
    expect(withCategories.minLotRounds).toEqual([]);
  });
});
