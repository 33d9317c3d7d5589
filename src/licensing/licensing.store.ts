/**
 * Queries of the licensing module. Rows are mapped to domain types here, once. Updates are guarded
 * by the version the caller read, so that a concurrent change makes the update touch no row
 * instead of overwriting it; the use case turns that into `version_conflict`.
 *
 * Besides its own tables this store reads (never writes) a few columns of the registry's items,
 * organisations and facilities. Why: issuance must read them inside the caller's transaction
 * (SQLite has one connection, so a read outside it would wait for the transaction forever), and
 * the registry's read use cases take a context, not a transaction; lists and the public check
 * join them to show names instead of making one lookup per licence.
 */
import type { Kysely } from 'kysely';
import type { Database, LicenceTable } from '../platform/database-tables.js';
import type { Licence, LicenceState } from './licence.js';

type Db = Kysely<Database>;

/** Rows per `in (…)` list: well below SQLite's and PostgreSQL's limits on bound parameters. */
const IN_LIST_CHUNK = 1_000;

export interface LicenceListFilter {
  afterId?: string;
  limit: number;
  state?: LicenceState;
  itemId?: string;
  organisationId?: string;
  /** Only licences this vendor may sell against: naming it, or naming no vendor at all. */
  permittingVendorId?: string;
}

// Serials

/**
 * The next serial of a year, never handed out twice. The counter row is advanced with
 * UPDATE … RETURNING, which takes its row lock on PostgreSQL (a second issuer waits until the
 * first commits, then reads the advanced value) and the write lock on SQLite, as the audit chain
 * head is locked. The first licence of a year inserts the row; if two issuers race to insert it,
 * ON CONFLICT DO NOTHING lets one win and the other falls back to the UPDATE.
 */
export async function takeNextSerial(trx: Db, year: number): Promise<number> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const advanced = await trx
      .updateTable('licence_serials')
      .set((eb) => ({ last_serial: eb('last_serial', '+', 1) }))
      .where('year', '=', year)
      .returning('last_serial')
      .executeTakeFirst();
    if (advanced !== undefined) return Number(advanced.last_serial);
    const inserted = await trx
      .insertInto('licence_serials')
      .values({ year, last_serial: 1 })
      .onConflict((conflict) => conflict.column('year').doNothing())
      .returning('last_serial')
      .executeTakeFirst();
    if (inserted !== undefined) return 1;
  }
  throw new Error(`could not take a licence serial for ${year}: the counter row neither updates nor inserts`);
}

// Licences

export async function insertLicence(trx: Db, licence: Licence, year: number, serial: number): Promise<void> {
  await trx.insertInto('licences').values(licenceToRow(licence, year, serial)).execute();
  await insertPermittedVendors(trx, licence.id, licence.permittedVendorIds);
}

export async function findLicence(db: Db, id: string): Promise<Licence | undefined> {
  const row = await db.selectFrom('licences').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const vendors = await readPermittedVendors(db, [row.id]);
  return licenceFromRow(row, vendors.get(row.id) ?? []);
}

/** The number of the licence issued for an application, if one was. */
export async function findLicenceNumberForApplication(db: Db, applicationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('licences').select('number').where('application_id', '=', applicationId).executeTakeFirst();
  return row?.number;
}

export async function listLicences(db: Db, filter: LicenceListFilter): Promise<Licence[]> {
  let query = db.selectFrom('licences').selectAll();
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.itemId !== undefined) query = query.where('item_id', '=', filter.itemId);
  if (filter.organisationId !== undefined) query = query.where('organisation_id', '=', filter.organisationId);
  const vendorId = filter.permittingVendorId;
  if (vendorId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom('licence_permitted_vendors as v').select('v.licence_id').whereRef('v.licence_id', '=', 'licences.id'))),
        eb.exists(eb.selectFrom('licence_permitted_vendors as v').select('v.licence_id').whereRef('v.licence_id', '=', 'licences.id').where('v.vendor_organisation_id', '=', vendorId)),
      ]),
    );
  }
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  const vendors = await readPermittedVendors(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => licenceFromRow(row, vendors.get(row.id) ?? []));
}

