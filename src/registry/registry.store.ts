/**
 * Queries of the registry. Rows are mapped to domain types here, once. Updates are guarded by the
 * version the caller read, so that a concurrent change makes the update touch no row instead of
 * overwriting it (optimistic concurrency); the use case turns that into `version_conflict`.
 */
import type { Kysely } from 'kysely';
import type { Database, FacilityTable, FleetDeclarationTable, ItemTable, OrganisationTable } from '../platform/database-tables.js';
import type { Facility } from './facility.js';
import type { FleetDeclaration, FleetHolding } from './fleet-declaration.js';
import type { ControlledItem, ItemOrigin } from './item.js';
import type { Organisation, OrganisationCategory, OrganisationStatus } from './organisation.js';

type Db = Kysely<Database>;

export interface ListFilter {
  afterId?: string;
  limit: number;
}

// Items

export async function findItem(db: Db, id: string): Promise<ControlledItem | undefined> {
  const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  return row && itemFromRow(row);
}

export async function findItemIdByName(db: Db, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('items').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export async function listItems(db: Db, filter: ListFilter & { origin?: ItemOrigin }): Promise<ControlledItem[]> {
  let query = db.selectFrom('items').selectAll();
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  if (filter.origin !== undefined) query = query.where('origin', '=', filter.origin);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map(itemFromRow);
}

export async function insertItem(db: Db, item: ControlledItem): Promise<void> {
  await db.insertInto('items').values(itemToRow(item)).execute();
}

export async function updateItemRow(db: Db, item: ControlledItem, expectedVersion: number): Promise<boolean> {
  const result = await db.updateTable('items').set(itemToRow(item)).where('id', '=', item.id).where('version', '=', expectedVersion).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

function itemToRow(item: ControlledItem): ItemTable {
  return {
    id: item.id,
    name: item.name,
    vendor: item.vendor,
    classification_code: item.classificationCode,
    family: item.family,
    origin: item.origin,
    tpp: item.tpp,
    memory_gb: item.memoryGb,
    memory_bandwidth_gb_per_second: item.memoryBandwidthGbPerSecond,
    units_per_package: item.unitsPerPackage,
    version: item.version,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
  };
}

function itemFromRow(row: ItemTable): ControlledItem {
  return {
    id: row.id,
    name: row.name,
    vendor: row.vendor,
    classificationCode: row.classification_code,
    family: row.family,
    origin: row.origin as ItemOrigin,
    tpp: Number(row.tpp),
    memoryGb: Number(row.memory_gb),
    memoryBandwidthGbPerSecond: Number(row.memory_bandwidth_gb_per_second),
    unitsPerPackage: Number(row.units_per_package),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Organisations

export async function findOrganisation(db: Db, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && organisationFromRow(row);
}

export async function findOrganisationIdByLegalName(db: Db, legalName: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('id').where('legal_name', '=', legalName).executeTakeFirst();
  return row?.id;
}

/** Parent ids of every organisation, for checking group cycles (a few thousand rows at most). */
export async function readParentLinks(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('organisations').select(['id', 'parent_id']).execute();
  return new Map(rows.map((row) => [row.id, row.parent_id]));
}

export async function listOrganisations(
  db: Db,
  filter: ListFilter & { category?: OrganisationCategory; parentId?: string; onlyId?: string | null },
): Promise<Organisation[]> {
  let query = db.selectFrom('organisations').selectAll();
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map(organisationFromRow);
}

export async function insertOrganisation(db: Db, organisation: Organisation): Promise<void> {
  await db.insertInto('organisations').values(organisationToRow(organisation)).execute();
}

export async function updateOrganisationRow(db: Db, organisation: Organisation, expectedVersion: number): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set(organisationToRow(organisation))
    .where('id', '=', organisation.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

function organisationToRow(organisation: Organisation): OrganisationTable {
  return {
    id: organisation.id,
    legal_name: organisation.legalName,
    chinese_name: organisation.chineseName,
    pinyin_name: organisation.pinyinName,
    aliases_json: JSON.stringify(organisation.aliases),
    category: organisation.category,
    parent_id: organisation.parentId,
    status: organisation.status,
    version: organisation.version,
    created_at: organisation.createdAt,
    updated_at: organisation.updatedAt,
  };
}

function organisationFromRow(row: OrganisationTable): Organisation {
  return {
    id: row.id,
    legalName: row.legal_name,
    chineseName: row.chinese_name,
    pinyinName: row.pinyin_name,
    aliases: JSON.parse(row.aliases_json) as string[],
    category: row.category as OrganisationCategory,
    parentId: row.parent_id,
    status: row.status as OrganisationStatus,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Facilities

export async function findFacility(db: Db, id: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
  return row && facilityFromRow(row);
}

export async function findFacilityIdByName(db: Db, organisationId: string, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('facilities').select('id').where('organisation_id', '=', organisationId).where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export async function listFacilities(db: Db, filter: ListFilter & { organisationId?: string }): Promise<Facility[]> {
  let query = db.selectFrom('facilities').selectAll();
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  if (filter.organisationId !== undefined) query = query.where('organisation_id', '=', filter.organisationId);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map(facilityFromRow);
}

export async function insertFacility(db: Db, facility: Facility): Promise<void> {
  await db.insertInto('facilities').values(facilityToRow(facility)).execute();
}

export async function updateFacilityRow(db: Db, facility: Facility, expectedVersion: number): Promise<boolean> {
  const result = await db.updateTable('facilities').set(facilityToRow(facility)).where('id', '=', facility.id).where('version', '=', expectedVersion).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

function facilityToRow(facility: Facility): FacilityTable {
  return {
    id: facility.id,
    organisation_id: facility.organisationId,
    name: facility.name,
    region: facility.region,
    latitude: facility.latitude,
    longitude: facility.longitude,
    version: facility.version,
    created_at: facility.createdAt,
    updated_at: facility.updatedAt,
  };
}

function facilityFromRow(row: FacilityTable): Facility {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    region: row.region,
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Fleet declarations (a header row and one holding row per item)

export async function findFleetDeclaration(db: Db, id: string): Promise<FleetDeclaration | undefined> {
  const row = await db.selectFrom('fleet_declarations').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const holdings = await readHoldings(db, [row.id]);
  return fleetDeclarationFromRow(row, holdings.get(row.id) ?? []);
}

export async function findFleetDeclarationId(db: Db, organisationId: string, asOf: string): Promise<string | undefined> {
  const row = await db.selectFrom('fleet_declarations').select('id').where('organisation_id', '=', organisationId).where('as_of', '=', asOf).executeTakeFirst();
  return row?.id;
}

export async function listFleetDeclarations(db: Db, filter: ListFilter & { organisationId?: string }): Promise<FleetDeclaration[]> {
  let query = db.selectFrom('fleet_declarations').selectAll();
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  if (filter.organisationId !== undefined) query = query.where('organisation_id', '=', filter.organisationId);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  const holdings = await readHoldings(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => fleetDeclarationFromRow(row, holdings.get(row.id) ?? []));
}

/** The declaration in force for an organisation: the one with the latest as-of date. */
export async function findLatestFleetDeclaration(db: Db, organisationId: string): Promise<FleetDeclaration | undefined> {
  const row = await db.selectFrom('fleet_declarations').select('id').where('organisation_id', '=', organisationId).orderBy('as_of', 'desc').limit(1).executeTakeFirst();
  return row && findFleetDeclaration(db, row.id);
}

export async function insertFleetDeclaration(db: Db, declaration: FleetDeclaration): Promise<void> {
  await db.insertInto('fleet_declarations').values(fleetDeclarationToRow(declaration)).execute();
  await insertHoldings(db, declaration);
}

export async function updateFleetDeclarationRow(db: Db, declaration: FleetDeclaration, expectedVersion: number): Promise<boolean> {
  const result = await db
    .updateTable('fleet_declarations')
    .set(fleetDeclarationToRow(declaration))
    .where('id', '=', declaration.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await db.deleteFrom('fleet_holdings').where('fleet_declaration_id', '=', declaration.id).execute();
  await insertHoldings(db, declaration);
  return true;
}

async function insertHoldings(db: Db, declaration: FleetDeclaration): Promise<void> {
  if (declaration.holdings.length === 0) return;
  await db
    .insertInto('fleet_holdings')
    .values(declaration.holdings.map((holding) => ({ fleet_declaration_id: declaration.id, item_id: holding.itemId, installed_units: holding.installedUnits })))
    .execute();
}

async function readHoldings(db: Db, declarationIds: string[]): Promise<Map<string, FleetHolding[]>> {
  const byDeclaration = new Map<string, FleetHolding[]>();
  if (declarationIds.length === 0) return byDeclaration;
  const rows = await db.selectFrom('fleet_holdings').selectAll().where('fleet_declaration_id', 'in', declarationIds).orderBy('item_id').execute();
  for (const row of rows) {
    const list = byDeclaration.get(row.fleet_declaration_id) ?? [];
    list.push({ itemId: row.item_id, installedUnits: Number(row.installed_units) });
    byDeclaration.set(row.fleet_declaration_id, list);
  }
  return byDeclaration;
}

function fleetDeclarationToRow(declaration: FleetDeclaration): FleetDeclarationTable {
  return {
    id: declaration.id,
    organisation_id: declaration.organisationId,
    as_of: declaration.asOf,
    domestic_units_committed: declaration.domesticUnitsCommitted,
    period_start: declaration.periodStart,
    period_end: declaration.periodEnd,
    version: declaration.version,
    created_at: declaration.createdAt,
    updated_at: declaration.updatedAt,
  };
}

function fleetDeclarationFromRow(row: FleetDeclarationTable, holdings: FleetHolding[]): FleetDeclaration {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    asOf: row.as_of,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    domesticUnitsCommitted: Number(row.domestic_units_committed),
    holdings,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
