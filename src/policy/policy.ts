/**
 * Policy versions: what a regulator publishes for one quota period. Pure: types and small rules only.
 *
 * The document format (YAML or JSON, see policy-document.ts) has exactly this shape, so a policy's
 * canonical JSON (canonical-policy.ts) is itself a valid policy document and parses back to the
 * same value. Optional sections that a document leaves out are `null` (or `[]`) here, never
 * missing, so two documents that say the same thing have the same canonical form and hash.
 *
 * Every share and ratio is an integer (basis points, or a pair of whole unit counts) so that
 * evaluation stays integer-exact: 10,000 basis points are 100 %.
 */
import type { OrganisationCategory } from '../registry/organisation.js';

/** 10,000 basis points make 100 %. */
export const BASIS_POINTS_WHOLE = 10_000;

/** What a category of organisation may do: apply freely, apply under manual review, or not at all. */
export const ACCESS_LEVELS = ['allow', 'review', 'deny'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/**
 * A suspension stops new licences and reservations in its scope. A block still accepts
 * applications but delays decisions, which lets the regulator gauge demand while it lasts.
 */
export const HOLD_KINDS = ['suspension', 'block'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

export const HOLD_SCOPE_LEVELS = ['global', 'item', 'family', 'category', 'organisation', 'region'] as const;
export type HoldScopeLevel = (typeof HOLD_SCOPE_LEVELS)[number];

/** The adoption cap is measured either in compute (TPP) or in a plain count of units. */
export const ADOPTION_MEASURES = ['tpp', 'units'] as const;
export type AdoptionMeasure = (typeof ADOPTION_MEASURES)[number];

/**
 * Which catalogue entries a quota, cap or envelope covers: one item, a whole family (e.g. every
 * H200 variant), or every item under one export classification code (e.g. ECCN 3A090.a).
 * Exactly one key is set.
 */
export type ItemSelector = { item: string } | { family: string } | { classificationCode: string };

/** National quotas are set per item or per family only (the catalogue's unit of account). */
export type QuotaSelector = { item: string } | { family: string };

export interface PolicyPeriod {
  /** First day of the period, a calendar date (YYYY-MM-DD, UTC). */
  start: string;
  /** Last day of the period, inclusive. */
  end: string;
}

/**
 * The national quota for the period: the most that may be granted across all organisations.
 * Either dimension may be left out (null), not both; when both are set, both bind.
 */
export interface NationalQuota {
  appliesTo: QuotaSelector;
  units: number | null;
  tpp: number | null;
}

export interface CategoryRule {
  access: Access;
  /**
   * The category's share of every national quota, in basis points. Null: the category draws on
   * the national quota without a budget of its own. All shares together are at most 10,000.
   */
  budgetShareBasisPoints: number | null;
  /** Why the category has this access, e.g. "tight control of state-backed firms". */
  note: string | null;
  noteChinese: string | null;
}

/** Units one group (all members of a parent group, together) may be granted in the period. */
export interface GroupCap {
  /** Null: the cap counts every item together. */
  appliesTo: ItemSelector | null;
  unitsMax: number;
}

/**
 * The largest foreign share of an organisation's accelerator compute after the grant. With
 * measure 'tpp' compute is units × TPP; with 'units' every unit weighs one.
 */
export interface AdoptionCap {
  measure: AdoptionMeasure;
  foreignShareMaxBasisPoints: number;
}

/**
 * At least `domesticUnits` domestic units committed for every `perForeignUnits` foreign units
 * granted in the period: 1 per 2 is a ratio of one half.
 */
export interface DomesticPairing {
  domesticUnits: number;
  perForeignUnits: number;
}

/**
 * The technical limits an item must stay strictly below to be licensable. A null limit is not
 * checked. An item that matches several envelopes must satisfy all of them.
 */
export interface TechnicalEnvelope {
  appliesTo: ItemSelector | null;
  tppBelow: number | null;
  memoryBandwidthGbPerSecondBelow: number | null;
}

export interface EndUses {
  /** Empty: every end use not denied is allowed. */
  allowed: string[];
  denied: string[];
  /** The application must state why domestic chips do not meet the need (foreign items only). */
  domesticJustificationRequired: boolean;
}

export interface LicenceTerms {
  validityDays: number;
  /** Days from approval within which a purchase order must be placed, or the reservation lapses. */
  purchaseOrderWindowDays: number;
  /** Days between location attestations of serialised units. */
  attestationIntervalDays: number;
  /** Conditions printed on every licence, in order. */
  conditions: string[];
}

export type HoldScope =
  | { level: 'global' }
  | { level: 'item'; item: string }
  | { level: 'family'; family: string }
  | { level: 'category'; category: OrganisationCategory }
  | { level: 'organisation'; organisation: string }
  | { level: 'region'; region: string };

export interface Hold {
  /** Unique within the policy, e.g. "H-2026-001". */
  id: string;
  kind: HoldKind;
  scope: HoldScope;
  /**
   * The window is half-open: in force from `from` (inclusive) until `until` (exclusive), or
   * indefinitely when `until` is null. Stored as UTC instants (YYYY-MM-DDTHH:MM:SS.sssZ); a
   * document may write a date, which means the start of that day in UTC.
   */
  from: string;
  until: string | null;
  reasonCode: string;
  reason: string;
  reasonChinese: string | null;
  /** The officer who placed the hold. */
  placedBy: string;
}

export interface Policy {
  /** Stable name of the policy line, e.g. "accelerators-2026"; each version has its own hash. */
  id: string;
  title: string;
  /** The date from which this version applies (YYYY-MM-DD); at most the period's end. */
  effectiveFrom: string;
  period: PolicyPeriod;
  nationalQuotas: NationalQuota[];
  /** Access of a category the `categories` map does not list. */
  defaultAccess: Access;
  categories: Partial<Record<OrganisationCategory, CategoryRule>>;
  groupCaps: GroupCap[];
  adoptionCap: AdoptionCap | null;
  domesticPairing: DomesticPairing | null;
  technicalEnvelopes: TechnicalEnvelope[];
  endUses: EndUses;
  licenceTerms: LicenceTerms;
  holds: Hold[];
}

/**
 * The item fields a policy looks at; the registry's ControlledItem has them all. Treated as a
 * value that does not change: a compiled policy remembers per item object which rules cover it.
 */
export interface PolicyItem {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly classificationCode: string;
  readonly origin: 'foreign' | 'domestic';
  readonly tpp: number;
  readonly memoryBandwidthGbPerSecond: number;
}

export function selectorMatches(selector: ItemSelector | null, item: PolicyItem): boolean {
  if (selector === null) return true;
  if ('item' in selector) return selector.item === item.id;
  if ('family' in selector) return selector.family === item.family;
  return selector.classificationCode === item.classificationCode;
}

/** A short English label: "item nvidia-h200-sxm", "family H200", "class 3A090.a", "all items". */
export function selectorLabel(selector: ItemSelector | null): string {
  if (selector === null) return 'all items';
  if ('item' in selector) return `item ${selector.item}`;
  if ('family' in selector) return `family ${selector.family}`;
  return `class ${selector.classificationCode}`;
}

export function selectorLabelChinese(selector: ItemSelector | null): string {
  if (selector === null) return '全部型号';
  if ('item' in selector) return `型号 ${selector.item}`;
  if ('family' in selector) return `${selector.family} 系列`;
  return `管制编码 ${selector.classificationCode}`;
}

/** Holds of the same kind and the same scope target must not overlap in time. */
export function holdScopeKey(scope: HoldScope): string {
  switch (scope.level) {
    case 'global':
      return 'global';
    case 'item':
      return `item:${scope.item}`;
    case 'family':
      return `family:${scope.family}`;
    case 'category':
      return `category:${scope.category}`;
    case 'organisation':
      return `organisation:${scope.organisation}`;
    case 'region':
      return `region:${scope.region}`;
  }
}
