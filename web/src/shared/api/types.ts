/**
 * The shapes the API returns, taken type-only from the server's own domain files, so that a
 * change on the server that the web app depends on fails `npm run typecheck` instead of a page.
 * Nothing here reaches the bundle: these imports are erased.
 */
import type { AllocationMethod, InnerAllocationMethod } from '../../../../src/allocation/allocation-problem.js';
import type { AllocationRound, FinalFigures, MethodComparison, RoundExclusion, RoundGrant, RoundLine, RoundState, RoundSummary, SharedLimitCheck } from '../../../../src/allocation/round.js';
import type { Application, ApplicationState, Decision, RecommendationReason } from '../../../../src/applications/application.js';
import type { AuditEntry } from '../../../../src/audit/audit-event.js';
import type { Licence, LicenceState } from '../../../../src/licensing/licence.js';
import type { Coverage } from '../../../../src/shipments/check-coverage.js';
import type { Reservation, ReservationState } from '../../../../src/shipments/shipment.js';
import type { LicenceMovement, MovementKind } from '../../../../src/shipments/licence-movement.js';
import type { Funnel } from '../../../../src/reports/get-funnel.js';
import type { DirectoryEntry } from '../../../../src/access/list-users.js';
import type { Evaluation, RuleOutcome, RuleResult } from '../../../../src/policy/evaluation.js';
import type { Hold, Policy } from '../../../../src/policy/policy.js';
import type { PolicyChange } from '../../../../src/policy/policy-diff.js';
import type { Facility } from '../../../../src/registry/facility.js';
import type { FleetDeclaration, FleetHolding } from '../../../../src/registry/fleet-declaration.js';
import type { ControlledItem } from '../../../../src/registry/item.js';
import type { Organisation, OrganisationCategory } from '../../../../src/registry/organisation.js';

export type { AllocationMethod, AllocationRound, FinalFigures, InnerAllocationMethod, MethodComparison, RoundExclusion, RoundGrant, RoundLine, RoundState, RoundSummary, SharedLimitCheck };
export type { Coverage, Reservation, ReservationState, LicenceMovement, MovementKind };
/** GET /api/v1/statistics/funnel (reports/get-funnel.ts). */
export type { Funnel };
/** GET /api/v1/users (access/list-users.ts): names for ids, the regulator and auditors only. */
export type { DirectoryEntry };
export type { Application, ApplicationState, AuditEntry, ControlledItem, Decision, Evaluation, Facility, FleetDeclaration, FleetHolding, Hold, Licence, LicenceState, Organisation, OrganisationCategory, Policy, PolicyChange, RecommendationReason, RuleOutcome, RuleResult };

export type Role = 'policy-admin' | 'reviewer' | 'approver' | 'auditor' | 'applicant' | 'vendor' | 'customs';

/** GET /api/v1/session and POST /api/v1/session (access/session.routes.ts). */
export interface Caller {
  user: { id: string; login: string; displayName: string };
  role: Role;
  organisation: { id: string; legalName: string; chineseName: string | null } | null;
  csrfToken: string | null;
}

/** A published policy version without its document (GET /api/v1/policies). */
export interface PolicySummary {
  hash: string;
  policyId: string;
  title: string;
  effectiveFrom: string;
  periodStart: string;
  periodEnd: string;
  publishedAt: string;
  publishedBy: string;
}

/** GET /api/v1/policies/in-force. */
export interface PolicyInForce {
  version: PolicySummary & { policy: Policy; sourceText: string };
  /** The version's own holds and those placed since. */
  holds: Hold[];
}

/** GET /api/v1/holds: a hold placed between versions. */
export interface PlacedHold extends Hold {
  policyId: string;
  placedAt: string;
  liftedBy: string | null;
  liftedAt: string | null;
  version: number;
}

/** GET /api/v1/licences/verify/{number} (licensing.schema.ts Verification). */
export interface LicenceVerification {
  number: string;
  isWellFormed: boolean;
  isKnown: boolean;
  isValid: boolean;
  isActive: boolean;
  isInForce: boolean;
  state: LicenceState | null;
  validFrom: string | null;
  validUntil: string | null;
  itemName: string | null;
  licenseeLegalName: string | null;
  remainingUnits: number | null;
  checkedAt: string;
}

/** GET /api/v1/audit/verification. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  headHash?: string;
  message?: string;
  break?: { reason: string; sequence: number };
}

/** GET /api/v1/audit/entries. */
export interface AuditPage {
  entries: AuditEntry[];
  nextAfterSequence: number | null;
}

/** GET /api/v1/rounds/{id} (allocation/get-rounds.ts RoundView). */
export type RoundView = AllocationRound & { grants: RoundGrant[] };

/** GET /api/v1/rounds: a round without its stored stages, with its published figures. */
export type RoundListItem = Omit<AllocationRound, 'preview' | 'commitment' | 'rerun'> & { summary: RoundSummary | null; final: FinalFigures | null; previewedAt: string | null };
