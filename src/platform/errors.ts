/**
 * The one catalogue of expected failures: each stable code maps to an HTTP status and a title, and
 * is rendered as RFC 9457 problem+json (`type`, `title`, `status`, `detail`, plus `code` and the
 * offending `field`). Codes are part of the public contract: add, never rename.
 */
export const ERROR_CATALOGUE = {
  // Request shape
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  body_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body has an unsupported media type' },
  // Identity and permission
  unauthenticated: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Not permitted' },
  rate_limited: { status: 429, title: 'Too many requests' },
  // Existence and references
  route_not_found: { status: 404, title: 'No such route' },
  item_not_found: { status: 404, title: 'No such controlled item' },
  organisation_not_found: { status: 404, title: 'No such organisation' },
  facility_not_found: { status: 404, title: 'No such facility' },
  fleet_declaration_not_found: { status: 404, title: 'No such fleet declaration' },
  policy_not_found: { status: 404, title: 'No such policy version' },
  hold_not_found: { status: 404, title: 'No such hold' },
  no_policy_in_force: { status: 409, title: 'No policy is in force' },
  invalid_policy: { status: 422, title: 'The policy document is not valid' },
  hold_overlap: { status: 409, title: 'A hold of the same kind already covers that scope and time' },
  policy_superseded: { status: 409, title: 'A later policy version is already published' },
  application_not_found: { status: 404, title: 'No such application' },
  illegal_transition: { status: 409, title: 'The application is not in a state that allows this' },
  approver_reviewed_application: { status: 403, title: 'Four eyes: whoever reviewed an application may not decide it' },
  second_approver_same_as_first: { status: 403, title: 'Four eyes: the second approval needs a different approver' },
  decision_delayed: { status: 409, title: 'A block hold delays decisions in this scope' },
  unknown_reference: { status: 422, title: 'The request refers to a record that does not exist' },
  invalid_value: { status: 422, title: 'A value breaks a rule' },
  // Concurrency and uniqueness
  precondition_required: { status: 428, title: 'An If-Match header with the current ETag is required' },
  version_conflict: { status: 412, title: 'The record changed since it was read' },
  duplicate_name: { status: 409, title: 'The name is already taken' },
  duplicate_record: { status: 409, title: 'The record already exists' },
  // Database state
  database_not_empty: { status: 409, title: 'The database holds other data' },
  // Everything else
  internal_error: { status: 500, title: 'Internal error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  // Sign-in, sessions and idempotency keys
  invalid_credentials: { status: 401, title: 'The login or password is wrong' },
  csrf_token_missing: { status: 403, title: 'A request signed in by cookie must send X-CSRF-Token' },
  csrf_token_invalid: { status: 403, title: 'The X-CSRF-Token does not belong to this session' },
  session_not_found: { status: 404, title: 'The request carries no session' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used for a different request' },
  idempotency_key_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still being answered' },
  // Licences
  licence_not_found: { status: 404, title: 'No such licence' },
  malformed_licence_number: { status: 400, title: 'The licence number is not well-formed' },
  licence_not_active: { status: 409, title: 'The licence is not active' },
  licence_not_suspended: { status: 409, title: 'The licence is not suspended' },
  licence_revoked: { status: 409, title: 'The licence has been revoked' },
  licence_expired: { status: 409, title: 'The licence has expired' },
  licence_exhausted: { status: 409, title: 'Every unit of the licence has been drawn' },
  licence_still_valid: { status: 409, title: 'The licence is still within its validity' },
  hold_in_force: { status: 409, title: 'A suspension hold in force stops new licences in this scope' },
  licence_numbers_exhausted: { status: 409, title: 'Every licence serial of the year has been issued' },
  // Ledger
  exceeds_national_quota: { status: 409, title: 'The national quota does not cover the licence' },
  exceeds_licence_balance: { status: 409, title: 'The licence does not have that many units available' },
  ledger_refused: { status: 409, title: 'The ledger refused the movement' },
  purchase_order_window_closed: { status: 409, title: 'The window for turning the approval into a purchase order has closed' },
  reservation_not_found: { status: 404, title: 'No such reservation' },
  reservation_not_pending: { status: 409, title: 'The reservation was already shipped, cancelled or has lapsed' },
  exceeds_reservation: { status: 409, title: 'More than the reservation holds' },
  shipment_not_shipped: { status: 409, title: 'The reservation has not been shipped yet' },
  shipment_not_cleared: { status: 409, title: 'Customs has not cleared the shipment yet' },
  serial_number_already_shipped: { status: 409, title: 'A serial number of this item has already been shipped' },
  // Allocation rounds
  round_not_found: { status: 404, title: 'No such allocation round' },
  round_state_conflict: { status: 409, title: 'The allocation round is not in a state that allows this' },
  round_changed_since_preview: { status: 409, title: 'The round’s applications or their evaluations changed since the preview' },
  round_shared_limit_exceeded: { status: 409, title: 'The round’s grants together exceed a limit its applications share' },
  round_cut_off_not_passed: { status: 409, title: 'The round’s cut-off has not passed yet' },
  withdrawal_window_closed: { status: 409, title: 'The round’s withdrawal window has closed' },
  withdrawal_window_open: { status: 409, title: 'The round’s withdrawal window is still open' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An expected failure: bad input, a missing record, a rule that refuses. Never a bug. */
export class DomainError extends Error {
  override name = 'DomainError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, detail: string, options: { field?: string; extensions?: Record<string, unknown> } = {}) {
    super(detail);
    this.code = code;
    this.field = options.field;
    this.extensions = options.extensions ?? {};
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  field?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/** The problem type URI names the code, so that clients can branch on either. */
export function problemType(code: ErrorCode): string {
  return `https://gatehouse.example/problems/${code.replaceAll('_', '-')}`;
}

export function toProblem(error: DomainError, instance?: string): ProblemDetails {
  const entry = ERROR_CATALOGUE[error.code];
  const problem: ProblemDetails = {
    ...error.extensions,
    type: problemType(error.code),
    title: entry.title,
    status: entry.status,
    detail: error.message,
    code: error.code,
  };
  if (error.field !== undefined) problem.field = error.field;
  if (instance !== undefined) problem.instance = instance;
  return problem;
}
