/** Queries of applications. JSON columns hold the workflow's records; rows map to domain types here. */
import type { Kysely } from 'kysely';
import type { ApplicationTable, Database } from '../platform/database-tables.js';
import type { Application, ApplicationState } from './application.js';

type Db = Kysely<Database>;

export async function insertApplication(db: Db, application: Application): Promise<void> {
  await db.insertInto('applications').values(toRow(application)).execute();
}

/** Writes the next version only if the row is still at the version read (optimistic concurrency). */
export async function updateApplicationRow(db: Db, application: Application, expectedVersion: number): Promise<boolean> {
  const result = await db.updateTable('applications').set(toRow(application)).where('id', '=', application.id).where('version', '=', expectedVersion).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findApplication(db: Db, id: string): Promise<Application | undefined> {
  const row = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(row);
}

export interface QueueFilter {
  states?: readonly ApplicationState[];
  itemId?: string;
  organisationId?: string;
  /** Organisations of this category only (joined from the registry's table). */
  category?: string;
  /** Submitted at or before this instant: the queue's age filter. */
  submittedBefore?: string;
  afterId?: string;
  limit: number;
}

export async function listApplications(db: Db, filter: QueueFilter): Promise<Application[]> {
  let query = db.selectFrom('applications').selectAll('applications');
  if (filter.states !== undefined && filter.states.length > 0) query = query.where('applications.state', 'in', filter.states);
  if (filter.itemId !== undefined) query = query.where('applications.item_id', '=', filter.itemId);
  if (filter.organisationId !== undefined) query = query.where('applications.organisation_id', '=', filter.organisationId);
  if (filter.submittedBefore !== undefined) query = query.where('applications.submitted_at', '<=', filter.submittedBefore);
  if (filter.category !== undefined) {
    const category = filter.category;
    query = query.where('applications.organisation_id', 'in', (eb) => eb.selectFrom('organisations').select('organisations.id').where('organisations.category', '=', category));
  }
  if (filter.afterId !== undefined) query = query.where('applications.id', '>', filter.afterId);
  const rows = await query.orderBy('applications.id').limit(filter.limit).execute();
  return rows.map(fromRow);
}

function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function parsed<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function toRow(application: Application): ApplicationTable {
  return {
    id: application.id,
    organisation_id: application.organisationId,
    item_id: application.itemId,
    facility_id: application.facilityId,
    quantity: application.quantity,
    end_use: application.endUse,
    justification: application.justification,
    domestic_justification: application.domesticJustification,
    delivery_from: application.deliveryFrom,
    delivery_until: application.deliveryUntil,
    state: application.state,
    created_by: application.createdBy,
    submitted_at: application.submittedAt,
    policy_hash: application.policyHash,
    evaluation_json: json(application.evaluation),
    needs_second_approver: application.needsSecondApprover ? 1 : 0,
    reviewer_id: application.reviewerId,
    recommendation_json: json(application.recommendation),
    first_approval_json: json(application.firstApproval),
    decision_json: json(application.decision),
    information_request_json: json(application.informationRequest),
    granted_quantity: application.grantedQuantity,
    licence_id: application.licenceId,
    version: application.version,
    created_at: application.createdAt,
    updated_at: application.updatedAt,
  };
}

function fromRow(row: ApplicationTable): Application {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    itemId: row.item_id,
    facilityId: row.facility_id,
    quantity: Number(row.quantity),
    endUse: row.end_use,
    justification: row.justification,
    domesticJustification: row.domestic_justification,
    deliveryFrom: row.delivery_from,
    deliveryUntil: row.delivery_until,
    state: row.state as ApplicationState,
    createdBy: row.created_by,
    submittedAt: row.submitted_at,
    policyHash: row.policy_hash,
    evaluation: parsed(row.evaluation_json),
    needsSecondApprover: Number(row.needs_second_approver) === 1,
    reviewerId: row.reviewer_id,
    recommendation: parsed(row.recommendation_json),
    firstApproval: parsed(row.first_approval_json),
    decision: parsed(row.decision_json),
    informationRequest: parsed(row.information_request_json),
    grantedQuantity: row.granted_quantity === null ? null : Number(row.granted_quantity),
    licenceId: row.licence_id,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
