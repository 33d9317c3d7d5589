/** Queries of allocation rounds and their grants. Rows map to domain types here, once. */
import type { Kysely } from 'kysely';
import type { AllocationRoundGrantTable, AllocationRoundTable, Database } from '../platform/database-tables.js';
import type { AllocationMethod } from './allocation-problem.js';
import type { AllocationRound, RoundGrant, RoundState } from './round.js';

type Db = Kysely<Database>;

export async function insertRound(db: Db, round: AllocationRound): Promise<void> {
  await db.insertInto('allocation_rounds').values(toRow(round)).execute();
}

/** Writes the next version only if the row is still at the version read (optimistic concurrency). */
export async function updateRoundRow(db: Db, round: AllocationRound, expectedVersion: number): Promise<boolean> {
  const result = await db.updateTable('allocation_rounds').set(toRow(round)).where('id', '=', round.id).where('version', '=', expectedVersion).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findRound(db: Db, id: string): Promise<AllocationRound | undefined> {
  const row = await db.selectFrom('allocation_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(row);
}

export interface RoundFilter {
  states?: readonly RoundState[];
  itemId?: string;
  afterId?: string;
  limit: number;
}

export async function listRounds(db: Db, filter: RoundFilter): Promise<AllocationRound[]> {
  let query = db.selectFrom('allocation_rounds').selectAll();
  if (filter.states !== undefined) query = query.where('state', 'in', filter.states);
  if (filter.itemId !== undefined) query = query.where('item_id', '=', filter.itemId);
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map(fromRow);
}

export async function insertRoundGrants(db: Db, grants: readonly RoundGrant[]): Promise<void> {
  // Chunks keep each statement under both dialects' limits on bound parameters.
  for (let start = 0; start < grants.length; start += 500) {
    await db.insertInto('allocation_round_grants').values(grants.slice(start, start + 500).map(toGrantRow)).execute();
  }
}

export async function listRoundGrants(db: Db, roundId: string): Promise<RoundGrant[]> {
  const rows = await db.selectFrom('allocation_round_grants').selectAll().where('round_id', '=', roundId).orderBy('application_id').execute();
  return rows.map(fromGrantRow);
}

export async function findRoundGrant(db: Db, roundId: string, applicationId: string): Promise<RoundGrant | undefined> {
  const row = await db.selectFrom('allocation_round_grants').selectAll().where('round_id', '=', roundId).where('application_id', '=', applicationId).executeTakeFirst();
  return row && fromGrantRow(row);
}

/** Records a withdrawal, only if none is recorded yet (a repeated request changes nothing twice). */
export async function markGrantWithdrawn(db: Db, roundId: string, applicationId: string, withdrawnAt: string, withdrawnBy: string): Promise<boolean> {
  const result = await db
    .updateTable('allocation_round_grants')
    .set({ withdrawn_at: withdrawnAt, withdrawn_by: withdrawnBy })
    .where('round_id', '=', roundId)
    .where('application_id', '=', applicationId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function recordTopUp(db: Db, roundId: string, applicationId: string, units: number, licenceId: string | null): Promise<void> {
  await db.updateTable('allocation_round_grants').set({ top_up_units: units, top_up_licence_id: licenceId }).where('round_id', '=', roundId).where('application_id', '=', applicationId).execute();
}

function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function parsed<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function toRow(round: AllocationRound): AllocationRoundTable {
  return {
    id: round.id,
    title: round.title,
    policy_hash: round.policyHash,
    item_id: round.itemId,
    budget: round.budget,
    method: round.method,
    settings_json: JSON.stringify(round.settings),
    cut_off: round.cutOff,
    state: round.state,
    opened_by: round.openedBy,
    preview_json: json(round.preview),
    previewed_by: round.preview?.previewedBy ?? null,
    previewed_at: round.preview?.previewedAt ?? null,
    commitment_json: json(round.commitment),
    committed_by: round.commitment?.committedBy ?? null,
    committed_at: round.commitment?.committedAt ?? null,
    withdrawals_close_at: round.withdrawalsCloseAt,
    rerun_json: json(round.rerun),
    rerun_by: round.rerun?.rerunBy ?? null,
    rerun_at: round.rerun?.rerunAt ?? null,
    cancelled_by: round.cancelledBy,
    cancelled_at: round.cancelledAt,
    cancel_reason: round.cancelReason,
    version: round.version,
    created_at: round.createdAt,
    updated_at: round.updatedAt,
  };
}

function fromRow(row: AllocationRoundTable): AllocationRound {
  return {
    id: row.id,
    title: row.title,
    policyHash: row.policy_hash,
    itemId: row.item_id,
    budget: Number(row.budget),
    method: row.method as AllocationMethod,
    settings: JSON.parse(row.settings_json) as AllocationRound['settings'],
    cutOff: row.cut_off,
    state: row.state as RoundState,
    openedBy: row.opened_by,
    preview: parsed(row.preview_json),
    commitment: parsed(row.commitment_json),
    withdrawalsCloseAt: row.withdrawals_close_at,
    rerun: parsed(row.rerun_json),
    cancelledBy: row.cancelled_by,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toGrantRow(grant: RoundGrant): AllocationRoundGrantTable {
  return {
    round_id: grant.roundId,
    application_id: grant.applicationId,
    organisation_id: grant.organisationId,
    granted_units: grant.grantedUnits,
    licence_id: grant.licenceId,
    withdrawn_at: grant.withdrawnAt,
    withdrawn_by: grant.withdrawnBy,
    top_up_units: grant.topUpUnits,
    top_up_licence_id: grant.topUpLicenceId,
  };
}

function fromGrantRow(row: AllocationRoundGrantTable): RoundGrant {
  return {
    roundId: row.round_id,
    applicationId: row.application_id,
    organisationId: row.organisation_id,
    grantedUnits: Number(row.granted_units),
    licenceId: row.licence_id,
    withdrawnAt: row.withdrawn_at,
    withdrawnBy: row.withdrawn_by,
    topUpUnits: row.top_up_units === null ? null : Number(row.top_up_units),
    topUpLicenceId: row.top_up_licence_id,
  };
}
