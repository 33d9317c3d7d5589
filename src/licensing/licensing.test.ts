/**
 * Licensing use cases on every dialect: issuance and its refusals, state changes, amendments,
 * tenancy, the expiry sweep with a moved clock, and grants in a period.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/index.js';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { getPolicyInForce } from '../policy/get-policy-versions.js';
import { liftHold, placeHold } from '../policy/place-hold.js';
import { publishPolicy } from '../policy/publish-policy.js';
import type { Actor } from '../platform/actor.js';
import { inTransaction } from '../platform/context.js';
import { openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import { updateOrganisation } from '../registry/index.js';
import { amendLicence } from './amend-licence.js';
import { getLicence, listLicences } from './get-licences.js';
import { issueLicence } from './issue-licence.js';
import type { Licence } from './licence.js';
import { parseLicenceNumber } from './licence-number.js';
import { readLastSerial } from './licensing.store.js';
import { reinstateLicence } from './lift-licence-suspension.js';
import { grantsInPeriod } from './list-grants-in-period.js';
import { revokeLicence } from './revoke-licence.js';
import { suspendLicence } from './suspend-licence.js';
import { SWEEP_BATCH_LICENCES, sweepExpiredLicences } from './sweep-expired-licences.js';
import { approver, issue, licenceIssue, seedLicensingWorld, type LicensingWorld } from './test-support/licensing-fixtures.js';

const policyAdmin = testActors.policyAdmin;
const operator = testActors.operator;
const customs: Actor = { id: 'user-customs', role: 'customs', organisationId: 'customs-org' };
const vendorOf = (organisationId: string): Actor => ({ id: `vendor-${organisationId}`, role: 'vendor', organisationId });
const applicantOf = (organisationId: string): Actor => ({ id: `applicant-${organisationId}`, role: 'applicant', organisationId });

describe.each(testDialects())('licensing on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  let world: LicensingWorld;
  beforeEach(async () => {
    context = await openTestContext(dialect);
    world = await seedLicensingWorld(context);
  });
  afterEach(async () => {
    await context.database.close();
  });

  async function counts(): Promise<{ licences: number; vendors: number; audit: number; serial: number }> {
    const db = context.database.db;
    const count = async (table: 'licences' | 'licence_permitted_vendors' | 'audit_entries') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
    return { licences: await count('licences'), vendors: await count('licence_permitted_vendors'), audit: await count('audit_entries'), serial: await readLastSerial(db, 2026) };
  }

  /** A refused change leaves everything as it was: no licence, no vendor row, no audit entry, no serial used. */
  async function expectRefused(work: () => Promise<unknown>, expected: Record<string, unknown>): Promise<void> {
    const before = await counts();
    await expect(work()).rejects.toMatchObject(expected);
    expect(await counts()).toEqual(before);
  }

  async function auditOf(licenceId: string): Promise<{ event_type: string; before_json: string | null; after_json: string | null }[]> {
    return context.database.db.selectFrom('audit_entries').select(['event_type', 'before_json', 'after_json']).where('subject_id', '=', licenceId).orderBy('sequence').execute();
  }

  describe('issuance', () => {
    it('issues numbered licences in sequence, valid from now for the policy’s days, audited', async () => {
      const first = await issue(context, licenceIssue(world, { applicationId: 'application-1', permittedVendorIds: [world.otherVendorId, world.vendorId, world.vendorId] }));
      const second = await issue(context, licenceIssue(world));
      expect(parseLicenceNumber(first.number)).toMatchObject({ ok: true, year: 2026, serial: 1 });
      expect(parseLicenceNumber(second.number)).toMatchObject({ ok: true, year: 2026, serial: 2 });
      expect(first).toMatchObject({
        applicationId: 'application-1',
        organisationId: world.licenseeId,
        itemId: world.itemId,
        facilityId: world.facilityId,
        quantity: 1_000,
        validFrom: '2026-03-01T09:00:00.000Z',
        validUntil: '2026-05-30T09:00:00.000Z',
        conditions: ['No re-export', 'Deliver to the named facility'],
        permittedVendorIds: [world.vendorId, world.otherVendorId].sort(),
        state: 'active',
        stateReason: null,
        purchaseOrderWindowDays: 30,
        attestationIntervalDays: 90,
        version: 1,
      });
      expect(await getLicence(context, approver, first.id)).toEqual(first);
      const audit = await auditOf(first.id);
      expect(audit.map((entry) => entry.event_type)).toEqual(['licence.issued']);
      expect(JSON.parse(audit[0]!.after_json!)).toEqual(first);
    });

    it('starts the serial again each year', async () => {
      await issue(context, licenceIssue(world));
      context.clock.set('2027-01-01T00:00:00.000Z');
      const next = await issue(context, licenceIssue(world));
      expect(next.number).toMatch(/^GH-2027-00000001-\d\d$/);
      expect(await readLastSerial(context.database.db, 2026)).toBe(1);
    });

    it('never gives two licences the same serial, however many issue at once', async () => {
      const issued = await Promise.all(Array.from({ length: 12 }, () => issue(context, licenceIssue(world, { quantity: 1 }))));
      const serials = issued.map((licence) => (parseLicenceNumber(licence.number) as { serial: number }).serial).sort((a, b) => a - b);
      expect(serials).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
      expect(await readLastSerial(context.database.db, 2026)).toBe(12);
    });

    it('refuses while a suspension hold of the policy covers the item, quoting its reason', async () => {
      await publishPolicy(context, policyAdmin, readFileSync(demoPolicyPath(), 'utf8'));
      // The demo policy suspends H200 imports from 14 to 28 January 2026 (H-2026-001).
      context.clock.set('2026-01-20T12:00:00.000Z');
      const { holds } = await getPolicyInForce(context, approver);
      await expectRefused(() => issue(context, licenceIssue(world), holds), {
        code: 'hold_in_force',
        message: expect.stringContaining('H200 imports suspended while import conditions are drawn up') as unknown,
        extensions: expect.objectContaining({ holdId: 'H-2026-001', reasonCode: 'import-rules-pending', reasonChinese: '在制定进口条件期间暂停 H200 进口' }) as unknown,
      });
      // Another family is not covered.
      expect((await issue(context, licenceIssue(world, { itemId: world.otherItemId }), holds)).state).toBe('active');
      // The suspension ended on 28 January (exclusive end). The block on small firms that starts
      // then (H-2026-002) delays decisions; it does not stop a licence once one is decided.
      context.clock.set('2026-01-28T00:00:00.000Z');
      const later = (await getPolicyInForce(context, approver)).holds;
      expect(later.map((hold) => hold.id)).toContain('H-2026-002');
      expect((await issue(context, licenceIssue(world), later)).state).toBe('active');
      expect((await issue(context, licenceIssue(world, { organisationId: world.otherApplicantId, facilityId: null }), later)).state).toBe('active');
    });

    it('refuses under a hold placed on the group’s head, and issues again once it is lifted', async () => {
      await publishPolicy(context, policyAdmin, readFileSync(demoPolicyPath(), 'utf8'));
      const placed = await placeHold(context, approver, { kind: 'suspension', scope: { level: 'organisation', organisation: world.groupHeadId }, reasonCode: 'investigation', reason: 'group under investigation for diversion' });
      const holds = (await getPolicyInForce(context, approver)).holds;
      await expectRefused(() => issue(context, licenceIssue(world), holds), { code: 'hold_in_force', message: expect.stringContaining('group under investigation for diversion') as unknown });
      // Other organisations are not in the group.
      expect((await issue(context, licenceIssue(world, { organisationId: world.otherApplicantId, facilityId: world.otherFacilityId }), holds)).state).toBe('active');
      context.clock.advanceMs(1_000);
      await liftHold(context, approver, placed.id, placed.version);
      expect((await issue(context, licenceIssue(world), (await getPolicyInForce(context, approver)).holds)).state).toBe('active');
    });

    it('refuses a region hold for a licence delivered there, not one without a facility', async () => {
      const hold = { id: 'H-region', kind: 'suspension' as const, scope: { level: 'region' as const, region: 'Inner Mongolia' }, from: '2026-01-01T00:00:00.000Z', until: null, reasonCode: 'grid', reason: 'grid capacity review', reasonChinese: null, placedBy: 'officer' };
      await expectRefused(() => issue(context, licenceIssue(world), [hold]), { code: 'hold_in_force', extensions: expect.objectContaining({ holdIds: ['H-region'] }) as unknown });
      expect((await issue(context, licenceIssue(world, { facilityId: null }), [hold])).facilityId).toBeNull();
    });

    it('refuses a malformed issue, naming the field, and changes nothing', async () => {
      const terms = licenceIssue(world).terms;
      const cases: [Parameters<typeof licenceIssue>[1], string][] = [
        [{ quantity: 0 }, 'quantity'],
        [{ quantity: 1.5 }, 'quantity'],
        [{ quantity: 2 ** 53 }, 'quantity'],
        [{ terms: { ...terms, validityDays: 0 } }, 'terms.validityDays'],
        [{ terms: { ...terms, purchaseOrderWindowDays: -1 } }, 'terms.purchaseOrderWindowDays'],
        [{ terms: { ...terms, conditions: [' '] } }, 'terms.conditions'],
        [{ policyHash: 'not-a-hash' }, 'policyHash'],
        [{ applicationId: '' }, 'applicationId'],
      ];
      for (const [changes, field] of cases) await expectRefused(() => issue(context, licenceIssue(world, changes)), { code: 'validation_failed', field });
    });

    it('refuses unknown or unfitting references and a second licence for one application', async () => {
      const cases: [Parameters<typeof licenceIssue>[1], string, string][] = [
        [{ itemId: 'no-such-item' }, 'unknown_reference', 'itemId'],
        [{ organisationId: 'no-such-organisation' }, 'unknown_reference', 'organisationId'],
        [{ facilityId: 'no-such-facility' }, 'unknown_reference', 'facilityId'],
        [{ facilityId: world.otherFacilityId }, 'invalid_value', 'facilityId'],
        [{ permittedVendorIds: ['no-such-vendor'] }, 'unknown_reference', 'permittedVendorIds'],
        [{ permittedVendorIds: [world.notAVendorId] }, 'invalid_value', 'permittedVendorIds'],
      ];
      for (const [changes, code, field] of cases) await expectRefused(() => issue(context, licenceIssue(world, changes)), { code, field });
      await issue(context, licenceIssue(world, { applicationId: 'application-7' }));
      await expectRefused(() => issue(context, licenceIssue(world, { applicationId: 'application-7' })), { code: 'duplicate_record', field: 'applicationId' });
    });

    it('refuses a licensee that is not active', async () => {
      const current = await context.database.db.selectFrom('organisations').select('version').where('id', '=', world.licenseeId).executeTakeFirstOrThrow();
      await updateOrganisation(context, operator, world.licenseeId, Number(current.version), { status: 'suspended' });
      await expectRefused(() => issue(context, licenceIssue(world)), { code: 'invalid_value', field: 'organisationId' });
    });

    it('lets only approvers (and the operator) issue', async () => {
      for (const actor of [policyAdmin, testActors.reviewer, applicantOf(world.licenseeId), vendorOf(world.vendorId), customs]) {
        await expectRefused(() => issue(context, licenceIssue(world), [], actor), { code: 'forbidden' });
      }
      expect((await issue(context, licenceIssue(world), [], operator)).state).toBe('active');
    });

    it('rolls back with the caller’s transaction: the serial is not used up', async () => {
      await expect(
        inTransaction(context, async (trx) => {
          await issueLicence(trx, approver, context.clock.now(), licenceIssue(world), []);
          throw new Error('the decision failed after issuing');
        }),
      ).rejects.toThrow('the decision failed');
      expect(await counts()).toMatchObject({ licences: 0, serial: 0 });
      expect(parseLicenceNumber((await issue(context, licenceIssue(world))).number)).toMatchObject({ serial: 1 });
    });
  });

  describe('state changes', () => {
    let licence: Licence;
    beforeEach(async () => {
      licence = await issue(context, licenceIssue(world));
    });

    it('suspends, reinstates and revokes, each audited with before and after', async () => {
      const suspended = await suspendLicence(context, approver, licence.id, { reason: 'condition 2 breach under investigation' });
      expect(suspended).toMatchObject({ state: 'suspended', stateReason: 'condition 2 breach under investigation', version: 2 });
      const reinstated = await reinstateLicence(context, policyAdmin, licence.id, { reason: 'investigation closed', expectedVersion: 2 });
      expect(reinstated).toMatchObject({ state: 'active', stateReason: 'investigation closed', version: 3 });
      const revoked = await revokeLicence(context, approver, licence.id, { reason: 'diversion confirmed' });
      expect(revoked).toMatchObject({ state: 'revoked', stateReason: 'diversion confirmed', version: 4 });
      const audit = await auditOf(licence.id);
      expect(audit.map((entry) => entry.event_type)).toEqual(['licence.issued', 'licence.suspended', 'licence.reinstated', 'licence.revoked']);
      expect(JSON.parse(audit[3]!.before_json!)).toEqual(reinstated);
      expect(JSON.parse(audit[3]!.after_json!)).toEqual(revoked);
      expect(await getLicence(context, customs, licence.id)).toEqual(revoked);
    });

    it('refuses illegal moves with their codes, changing nothing', async () => {
      await expectRefused(() => reinstateLicence(context, approver, licence.id, { reason: 'x' }), { code: 'licence_not_suspended' });
      await suspendLicence(context, approver, licence.id, { reason: 'x' });
      await expectRefused(() => suspendLicence(context, approver, licence.id, { reason: 'again' }), { code: 'licence_not_active' });
      await revokeLicence(context, approver, licence.id, { reason: 'final' });
      for (const change of [suspendLicence, reinstateLicence, revokeLicence]) {
        await expectRefused(() => change(context, approver, licence.id, { reason: 'too late' }), { code: 'licence_revoked' });
      }
      await expectRefused(() => amendLicence(context, approver, licence.id, 3, { extendValidityDays: 1, reason: 'too late' }), { code: 'licence_revoked' });
    });

    it('refuses a stale version, an unknown licence, a blank reason, and roles that may not manage', async () => {
      await expectRefused(() => suspendLicence(context, approver, licence.id, { reason: 'x', expectedVersion: 7 }), { code: 'version_conflict', field: 'If-Match' });
      await expectRefused(() => suspendLicence(context, approver, 'no-such-licence', { reason: 'x' }), { code: 'licence_not_found' });
      await expectRefused(() => revokeLicence(context, approver, licence.id, { reason: '   ' }), { code: 'validation_failed', field: 'reason' });
      for (const actor of [testActors.reviewer, testActors.auditor, applicantOf(world.licenseeId), vendorOf(world.vendorId), customs]) {
        await expectRefused(() => revokeLicence(context, actor, licence.id, { reason: 'x' }), { code: 'forbidden' });
      }
    });

    it('amends with the version read: extends the validity, permits another vendor', async () => {
      const narrow = await issue(context, licenceIssue(world, { permittedVendorIds: [world.vendorId] }));
      const amended = await amendLicence(context, approver, narrow.id, 1, { extendValidityDays: 30, addPermittedVendorIds: [world.otherVendorId], reason: 'delivery delayed by the vendor' });
      expect(amended).toMatchObject({ validUntil: '2026-06-29T09:00:00.000Z', permittedVendorIds: [world.vendorId, world.otherVendorId].sort(), version: 2 });
      expect(await getLicence(context, approver, narrow.id)).toEqual(amended);
      const audit = await auditOf(narrow.id);
      expect(audit.map((entry) => entry.event_type)).toEqual(['licence.issued', 'licence.amended']);
      expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ validUntil: amended.validUntil, amendment: { reason: 'delivery delayed by the vendor', extendValidityDays: 30 } });
      await expectRefused(() => amendLicence(context, approver, narrow.id, 1, { extendValidityDays: 1, reason: 'stale' }), { code: 'version_conflict' });
      await expectRefused(() => amendLicence(context, approver, narrow.id, 2, { addPermittedVendorIds: ['no-such-vendor'], reason: 'x' }), { code: 'unknown_reference', field: 'addPermittedVendorIds' });
      await expectRefused(() => amendLicence(context, approver, narrow.id, 2, { addPermittedVendorIds: [world.notAVendorId], reason: 'x' }), { code: 'invalid_value' });
      await expectRefused(() => amendLicence(context, approver, narrow.id, 2, { extendValidityDays: 0, reason: 'x' }), { code: 'validation_failed', field: 'extendValidityDays' });
      // A licence open to any vendor is not narrowed by "adding" one.
      await expectRefused(() => amendLicence(context, approver, licence.id, 1, { addPermittedVendorIds: [world.vendorId], reason: 'x' }), { code: 'invalid_value', field: 'addPermittedVendorIds' });
    });
  });

  describe('who sees which licence', () => {
    let open: Licence;
    let forVendor: Licence;
    let forOtherVendor: Licence;
    let others: Licence;
    beforeEach(async () => {
      // Ids are time-ordered to the millisecond; a moving clock makes list order issue order.
      const next = async (changes: Parameters<typeof licenceIssue>[1]) => {
        context.clock.advanceMs(1);
        return issue(context, licenceIssue(world, changes));
      };
      open = await next({});
      forVendor = await next({ permittedVendorIds: [world.vendorId] });
      forOtherVendor = await next({ permittedVendorIds: [world.otherVendorId], itemId: world.otherItemId });
      others = await next({ organisationId: world.otherApplicantId, facilityId: world.otherFacilityId, permittedVendorIds: [world.otherVendorId] });
    });

    const idsOf = (licences: Licence[]) => licences.map((licence) => licence.id);

    it('shows an applicant only its organisation’s licences; another’s looks not found', async () => {
      const own = applicantOf(world.licenseeId);
      expect(idsOf((await listLicences(context, own, { limit: 50 })).items)).toEqual(idsOf([open, forVendor, forOtherVendor]));
      await expect(getLicence(context, own, others.id)).rejects.toMatchObject({ code: 'licence_not_found' });
      await expect(listLicences(context, own, { limit: 50, organisationId: world.otherApplicantId })).rejects.toMatchObject({ code: 'forbidden' });
      expect((await getLicence(context, applicantOf(world.otherApplicantId), others.id)).id).toBe(others.id);
    });

    it('shows a vendor the licences naming it or open to any vendor', async () => {
      expect(idsOf((await listLicences(context, vendorOf(world.vendorId), { limit: 50 })).items)).toEqual(idsOf([open, forVendor]));
      expect(idsOf((await listLicences(context, vendorOf(world.otherVendorId), { limit: 50 })).items)).toEqual(idsOf([open, forOtherVendor, others]));
      await expect(getLicence(context, vendorOf(world.vendorId), forOtherVendor.id)).rejects.toMatchObject({ code: 'licence_not_found' });
      expect(idsOf((await listLicences(context, vendorOf(world.otherVendorId), { limit: 50, organisationId: world.licenseeId })).items)).toEqual(idsOf([open, forOtherVendor]));
    });

    it('shows customs and the regulator every licence, filtered and paged', async () => {
      for (const actor of [customs, testActors.auditor, testActors.reviewer]) {
        expect(idsOf((await listLicences(context, actor, { limit: 50 })).items)).toEqual(idsOf([open, forVendor, forOtherVendor, others]));
      }
      expect(idsOf((await listLicences(context, customs, { limit: 50, itemId: world.otherItemId })).items)).toEqual([forOtherVendor.id]);
      await suspendLicence(context, approver, forVendor.id, { reason: 'x' });
      expect(idsOf((await listLicences(context, customs, { limit: 50, state: 'suspended' })).items)).toEqual([forVendor.id]);
      const first = await listLicences(context, customs, { limit: 3 });
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).not.toBeNull();
      const second = await listLicences(context, customs, { limit: 3, cursor: first.nextCursor! });
      expect(idsOf(second.items)).toEqual([others.id]);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('expiry', () => {
    it('sweeps active and suspended licences whose validity ended, once, with the clock moved', async () => {
      const active = await issue(context, licenceIssue(world));
      const suspended = await issue(context, licenceIssue(world));
      await suspendLicence(context, approver, suspended.id, { reason: 'x' });
      const revoked = await issue(context, licenceIssue(world));
      await revokeLicence(context, approver, revoked.id, { reason: 'x' });
      const longer = await issue(context, licenceIssue(world, { terms: { ...licenceIssue(world).terms, validityDays: 120 } }));

      context.clock.set('2026-05-30T08:59:59.999Z');
      expect(await sweepExpiredLicences(context, operator)).toBe(0);
      context.clock.set('2026-05-30T09:00:00.000Z');
      expect(await sweepExpiredLicences(context, operator)).toBe(2);
      expect(await sweepExpiredLicences(context, operator)).toBe(0);

      expect(await getLicence(context, approver, active.id)).toMatchObject({ state: 'expired', stateReason: 'validity ended 2026-05-30T09:00:00.000Z', version: 2 });
      expect(await getLicence(context, approver, suspended.id)).toMatchObject({ state: 'expired', version: 3 });
      expect(await getLicence(context, approver, revoked.id)).toMatchObject({ state: 'revoked' });
      expect(await getLicence(context, approver, longer.id)).toMatchObject({ state: 'active' });
      expect((await auditOf(active.id)).map((entry) => entry.event_type)).toEqual(['licence.issued', 'licence.expired']);
      await expect(reinstateLicence(context, approver, suspended.id, { reason: 'x' })).rejects.toMatchObject({ code: 'licence_expired' });
      expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true });
    });

    it('refuses to suspend a licence past its validity before the sweep has run', async () => {
      const licence = await issue(context, licenceIssue(world));
      context.clock.advanceDays(91);
      await expect(suspendLicence(context, approver, licence.id, { reason: 'x' })).rejects.toMatchObject({ code: 'licence_expired' });
    });

    it('expires more licences than one batch holds', async () => {
      const total = SWEEP_BATCH_LICENCES + 3;
      await inTransaction(context, async (trx) => {
        for (let index = 0; index < total; index += 1) await issueLicence(trx, approver, context.clock.now(), licenceIssue(world, { quantity: 1 }), []);
      });
      context.clock.advanceDays(90);
      expect(await sweepExpiredLicences(context, operator)).toBe(total);
      expect((await listLicences(context, customs, { limit: 10, state: 'active' })).items).toEqual([]);
    });

    it('lets only the regulator and the operator sweep', async () => {
      await expect(sweepExpiredLicences(context, applicantOf(world.licenseeId))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(sweepExpiredLicences(context, customs)).rejects.toMatchObject({ code: 'forbidden' });
      expect(await sweepExpiredLicences(context, approver)).toBe(0);
    });
  });

  describe('grants in a period', () => {
    it('counts licences issued in [from, until), revoked ones included, by organisation or category', async () => {
      const march = await issue(context, licenceIssue(world, { quantity: 100 }));
      await revokeLicence(context, approver, march.id, { reason: 'revoked later: still a grant of the period' });
      context.clock.set('2026-04-15T00:00:00.000Z');
      await issue(context, licenceIssue(world, { quantity: 200, itemId: world.otherItemId }));
      await issue(context, licenceIssue(world, { quantity: 300, organisationId: world.otherApplicantId, facilityId: null }));
      context.clock.set('2026-05-01T00:00:00.000Z');
      await issue(context, licenceIssue(world, { quantity: 400 }));

      const db = context.database.db;
      // Grants are ordered by the time they were made; two made at the same instant, by licence id.
      const byUnits = (grants: { units: number }[]) => [...grants].sort((a, b) => a.units - b.units);
      expect(byUnits(await grantsInPeriod(db, { from: '2026-03-01', until: '2026-05-01' }))).toEqual([
        { organisationId: world.licenseeId, itemId: world.itemId, units: 100, grantedAt: '2026-03-01T09:00:00.000Z' },
        { organisationId: world.licenseeId, itemId: world.otherItemId, units: 200, grantedAt: '2026-04-15T00:00:00.000Z' },
        { organisationId: world.otherApplicantId, itemId: world.itemId, units: 300, grantedAt: '2026-04-15T00:00:00.000Z' },
      ]);
      const units = (grants: { units: number }[]) => grants.map((grant) => grant.units);
      expect(units(byUnits(await grantsInPeriod(db, { from: '2026-03-01T09:00:00.001Z', until: '2026-12-31T23:59:59Z' })))).toEqual([200, 300, 400]);
      expect(units(await grantsInPeriod(db, { from: '2026-01-01', until: '2027-01-01', organisationIds: [world.licenseeId, world.groupHeadId] }))).toEqual([100, 200, 400]);
      expect(units(await grantsInPeriod(db, { from: '2026-01-01', until: '2027-01-01', category: 'small-firm' }))).toEqual([300]);
      expect(units(await grantsInPeriod(db, { from: '2026-01-01', until: '2027-01-01', category: 'small-firm', organisationIds: [world.licenseeId] }))).toEqual([]);
      expect(await grantsInPeriod(db, { from: '2026-01-01', until: '2027-01-01', organisationIds: [] })).toEqual([]);
      expect(await grantsInPeriod(db, { from: '2027-01-01', until: '2026-01-01' })).toEqual([]);
      // Inside a caller's transaction too.
      expect(units(await inTransaction(context, (trx) => grantsInPeriod(trx, { from: '2026-05-01', until: '2026-05-02' })))).toEqual([400]);
    });

    it('refuses a bound that is neither a date nor an instant', async () => {
      await expect(grantsInPeriod(context.database.db, { from: 'last March', until: '2027-01-01' })).rejects.toMatchObject({ code: 'validation_failed', field: 'from' });
      await expect(grantsInPeriod(context.database.db, { from: '2026-01-01', until: '2026-13-45' })).rejects.toMatchObject({ code: 'validation_failed', field: 'until' });
    });
  });
});
