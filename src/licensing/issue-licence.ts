/**
 * Use case: issue a licence — when an approver approves an application, or when an allocation
 * round commits its grants. It runs inside the caller's transaction (the caller owns it, Kysely's
 * convention), so that the decision and its licence commit together or not at all.
 *
 * Refused, in this order: input that breaks the licence's shape (validation_failed); an item,
 * licensee, facility or vendor that does not exist (unknown_reference) or does not fit (a
 * facility of another organisation, a permitted "vendor" that is not one, a licensee that is not
 * active: invalid_value); a second licence for the same application (duplicate_record); and a
 * suspension hold in force that covers the licence (hold_in_force, quoting the hold's reason).
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import { issueLicenceQuota } from '../ledger/index.js';
import { findPublishedPolicy, type Hold } from '../policy/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { isUniqueViolation } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { describeHoldScope, holdsCovering } from './hold-coverage.js';
import { PERMITTED_VENDORS_MAX, VALIDITY_DAYS_MAX, validityEnd, type Licence } from './licence.js';
import { formatLicenceNumber, LICENCE_SERIAL_MAX } from './licence-number.js';
import { findFacilityFacts, findGroupAncestorIds, findItemFacts, findLicenceNumberForApplication, findOrganisationFacts, insertLicence, takeNextSerial } from './licensing.store.js';

export interface LicenceIssue {
  /** The application approved, or null when an allocation round issues the licence later. */
  applicationId: string | null;
  organisationId: string;
  itemId: string;
  facilityId: string | null;
  /** Whole units, more than zero. */
  quantity: number;
  /** The policy version in force at approval. */
  policyHash: string;
  terms: { validityDays: number; purchaseOrderWindowDays: number; attestationIntervalDays: number; conditions: string[] };
  /** Organisation ids of the vendors that may sell against it; empty means any registered vendor. */
  permittedVendorIds: string[];
}

const CONDITIONS_MAX = 50;
const CONDITION_LENGTH_MAX = 2_000;
const POLICY_HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Issues a licence inside the caller's transaction. `holds` are the holds of the policy in force
 * (`getPolicyInForce(...).holds`): a suspension among them that is in force at `now` and covers
 * the item (by id or family), the licensee (or its group), its category, the facility's region,
 * or everything, refuses the licence.
 */