/** Active and suspended licences whose validity ended at or before `nowIso`, oldest end first. */
export async function listLicencesDueForExpiry(db: Db, nowIso: string, limit: number): Promise<Licence[]> {
  const rows = await db.selectFrom('licences').selectAll().where('state', 'in', ['active', 'suspended']).where('valid_until', '<=', nowIso).orderBy('valid_until').orderBy('id').limit(limit).execute();
  const vendors = await readPermittedVendors(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => licenceFromRow(row, vendors.get(row.id) ?? []));
}

/** Writes the licence if it is still at `expectedVersion`; false when someone changed it first. */
export async function updateLicenceRow(trx: Db, licence: Licence, expectedVersion: number, before: Licence): Promise<boolean> {
  const { year: _year, serial: _serial, ...row } = licenceToRow(licence, 0, 0);
  const result = await trx.updateTable('licences').set(row).where('id', '=', licence.id).where('version', '=', expectedVersion).executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  const added = licence.permittedVendorIds.filter((vendorId) => !before.permittedVendorIds.includes(vendorId));
  await insertPermittedVendors(trx, licence.id, added);
  return true;
}

export interface GrantRow {
  organisationId: string;
  itemId: string;
  units: number;
  grantedAt: string;
}

/** Licences issued in [fromIso, untilIso), optionally to some organisations or one category. */
export async function listGrants(db: Db, query: { fromIso: string; untilIso: string; organisationIds?: readonly string[]; category?: string }): Promise<GrantRow[]> {
  const chunks: (readonly string[] | undefined)[] = [];
  if (query.organisationIds === undefined) chunks.push(undefined);
  else for (let start = 0; start < query.organisationIds.length; start += IN_LIST_CHUNK) chunks.push(query.organisationIds.slice(start, start + IN_LIST_CHUNK));
  const grants: GrantRow[] = [];
  for (const organisationIds of chunks) {
    let select = db
      .selectFrom('licences')
      .select(['licences.id', 'licences.organisation_id', 'licences.item_id', 'licences.quantity', 'licences.created_at'])
      .where('licences.created_at', '>=', query.fromIso)
      .where('licences.created_at', '<', query.untilIso);
    if (organisationIds !== undefined) select = select.where('licences.organisation_id', 'in', organisationIds);
    if (query.category !== undefined) {
      const category = query.category;
      select = select.where((eb) => eb.exists(eb.selectFrom('organisations').select('organisations.id').whereRef('organisations.id', '=', 'licences.organisation_id').where('organisations.category', '=', category)));
    }
    const rows = await select.orderBy('licences.created_at').orderBy('licences.id').execute();
    for (const row of rows) grants.push({ organisationId: row.organisation_id, itemId: row.item_id, units: Number(row.quantity), grantedAt: row.created_at });
  }
  if (chunks.length > 1) grants.sort((a, b) => (a.grantedAt < b.grantedAt ? -1 : a.grantedAt > b.grantedAt ? 1 : 0));
  return grants;
}

// What issuance reads from the registry (see the note at the top of this file)

export interface ItemFacts {
  id: string;
  name: string;
  family: string;
  /** Total processing performance of one unit: the ledger moves units × TPP beside the units. */
  tpp: number;
}

export interface OrganisationFacts {
  id: string;
  legalName: string;
  category: string;
  parentId: string | null;
  status: string;
}

export interface FacilityFacts {
  id: string;
  organisationId: string;
  region: string;
}

export async function findItemFacts(db: Db, id: string): Promise<ItemFacts | undefined> {
  const row = await db.selectFrom('items').select(['id', 'name', 'family', 'tpp']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, name: row.name, family: row.family, tpp: Number(row.tpp) };
}

export async function findOrganisationFacts(db: Db, ids: readonly string[]): Promise<Map<string, OrganisationFacts>> {
  const found = new Map<string, OrganisationFacts>();
  for (let start = 0; start < ids.length; start += IN_LIST_CHUNK) {
    const rows = await db
      .selectFrom('organisations')
      .select(['id', 'legal_name', 'category', 'parent_id', 'status'])
      .where('id', 'in', ids.slice(start, start + IN_LIST_CHUNK))
      .execute();
    for (const row of rows) found.set(row.id, { id: row.id, legalName: row.legal_name, category: row.category, parentId: row.parent_id, status: row.status });
  }
  return found;
}

