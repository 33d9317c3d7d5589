/**
 * A small registry for licensing tests — an item, a licensee inside a group, another applicant,
 * two vendors, facilities — and a helper that issues a licence the way a decision does, inside
 * one transaction.
 */
import type { Kysely } from 'kysely';
import type { Hold } from '../../policy/index.js';
import type { Actor } from '../../platform/actor.js';
import { inTransaction, type AppContext } from '../../platform/context.js';
import type { Database } from '../../platform/database-tables.js';
import { operatorActor } from '../../platform/actor.js';
import { addFacility, addItem, addOrganisation } from '../../registry/index.js';
import { issueLicence, type LicenceIssue } from '../issue-licence.js';
import type { Licence } from '../licence.js';

export const approver: Actor = { id: 'user-approver', role: 'approver', organisationId: null };
export const POLICY_HASH = 'c0ffee'.padEnd(64, '0');

export interface LicensingWorld {
  itemId: string;
  itemName: string;
  otherItemId: string;
  groupHeadId: string;
  licenseeId: string;
  otherApplicantId: string;
  vendorId: string;
  otherVendorId: string;
  notAVendorId: string;
  facilityId: string;
  otherFacilityId: string;
}

/** Adds the registry records; `existing` reuses organisations the test app already made. */
export async function seedLicensingWorld(context: AppContext, existing: { licenseeId?: string; otherApplicantId?: string; vendorId?: string } = {}): Promise<LicensingWorld> {
  const operator = operatorActor('test');
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const item = await addItem(trx, operator, now, { name: 'NVIDIA H200 SXM 141 GB', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15_832, memoryGb: 141, memoryBandwidthGbPerSecond: 4_800 });
    const otherItem = await addItem(trx, operator, now, { name: 'NVIDIA H20', vendor: 'NVIDIA', classificationCode: '3A991', family: 'H20', origin: 'foreign', tpp: 2_368, memoryGb: 96, memoryBandwidthGbPerSecond: 4_000 });
    const head = await addOrganisation(trx, operator, now, { legalName: 'Example Group Holdings', category: 'big-tech-platform' });
    const licenseeId = existing.licenseeId ?? (await addOrganisation(trx, operator, now, { legalName: 'Example Cloud Ltd', category: 'big-tech-platform', parentId: head.id })).id;
    const otherApplicantId = existing.otherApplicantId ?? (await addOrganisation(trx, operator, now, { legalName: 'Other Firm Ltd', category: 'small-firm' })).id;
    const vendorId = existing.vendorId ?? (await addOrganisation(trx, operator, now, { legalName: 'Distributor One', category: 'vendor' })).id;
    const otherVendor = await addOrganisation(trx, operator, now, { legalName: 'Distributor Two', category: 'vendor' });
    const notAVendor = await addOrganisation(trx, operator, now, { legalName: 'Research Lab', category: 'research-institute' });
    const facility = await addFacility(trx, operator, now, { organisationId: licenseeId, name: 'Ulanqab 2', region: 'Inner Mongolia', latitude: 41.0, longitude: 113.1 });
    const otherFacility = await addFacility(trx, operator, now, { organisationId: otherApplicantId, name: 'Guiyang 1', region: 'Guizhou', latitude: 26.6, longitude: 106.7 });
    return {
      itemId: item.id,
      itemName: item.name,
      otherItemId: otherItem.id,
      groupHeadId: head.id,
      licenseeId,
      otherApplicantId,
      vendorId,
      otherVendorId: otherVendor.id,
      notAVendorId: notAVendor.id,
      facilityId: facility.id,
      otherFacilityId: otherFacility.id,
    };
  });
}

export function licenceIssue(world: LicensingWorld, changes: Partial<LicenceIssue> = {}): LicenceIssue {
  return {
    applicationId: null,
    organisationId: world.licenseeId,
    itemId: world.itemId,
    facilityId: world.facilityId,
    quantity: 1_000,
    policyHash: POLICY_HASH,
    terms: { validityDays: 90, purchaseOrderWindowDays: 30, attestationIntervalDays: 90, conditions: ['No re-export', 'Deliver to the named facility'] },
    permittedVendorIds: [],
    ...changes,
  };
}

/** Issues inside one transaction, as a decision does. */
export async function issue(context: AppContext, input: LicenceIssue, holds: readonly Hold[] = [], actor: Actor = approver): Promise<Licence> {
  return inTransaction(context, (trx: Kysely<Database>) => issueLicence(trx, actor, context.clock.now(), input, holds));
}
