/**
 * The closed lists the web app offers as choices and labels (states, decisions, reasons,
 * categories). They mirror the server's lists; vocabulary.test.ts checks that they still match, and
 * i18n.test.ts that each has its words in both languages.
 */
import type { BoundBy } from '../../../src/allocation/allocation-result.js';
import type { AllocationMethod, ApplicationState, MovementKind, ReservationState, InnerAllocationMethod, RoundState, RuleResult, Decision, LicenceState, OrganisationCategory, RecommendationReason, RuleOutcome } from './api/types';

export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'under-review',
  'information-requested',
  'recommended',
  'awaiting-second-approval',
  'approved',
  'partially-approved',
  'denied',
  'deferred',
  'withdrawn',
] as const satisfies readonly ApplicationState[];

export const LICENCE_STATES = ['active', 'suspended', 'revoked', 'expired', 'exhausted'] as const satisfies readonly LicenceState[];

export const DECISIONS = ['approve', 'partially-approve', 'deny', 'defer'] as const satisfies readonly Decision[];

export const RECOMMENDATION_REASONS = ['meets-policy', 'limited-by-policy', 'strategic-priority', 'insufficient-justification', 'end-use-concern', 'await-next-round', 'other'] as const satisfies readonly RecommendationReason[];

export const CATEGORIES = [
  'big-tech-platform',
  'cloud-provider',
  'state-backed',
  'telecom-operator',
  'research-institute',
  'small-firm',
  'vendor',
  'customs-authority',
  'regulator',
  'other',
] as const satisfies readonly OrganisationCategory[];

export const RULE_OUTCOMES = ['pass', 'limit', 'review', 'hold', 'deny'] as const satisfies readonly RuleOutcome[];

export function isCategory(value: string): value is OrganisationCategory {
  return (CATEGORIES as readonly string[]).includes(value);
}

export const RULE_NAMES = [
  'policy-in-force',
  'technical-envelope',
  'end-use',
  'domestic-justification',
  'category-access',
  'holds',
  'national-quota',
  'category-budget',
  'group-cap',
  'adoption-cap',
  'domestic-pairing',
] as const satisfies readonly RuleResult['rule'][];

export function isRuleName(value: string): value is RuleResult['rule'] {
  return (RULE_NAMES as readonly string[]).includes(value);
}

export const ROLES = ['policy-admin', 'reviewer', 'approver', 'auditor', 'applicant', 'vendor', 'customs'] as const;
export type RoleName = (typeof ROLES)[number];

export function isRole(value: string): value is RoleName {
  return (ROLES as readonly string[]).includes(value);
}

export const ALLOCATION_METHODS = ['fcfs', 'pro-rata', 'max-min', 'weighted', 'tiered'] as const satisfies readonly AllocationMethod[];
export const INNER_ALLOCATION_METHODS = ['fcfs', 'pro-rata', 'max-min', 'weighted'] as const satisfies readonly InnerAllocationMethod[];
export const ROUND_STATES = ['open', 'previewed', 'committed', 'final', 'cancelled'] as const satisfies readonly RoundState[];
export const BOUND_BY = ['demand', 'cap', 'budget', 'min-lot'] as const satisfies readonly BoundBy[];
export const EXCLUSION_REASONS = ['needs-first-approval', 'decision-delayed', 'denied-by-policy', 'no-category-share'] as const;

export function isAllocationMethod(value: string): value is AllocationMethod {
  return (ALLOCATION_METHODS as readonly string[]).includes(value);
}

export const RESERVATION_STATES = ['reserved', 'shipped', 'cleared', 'delivered', 'cancelled', 'expired'] as const satisfies readonly ReservationState[];
export const MOVEMENT_KINDS = ['issue', 'reservation', 'shipment', 'cancellation', 'expiry', 'clearance', 'delivery', 'return', 'other'] as const satisfies readonly MovementKind[];