/** The organisations above one in its group, nearest first; bounded, as group walks are everywhere. */
export async function findGroupAncestorIds(db: Db, organisationId: string): Promise<string[]> {
  const ancestors: string[] = [];
  let current: string | null = organisationId;
  for (let depth = 0; depth < 100 && current !== null; depth += 1) {
    const row: { parent_id: string | null } | undefined = await db.selectFrom('organisations').select('parent_id').where('id', '=', current).executeTakeFirst();
    current = row?.parent_id ?? null;
    if (current !== null) {
      if (ancestors.includes(current) || current === organisationId) break;
      ancestors.push(current);
    }
  }
  return ancestors;
}

export async function findFacilityFacts(db: Db, id: string): Promise<FacilityFacts | undefined> {
  const row = await db.selectFrom('facilities').select(['id', 'organisation_id', 'region']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, organisationId: row.organisation_id, region: row.region };
}

// Mapping

async function insertPermittedVendors(trx: Db, licenceId: string, vendorIds: readonly string[]): Promise<void> {
  if (vendorIds.length === 0) return;
  await trx
    .insertInto('licence_permitted_vendors')
    .values(vendorIds.map((vendorId) => ({ licence_id: licenceId, vendor_organisation_id: vendorId })))
    .execute();
}

async function readPermittedVendors(db: Db, licenceIds: readonly string[]): Promise<Map<string, string[]>> {
  const byLicence = new Map<string, string[]>();
  for (let start = 0; start < licenceIds.length; start += IN_LIST_CHUNK) {
    const rows = await db
      .selectFrom('licence_permitted_vendors')
      .select(['licence_id', 'vendor_organisation_id'])
      .where('licence_id', 'in', licenceIds.slice(start, start + IN_LIST_CHUNK))
      .orderBy('licence_id')
      .orderBy('vendor_organisation_id')
      .execute();
    for (const row of rows) {
      const list = byLicence.get(row.licence_id) ?? [];
      list.push(row.vendor_organisation_id);
      byLicence.set(row.licence_id, list);
    }
  }
  return byLicence;
}

function licenceToRow(licence: Licence, year: number, serial: number): LicenceTable {
  return {
    id: licence.id,
    number: licence.number,
    year,
    serial,
    application_id: licence.applicationId,
    organisation_id: licence.organisationId,
    item_id: licence.itemId,
    facility_id: licence.facilityId,
    quantity: licence.quantity,
    valid_from: licence.validFrom,
    valid_until: licence.validUntil,
    conditions_json: JSON.stringify(licence.conditions),
    state: licence.state,
    state_reason: licence.stateReason,
    policy_hash: licence.policyHash,
    purchase_order_window_days: licence.purchaseOrderWindowDays,
    attestation_interval_days: licence.attestationIntervalDays,
    version: licence.version,
    created_at: licence.createdAt,
    updated_at: licence.updatedAt,
  };
}

function licenceFromRow(row: LicenceTable, permittedVendorIds: string[]): Licence {
  return {
    id: row.id,
    number: row.number,
    applicationId: row.application_id,
    organisationId: row.organisation_id,
    itemId: row.item_id,
    facilityId: row.facility_id,
    quantity: Number(row.quantity),
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    conditions: JSON.parse(row.conditions_json) as string[],
    permittedVendorIds,
    state: row.state as LicenceState,
    stateReason: row.state_reason,
    policyHash: row.policy_hash,
    purchaseOrderWindowDays: Number(row.purchase_order_window_days),
    attestationIntervalDays: Number(row.attestation_interval_days),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** For tests and diagnostics: the serial counter of a year, or 0 before its first licence. */
export async function readLastSerial(db: Db, year: number): Promise<number> {
  const row = await db.selectFrom('licence_serials').select('last_serial').where('year', '=', year).executeTakeFirst();
  return row === undefined ? 0 : Number(row.last_serial);
}
