/**
 * Use cases that read applications: the review queue (filtered by item, category, organisation,
 * state and age), one application, its timeline from the audit log, and evaluations on demand.
 * Applicants see only their organisation's applications.
 */
import { readSubjectTimeline, type AuditEntry } from '../audit/index.js';
import type { Evaluation } from '../policy/index.js';
import type { Actor } from '../platform/actor.js';
import { isOrganisationScoped } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../platform/http/paging.js';
import type { Application, ApplicationState } from './application.js';
import { loadApplication } from './application.workflow.js';
import { listApplications, type QueueFilter } from './applications.store.js';
import { evaluateRequest } from './evaluate-application.js';

export interface QueueRequest {
  state?: ApplicationState | undefined;
  itemId?: string | undefined;
  organisationId?: string | undefined;
  category?: string | undefined;
  submittedBefore?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function getApplication(context: AppContext, actor: Actor, id: string): Promise<Application> {
  authorise(actor, 'application.read');
  return loadApplication(context.database.db, actor, id);
}

export async function listApplicationQueue(context: AppContext, actor: Actor, request: QueueRequest): Promise<Page<Application>> {
  authorise(actor, 'application.read');
  let organisationId = request.organisationId;
  if (isOrganisationScoped(actor)) {
    if (organisationId !== undefined && organisationId !== actor.organisationId) {
      throw new DomainError('forbidden', 'you may list only your own organisation’s applications', { field: 'organisationId' });
    }
    organisationId = actor.organisationId ?? '(none)';
  }
  const afterId = decodeCursor(request.cursor);
  const filter: QueueFilter = { limit: request.limit + 1 };
  if (request.state !== undefined) filter.states = [request.state];
  if (request.itemId !== undefined) filter.itemId = request.itemId;
  if (organisationId !== undefined) filter.organisationId = organisationId;
  if (request.category !== undefined) filter.category = request.category;
  if (request.submittedBefore !== undefined) filter.submittedBefore = request.submittedBefore;
  if (afterId !== undefined) filter.afterId = afterId;
  return toPage(await listApplications(context.database.db, filter), request.limit);
}

/** Every recorded step of the application and of the licence it led to, oldest first. */
export async function getApplicationTimeline(context: AppContext, actor: Actor, id: string): Promise<AuditEntry[]> {
  const application = await getApplication(context, actor, id);
  const subjects = [{ subjectType: 'application', subjectId: id }];
  if (application.licenceId !== null) subjects.push({ subjectType: 'licence', subjectId: application.licenceId });
  return readSubjectTimeline(context, subjects, 500);
}

/** The stored application evaluated again, now, against the policy in force. */
export async function evaluateStoredApplication(context: AppContext, actor: Actor, id: string): Promise<Evaluation> {
  const application = await getApplication(context, actor, id);
  const { evaluation } = await evaluateRequest(context, actor, { ...application, applicationId: application.id });
  return evaluation;
}

/** A what-if evaluation of a draft, as the applicant types the quantity. */
export async function evaluateDraft(
  context: AppContext,
  actor: Actor,
  draft: { organisationId?: string | undefined; itemId: string; facilityId?: string | null | undefined; quantity: number; endUse: string; domesticJustification?: string | null | undefined },
): Promise<Evaluation> {
  authorise(actor, 'application.read');
  const organisationId = draft.organisationId ?? actor.organisationId;
  if (organisationId === null) throw new DomainError('validation_failed', 'name the organisation to evaluate for', { field: 'organisationId' });
  const { evaluation } = await evaluateRequest(context, actor, {
    applicationId: null,
    organisationId,
    itemId: draft.itemId,
    facilityId: draft.facilityId ?? null,
    quantity: draft.quantity,
    endUse: draft.endUse,
    domesticJustification: draft.domesticJustification ?? null,
  });
  return evaluation;
}