export async function issueLicence(trx: Kysely<Database>, actor: Actor, now: Date, issue: LicenceIssue, holds: readonly Hold[]): Promise<Licence> {
  authorise(actor, 'licence.issue');
  validateIssue(issue);
  const vendorIds = [...new Set(issue.permittedVendorIds)].sort();

  const item = await findItemFacts(trx, issue.itemId);
  if (item === undefined) throw new DomainError('unknown_reference', `no controlled item ${issue.itemId}`, { field: 'itemId' });
  const organisations = await findOrganisationFacts(trx, [issue.organisationId, ...vendorIds]);
  const licensee = organisations.get(issue.organisationId);
  if (licensee === undefined) throw new DomainError('unknown_reference', `no organisation ${issue.organisationId}`, { field: 'organisationId' });
  if (licensee.status !== 'active') {
    throw new DomainError('invalid_value', `${licensee.legalName} is ${licensee.status}; no licence is issued to it`, { field: 'organisationId' });
  }
  for (const vendorId of vendorIds) {
    const vendor = organisations.get(vendorId);
    if (vendor === undefined) throw new DomainError('unknown_reference', `no organisation ${vendorId}`, { field: 'permittedVendorIds' });
    if (vendor.category !== 'vendor') throw new DomainError('invalid_value', `${vendor.legalName} is not a registered vendor`, { field: 'permittedVendorIds' });
  }
  let region: string | null = null;
  if (issue.facilityId !== null) {
    const facility = await findFacilityFacts(trx, issue.facilityId);
    if (facility === undefined) throw new DomainError('unknown_reference', `no facility ${issue.facilityId}`, { field: 'facilityId' });
    if (facility.organisationId !== issue.organisationId) throw new DomainError('invalid_value', 'the facility belongs to another organisation', { field: 'facilityId' });
    region = facility.region;
  }
  if (issue.applicationId !== null) {
    const existing = await findLicenceNumberForApplication(trx, issue.applicationId);
    if (existing !== undefined) throw duplicateFor(issue.applicationId, existing);
  }

  const covering = holdsCovering(
    holds,
    { itemId: item.id, family: item.family, organisationId: licensee.id, groupOrganisationIds: await findGroupAncestorIds(trx, licensee.id), category: licensee.category, region },
    now,
    'suspension',
  );
  const hold = covering[0];
  if (hold !== undefined) {
    throw new DomainError('hold_in_force', `hold ${hold.id} suspends new licences for ${describeHoldScope(hold)}: ${hold.reason}`, {
      extensions: { holdId: hold.id, reasonCode: hold.reasonCode, reason: hold.reason, reasonChinese: hold.reasonChinese, holdIds: covering.map((each) => each.id) },
    });
  }

  const year = now.getUTCFullYear();
  const serial = await takeNextSerial(trx, year);
  // Unreachable in practice (a hundred million licences in one year), but a number must never
  // wrap or grow a digit; the transaction rolls back, counter included.
  if (serial > LICENCE_SERIAL_MAX) throw new DomainError('licence_numbers_exhausted', `all ${LICENCE_SERIAL_MAX} licence serials of ${year} have been issued`);
  const timestamp = now.toISOString();
  const licence: Licence = {
    id: newId(now),
    number: formatLicenceNumber(year, serial),
    applicationId: issue.applicationId,
    organisationId: issue.organisationId,
    itemId: issue.itemId,
    facilityId: issue.facilityId,
    quantity: issue.quantity,
    validFrom: timestamp,
    validUntil: validityEnd(now, issue.terms.validityDays),
    conditions: [...issue.terms.conditions],
    permittedVendorIds: vendorIds,
    state: 'active',
    stateReason: null,
    policyHash: issue.policyHash,
    purchaseOrderWindowDays: issue.terms.purchaseOrderWindowDays,
    attestationIntervalDays: issue.terms.attestationIntervalDays,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  try {
    await insertLicence(trx, licence, year, serial);
  } catch (error) {
    // Two decisions on one application raced past the check above; the unique index caught it.
    if (isUniqueViolation(error) && issue.applicationId !== null) throw duplicateFor(issue.applicationId, null);
    throw error;
  }
  // The licence's units and TPP move from the national pool in the same transaction; a pool that
  // cannot cover them refuses the licence (exceeds_national_quota) and everything rolls back.
  // The policy version is read by its hash (not "the policy in force"): the quota drawn on is the
  // one of the version the licence names. Tests issue licences under versions never stored: null.
  const policy = await findPublishedPolicy(trx, licence.policyHash);
  await issueLicenceQuota(trx, actor, now, {
    licenceId: licence.id,
    units: licence.quantity,
    policyHash: licence.policyHash,
    item: { id: item.id, family: item.family, tpp: item.tpp },
    policy: policy === undefined ? null : { id: policy.id, periodStart: policy.period.start, nationalQuotas: policy.nationalQuotas },
  });
  await recordAuditEvent(trx, actor, now, { eventType: 'licence.issued', subjectType: 'licence', subjectId: licence.id, before: null, after: licence });
  return licence;
}

function validateIssue(issue: LicenceIssue): void {
  const wholeAtLeastOne = (value: number, max: number, field: string) => {
    if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new DomainError('validation_failed', `${field} must be a whole number from 1 to ${max}, not ${value}`, { field });
  };
  wholeAtLeastOne(issue.quantity, Number.MAX_SAFE_INTEGER, 'quantity');
  wholeAtLeastOne(issue.terms.validityDays, VALIDITY_DAYS_MAX, 'terms.validityDays');
  wholeAtLeastOne(issue.terms.purchaseOrderWindowDays, VALIDITY_DAYS_MAX, 'terms.purchaseOrderWindowDays');
  wholeAtLeastOne(issue.terms.attestationIntervalDays, VALIDITY_DAYS_MAX, 'terms.attestationIntervalDays');
  if (issue.terms.conditions.length > CONDITIONS_MAX) throw new DomainError('validation_failed', `a licence carries at most ${CONDITIONS_MAX} conditions`, { field: 'terms.conditions' });
  for (const condition of issue.terms.conditions) {
    if (condition.trim() === '' || condition.length > CONDITION_LENGTH_MAX) {
      throw new DomainError('validation_failed', `each condition is text of 1 to ${CONDITION_LENGTH_MAX} characters`, { field: 'terms.conditions' });
    }
  }
  if (!POLICY_HASH_PATTERN.test(issue.policyHash)) throw new DomainError('validation_failed', 'policyHash must be the SHA-256 of a policy version (64 hex digits)', { field: 'policyHash' });
  if (issue.permittedVendorIds.length > PERMITTED_VENDORS_MAX) {
    throw new DomainError('validation_failed', `a licence names at most ${PERMITTED_VENDORS_MAX} vendors`, { field: 'permittedVendorIds' });
  }
  if (issue.applicationId !== null && (issue.applicationId === '' || issue.applicationId.length > 64)) {
    throw new DomainError('validation_failed', 'applicationId must be an id of 1 to 64 characters, or null', { field: 'applicationId' });
  }
}

function duplicateFor(applicationId: string, number: string | null): DomainError {
  return new DomainError('duplicate_record', `application ${applicationId} already has a licence${number === null ? '' : ` (${number})`}`, { field: 'applicationId' });
}
