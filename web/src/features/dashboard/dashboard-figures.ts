/**
 * The regulator's dashboard figures, computed in the browser from what the API returns: the
 * policy in force, licences, applications, fleet declarations and the catalogue. Pure: no fetch,
 * no clock (`now` is passed), so each figure is tested on its own (dashboard-figures.test.ts).
 *
 * Where a figure could be computed more than one way, the comment says which way and why, and the
 * page says it too.
 */
import type { MessageKey } from '../../shared/i18n/en';
import type { Application, ApplicationState, ControlledItem, FleetDeclaration, Funnel as ServerFunnel, Hold, Licence, Organisation, Policy } from '../../shared/api/types';

const DAY_MS = 86_400_000;

export interface QuotaUse {
  /** The family or item the quota applies to, as the policy names it. */
  subject: string;
  quotaUnits: number | null;
  quotaTpp: number | null;
  usedUnits: number;
  usedTpp: number;
  licenceCount: number;
}

/**
 * Quota used per national quota of the policy: the units (and units × TPP) of every licence issued
 * in the policy's period for an item the quota covers, whatever the licence's state now. That is
 * how the evaluation counts grants (licensing/list-grants-in-period.ts): revoking a licence does
 * not un-grant it within the period; unused units return to the pool through the quota ledger,
 * which is not built yet.
 */
export function quotaUse(policy: Policy, licences: readonly Licence[], itemsById: ReadonlyMap<string, ControlledItem>): QuotaUse[] {
  const from = `${policy.period.start}T00:00:00.000Z`;
  const until = new Date(Date.parse(`${policy.period.end}T00:00:00.000Z`) + DAY_MS).toISOString();
  return policy.nationalQuotas.map((quota) => {
    const selector = quota.appliesTo;
    const covers = (item: ControlledItem) => ('family' in selector ? item.family === selector.family : item.id === selector.item);
    let usedUnits = 0;
    let usedTpp = 0;
    let licenceCount = 0;
    for (const licence of licences) {
      if (licence.createdAt < from || licence.createdAt >= until) continue;
      const item = itemsById.get(licence.itemId);
      if (item === undefined || !covers(item)) continue;
      usedUnits += licence.quantity;
      usedTpp += licence.quantity * item.tpp;
      licenceCount += 1;
    }
    return { subject: 'family' in selector ? selector.family : (itemsById.get(selector.item)?.name ?? selector.item), quotaUnits: quota.units, quotaTpp: quota.tpp, usedUnits, usedTpp, licenceCount };
  });
}

export const APPROVED_STATES: readonly ApplicationState[] = ['approved', 'partially-approved'];

export interface ApprovalTotal {
  key: string;
  applications: number;
  units: number;
}

/** Units granted by decisions (approved and partially approved applications), by organisation. */
export function approvalsByOrganisation(applications: readonly Application[]): ApprovalTotal[] {
  return totals(applications, (application) => application.organisationId);
}

/** The same by the organisation's category (its category today). */
export function approvalsByCategory(applications: readonly Application[], organisationsById: ReadonlyMap<string, Organisation>): ApprovalTotal[] {
  return totals(applications, (application) => organisationsById.get(application.organisationId)?.category ?? 'other');
}

function totals(applications: readonly Application[], keyOf: (application: Application) => string): ApprovalTotal[] {
  const byKey = new Map<string, ApprovalTotal>();
  for (const application of applications) {
    if (!APPROVED_STATES.includes(application.state)) continue;
    const key = keyOf(application);
    const total = byKey.get(key) ?? { key, applications: 0, units: 0 };
    total.applications += 1;
    total.units += application.grantedQuantity ?? 0;
    byKey.set(key, total);
  }
  return [...byKey.values()].sort((a, b) => b.units - a.units || a.key.localeCompare(b.key));
}

