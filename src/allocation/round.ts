/**
 * Allocation rounds: a budget of one item, a method, and the applications approved in principle
 * that it divides. This file is pure: the round's states and what each allows, how the included
 * applications become an allocation problem (the exact JSON `gatehouse allocate` reads), the
 * limits several applications share, the figures a round publishes, and the problem of the
 * re-run after withdrawals. The use cases (open-round.ts, preview-round.ts, commit-round.ts,
 * withdraw-from-round.ts, commit-rerun.ts, cancel-round.ts) gather the inputs and store the results.
 *
 *   open ─preview─► previewed ─commit─► committed ─(withdrawals)─ rerun ─► final   (pro rata)
 *     │  ◄─preview──┘  │           └─commit (every other method)──────────► final
 *     └──cancel────────┴─cancel─► cancelled
 */
import type { AllocationMethod, AllocationProblem, InnerAllocationMethod } from './allocation-problem.js';
import type { AllocationReport } from './allocation-report.js';
import type { AllocationGrant, BoundBy } from './allocation-result.js';
import { formatRational, roundRatioHalfUp } from './exact-arithmetic.js';

export const ROUND_STATES = ['open', 'previewed', 'committed', 'final', 'cancelled'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export type RoundAction = 'preview' | 'commit' | 'withdraw' | 'rerun' | 'cancel';

/** From which states each action may start; anything else is refused with round_state_conflict. */
const ALLOWED_FROM: Record<RoundAction, readonly RoundState[]> = {
  preview: ['open', 'previewed'],
  commit: ['previewed'],
  withdraw: ['committed'],
  rerun: ['committed'],
  // Once licences are issued a round is no longer cancelled; its licences are revoked one by one.
  cancel: ['open', 'previewed'],
};

export function isRoundActionAllowed(action: RoundAction, state: RoundState): boolean {
  return ALLOWED_FROM[action].includes(state);
}

/** A committed or final round has published its figures; applicants may read them. */
export function isRoundPublished(state: RoundState): boolean {
  return state === 'committed' || state === 'final';
}

/** The most applications one round includes: evaluations and licences are made one by one. */
export const ROUND_APPLICATIONS_MAX = 10_000;
export const WITHDRAWAL_WINDOW_DAYS_MAX = 60;
export const WITHDRAWAL_WINDOW_DAYS_DEFAULT = 5;

export interface RoundSettings {
  /** Under "tiered": the method inside each tier (default pro rata). Null otherwise. */
  inner: InnerAllocationMethod | null;
  /** Grants above 0 and below this become 0 and their units go to the others. */
  minLot: number | null;
  /** Split the budget first by the category budget shares of the policy in force. */
  useCategoryShares: boolean;
  /** Under "tiered": the tier of each organisation category; unlisted categories come last. */
  categoryTiers: Readonly<Record<string, number>> | null;
  /** Under "pro-rata": the days after the commitment in which applicants may withdraw. */
  withdrawalWindowDays: number | null;
}

/**
 * Why an application approved in principle is not divided by the round, in the order checked.
 *  - needs-first-approval: its category needs two approvers and none has signed yet; the round's
 *    committer would be the only one (four eyes);
 *  - decision-delayed: a block hold covers it, and decisions wait while it lasts;
 *  - denied-by-policy: the policy in force now denies it (e.g. its end use was denied since);
 *  - no-category-share: the round splits by category shares and its category has none.
 */
export const EXCLUSION_REASONS = ['needs-first-approval', 'decision-delayed', 'denied-by-policy', 'no-category-share'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** A limit that several applications of one round draw on together (from their evaluations). */
export interface SharedLimitUse {
  /** "national-quota", "category-budget", "group-cap", "adoption-cap", "domestic-pairing". */
  rule: string;
  /** What the rule applies to ("family H200"), as the evaluation names it; "" when one. */
  subject: string;
  /** Whose limit it is: the item's quota, one category, one group, one organisation. */
  scope: string;
  limitUnits: number;
}

/** An application approved in principle, as the round sees it when it is previewed or committed. */
export interface RoundCandidate {
  applicationId: string;
  applicationVersion: number;
  organisationId: string;
  organisationName: string;
  category: string;
  /** Names the organisation's group, the group cap's scope: the smallest id among its members. */
  groupId: string;
  state: string;
  submittedAt: string;
  /** Units the application asks for. */
  requested: number;
  /** Units the policy in force admits now (a fresh evaluation). */
  admissible: number;
  /** Units the first approver signed for, where the category needs two approvers; else null. */
  firstApprovalUnits: number | null;
  /** No licence was issued to the organisation before the round. */
  isNewEntrant: boolean;
  /** Units of the round's item licensed to the organisation before the round (historical imports). */
  historicalUnits: number;
  reviewerId: string | null;
  firstApproverId: string | null;
  limits: SharedLimitUse[];
  exclusion: { reason: ExclusionReason; detail: string } | null;
}

/** The cap of an included application: what the policy admits, and never more than a first approval. */
export function roundCap(candidate: Pick<RoundCandidate, 'admissible' | 'firstApprovalUnits' | 'requested'>): number {
  const admitted = Math.min(candidate.requested, candidate.admissible);
  return candidate.firstApprovalUnits === null ? admitted : Math.min(admitted, candidate.firstApprovalUnits);
}

/**
 * The applications the round divides: those not excluded, plus "no-category-share" exclusions
 * decided here, since they depend on the shares. Ordered by application id (time-ordered), so
 * that the same applications always make the same problem.
 */
export function includedCandidates(candidates: readonly RoundCandidate[], categoryShares: Readonly<Record<string, number>> | null): RoundCandidate[] {
  const marked = candidates.map((candidate) => {
    if (candidate.exclusion !== null || categoryShares === null || Object.hasOwn(categoryShares, candidate.category)) return candidate;
    return { ...candidate, exclusion: { reason: 'no-category-share' as const, detail: `the policy gives category ${candidate.category} no budget share, and the round splits by category shares` } };
  });
  return marked.sort(byApplicationId);
}

function byApplicationId(a: { applicationId: string }, b: { applicationId: string }): number {
  return a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;
}

/**
 * The allocation problem of a round, as `gatehouse allocate` reads it. Each application: its id,
 * demand (units requested), cap (roundCap), submission time (orders first come, first served and
 * breaks ties), whether it is a new entrant (reported only), and only where the method reads them:
 * its weight under "weighted" (units previously licensed, at least 1), its tier under "tiered"
 * (by category), its category when the budget is split by category shares.
 */
export function buildRoundProblem(
  method: AllocationMethod,
  budget: number,
  settings: RoundSettings,
  included: readonly RoundCandidate[],
  categoryShares: Readonly<Record<string, number>> | null,
): AllocationProblem {
  const problem: Record<string, unknown> = { budget, method };
  if (method === 'tiered' && settings.inner !== null) problem.inner = settings.inner;
  if (settings.minLot !== null) problem.minLot = settings.minLot;
  if (categoryShares !== null) problem.categoryShares = { ...categoryShares };
  problem.applications = included.map((candidate) => {
    const application: Record<string, unknown> = { id: candidate.applicationId, demand: candidate.requested, cap: roundCap(candidate) };
    if (method === 'weighted') application.weight = Math.max(1, candidate.historicalUnits);
    const tier = settings.categoryTiers?.[candidate.category];
    if (method === 'tiered' && tier !== undefined) application.tier = tier;
    if (categoryShares !== null) application.category = candidate.category;
    application.submittedAt = candidate.submittedAt;
    application.isNewEntrant = candidate.isNewEntrant;
    return application;
  });
  return problem as unknown as AllocationProblem;
}

/** Category shares from the policy's budget shares (basis points); categories without one are left out. */
export function categorySharesOf(rules: ReadonlyMap<string, { budgetShareBasisPoints: number | null }>): Record<string, number> {
  const shares: Record<string, number> = {};
  for (const [category, rule] of [...rules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (rule.budgetShareBasisPoints !== null) shares[category] = rule.budgetShareBasisPoints;
  }
  return shares;
}

export interface SharedLimitCheck extends SharedLimitUse {
  applicationIds: string[];
  grantedUnits: number;
  isExceeded: boolean;
}

/**
 * Each application's evaluation limits it alone; several applications of one round can draw on
 * the same limit (two members of one group under the group cap, one category's budget, the
 * national quota of the item, two applications of one organisation under its adoption cap or
 * domestic pairing). These limits are all linear in the units of the round's one item, so the
 * round respects them exactly when, for each, the units granted to the applications that share
 * it add up to at most its limit. The limit is the smallest any of them was evaluated with.
 * Every limit is listed (a re-run checks them again), in a fixed order.
 */
export function checkSharedLimits(included: readonly Pick<RoundCandidate, 'applicationId' | 'limits'>[], unitsById: ReadonlyMap<string, number>): SharedLimitCheck[] {
  const pools = new Map<string, SharedLimitCheck>();
  for (const candidate of included) {
    const units = unitsById.get(candidate.applicationId) ?? 0;
    for (const limit of candidate.limits) {
      const key = JSON.stringify([limit.rule, limit.subject, limit.scope]);
      const pool = pools.get(key);
      if (pool === undefined) {
        pools.set(key, { ...limit, applicationIds: [candidate.applicationId], grantedUnits: units, isExceeded: false });
      } else {
        pool.applicationIds.push(candidate.applicationId);
        pool.grantedUnits += units;
        pool.limitUnits = Math.min(pool.limitUnits, limit.limitUnits);
      }
    }
  }
  const checks = [...pools.values()];
  for (const check of checks) check.isExceeded = check.grantedUnits > check.limitUnits;
  return checks.sort((a, b) => compareText(a.rule, b.rule) || compareText(a.scope, b.scope) || compareText(a.subject, b.subject));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a round publishes (docs/allocation.md, "Rounds"). */
export interface RoundSummary {
  method: AllocationMethod;
  budget: number;
  granted: number;
  /** Pro rata: the allocation coefficient; null under other methods or with categories or tiers. */
  coefficient: string | null;
  /** Max-min or weighted: the water level; null when every claim fits or under other methods. */
  level: string | null;
  /** With category shares: the level of the split, in units per basis point of share. */
  categoryLevel: string | null;
  applications: number;
  applicationsGranted: number;
  fillRate: string | null;
  fillRateBasisPoints: number | null;
  claimFilled: string | null;
  /** Concentration of the grants over applications, as the allocator reports it. */
  hhiBasisPoints: number | null;
  /** Concentration over organisations, and over groups (a parent and its subsidiaries together). */
  hhiByOrganisationBasisPoints: number | null;
  hhiByGroupBasisPoints: number | null;
  newEntrantShare: string | null;
  newEntrantShareBasisPoints: number | null;
  inputHash: string;
  resultHash: string;
}

export function summariseRound(report: AllocationReport, included: readonly RoundCandidate[]): RoundSummary {
  const unitsById = new Map(report.grants.map((grant) => [grant.id, grant.units]));
  const summary = report.summary;
  return {
    method: report.method,
    budget: report.budget,
    granted: report.granted,
    coefficient: report.coefficient ?? null,
    level: report.level ?? null,
    categoryLevel: report.categoryLevel ?? null,
    applications: summary.applications,
    applicationsGranted: summary.applicationsGranted,
    fillRate: summary.fillRate,
    fillRateBasisPoints: summary.fillRateBasisPoints,
    claimFilled: summary.claimFilled,
    hhiBasisPoints: summary.hhiBasisPoints,
    hhiByOrganisationBasisPoints: concentration(included, unitsById, (candidate) => candidate.organisationId),
    hhiByGroupBasisPoints: concentration(included, unitsById, (candidate) => candidate.groupId),
    newEntrantShare: summary.newEntrantShare,
    newEntrantShareBasisPoints: summary.newEntrantShareBasisPoints,
    inputHash: report.inputHash,
    // Every report built by runAllocation carries its result hash.
    resultHash: report.resultHash ?? '',
  };
}

/**
 * Herfindahl–Hirschman index of the grants summed by holder (organisation or group), in basis
 * points: 10,000 × Σ units² ÷ granted², rounded to the nearest integer, halves up, exactly as the
 * allocator's own HHI over applications; null when nothing is granted.
 */
export function concentration<T extends { applicationId: string }>(included: readonly T[], unitsById: ReadonlyMap<string, number>, holderOf: (entry: T) => string): number | null {
  const byHolder = new Map<string, number>();
  let granted = 0;
  for (const candidate of included) {
    const units = unitsById.get(candidate.applicationId) ?? 0;
    granted += units;
    byHolder.set(holderOf(candidate), (byHolder.get(holderOf(candidate)) ?? 0) + units);
  }
  if (granted === 0) return null;
  let squares = 0n;
  for (const units of byHolder.values()) squares += BigInt(units) * BigInt(units);
  return Number(roundRatioHalfUp(squares, BigInt(granted) * BigInt(granted), 10_000n));
}

/** One application as a round shows it: inputs, cap, grant and what bound it. */
export interface RoundLine {
  applicationId: string;
  organisationId: string;
  organisationName: string;
  category: string;
  groupId: string;
  state: string;
  submittedAt: string;
  requested: number;
  admissible: number;
  cap: number;
  isNewEntrant: boolean;
  grantedUnits: number;
  boundBy: BoundBy;
}

export function roundLines(included: readonly RoundCandidate[], report: AllocationReport): RoundLine[] {
  const byId = new Map(report.grants.map((grant) => [grant.id, grant]));
  return included.map((candidate) => {
    const grant = byId.get(candidate.applicationId);
    return {
      applicationId: candidate.applicationId,
      organisationId: candidate.organisationId,
      organisationName: candidate.organisationName,
      category: candidate.category,
      groupId: candidate.groupId,
      state: candidate.state,
      submittedAt: candidate.submittedAt,
      requested: candidate.requested,
      admissible: candidate.admissible,
      cap: roundCap(candidate),
      isNewEntrant: candidate.isNewEntrant,
      grantedUnits: grant?.units ?? 0,
      boundBy: grant?.boundBy ?? 'budget',
    };
  });
}

/** The decision a grant makes: everything asked, part of it, or nothing yet (deferred to a later round). */
export function decisionFor(requested: number, grantedUnits: number): 'approve' | 'partially-approve' | 'defer' {
  if (grantedUnits <= 0) return 'defer';
  return grantedUnits >= requested ? 'approve' : 'partially-approve';
}

/**
 * The re-run after withdrawals, as an allocation problem of its own. Units already licensed stay
 * licensed (a licence is never reduced), so the re-run divides what the round has left — its
 * budget less the units the remaining applications hold — pro rata among the remaining
 * applications, each claiming what it still lacks: demand = requested − held, cap = cap − held.
 * Pro rata to what is left is one coefficient for all again (units left ÷ claim left); it gives
 * each remaining application about what re-running the whole budget over them would, without
 * taking a unit back. Left out: the applications that withdrew, those whose claim is met, and
 * those the first run's minimum lot removed (a top-up would be a licence below the lot); the
 * minimum lot is not applied to top-ups, which add to a grant already at or above it.
 */
export function buildRerunProblem(committed: AllocationProblem, grants: readonly AllocationGrant[], withdrawnIds: ReadonlySet<string>): AllocationProblem {
  const grantById = new Map(grants.map((grant) => [grant.id, grant]));
  let held = 0;
  const applications: Record<string, unknown>[] = [];
  for (const application of committed.applications) {
    if (withdrawnIds.has(application.id)) continue;
    const grant = grantById.get(application.id);
    const units = grant?.units ?? 0;
    held += units;
    const claim = application.cap === undefined ? application.demand : Math.min(application.demand, application.cap);
    if (claim - units <= 0 || grant?.boundBy === 'min-lot') continue;
    const entry: Record<string, unknown> = { id: application.id, demand: application.demand - units, cap: claim - units };
    if (application.submittedAt !== undefined) entry.submittedAt = application.submittedAt;
    if (application.isNewEntrant !== undefined) entry.isNewEntrant = application.isNewEntrant;
    applications.push(entry);
  }
  return { budget: Math.max(0, committed.budget - held), method: 'pro-rata', applications } as unknown as AllocationProblem;
}

/** A fraction for display, e.g. the effective coefficient of a re-run round. */
export function ratio(numerator: number, denominator: number): string | null {
  return denominator === 0 ? null : formatRational(numerator, denominator);
}

/** An application the round found approved in principle but does not divide, and why. */
export interface RoundExclusion {
  applicationId: string;
  organisationId: string;
  organisationName: string;
  state: string;
  reason: ExclusionReason;
  detail: string;
}

export function roundExclusions(candidates: readonly RoundCandidate[]): RoundExclusion[] {
  return candidates.flatMap((candidate) =>
    candidate.exclusion === null
      ? []
      : [{ applicationId: candidate.applicationId, organisationId: candidate.organisationId, organisationName: candidate.organisationName, state: candidate.state, ...candidate.exclusion }],
  );
}

/** The same budget and applications under one method, beside the round's own. */
export interface MethodComparison {
  method: AllocationMethod;
  inner: InnerAllocationMethod | null;
  granted: number;
  coefficient: string | null;
  level: string | null;
  fillRateBasisPoints: number | null;
  hhiBasisPoints: number | null;
  hhiByOrganisationBasisPoints: number | null;
  newEntrantShareBasisPoints: number | null;
  applicationsGranted: number;
  /** Units per application, in the order of the preview's lines. */
  units: number[];
  inputHash: string;
  resultHash: string;
}

export function compareMethod(report: AllocationReport, included: readonly RoundCandidate[]): MethodComparison {
  const summary = summariseRound(report, included);
  const unitsById = new Map(report.grants.map((grant) => [grant.id, grant.units]));
  return {
    method: report.method,
    inner: report.inner ?? null,
    granted: report.granted,
    coefficient: summary.coefficient,
    level: summary.level,
    fillRateBasisPoints: summary.fillRateBasisPoints,
    hhiBasisPoints: summary.hhiBasisPoints,
    hhiByOrganisationBasisPoints: summary.hhiByOrganisationBasisPoints,
    newEntrantShareBasisPoints: summary.newEntrantShareBasisPoints,
    applicationsGranted: summary.applicationsGranted,
    units: included.map((candidate) => unitsById.get(candidate.applicationId) ?? 0),
    inputHash: summary.inputHash,
    resultHash: summary.resultHash,
  };
}

/** What the round builder draws: one bar group per application, one series per method. */
export interface RoundChart {
  labels: string[];
  categories: string[];
  requested: number[];
  caps: number[];
  series: { method: AllocationMethod; units: number[] }[];
}

export function roundChart(included: readonly RoundCandidate[], comparison: readonly MethodComparison[]): RoundChart {
  return {
    labels: included.map((candidate) => `${candidate.organisationName} (${candidate.applicationId.slice(-6)})`),
    categories: included.map((candidate) => candidate.category),
    requested: included.map((candidate) => candidate.requested),
    caps: included.map(roundCap),
    series: comparison.map((entry) => ({ method: entry.method, units: entry.units })),
  };
}

/** A dry run: what committing now would grant, and the other methods beside it. */
export interface RoundPreview {
  previewedAt: string;
  previewedBy: string;
  policyHash: string;
  problem: AllocationProblem;
  report: AllocationReport;
  summary: RoundSummary;
  lines: RoundLine[];
  excluded: RoundExclusion[];
  sharedLimits: SharedLimitCheck[];
  comparison: MethodComparison[];
  chart: RoundChart;
  /** Application id → version previewed; the commitment refuses if any has changed since. */
  applicationVersions: Record<string, number>;
  /** Why committing now would be refused; empty when it would not be. */
  blockers: string[];
}

/** What the commitment decided, stored so that anyone can recompute it. */
export interface RoundCommitment {
  committedAt: string;
  committedBy: string;
  policyHash: string;
  problem: AllocationProblem;
  report: AllocationReport;
  summary: RoundSummary;
  lines: RoundLine[];
  excluded: RoundExclusion[];
  sharedLimits: SharedLimitCheck[];
}

/** The grant one application holds from a committed round. */
export interface RoundGrant {
  roundId: string;
  applicationId: string;
  organisationId: string;
  grantedUnits: number;
  licenceId: string | null;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  topUpUnits: number | null;
  topUpLicenceId: string | null;
}

/** The figures of a round after its re-run: what the remaining applications hold in the end. */
export interface FinalFigures {
  granted: number;
  withdrawnUnits: number;
  fillRate: string | null;
  fillRateBasisPoints: number | null;
  /** Units held ÷ claims of the applications that stayed: the coefficient they ended with. */
  effectiveCoefficient: string | null;
  hhiBasisPoints: number | null;
  hhiByOrganisationBasisPoints: number | null;
  hhiByGroupBasisPoints: number | null;
  newEntrantShare: string | null;
  newEntrantShareBasisPoints: number | null;
}

export interface RoundRerun {
  rerunAt: string;
  rerunBy: string;
  withdrawnApplicationIds: string[];
  problem: AllocationProblem;
  report: AllocationReport;
  topUps: { applicationId: string; units: number; licenceId: string | null }[];
  final: FinalFigures;
}

export function finalFigures(budget: number, lines: readonly RoundLine[], finalUnitsById: ReadonlyMap<string, number>, withdrawnIds: ReadonlySet<string>): FinalFigures {
  const remaining = lines.filter((line) => !withdrawnIds.has(line.applicationId));
  let granted = 0;
  let claim = 0;
  let newEntrantUnits = 0;
  let squares = 0n;
  for (const line of remaining) {
    const units = finalUnitsById.get(line.applicationId) ?? 0;
    granted += units;
    claim += line.cap;
    if (line.isNewEntrant) newEntrantUnits += units;
    squares += BigInt(units) * BigInt(units);
  }
  const withdrawnUnits = lines.filter((line) => withdrawnIds.has(line.applicationId)).reduce((sum, line) => sum + line.grantedUnits, 0);
  const basisPoints = (numerator: number, denominator: number) => Number(roundRatioHalfUp(BigInt(numerator), BigInt(denominator), 10_000n));
  return {
    granted,
    withdrawnUnits,
    fillRate: ratio(granted, budget),
    fillRateBasisPoints: budget === 0 ? null : basisPoints(granted, budget),
    effectiveCoefficient: ratio(granted, claim),
    hhiBasisPoints: granted === 0 ? null : Number(roundRatioHalfUp(squares, BigInt(granted) * BigInt(granted), 10_000n)),
    hhiByOrganisationBasisPoints: concentration(remaining, finalUnitsById, (line) => line.organisationId),
    hhiByGroupBasisPoints: concentration(remaining, finalUnitsById, (line) => line.groupId),
    newEntrantShare: granted === 0 ? null : ratio(newEntrantUnits, granted),
    newEntrantShareBasisPoints: granted === 0 ? null : basisPoints(newEntrantUnits, granted),
  };
}

/** A round as stored and read. `preview` is the regulator's; applicants see only published figures. */
export interface AllocationRound {
  id: string;
  title: string;
  policyHash: string;
  itemId: string;
  budget: number;
  method: AllocationMethod;
  settings: RoundSettings;
  /** Applications submitted at or before this instant are included. */
  cutOff: string;
  state: RoundState;
  openedBy: string;
  preview: RoundPreview | null;
  commitment: RoundCommitment | null;
  /** Pro rata: withdrawals are accepted until this instant (exclusive). */
  withdrawalsCloseAt: string | null;
  rerun: RoundRerun | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The shared limits of the commitment, checked again with the units the applications that stayed
 * hold after the re-run (the limits as evaluated at the commitment; withdrawn units count for nothing).
 */
export function recheckSharedLimits(checks: readonly SharedLimitCheck[], finalUnitsById: ReadonlyMap<string, number>, withdrawnIds: ReadonlySet<string>): SharedLimitCheck[] {
  return checks.map((check) => {
    const grantedUnits = check.applicationIds.filter((id) => !withdrawnIds.has(id)).reduce((sum, id) => sum + (finalUnitsById.get(id) ?? 0), 0);
    return { ...check, grantedUnits, isExceeded: grantedUnits > check.limitUnits };
  });
}
