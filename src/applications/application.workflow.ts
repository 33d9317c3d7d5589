/**
 * What every workflow step shares: load the application inside the transaction, hide another
 * organisation's application, check the version the caller read and the state the step needs,
 * then write the next version with its audit entry.
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent, type AuditEventType } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { mayActFor } from '../platform/authorisation.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, ensureVersion } from '../platform/versioning.js';
import { allowedActions, isActionAllowed, type Application, type ApplicationAction } from './application.js';
import { findApplication, updateApplicationRow } from './applications.store.js';

export async function loadApplication(db: Kysely<Database>, actor: Actor, id: string): Promise<Application> {
  const application = await findApplication(db, id);
  // Another organisation's application is reported as missing, so that its existence does not leak.
  if (application === undefined || !mayActFor(actor, application.organisationId)) {
    throw new DomainError('application_not_found', `no application ${id}`, { field: 'id' });
  }
  return application;
}

export function ensureActionAllowed(application: Application, action: ApplicationAction): void {
  if (!isActionAllowed(action, application.state)) {
    const possible = allowedActions(application.state);
    throw new DomainError('illegal_transition', `an application that is ${application.state} cannot be ${describe(action)}${possible.length === 0 ? '; it is final' : `; it can be: ${possible.join(', ')}`}`, {
      field: 'state',
      extensions: { state: application.state, action },
    });
  }
}

export async function loadForStep(trx: Kysely<Database>, actor: Actor, id: string, expectedVersion: number, action: ApplicationAction): Promise<Application> {
  const application = await loadApplication(trx, actor, id);
  ensureVersion(application, expectedVersion, 'application');
  ensureActionAllowed(application, action);
  return application;
}

export async function saveStep(trx: Kysely<Database>, actor: Actor, now: Date, before: Application, after: Application, eventType: AuditEventType): Promise<Application> {
  const next: Application = { ...after, version: before.version + 1, updatedAt: now.toISOString() };
  if (!(await updateApplicationRow(trx, next, before.version))) throw concurrentChange('application');
  await recordAuditEvent(trx, actor, now, { eventType, subjectType: 'application', subjectId: next.id, before, after: next });
  return next;
}

function describe(action: ApplicationAction): string {
  switch (action) {
    case 'edit':
      return 'edited';
    case 'submit':
      return 'submitted';
    case 'take':
      return 'taken for review';
    case 'request-information':
      return 'returned with a request for information';
    case 'recommend':
      return 'recommended';
    case 'decide':
      return 'decided';
    case 'withdraw':
      return 'withdrawn';
  }
}