export interface Adoption {
  organisationId: string;
  /** The declaration the figure starts from. */
  asOf: string;
  foreignCompute: number;
  domesticCompute: number;
  /** Foreign compute added by licences issued after the declaration's date. */
  licensedAfterDeclaration: number;
  /** Foreign share, 0 to 1; null when the organisation declares no compute at all. */
  foreignShare: number | null;
  /** The policy's cap, 0 to 1, or null when the policy sets none. */
  cap: number | null;
  isOverCap: boolean;
}

/**
 * Each organisation's adoption percentage, from its latest fleet declaration plus the licences it
 * was issued after that declaration's date, the way the evaluation's adoption-cap rule counts
 * them (policy/evaluation.ts): with the policy's measure ('tpp': units × TPP; 'units': one each),
 * a declaration deemed to include every grant up to its date, a licence for a foreign item adding
 * foreign compute and one for a domestic item domestic compute. It counts what was licensed, not
 * what was delivered: deliveries are not recorded yet.
 */
export function adoptionByOrganisation(policy: Policy, declarations: readonly FleetDeclaration[], licences: readonly Licence[], itemsById: ReadonlyMap<string, ControlledItem>): Adoption[] {
  const isTpp = policy.adoptionCap?.measure !== 'units';
  const cap = policy.adoptionCap === null ? null : policy.adoptionCap.foreignShareMaxBasisPoints / 10_000;
  const latest = new Map<string, FleetDeclaration>();
  for (const declaration of declarations) {
    const known = latest.get(declaration.organisationId);
    if (known === undefined || declaration.asOf > known.asOf || (declaration.asOf === known.asOf && declaration.createdAt > known.createdAt)) latest.set(declaration.organisationId, declaration);
  }
  const result: Adoption[] = [];
  for (const declaration of latest.values()) {
    let foreignCompute = 0;
    let domesticCompute = 0;
    for (const holding of declaration.holdings) {
      const item = itemsById.get(holding.itemId);
      if (item === undefined) continue;
      const compute = holding.installedUnits * (isTpp ? item.tpp : 1);
      if (item.origin === 'foreign') foreignCompute += compute;
      else domesticCompute += compute;
    }
    let licensedAfterDeclaration = 0;
    for (const licence of licences) {
      if (licence.organisationId !== declaration.organisationId || licence.createdAt.slice(0, 10) <= declaration.asOf) continue;
      const item = itemsById.get(licence.itemId);
      if (item === undefined) continue;
      const compute = licence.quantity * (isTpp ? item.tpp : 1);
      if (item.origin === 'foreign') {
        foreignCompute += compute;
        licensedAfterDeclaration += compute;
      } else domesticCompute += compute;
    }
    const total = foreignCompute + domesticCompute;
    const foreignShare = total === 0 ? null : foreignCompute / total;
    result.push({ organisationId: declaration.organisationId, asOf: declaration.asOf, foreignCompute, domesticCompute, licensedAfterDeclaration, foreignShare, cap, isOverCap: cap !== null && foreignShare !== null && foreignShare > cap });
  }
  return result.sort((a, b) => (b.foreignShare ?? -1) - (a.foreignShare ?? -1) || a.organisationId.localeCompare(b.organisationId));
}

export interface Funnel {
  approvals: { count: number; units: number };
  licences: { count: number; units: number };
  /** Licences expired or revoked: they can no longer be drawn on. */
  ended: { count: number; units: number };
}

/** The key figures computed from applications and licences (the stages after them come from the server's funnel). */
export function funnel(applications: readonly Application[], licences: readonly Licence[]): Funnel {
  const approved = applications.filter((application) => APPROVED_STATES.includes(application.state));
  const ended = licences.filter((licence) => licence.state === 'expired' || licence.state === 'revoked');
  const sum = (list: readonly Licence[]) => ({ count: list.length, units: list.reduce((total, licence) => total + licence.quantity, 0) });
  return {
    approvals: { count: approved.length, units: approved.reduce((total, application) => total + (application.grantedQuantity ?? 0), 0) },
    licences: sum(licences),
    ended: sum(ended),
  };
}

