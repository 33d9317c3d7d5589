import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import type { AllocationProblem } from './allocation-problem.js';
import {
  buildRerunProblem,
  buildRoundProblem,
  checkSharedLimits,
  concentration,
  decisionFor,
  includedCandidates,
  isRoundActionAllowed,
  roundCap,
  ROUND_STATES,
  type RoundCandidate,
  type RoundSettings,
} from './round.js';

const settings: RoundSettings = { inner: null, minLot: null, useCategoryShares: false, categoryTiers: null, withdrawalWindowDays: null };

function candidate(id: string, overrides: Partial<RoundCandidate> = {}): RoundCandidate {
  return {
    applicationId: id,
    applicationVersion: 1,
    organisationId: `org-${id}`,
    organisationName: `Organisation ${id}`,
    category: 'cloud-provider',
    groupId: `org-${id}`,
    state: 'recommended',
    submittedAt: '2026-03-01T09:00:00.000Z',
    requested: 100,
    admissible: 100,
    firstApprovalUnits: null,
    isNewEntrant: false,
    historicalUnits: 0,
    reviewerId: 'reviewer',
    firstApproverId: null,
    limits: [],
    exclusion: null,
    ...overrides,
  };
}

describe('round rules', () => {
  it('allows each step only from its states', () => {
    const allowed = (action: Parameters<typeof isRoundActionAllowed>[0]) => ROUND_STATES.filter((state) => isRoundActionAllowed(action, state));
    expect(allowed('preview')).toEqual(['open', 'previewed']);
    expect(allowed('commit')).toEqual(['previewed']);
    expect(allowed('withdraw')).toEqual(['committed']);
    expect(allowed('rerun')).toEqual(['committed']);
    expect(allowed('cancel')).toEqual(['open', 'previewed']);
  });

  it('caps an application at what the policy admits and what its first approver signed for', () => {
    expect(roundCap({ requested: 100, admissible: 80, firstApprovalUnits: null })).toBe(80);
    expect(roundCap({ requested: 100, admissible: 80, firstApprovalUnits: 50 })).toBe(50);
    expect(roundCap({ requested: 40, admissible: 80, firstApprovalUnits: null })).toBe(40);
    expect([decisionFor(100, 100), decisionFor(100, 1), decisionFor(100, 0)]).toEqual(['approve', 'partially-approve', 'defer']);
  });

  it('builds the problem with only the fields its method reads, ordered by application id', () => {
    const included = [candidate('b', { historicalUnits: 7, category: 'small-firm' }), candidate('a', { isNewEntrant: true })];
    const ordered = includedCandidates(included, null);
    expect(ordered.map((entry) => entry.applicationId)).toEqual(['a', 'b']);
    expect(buildRoundProblem('pro-rata', 50, settings, ordered, null)).toEqual({
      budget: 50,
      method: 'pro-rata',
      applications: [
        { id: 'a', demand: 100, cap: 100, submittedAt: '2026-03-01T09:00:00.000Z', isNewEntrant: true },
        { id: 'b', demand: 100, cap: 100, submittedAt: '2026-03-01T09:00:00.000Z', isNewEntrant: false },
      ],
    });
    const weighted = buildRoundProblem('weighted', 50, settings, ordered, null);
    expect(weighted.applications.map((application) => application.weight)).toEqual([1, 7]);
    const tiered = buildRoundProblem('tiered', 50, { ...settings, inner: 'max-min', categoryTiers: { 'small-firm': 1 } }, ordered, null);
    expect(tiered).toMatchObject({ inner: 'max-min' });
    expect(tiered.applications.map((application) => application.tier)).toEqual([undefined, 1]);
  });

  it('excludes a category without a share when the round splits by shares', () => {
    const marked = includedCandidates([candidate('a'), candidate('b', { category: 'other' })], { 'cloud-provider': 100 });
    expect(marked.map((entry) => entry.exclusion?.reason ?? null)).toEqual([null, 'no-category-share']);
  });

  it('adds up the grants of the applications that share a limit, against the smallest limit any was evaluated with', () => {
    const shared = { rule: 'group-cap', subject: '', scope: 'group g' };
    const checks = checkSharedLimits(
      [candidate('a', { limits: [{ ...shared, limitUnits: 120 }] }), candidate('b', { limits: [{ ...shared, limitUnits: 110 }, { rule: 'adoption-cap', subject: '', scope: 'organisation b', limitUnits: 90 }] })],
      new Map([
        ['a', 60],
        ['b', 60],
      ]),
    );
    expect(checks).toEqual([
      { rule: 'adoption-cap', subject: '', scope: 'organisation b', limitUnits: 90, applicationIds: ['b'], grantedUnits: 60, isExceeded: false },
      { ...shared, limitUnits: 110, applicationIds: ['a', 'b'], grantedUnits: 120, isExceeded: true },
    ]);
  });

  it('measures concentration over holders exactly', () => {
    const entries = [
      { applicationId: 'a', holder: 'x' },
      { applicationId: 'b', holder: 'x' },
      { applicationId: 'c', holder: 'y' },
    ];
    const units = new Map([
      ['a', 1],
      ['b', 1],
      ['c', 2],
    ]);
    // Holders x and y hold half each: 10,000 × (1/4 + 1/4).
    expect(concentration(entries, units, (entry) => entry.holder)).toBe(5_000);
    expect(concentration(entries, units, (entry) => entry.applicationId)).toBe(3_750);
    expect(concentration(entries, new Map(), (entry) => entry.holder)).toBeNull();
  });

  it('re-runs over what the remaining applications still lack, leaving out the withdrawn, the met and the removed by the minimum lot', () => {
    const committed = {
      budget: 100,
      method: 'pro-rata',
      minLot: 10,
      applications: [
        { id: 'a', demand: 80, cap: 60 },
        { id: 'b', demand: 30 },
        { id: 'c', demand: 5 },
        { id: 'd', demand: 40 },
        { id: 'e', demand: 10 },
      ],
    } as AllocationProblem;
    const grants = [
      { id: 'a', units: 45, boundBy: 'budget' as const },
      { id: 'b', units: 22, boundBy: 'budget' as const },
      { id: 'c', units: 0, boundBy: 'min-lot' as const },
      { id: 'd', units: 23, boundBy: 'budget' as const },
      { id: 'e', units: 10, boundBy: 'demand' as const },
    ];
    expect(buildRerunProblem(committed, grants, new Set(['d']))).toEqual({
      budget: 100 - 45 - 22 - 10,
      method: 'pro-rata',
      applications: [
        { id: 'a', demand: 35, cap: 15 },
        { id: 'b', demand: 8, cap: 8 },
      ],
    });
  });

  it('never takes a unit back and never passes a cap when re-running a pro-rata round (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ demand: fc.integer({ min: 0, max: 10_000 }), cap: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }), isWithdrawn: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 200_000 }),
        (entries, budget) => {
          const applications = entries.map((entry, index) => ({ id: `a${index}`, demand: entry.demand, ...(entry.cap === undefined ? {} : { cap: entry.cap }) }));
          const committed: AllocationProblem = { budget, method: 'pro-rata', applications };
          const first = allocate(committed);
          const withdrawn = new Set(entries.flatMap((entry, index) => (entry.isWithdrawn ? [`a${index}`] : [])));
          const rerunProblem = buildRerunProblem(committed, first.grants, withdrawn);
          const rerun = allocate(rerunProblem);
          const topUp = new Map(rerun.grants.map((grant) => [grant.id, grant.units]));
          let held = 0;
          let lacking = 0;
          applications.forEach((application, index) => {
            if (withdrawn.has(application.id)) return;
            const claim = Math.min(application.demand, application.cap ?? application.demand);
            const units = first.grants[index]!.units + (topUp.get(application.id) ?? 0);
            expect(units).toBeGreaterThanOrEqual(first.grants[index]!.units);
            expect(units).toBeLessThanOrEqual(claim);
            held += first.grants[index]!.units;
            lacking += claim - first.grants[index]!.units;
          });
          // The re-run hands out everything left, unless the remaining claims are met first.
          expect(rerun.granted).toBe(Math.min(Math.max(0, budget - held), lacking));
        },
      ),
      { numRuns: 300 },
    );
  });
});
