/** The registry module's public face. */
export type { ControlledItem, ItemOrigin } from './item.js';
export { ITEM_ORIGINS } from './item.js';
export type { Organisation, OrganisationCategory, OrganisationStatus } from './organisation.js';
export { ORGANISATION_CATEGORIES, pinyinOf } from './organisation.js';
export type { Facility } from './facility.js';
export type { FleetDeclaration, FleetHolding } from './fleet-declaration.js';
export { createItem, addItem } from './create-item.js';
export { updateItem } from './update-item.js';
export { createOrganisation, addOrganisation } from './create-organisation.js';
export { updateOrganisation } from './update-organisation.js';
export { createFacility, addFacility } from './create-facility.js';
export { updateFacility } from './update-facility.js';
export { declareFleet, addFleetDeclaration } from './declare-fleet.js';
export { updateFleetDeclaration } from './update-fleet-declaration.js';
export * from './get-registry-records.js';
export { registerRegistryRoutes } from './registry.routes.js';
export { importRegistry, type ImportReport } from './import-registry.js';
export { IMPORT_KINDS, type ImportKind } from './registry-import-file.js';
