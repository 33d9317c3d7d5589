/**
 * Row types: what the tables hold, as both dialects return it after mapping (integers as
 * `number`, timestamps as UTC ISO-8601 text, JSON as text). Domain types are separate and each
 * module's store maps rows to them once. The migrations, not these types, define the schema.
 */
import type { Generated } from 'kysely';

export interface AuditEntryTable {
  sequence: number;
  id: string;
  occurred_at: string;
  actor_id: string;
  actor_role: string;
  event_type: string;
  subject_type: string;
  subject_id: string;
  before_json: string | null;
  after_json: string | null;
  previous_hash: string;
  hash: string;
}

/** One row that names the end of the audit chain; appenders lock it to append in order. */
export interface AuditChainHeadTable {
  id: number;
  last_sequence: number;
  last_hash: string;
}

export interface ItemTable {
  id: string;
  name: string;
  vendor: string;
  classification_code: string;
  family: string;
  origin: string;
  tpp: number;
  memory_gb: number;
  memory_bandwidth_gb_per_second: number;
  units_per_package: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OrganisationTable {
  id: string;
  legal_name: string;
  chinese_name: string | null;
  pinyin_name: string | null;
  aliases_json: string;
  category: string;
  parent_id: string | null;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FacilityTable {
  id: string;
  organisation_id: string;
  name: string;
  region: string;
  latitude: number;
  longitude: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FleetDeclarationTable {
  id: string;
  organisation_id: string;
  as_of: string;
  domestic_units_committed: number;
  period_start: string;
  period_end: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FleetHoldingTable {
  fleet_declaration_id: string;
  item_id: string;
  installed_units: number;
}

export interface UserTable {
  id: string;
  login: string;
  display_name: string;
  role: string;
  organisation_id: string | null;
  password_hash: string | null;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  label: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface PolicyVersionTable {
  hash: string;
  policy_id: string;
  title: string;
  effective_from: string;
  period_start: string;
  period_end: string;
  canonical_json: string;
  source_text: string;
  published_at: string;
  published_by: string;
}

export interface PolicyHoldTable {
  id: string;
  policy_id: string;
  kind: string;
  scope_json: string;
  starts_at: string;
  ends_at: string | null;
  reason_code: string;
  reason: string;
  reason_chinese: string | null;
  placed_by: string;
  placed_at: string;
  lifted_by: string | null;
  lifted_at: string | null;
  version: number;
}

export interface ApplicationTable {
  id: string;
  organisation_id: string;
  item_id: string;
  facility_id: string;
  quantity: number;
  end_use: string;
  justification: string;
  domestic_justification: string | null;
  delivery_from: string;
  delivery_until: string;
  state: string;
  created_by: string;
  submitted_at: string | null;
  policy_hash: string | null;
  evaluation_json: string | null;
  needs_second_approver: number;
  reviewer_id: string | null;
  recommendation_json: string | null;
  first_approval_json: string | null;
  decision_json: string | null;
  information_request_json: string | null;
  granted_quantity: number | null;
  licence_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string;
  secret_hash: string;
  user_id: string;
  csrf_token_hash: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface IdempotencyKeyTable {
  actor_id: string;
  idempotency_key: string;
  request_hash: string;
  status_code: number | null;
  response_headers_json: string | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

/** A licence: the right to import a quantity of one item within a validity (see src/licensing). */
export interface LicenceTable {
  id: string;
  number: string;
  year: number;
  serial: number;
  application_id: string | null;
  organisation_id: string;
  item_id: string;
  facility_id: string | null;
  quantity: number;
  valid_from: string;
  valid_until: string;
  conditions_json: string;
  state: string;
  state_reason: string | null;
  policy_hash: string;
  purchase_order_window_days: number;
  attestation_interval_days: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One vendor a licence permits; a licence with no rows permits any registered vendor. */
export interface LicencePermittedVendorTable {
  licence_id: string;
  vendor_organisation_id: string;
}

/** The last licence serial issued in a year; issuers lock the row to take the next one. */
export interface LicenceSerialTable {
  year: number;
  last_serial: number;
}

/** An allocation round (see src/allocation/round.ts); the stored stages are JSON. */
export interface AllocationRoundTable {
  id: string;
  title: string;
  policy_hash: string;
  item_id: string;
  budget: number;
  method: string;
  settings_json: string;
  cut_off: string;
  state: string;
  opened_by: string;
  preview_json: string | null;
  previewed_by: string | null;
  previewed_at: string | null;
  commitment_json: string | null;
  committed_by: string | null;
  committed_at: string | null;
  withdrawals_close_at: string | null;
  rerun_json: string | null;
  rerun_by: string | null;
  rerun_at: string | null;
  cancelled_by: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One application a committed round decided: its grant, licence, withdrawal and top-up. */
export interface AllocationRoundGrantTable {
  round_id: string;
  application_id: string;
  organisation_id: string;
  granted_units: number;
  licence_id: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  top_up_units: number | null;
  top_up_licence_id: string | null;
}

/**
 * A ledger account and its running totals. The int8 columns arrive as bigint from the ledger's
 * own statements (which read them as text on PostgreSQL and with safe integers on SQLite); only
 * src/ledger/ledger.store.ts reads these tables.
 */
export interface LedgerAccountTable {
  id: string;
  code: string;
  owner_id: string;
  dimension: string;
  flags: number;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  timestamp: number;
}

/** One ledger transfer; `sequence` is the commit order. */
export interface LedgerTransferTable {
  sequence: Generated<number>;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: bigint;
  pending_id: string | null;
  dimension: string;
  code: string;
  flags: number;
  timeout_seconds: number;
  expires_at: number | null;
  licence_id: string | null;
  purchase_order_reference: string | null;
  reference: string | null;
  timestamp: number;
  pending_status: string | null;
  /** The TPP twin written in its units transfer's row (migration 0013); null for a row of one. */
  twin_amount: bigint | null;
  twin_flags: number | null;
  twin_pending_status: string | null;
}

/** One serial number shipped: unique per item, written with the shipment's ledger post. */
export interface ShipmentSerialNumberTable {
  item_id: string;
  serial_number: string;
  reservation_id: string;
  licence_id: string;
  position: number;
  shipped_at: string;
}

export interface Database {
  applications: ApplicationTable;
  policy_versions: PolicyVersionTable;
  policy_holds: PolicyHoldTable;
  users: UserTable;
  api_tokens: ApiTokenTable;
  audit_entries: AuditEntryTable;
  audit_chain_head: AuditChainHeadTable;
  items: ItemTable;
  organisations: OrganisationTable;
  facilities: FacilityTable;
  fleet_declarations: FleetDeclarationTable;
  fleet_holdings: FleetHoldingTable;
  sessions: SessionTable;
  idempotency_keys: IdempotencyKeyTable;
  licences: LicenceTable;
  licence_permitted_vendors: LicencePermittedVendorTable;
  licence_serials: LicenceSerialTable;
  allocation_rounds: AllocationRoundTable;
  allocation_round_grants: AllocationRoundGrantTable;
  ledger_accounts: LedgerAccountTable;
  ledger_transfers: LedgerTransferTable;
  shipment_serial_numbers: ShipmentSerialNumberTable;
}

/** Kept for stores that insert rows with generated columns. */
export type { Generated };