/** The stages of the way from approval to delivery, in order, as the funnel chart draws them. */
export const FUNNEL_STAGES = ['approvals', 'licences', 'reservations', 'shipments', 'clearances', 'deliveries'] as const;
/** What became of reservations that were not shipped, and the approvals that lapsed. */
export const FUNNEL_OUTCOMES = ['openReservations', 'cancelledReservations', 'expiredReservations', 'lapsedApprovals'] as const;
export type FunnelRowKey = (typeof FUNNEL_STAGES)[number] | (typeof FUNNEL_OUTCOMES)[number];

export interface FunnelRow {
  key: FunnelRowKey;
  count: number;
  units: number;
}

/**
 * The server's funnel (GET /api/v1/statistics/funnel, computed by the database) as rows: the
 * stages in order, then the outcomes. Each stage counts where it is recorded (decisions, licences,
 * ledger movements), so a stage may exceed the one before it (a licence issued without an
 * application in this database, say); the chart draws them as they are.
 */
export function funnelRows(figures: ServerFunnel): { stages: FunnelRow[]; outcomes: FunnelRow[] } {
  const row = (key: FunnelRowKey): FunnelRow => ({ key, count: figures[key].count, units: figures[key].units });
  return { stages: FUNNEL_STAGES.map(row), outcomes: FUNNEL_OUTCOMES.map(row) };
}

/** The words of each row of the funnel's tables. */
export const STAGE_LABELS = {
  approvals: 'dashboard.stageApprovals',
  licences: 'dashboard.stageLicences',
  reservations: 'dashboard.stageReservations',
  shipments: 'dashboard.stageShipments',
  clearances: 'dashboard.stageCleared',
  deliveries: 'dashboard.stageDeliveries',
  openReservations: 'dashboard.stageOpenReservations',
  cancelledReservations: 'dashboard.stageCancelledReservations',
  expiredReservations: 'dashboard.stageExpiredReservations',
  lapsedApprovals: 'dashboard.stageLapsedApprovals',
} as const satisfies Record<FunnelRowKey, MessageKey>;

/** Holds whose window covers `now`: from ≤ now < until (no until: indefinitely). */
export function holdsInForce(holds: readonly Hold[], now: Date): Hold[] {
  const instant = now.toISOString();
  return holds.filter((hold) => hold.from <= instant && (hold.until === null || instant < hold.until));
}

/** States in which an application waits for the regulator. */
export const WAITING_STATES: readonly ApplicationState[] = ['submitted', 'under-review', 'recommended', 'awaiting-second-approval'];

export interface QueueAge {
  /** Counts per bucket, in the order of QUEUE_AGE_BUCKETS. */
  buckets: number[];
  waiting: number;
  oldestDays: number | null;
  medianDays: number | null;
}

/** Upper bounds in days (inclusive) of the age buckets; the last catches the rest. */
export const QUEUE_AGE_BUCKETS = [7, 14, 30, 60, Number.POSITIVE_INFINITY] as const;

/**
 * How long applications have waited for the regulator since they were submitted. Applications
 * returned to their applicant (information requested) wait for the applicant and are not counted.
 */
export function queueAge(applications: readonly Application[], now: Date): QueueAge {
  const ages = applications
    .filter((application) => WAITING_STATES.includes(application.state) && application.submittedAt !== null)
    .map((application) => Math.max(0, Math.floor((now.getTime() - Date.parse(application.submittedAt ?? '')) / DAY_MS)))
    .sort((a, b) => a - b);
  const buckets = QUEUE_AGE_BUCKETS.map(() => 0);
  for (const age of ages) {
    const index = QUEUE_AGE_BUCKETS.findIndex((bound) => age <= bound);
    buckets[index] = (buckets[index] ?? 0) + 1;
  }
  const middle = Math.floor(ages.length / 2);
  const median = ages.length === 0 ? null : ages.length % 2 === 1 ? ages[middle]! : Math.floor((ages[middle - 1]! + ages[middle]!) / 2);
  return { buckets, waiting: ages.length, oldestDays: ages.length === 0 ? null : ages[ages.length - 1]!, medianDays: median };
}
