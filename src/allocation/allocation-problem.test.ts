import { describe, expect, it } from 'vitest';
import { validateAllocationProblem, type ValidationIssue } from './allocation-problem.js';

function issuesOf(input: unknown): readonly ValidationIssue[] {
  const validation = validateAllocationProblem(input);
  if (validation.ok) throw new Error('expected the input to be rejected');
  return validation.issues;
}

const valid = { budget: 10, method: 'max-min', applications: [{ id: 'a', demand: 3 }] };

describe('validateAllocationProblem', () => {
  it('accepts a minimal problem and a full one, returning the input itself', () => {
    const minimal = validateAllocationProblem(valid);
    expect(minimal).toEqual({ ok: true, problem: valid });
    const full = {
      budget: 0,
      method: 'tiered',
      inner: 'weighted',
      minLot: 2,
      categoryShares: { 'big-tech': 5, state: 0 },
      applications: [
        { id: 'a', demand: 0, cap: 0, weight: 1, tier: 1, category: 'state', submittedAt: '2026-01-05T09:00:00.123+08:00', isNewEntrant: true },
        { id: 'b', demand: 9_007_199_254_740_991, category: 'big-tech' },
      ],
    };
    expect(validateAllocationProblem(full).ok).toBe(true);
  });

  it('names the field of each bad number', () => {
    const applications = [
      { id: 'a', demand: 1 },
      { id: 'b', demand: 1 },
      { id: 'c', demand: 1 },
      { id: 'd', demand: -1 },
    ];
    expect(issuesOf({ ...valid, applications })).toEqual([{ field: 'applications[3].demand', message: 'must be an integer ≥ 0' }]);
    expect(issuesOf({ ...valid, budget: 2.5 })).toEqual([{ field: 'budget', message: 'must be an integer ≥ 0' }]);
    expect(issuesOf({ ...valid, budget: '10' })).toEqual([{ field: 'budget', message: 'must be an integer ≥ 0' }]);
    expect(issuesOf({ ...valid, budget: 2 ** 53 })).toEqual([{ field: 'budget', message: 'must be at most 9007199254740991 (2^53 − 1)' }]);
    expect(issuesOf({ ...valid, minLot: -3 })).toEqual([{ field: 'minLot', message: 'must be an integer ≥ 0' }]);
    expect(issuesOf({ ...valid, applications: [{ id: 'a', demand: 1, weight: 0, cap: 1.5, tier: 0 }] })).toEqual([
      { field: 'applications[0].cap', message: 'must be an integer ≥ 0' },
      { field: 'applications[0].weight', message: 'must be an integer ≥ 1' },
      { field: 'applications[0].tier', message: 'must be an integer ≥ 1' },
    ]);
  });

  it('refuses missing and unknown fields', () => {
    expect(issuesOf({ applications: [{ demand: 1, colour: 'red' }], extra: true })).toEqual([
      { field: 'extra', message: 'is not a known field' },
      { field: 'budget', message: 'is required' },
      { field: 'method', message: 'is required' },
      { field: 'applications[0].colour', message: 'is not a known field' },
      { field: 'applications[0].id', message: 'is required' },
    ]);
    expect(issuesOf({ budget: 1, method: 'fcfs' })).toEqual([{ field: 'applications', message: 'is required' }]);
    expect(issuesOf([])).toEqual([{ field: '', message: 'must be a JSON object with budget, method and applications' }]);
    expect(issuesOf({ ...valid, applications: {} })).toEqual([{ field: 'applications', message: 'must be an array' }]);
    expect(issuesOf({ ...valid, applications: [null] })).toEqual([{ field: 'applications[0]', message: 'must be an object with id and demand' }]);
  });

  it('refuses unknown methods, and inner outside tiered', () => {
    expect(issuesOf({ ...valid, method: 'lottery' })).toEqual([
      { field: 'method', message: 'must be one of "fcfs", "pro-rata", "max-min", "weighted", "tiered"' },
    ]);
    expect(issuesOf({ ...valid, method: 'tiered', inner: 'tiered' })).toEqual([
      { field: 'inner', message: 'must be one of "fcfs", "pro-rata", "max-min", "weighted"' },
    ]);
    expect(issuesOf({ ...valid, inner: 'fcfs' })).toEqual([{ field: 'inner', message: 'is only allowed with method "tiered"' }]);
  });

  it('refuses duplicate ids, naming the first', () => {
    expect(issuesOf({ ...valid, applications: [{ id: 'x', demand: 1 }, { id: 'y', demand: 1 }, { id: 'x', demand: 2 }] })).toEqual([
      { field: 'applications[2].id', message: 'duplicates applications[0].id ("x")' },
    ]);
    expect(issuesOf({ ...valid, applications: [{ id: '', demand: 1 }] })).toEqual([
      { field: 'applications[0].id', message: 'must be a string of 1 to 256 characters' },
    ]);
  });

  it('requires a share for every category in use', () => {
    expect(
      issuesOf({
        ...valid,
        categoryShares: { telecom: 1, other: -1 },
        applications: [
          { id: 'a', demand: 1, category: 'telecom' },
          { id: 'b', demand: 1, category: 'cloud' },
          { id: 'c', demand: 1 },
        ],
      }),
    ).toEqual([
      { field: 'categoryShares.other', message: 'must be an integer ≥ 0' },
      { field: 'applications[1].category', message: '"cloud" has no share in categoryShares' },
      { field: 'applications[2].category', message: 'is required when categoryShares is given' },
    ]);
    expect(issuesOf({ ...valid, categoryShares: [1] })).toEqual([
      { field: 'categoryShares', message: 'must be an object of category → integer share' },
      { field: 'applications[0].category', message: 'is required when categoryShares is given' },
    ]);
  });

  it('checks submission times and the new-entrant flag', () => {
    expect(issuesOf({ ...valid, applications: [{ id: 'a', demand: 1, submittedAt: '2026-01-05 09:00', isNewEntrant: 'yes' }] })).toEqual([
      {
        field: 'applications[0].submittedAt',
        message: 'must be an ISO-8601 date-time with an offset, e.g. "2026-01-15T09:30:00Z" or "2026-01-15T17:30:00.25+08:00"',
      },
      { field: 'applications[0].isNewEntrant', message: 'must be true or false' },
    ]);
  });

  it('refuses sums the allocator could not add exactly', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(issuesOf({ ...valid, applications: [{ id: 'a', demand: big }, { id: 'b', demand: 1 }] })).toEqual([
      { field: 'applications', message: `the demands must add up to at most ${big}` },
    ]);
    expect(issuesOf({ ...valid, applications: [{ id: 'a', demand: 1, weight: big }, { id: 'b', demand: 1 }] })).toEqual([
      { field: 'applications', message: `the weights must add up to at most ${big}` },
    ]);
    expect(issuesOf({ ...valid, categoryShares: { p: big, q: 1 }, applications: [{ id: 'a', demand: 1, category: 'p' }] })).toEqual([
      { field: 'categoryShares', message: `the shares must add up to at most ${big}` },
    ]);
  });

  it('lists at most 100 issues and counts the rest', () => {
    const applications = Array.from({ length: 150 }, (_, index) => ({ id: `a${index}`, demand: -1 }));
    const issues = issuesOf({ ...valid, applications });
    expect(issues).toHaveLength(101);
    expect(issues[100]).toEqual({ field: '', message: '50 more problems not listed' });
  });
});

describe('duplicate ids at scale', () => {
  it('finds every repeat, naming the first appearance, among many ids', () => {
    const applications = Array.from({ length: 20_000 }, (_, index) => ({ id: `id-${index % 15_000}`, demand: 1 }));
    applications.push({ id: 'id-7', demand: 1 });
    const issues = validateAllocationProblem({ budget: 1, method: 'fcfs', applications });
    if (issues.ok) throw new Error('expected duplicates');
    // 5,001 repeats: listed up to 100, the rest counted.
    expect(issues.issues[0]).toEqual({ field: 'applications[15000].id', message: 'duplicates applications[0].id ("id-0")' });
    expect(issues.issues[100]).toEqual({ field: '', message: '4901 more problems not listed' });
    const few = validateAllocationProblem({ budget: 1, method: 'fcfs', applications: [{ id: 'b', demand: 1 }, { id: 'a', demand: 1 }, { id: 'b', demand: 1 }, { id: 'b', demand: 1 }] });
    expect(few.ok ? [] : few.issues).toEqual([
      { field: 'applications[2].id', message: 'duplicates applications[0].id ("b")' },
      { field: 'applications[3].id', message: 'duplicates applications[0].id ("b")' },
    ]);
  });
});
