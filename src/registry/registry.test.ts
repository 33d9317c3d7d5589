import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/index.js';
import { applicantOf, countRows, openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import { createFacility } from './create-facility.js';
import { createItem } from './create-item.js';
import { createOrganisation } from './create-organisation.js';
import { declareFleet } from './declare-fleet.js';
import * as read from './get-registry-records.js';
import { updateFacility } from './update-facility.js';
import { updateFleetDeclaration } from './update-fleet-declaration.js';
import { updateItem } from './update-item.js';
import { updateOrganisation } from './update-organisation.js';

const H200 = { name: 'NVIDIA H200 SXM 141 GB', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15_832, memoryGb: 141, memoryBandwidthGbPerSecond: 4_800 } as const;
const ASCEND = { name: 'Huawei Ascend 910C', vendor: 'Huawei', classificationCode: 'domestic', origin: 'domestic', tpp: 12_800, memoryGb: 128, memoryBandwidthGbPerSecond: 3_200 } as const;

describe.each(testDialects())('registry on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  const admin = testActors.policyAdmin;
  beforeEach(async () => {
    context = await openTestContext(dialect);
  });
  afterEach(async () => {
    await context.database.close();
  });

  describe('controlled items', () => {
    it('creates, reads and audits an item', async () => {
      const item = await createItem(context, admin, H200);
      expect(item).toMatchObject({ ...H200, unitsPerPackage: 1, version: 1, createdAt: '2026-03-01T09:00:00.000Z' });
      expect(await read.getItem(context, testActors.reviewer, item.id)).toEqual(item);
      const entries = await context.database.db.selectFrom('audit_entries').selectAll().execute();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ event_type: 'item.created', subject_id: item.id, actor_id: admin.id, before_json: null });
      expect(JSON.parse(entries[0]!.after_json!)).toEqual(item);
    });

    it('defaults the family to the name', async () => {
      const { family: _family, ...withoutFamily } = H200;
      expect((await createItem(context, admin, withoutFamily)).family).toBe(H200.name);
    });

    it('refuses a duplicate name and changes nothing', async () => {
      await createItem(context, admin, H200);
      const auditBefore = await countRows(context.database, 'audit_entries');
      await expect(createItem(context, admin, { ...H200, vendor: 'Other' })).rejects.toMatchObject({ code: 'duplicate_name', field: 'name' });
      expect(await countRows(context.database, 'items')).toBe(1);
      expect(await countRows(context.database, 'audit_entries')).toBe(auditBefore);
    });

    it('updates with the version read, and refuses a stale one', async () => {
      const item = await createItem(context, admin, H200);
      context.clock.advanceDays(1);
      const updated = await updateItem(context, admin, item.id, 1, { memoryBandwidthGbPerSecond: 4_900 });
      expect(updated).toMatchObject({ version: 2, memoryBandwidthGbPerSecond: 4_900, updatedAt: '2026-03-02T09:00:00.000Z', createdAt: item.createdAt });
      await expect(updateItem(context, admin, item.id, 1, { tpp: 1 })).rejects.toMatchObject({ code: 'version_conflict' });
      expect((await read.getItem(context, admin, item.id)).tpp).toBe(15_832);
      const last = await context.database.db.selectFrom('audit_entries').selectAll().orderBy('sequence', 'desc').executeTakeFirstOrThrow();
      expect(last.event_type).toBe('item.updated');
      expect(JSON.parse(last.before_json!)).toMatchObject({ version: 1, memoryBandwidthGbPerSecond: 4_800 });
    });

    it('refuses renaming onto another item, and an unknown id', async () => {
      await createItem(context, admin, H200);
      const ascend = await createItem(context, admin, ASCEND);
      await expect(updateItem(context, admin, ascend.id, 1, { name: H200.name })).rejects.toMatchObject({ code: 'duplicate_name' });
      await expect(updateItem(context, admin, 'no-such-id', 1, { tpp: 1 })).rejects.toMatchObject({ code: 'item_not_found' });
    });

    it('lets only the policy-admin change the catalogue', async () => {
      await expect(createItem(context, testActors.reviewer, H200)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(createItem(context, testActors.auditor, H200)).rejects.toMatchObject({ code: 'forbidden' });
      expect(await countRows(context.database, 'items')).toBe(0);
    });

    it('pages with a cursor and a capped limit', async () => {
      for (let index = 0; index < 7; index += 1) await createItem(context, admin, { ...H200, name: `item ${index}` });
      const first = await read.listItems(context, admin, { limit: 3 });
      const second = await read.listItems(context, admin, { limit: 3, cursor: first.nextCursor ?? undefined });
      const third = await read.listItems(context, admin, { limit: 3, cursor: second.nextCursor ?? undefined });
      expect([...first.items, ...second.items, ...third.items].map((item) => item.name).sort()).toEqual(Array.from({ length: 7 }, (_, index) => `item ${index}`));
      expect(third.nextCursor).toBeNull();
      expect((await read.listItems(context, admin, { limit: 10, origin: 'domestic' })).items).toEqual([]);
    });
  });

  describe('organisations and groups', () => {
    it('derives pinyin from the Chinese name and links subsidiaries to their group', async () => {
      const alibaba = await createOrganisation(context, admin, { legalName: 'Alibaba Group Holding Limited', chineseName: '阿里巴巴集团', category: 'big-tech-platform' });
      expect(alibaba).toMatchObject({ pinyinName: 'a li ba ba ji tuan', aliases: [], status: 'active', parentId: null });
      const cloud = await createOrganisation(context, admin, { legalName: 'Alibaba Cloud', category: 'cloud-provider', parentId: alibaba.id });
      const members = await read.listOrganisations(context, admin, { limit: 10, parentId: alibaba.id });
      expect(members.items.map((member) => member.id)).toEqual([cloud.id]);
    });

    it('refuses an unknown parent and a group cycle', async () => {
      await expect(createOrganisation(context, admin, { legalName: 'X', category: 'small-firm', parentId: 'missing' })).rejects.toMatchObject({ code: 'unknown_reference', field: 'parentId' });
      const head = await createOrganisation(context, admin, { legalName: 'Head', category: 'big-tech-platform' });
      const member = await createOrganisation(context, admin, { legalName: 'Member', category: 'cloud-provider', parentId: head.id });
      await expect(updateOrganisation(context, admin, head.id, 1, { parentId: member.id })).rejects.toMatchObject({ code: 'invalid_value', field: 'parentId' });
      await expect(updateOrganisation(context, admin, head.id, 1, { parentId: head.id })).rejects.toMatchObject({ code: 'invalid_value' });
    });

    it('re-derives pinyin when the Chinese name changes', async () => {
      const organisation = await createOrganisation(context, admin, { legalName: 'Tencent', chineseName: '腾讯', category: 'big-tech-platform' });
      const updated = await updateOrganisation(context, admin, organisation.id, 1, { chineseName: '腾讯控股' });
      expect(updated.pinyinName).toBe('teng xun kong gu');
    });
  });

  describe('facilities and fleet declarations, per organisation', () => {
    it('lets an applicant manage its own organisation only, and hides the others', async () => {
      const own = await createOrganisation(context, admin, { legalName: 'Own', category: 'small-firm' });
      const other = await createOrganisation(context, admin, { legalName: 'Other', category: 'small-firm' });
      const applicant = applicantOf(own.id);
      const facility = await createFacility(context, applicant, { organisationId: own.id, name: 'DC1', region: 'Jiangsu', latitude: 31.3, longitude: 120.7 });
      await expect(createFacility(context, applicant, { organisationId: other.id, name: 'DC1', region: 'x', latitude: 0, longitude: 0 })).rejects.toMatchObject({ code: 'forbidden' });
      const othersFacility = await createFacility(context, admin, { organisationId: other.id, name: 'DC9', region: 'x', latitude: 0, longitude: 0 });
      await expect(read.getFacility(context, applicant, othersFacility.id)).rejects.toMatchObject({ code: 'facility_not_found' });
      await expect(updateFacility(context, applicant, othersFacility.id, 1, { name: 'mine now' })).rejects.toMatchObject({ code: 'facility_not_found' });
      expect((await read.listFacilities(context, applicant, { limit: 10 })).items.map((item) => item.id)).toEqual([facility.id]);
      await expect(read.listFacilities(context, applicant, { limit: 10, organisationId: other.id })).rejects.toMatchObject({ code: 'forbidden' });
      expect((await read.listFacilities(context, testActors.reviewer, { limit: 10 })).items).toHaveLength(2);
    });

    it('refuses a second facility of the same name in one organisation', async () => {
      const own = await createOrganisation(context, admin, { legalName: 'Own', category: 'small-firm' });
      await createFacility(context, admin, { organisationId: own.id, name: 'DC1', region: 'r', latitude: 0, longitude: 0 });
      await expect(createFacility(context, admin, { organisationId: own.id, name: 'DC1', region: 'r', latitude: 0, longitude: 0 })).rejects.toMatchObject({ code: 'duplicate_name' });
    });

    it('declares a fleet, finds the latest declaration, and checks its rules', async () => {
      const own = await createOrganisation(context, admin, { legalName: 'Own', category: 'small-firm' });
      const h200 = await createItem(context, admin, H200);
      const ascend = await createItem(context, admin, ASCEND);
      const applicant = applicantOf(own.id);
      const base = { organisationId: own.id, periodStart: '2026-01-01', periodEnd: '2026-12-31', domesticUnitsCommitted: 500 };
      await declareFleet(context, applicant, { ...base, asOf: '2025-12-31', holdings: [{ itemId: h200.id, installedUnits: 100 }] });
      const later = await declareFleet(context, applicant, { ...base, asOf: '2026-02-28', holdings: [{ itemId: ascend.id, installedUnits: 300 }, { itemId: h200.id, installedUnits: 120 }] });
      expect(await read.getLatestFleetDeclaration(context, applicant, own.id)).toEqual(later);
      expect(later.holdings.map((holding) => holding.itemId)).toEqual([h200.id, ascend.id].sort());

      await expect(declareFleet(context, applicant, { ...base, asOf: '2026-02-28', holdings: [] })).rejects.toMatchObject({ code: 'duplicate_record', field: 'asOf' });
      await expect(declareFleet(context, applicant, { ...base, asOf: '2026-03-01', periodEnd: '2025-01-01', holdings: [] })).rejects.toMatchObject({ code: 'invalid_value', field: 'periodEnd' });
      await expect(declareFleet(context, applicant, { ...base, asOf: '2026-02-30', holdings: [] })).rejects.toMatchObject({ code: 'invalid_value', field: 'asOf' });
      await expect(
        declareFleet(context, applicant, { ...base, asOf: '2026-03-01', holdings: [{ itemId: h200.id, installedUnits: 1 }, { itemId: h200.id, installedUnits: 2 }] }),
      ).rejects.toMatchObject({ code: 'invalid_value', field: 'holdings.1.itemId' });
      await expect(declareFleet(context, applicant, { ...base, asOf: '2026-03-01', holdings: [{ itemId: 'nope', installedUnits: 1 }] })).rejects.toMatchObject({
        code: 'unknown_reference',
        field: 'holdings.0.itemId',
      });
      expect(await countRows(context.database, 'fleet_declarations')).toBe(2);
    });

    it('updates holdings with the version read', async () => {
      const own = await createOrganisation(context, admin, { legalName: 'Own', category: 'small-firm' });
      const h200 = await createItem(context, admin, H200);
      const declaration = await declareFleet(context, admin, { organisationId: own.id, asOf: '2025-12-31', periodStart: '2026-01-01', periodEnd: '2026-12-31', domesticUnitsCommitted: 5, holdings: [] });
      const updated = await updateFleetDeclaration(context, admin, declaration.id, 1, { holdings: [{ itemId: h200.id, installedUnits: 64 }] });
      expect(updated).toMatchObject({ version: 2, holdings: [{ itemId: h200.id, installedUnits: 64 }] });
      expect(await read.getFleetDeclaration(context, admin, declaration.id)).toEqual(updated);
      await expect(updateFleetDeclaration(context, admin, declaration.id, 1, { domesticUnitsCommitted: 9 })).rejects.toMatchObject({ code: 'version_conflict' });
    });
  });

  it('leaves an intact audit chain after a mix of changes and refusals', async () => {
    const item = await createItem(context, admin, H200);
    await expect(createItem(context, admin, H200)).rejects.toMatchObject({ code: 'duplicate_name' });
    await updateItem(context, admin, item.id, 1, { vendor: 'NVIDIA Corporation' });
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true, entries: 2 });
  });
});
