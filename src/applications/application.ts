/**
 * Applications and their workflow. Pure: the states, the transitions each role may make, and the
 * four-eyes rules. The use cases load the application, ask these rules, then change and audit it.
 *
 *   draft ─submit─► submitted ─take─► under-review ─recommend─► recommended ─decide─► decided
 *                      ▲                 │                          │   (approved, partially approved,
 *                      └─resubmit── information-requested ◄─request─┘    denied, deferred)
 *   a 'review' category (state-backed firms, telecom operators): recommended ─first approval─►
 *   awaiting-second-approval ─second approval by another approver─► decided
 *   any state before a decision ─withdraw─► withdrawn
 */
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
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const DECISIONS = ['approve', 'partially-approve', 'deny', 'defer'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Reasons a reviewer gives for a recommendation, a closed list so that reports can count them. */
export const RECOMMENDATION_REASONS = [
  'meets-policy',
  'limited-by-policy',
  'strategic-priority',
  'insufficient-justification',
  'end-use-concern',
  'await-next-round',
  'other',
] as const;
export type RecommendationReason = (typeof RECOMMENDATION_REASONS)[number];

export const DECIDED_STATES: readonly ApplicationState[] = ['approved', 'partially-approved', 'denied', 'deferred'];

export interface Recommendation {
  reviewerId: string;
  decision: Decision;
  /** Units the reviewer recommends granting (0 for deny and defer). */
  quantity: number;
  reasonCode: RecommendationReason;
  note: string;
  recommendedAt: string;
}

export interface ApproverSignature {
  approverId: string;
  decision: Decision;
  quantity: number;
  note: string;
  signedAt: string;
}

export interface InformationRequest {
  question: string;
  dueDate: string;
  requestedBy: string;
  requestedAt: string;
  answer: string | null;
}

export interface Application {
  id: string;
  organisationId: string;
  itemId: string;
  facilityId: string;
  /** Units requested (a server of 8 GPUs counts 8). */
  quantity: number;
  endUse: string;
  justification: string;
  /** Why domestic chips do not meet the need. */
  domesticJustification: string | null;
  /** The delivery window asked for (dates). */
  deliveryFrom: string;
  deliveryUntil: string;
  state: ApplicationState;
  createdBy: string;
  submittedAt: string | null;
  /** The policy version the stored evaluation was made against. */
  policyHash: string | null;
  /** The evaluation at the last submission or decision, as the policy module returned it. */
  evaluation: StoredEvaluation | null;
  /** Whether the category of the applicant needs two approvers (access "review" in the policy). */
  needsSecondApprover: boolean;
  reviewerId: string | null;
  recommendation: Recommendation | null;
  firstApproval: ApproverSignature | null;
  decision: ApproverSignature | null;
  informationRequest: InformationRequest | null;
  grantedQuantity: number | null;
  licenceId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The parts of an evaluation an application keeps (the whole is recomputable from its inputs). */
export interface StoredEvaluation {
  policyHash: string | null;
  evaluatedAt: string;
  requestedUnits: number;
  admissibleUnits: number;
  outcome: string;
  isDecisionDelayed: boolean;
  english: string;
  chinese: string;
  rules: { rule: string; subject: string; outcome: string; limitUnits: number | null; isBinding: boolean; figures: Readonly<Record<string, number>>; references: readonly string[]; english: string; chinese: string }[];
}

export type ApplicationAction = 'edit' | 'submit' | 'take' | 'request-information' | 'recommend' | 'decide' | 'withdraw';

/** From which states each action may start. Anything else is an illegal transition. */
const ALLOWED_FROM: Record<ApplicationAction, readonly ApplicationState[]> = {
  edit: ['draft', 'information-requested'],
  submit: ['draft', 'information-requested'],
  take: ['submitted'],
  'request-information': ['under-review'],
  recommend: ['under-review'],
  decide: ['recommended', 'awaiting-second-approval'],
  withdraw: ['draft', 'submitted', 'under-review', 'information-requested', 'recommended', 'awaiting-second-approval'],
};

export function isActionAllowed(action: ApplicationAction, state: ApplicationState): boolean {
  return ALLOWED_FROM[action].includes(state);
}

export function allowedActions(state: ApplicationState): ApplicationAction[] {
  return (Object.keys(ALLOWED_FROM) as ApplicationAction[]).filter((action) => isActionAllowed(action, state));
}

export function stateAfterDecision(decision: Decision): ApplicationState {
  switch (decision) {
    case 'approve':
      return 'approved';
    case 'partially-approve':
      return 'partially-approved';
    case 'deny':
      return 'denied';
    case 'defer':
      return 'deferred';
  }
}

export type FourEyesRefusal = 'approver_reviewed_application' | 'second_approver_same_as_first' | null;

/**
 * Four eyes: whoever reviewed an application never decides it, and where two approvers are needed
 * they are two different people, neither of them the reviewer. Enforced in the use case, so no
 * route can skip it.
 */
export function fourEyesRefusal(application: Pick<Application, 'reviewerId' | 'recommendation' | 'firstApproval'>, approverId: string): FourEyesRefusal {
  if (application.reviewerId === approverId || application.recommendation?.reviewerId === approverId) return 'approver_reviewed_application';
  if (application.firstApproval !== null && application.firstApproval.approverId === approverId) return 'second_approver_same_as_first';
  return null;
}

/**
 * The quantity a decision grants: an approval grants what is asked (it must be admissible), a
 * partial approval less than asked but more than nothing, a denial or deferral nothing.
 */
export function decisionQuantityProblem(decision: Decision, quantity: number, requested: number, admissible: number): string | null {
  if (!Number.isSafeInteger(quantity) || quantity < 0) return 'must be a whole number of units ≥ 0';
  switch (decision) {
    case 'approve':
      if (quantity !== requested) return `an approval grants the ${requested} units requested; use partially-approve for fewer`;
      break;
    case 'partially-approve':
      if (quantity <= 0 || quantity >= requested) return `a partial approval grants between 1 and ${requested - 1} units`;
      break;
    case 'deny':
    case 'defer':
      if (quantity !== 0) return `a ${decision === 'deny' ? 'denial' : 'deferral'} grants 0 units`;
      return null;
  }
  if (quantity > admissible) return `the policy in force admits at most ${admissible} units for this application`;
  return null;
}
