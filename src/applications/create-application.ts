/** Use cases: an applicant drafts an application for its own organisation, and edits the draft. */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { definedOnly } from '../platform/versioning.js';
import { getFacility, getItem, isCalendarDate } from '../registry/index.js';
import type { Application } from './application.js';
import { loadForStep, saveStep } from './application.workflow.js';
import type { ApplicationDraftInput, ApplicationPatch } from './applications.schema.js';
import { insertApplication } from './applications.store.js';

export async function createApplication(context: AppContext, actor: Actor, input: ApplicationDraftInput): Promise<Application> {
  authorise(actor, 'application.create');
  const organisationId = actor.organisationId;
  if (organisationId === null) throw new DomainError('forbidden', 'an applicant belongs to an organisation');
  await checkReferences(context, actor, organisationId, input);
  return inTransaction(context, (trx) => addApplication(trx, actor, context.clock.now(), organisationId, input));
}

/** The change itself, inside the caller's transaction (the demo seeds with it). */
export async function addApplication(trx: Kysely<Database>, actor: Actor, now: Date, organisationId: string, input: ApplicationDraftInput): Promise<Application> {
  checkDeliveryWindow(input.deliveryFrom, input.deliveryUntil);
  const timestamp = now.toISOString();
  const application: Application = {
    id: newId(now),
    organisationId,
    itemId: input.itemId,
    facilityId: input.facilityId,
    quantity: input.quantity,
    endUse: input.endUse,
    justification: input.justification,
    domesticJustification: input.domesticJustification ?? null,
    deliveryFrom: input.deliveryFrom,
    deliveryUntil: input.deliveryUntil,
    state: 'draft',
    createdBy: actor.id,
    submittedAt: null,
    policyHash: null,
    evaluation: null,
    needsSecondApprover: false,
    reviewerId: null,
    recommendation: null,
    firstApproval: null,
    decision: null,
    informationRequest: null,
    grantedQuantity: null,
    licenceId: null,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  await insertApplication(trx, application);
  await recordAuditEvent(trx, actor, now, { eventType: 'application.created', subjectType: 'application', subjectId: application.id, before: null, after: application });
  return application;
}

export async function updateApplication(context: AppContext, actor: Actor, id: string, expectedVersion: number, patch: ApplicationPatch): Promise<Application> {
  authorise(actor, 'application.create');
  const organisationId = actor.organisationId ?? '';
  await checkReferences(context, actor, organisationId, patch);
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await loadForStep(trx, actor, id, expectedVersion, 'edit');
    const changed = { ...current, ...definedOnly(patch) };
    checkDeliveryWindow(changed.deliveryFrom, changed.deliveryUntil);
    return saveStep(trx, actor, now, current, changed, 'application.updated');
  });
}

/** The item must be in the catalogue and the facility the applicant's own. */
async function checkReferences(context: AppContext, actor: Actor, organisationId: string, input: Partial<ApplicationDraftInput>): Promise<void> {
  if (input.itemId !== undefined) {
    await getItem(context, actor, input.itemId).catch(() => {
      throw new DomainError('unknown_reference', `no controlled item ${input.itemId}`, { field: 'itemId' });
    });
  }
  if (input.facilityId !== undefined) {
    // Another organisation's facility is reported as missing (404), as everywhere else.
    const facility = await getFacility(context, actor, input.facilityId);
    if (facility.organisationId !== organisationId) {
      throw new DomainError('unknown_reference', `no facility ${input.facilityId} of your organisation`, { field: 'facilityId' });
    }
  }
}

function checkDeliveryWindow(from: string, until: string): void {
  for (const [field, value] of [['deliveryFrom', from], ['deliveryUntil', until]] as const) {
    if (!isCalendarDate(value)) throw new DomainError('validation_failed', `${value} is not a calendar date`, { field });
  }
  if (until < from) throw new DomainError('invalid_value', `the delivery window ends (${until}) before it starts (${from})`, { field: 'deliveryUntil' });
}
