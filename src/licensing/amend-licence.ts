/**
 * Use case: an approver or policy-admin amends a licence — extends its validity, permits another
 * vendor, or both — naming the version they read (If-Match) and why. The rules are in licence.ts
 * (`amendLicence`); this file adds the checks that need the registry: every vendor added exists
 * and is registered as a vendor.
 */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange, ensureVersion } from '../platform/versioning.js';
import { licenceNotFound } from './get-licences.js';
import { amendLicence as amendedLicence, PERMITTED_VENDORS_MAX, VALIDITY_DAYS_MAX, type Licence } from './licence.js';
import { findLicence, findOrganisationFacts, updateLicenceRow } from './licensing.store.js';
import { checkReason, refusalError } from './update-licence-state.js';

export interface LicenceAmendmentInput {
  /** Whole days added to the end of the validity. */
  extendValidityDays?: number | undefined;
  /** Organisation ids of vendors to permit in addition to those already permitted. */
  addPermittedVendorIds?: string[] | undefined;
  reason: string;
}

export async function amendLicence(context: AppContext, actor: Actor, id: string, expectedVersion: number, input: LicenceAmendmentInput): Promise<Licence> {
  authorise(actor, 'licence.manage');
  checkReason(input.reason);
  const days = input.extendValidityDays;
  if (days !== undefined && (!Number.isSafeInteger(days) || days < 1 || days > VALIDITY_DAYS_MAX)) {
    throw new DomainError('validation_failed', `extendValidityDays must be a whole number from 1 to ${VALIDITY_DAYS_MAX}`, { field: 'extendValidityDays' });
  }
  const vendorIds = [...new Set(input.addPermittedVendorIds ?? [])];
  if (vendorIds.length > PERMITTED_VENDORS_MAX) throw new DomainError('validation_failed', `a licence names at most ${PERMITTED_VENDORS_MAX} vendors`, { field: 'addPermittedVendorIds' });
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const current = await findLicence(trx, id);
    if (current === undefined) throw licenceNotFound(id);
    ensureVersion(current, expectedVersion, 'licence');
    const vendors = await findOrganisationFacts(trx, vendorIds);
    for (const vendorId of vendorIds) {
      const vendor = vendors.get(vendorId);
      if (vendor === undefined) throw new DomainError('unknown_reference', `no organisation ${vendorId}`, { field: 'addPermittedVendorIds' });
      if (vendor.category !== 'vendor') throw new DomainError('invalid_value', `${vendor.legalName} is not a registered vendor`, { field: 'addPermittedVendorIds' });
    }
    const result = amendedLicence(current, { extendValidityDays: days, addPermittedVendorIds: vendorIds }, now);
    if (!result.ok) throw refusalError(result);
    if (!(await updateLicenceRow(trx, result.licence, current.version, current))) throw concurrentChange('licence');
    const amendment = { reason: input.reason, extendValidityDays: days ?? null, addPermittedVendorIds: vendorIds };
    await recordAuditEvent(trx, actor, now, { eventType: 'licence.amended', subjectType: 'licence', subjectId: id, before: current, after: { ...result.licence, amendment } });
    return result.licence;
  });
}
