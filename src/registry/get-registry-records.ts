/**
 * Use cases that read the registry. The catalogue and the organisations are visible to every
 * signed-in party; facilities and fleet declarations only to their organisation and the regulator.
 * A record of another organisation is reported as not found, so that its existence does not leak.
 */
import type { Actor } from '../platform/actor.js';
import { isOrganisationScoped } from '../platform/actor.js';
import { authorise, mayActFor } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../platform/http/paging.js';
import type { Facility } from './facility.js';
import type { FleetDeclaration } from './fleet-declaration.js';
import type { ControlledItem, ItemOrigin } from './item.js';
import type { Organisation, OrganisationCategory } from './organisation.js';
import * as store from './registry.store.js';
import { definedOnly } from '../platform/versioning.js';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export async function getItem(context: AppContext, actor: Actor, id: string): Promise<ControlledItem> {
  authorise(actor, 'item.read');
  const item = await store.findItem(context.database.db, id);
  if (item === undefined) throw new DomainError('item_not_found', `no controlled item ${id}`, { field: 'id' });
  return item;
}

export async function listItems(context: AppContext, actor: Actor, request: PageRequest & { origin?: ItemOrigin | undefined }): Promise<Page<ControlledItem>> {
  authorise(actor, 'item.read');
  const rows = await store.listItems(context.database.db, { ...cursorFilter(request), ...(request.origin === undefined ? {} : { origin: request.origin }) });
  return toPage(rows, request.limit);
}

export async function getOrganisation(context: AppContext, actor: Actor, id: string): Promise<Organisation> {
  authorise(actor, 'organisation.read');
  const organisation = await store.findOrganisation(context.database.db, id);
  if (organisation === undefined) throw new DomainError('organisation_not_found', `no organisation ${id}`, { field: 'id' });
  return organisation;
}

export async function listOrganisations(
  context: AppContext,
  actor: Actor,
  request: PageRequest & { category?: OrganisationCategory | undefined; parentId?: string | undefined },
): Promise<Page<Organisation>> {
  authorise(actor, 'organisation.read');
  const filter = { ...cursorFilter(request), ...definedOnly({ category: request.category, parentId: request.parentId }) };
  return toPage(await store.listOrganisations(context.database.db, filter), request.limit);
}

export async function getFacility(context: AppContext, actor: Actor, id: string): Promise<Facility> {
  authorise(actor, 'facility.read');
  const facility = await store.findFacility(context.database.db, id);
  if (facility === undefined || !mayActFor(actor, facility.organisationId)) throw new DomainError('facility_not_found', `no facility ${id}`, { field: 'id' });
  return facility;
}

export async function listFacilities(context: AppContext, actor: Actor, request: PageRequest & { organisationId?: string | undefined }): Promise<Page<Facility>> {
  authorise(actor, 'facility.read');
  const organisationId = scopedOrganisation(actor, request.organisationId);
  const rows = await store.listFacilities(context.database.db, { ...cursorFilter(request), ...definedOnly({ organisationId }) });
  return toPage(rows, request.limit);
}

export async function getFleetDeclaration(context: AppContext, actor: Actor, id: string): Promise<FleetDeclaration> {
  authorise(actor, 'fleet.read');
  const declaration = await store.findFleetDeclaration(context.database.db, id);
  if (declaration === undefined || !mayActFor(actor, declaration.organisationId)) {
    throw new DomainError('fleet_declaration_not_found', `no fleet declaration ${id}`, { field: 'id' });
  }
  return declaration;
}

export async function listFleetDeclarations(
  context: AppContext,
  actor: Actor,
  request: PageRequest & { organisationId?: string | undefined },
): Promise<Page<FleetDeclaration>> {
  authorise(actor, 'fleet.read');
  const organisationId = scopedOrganisation(actor, request.organisationId);
  const rows = await store.listFleetDeclarations(context.database.db, { ...cursorFilter(request), ...definedOnly({ organisationId }) });
  return toPage(rows, request.limit);
}

/** The declaration in force for an organisation (the latest as-of date), used by evaluation. */
export async function getLatestFleetDeclaration(context: AppContext, actor: Actor, organisationId: string): Promise<FleetDeclaration | undefined> {
  authorise(actor, 'fleet.read', organisationId);
  return store.findLatestFleetDeclaration(context.database.db, organisationId);
}

function cursorFilter(request: PageRequest): { limit: number; afterId?: string } {
  const afterId = decodeCursor(request.cursor);
  // One row more than asked tells whether another page follows.
  return afterId === undefined ? { limit: request.limit + 1 } : { limit: request.limit + 1, afterId };
}

/** An organisation-scoped actor lists only its own organisation's records, whatever it asks for. */
function scopedOrganisation(actor: Actor, requested: string | undefined): string | undefined {
  if (!isOrganisationScoped(actor)) return requested;
  if (requested !== undefined && requested !== actor.organisationId) {
    throw new DomainError('forbidden', 'you may list only your own organisation’s records', { field: 'organisationId' });
  }
  return actor.organisationId ?? '(none)';
}

