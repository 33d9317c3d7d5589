import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import type { AllocationProblem } from './allocation-problem.js';
import { summariseAllocation } from './allocation-summary.js';

function summarise(problem: AllocationProblem): ReturnType<typeof summariseAllocation> {
  return summariseAllocation(problem, allocate(problem));
}

describe('summariseAllocation', () => {
  it('reports fill rate, claim filled, HHI and new-entrant share', () => {
    // Max-min over 10: grants 2, 3, 3, 2. HHI = (4 + 9 + 9 + 4) / 100 = 0.26 → 2,600 bp.
    const summary = summarise({
      budget: 10,
      method: 'max-min',
      applications: [
        { id: 'a', demand: 2, isNewEntrant: true },
        { id: 'b', demand: 5 },
        { id: 'c', demand: 8, cap: 6, isNewEntrant: false },
        { id: 'd', demand: 9, isNewEntrant: true },
      ],
    });
    expect(summary).toEqual({
      applications: 4,
      applicationsGranted: 4,
      totalDemand: 24,
      totalClaim: 22,
      granted: 10,
      fillRate: '1',
      fillRateBasisPoints: 10_000,
      claimFilled: '5/11',
      hhiBasisPoints: 2600,
      newEntrantShare: '2/5',
      newEntrantShareBasisPoints: 4000,
    });
  });

  it('rounds basis points half up and leaves undefined figures null', () => {
    // Three equal grants of 1: HHI 10,000/3 = 3,333.33 → 3,333; fill rate 3/9 → 3,333.
    const summary = summarise({ budget: 9, method: 'fcfs', applications: [{ id: 'a', demand: 1 }, { id: 'b', demand: 1 }, { id: 'c', demand: 1 }] });
    expect(summary.hhiBasisPoints).toBe(3333);
    expect(summary.fillRate).toBe('1/3');
    expect(summary.fillRateBasisPoints).toBe(3333);
    expect(summary.newEntrantShare).toBeNull();
    const empty = summarise({ budget: 0, method: 'pro-rata', applications: [{ id: 'a', demand: 0, isNewEntrant: true }] });
    expect(empty.fillRate).toBeNull();
    expect(empty.claimFilled).toBeNull();
    expect(empty.hhiBasisPoints).toBeNull();
    expect(empty.newEntrantShare).toBeNull();
    // 2/3 of a basis point rounds up; exactly half rounds up too.
    expect(summarise({ budget: 30_000, method: 'fcfs', applications: [{ id: 'a', demand: 2 }] }).fillRateBasisPoints).toBe(1);
    expect(summarise({ budget: 20_000, method: 'fcfs', applications: [{ id: 'a', demand: 1 }] }).fillRateBasisPoints).toBe(1);
  });

  it('is exact for HHI with grants near 2^53', () => {
    const big = 2 ** 52;
    const summary = summarise({ budget: big + 1, method: 'fcfs', applications: [{ id: 'a', demand: big }, { id: 'b', demand: 1 }] });
    // (big² + 1) / (big + 1)² is just below 1: 10,000 × that rounds to 10,000.
    expect(summary.hhiBasisPoints).toBe(10_000);
    const even = summarise({ budget: 2 * big - 1, method: 'fcfs', applications: [{ id: 'a', demand: big }, { id: 'b', demand: big - 1 }] });
    expect(even.hhiBasisPoints).toBe(5000);
  });
});
