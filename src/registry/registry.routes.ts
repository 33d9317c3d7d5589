/** HTTP routes of the registry: items, organisations, facilities and fleet declarations. */
import { Type } from 'typebox';
import type { AppContext } from '../platform/context.js';
import { PageQuery } from '../platform/http/paging.js';
import { registerResourceRoutes } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { createFacility } from './create-facility.js';
import { createItem } from './create-item.js';
import { createOrganisation } from './create-organisation.js';
import { declareFleet } from './declare-fleet.js';
import * as read from './get-registry-records.js';
import { ITEM_ORIGINS } from './item.js';
import { ORGANISATION_CATEGORIES } from './organisation.js';
import * as schema from './registry.schema.js';
import { updateFacility } from './update-facility.js';
import { updateFleetDeclaration } from './update-fleet-declaration.js';
import { updateItem } from './update-item.js';
import { updateOrganisation } from './update-organisation.js';

const query = <T extends Parameters<typeof Type.Object>[0]>(filters: T) =>
  Type.Object({ ...PageQuery.properties, ...filters }, { additionalProperties: false });

export function registerRegistryRoutes(app: GatehouseServer, context: AppContext): void {
  registerResourceRoutes(app, {
    path: '/api/v1/items',
    tag: 'registry',
    noun: 'controlled item',
    record: schema.Item,
    createBody: schema.ItemInput,
    patchBody: schema.ItemPatch,
    listQuery: query({ origin: Type.Optional(Type.Enum(ITEM_ORIGINS)) }),
    list: (actor, q) => read.listItems(context, actor, { limit: q.limit ?? 50, cursor: q.cursor, origin: q.origin }),
    create: (actor, body) => createItem(context, actor, body),
    get: (actor, id) => read.getItem(context, actor, id),
    update: (actor, id, version, patch) => updateItem(context, actor, id, version, patch),
  });
  registerResourceRoutes(app, {
    path: '/api/v1/organisations',
    tag: 'registry',
    noun: 'organisation',
    record: schema.Organisation,
    createBody: schema.OrganisationInput,
    patchBody: schema.OrganisationPatch,
    listQuery: query({
      category: Type.Optional(Type.Enum(ORGANISATION_CATEGORIES)),
      parentId: Type.Optional(schema.RecordId),
    }),
    list: (actor, q) => read.listOrganisations(context, actor, { limit: q.limit ?? 50, cursor: q.cursor, category: q.category, parentId: q.parentId }),
    create: (actor, body) => createOrganisation(context, actor, body),
    get: (actor, id) => read.getOrganisation(context, actor, id),
    update: (actor, id, version, patch) => updateOrganisation(context, actor, id, version, patch),
  });
  registerResourceRoutes(app, {
    path: '/api/v1/facilities',
    tag: 'registry',
    noun: 'facility',
    record: schema.Facility,
    createBody: schema.FacilityInput,
    patchBody: schema.FacilityPatch,
    listQuery: query({ organisationId: Type.Optional(schema.RecordId) }),
    list: (actor, q) => read.listFacilities(context, actor, { limit: q.limit ?? 50, cursor: q.cursor, organisationId: q.organisationId }),
    create: (actor, body) => createFacility(context, actor, body),
    get: (actor, id) => read.getFacility(context, actor, id),
    update: (actor, id, version, patch) => updateFacility(context, actor, id, version, patch),
  });
  registerResourceRoutes(app, {
    path: '/api/v1/fleet-declarations',
    tag: 'registry',
    noun: 'fleet declaration',
    record: schema.FleetDeclaration,
    createBody: schema.FleetDeclarationInput,
    patchBody: schema.FleetDeclarationPatch,
    listQuery: query({ organisationId: Type.Optional(schema.RecordId) }),
    list: (actor, q) => read.listFleetDeclarations(context, actor, { limit: q.limit ?? 50, cursor: q.cursor, organisationId: q.organisationId }),
    create: (actor, body) => declareFleet(context, actor, body),
    get: (actor, id) => read.getFleetDeclaration(context, actor, id),
    update: (actor, id, version, patch) => updateFleetDeclaration(context, actor, id, version, patch),
  });
}
