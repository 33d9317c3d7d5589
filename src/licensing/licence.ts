/**
 * Licences: the right of one organisation to import a quantity of one controlled item within a
 * validity, from permitted vendors, under conditions. Pure: the type, its states and the rules
 * for moving between them. No database, no clock (the time is passed in), no randomness.
 *
 * States and the changes between them:
 *
 *   active ──suspend──► suspended ──reinstate──► active
 *   active | suspended ──revoke──► revoked             (final)
 *   active | suspended ──expire──► expired             (final; only once validUntil ≤ now)
 *   active ──(the ledger draws the last unit)──► exhausted (final; set by the ledger, not here)
 *
 * Validity is the half-open interval [validFrom, validUntil): a licence issued at 10:00 for 30
 * days is valid up to, not including, 10:00 thirty days later. Instants are UTC ISO-8601 text
 * in one spelling (Date.toISOString), so they compare as text, in code and in SQL alike.
 */
import type { Actor } from '../platform/actor.js';
import type { ErrorCode } from '../platform/errors.js';

export const LICENCE_STATES = ['active', 'suspended', 'revoked', 'expired', 'exhausted'] as const;
export type LicenceState = (typeof LICENCE_STATES)[number];

/** States a licence never leaves. */
export const FINAL_LICENCE_STATES: readonly LicenceState[] = ['revoked', 'expired', 'exhausted'];

const DAY_MS = 86_400_000;
/** Validities and extensions are bounded so that every instant stays a 4-digit year. */
export const VALIDITY_DAYS_MAX = 36_600;
/** A bound on the list of permitted vendors, like every list. */
export const PERMITTED_VENDORS_MAX = 100;
/** Reasons for a suspension, reinstatement, revocation or amendment are short text. */
export const REASON_LENGTH_MAX = 500;

export interface Licence {
  id: string;
  /** `GH-YYYY-NNNNNNNN-CC`, see licence-number.ts. */
  number: string;
  /** The application it was issued for, or null when an allocation round issued it. */
  applicationId: string | null;
  /** The licensee. */
  organisationId: string;
  itemId: string;
  /** Where the units must be delivered, when the decision named a facility. */
  facilityId: string | null;
  /** Whole units granted. */
  quantity: number;
  validFrom: string;
  validUntil: string;
  /** Conditions printed on the licence, in order (from the policy's licence terms). */
  conditions: string[];
  /** Organisation ids of the vendors that may sell against it; empty means any registered vendor. */
  permittedVendorIds: string[];
  state: LicenceState;
  /** Why the licence is in its state (the suspension, reinstatement or revocation reason), or null. */
  stateReason: string | null;
  /** The policy version in force when the licence was approved. */
  policyHash: string;
  /** Days from issue within which a purchase order must be placed against it. */
  purchaseOrderWindowDays: number;
  /** Days between location attestations of its serialised units. */
  attestationIntervalDays: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A refusal with a stable code from the error catalogue, in the order the rules are checked. */
export interface LicenceRefusal {
  ok: false;
  code: Extract<ErrorCode, 'licence_revoked' | 'licence_expired' | 'licence_exhausted' | 'licence_not_active' | 'licence_not_suspended' | 'licence_still_valid' | 'invalid_value'>;
  detail: string;
  field?: string;
}

export type LicenceChangeResult = { ok: true; licence: Licence } | LicenceRefusal;

export type LicenceTransition =
  | { kind: 'suspend'; reason: string }
  | { kind: 'reinstate'; reason: string }
  | { kind: 'revoke'; reason: string }
  | { kind: 'expire' };

export interface LicenceAmendment {
  /** Days added to the end of the validity. */
  extendValidityDays?: number | undefined;
  /** Vendors (organisation ids) to permit in addition to those already permitted. */
  addPermittedVendorIds?: readonly string[] | undefined;
}

/** The end of a validity that starts at `from` and lasts `days` whole days. */
export function validityEnd(from: Date, days: number): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString();
}

/** Within its dates: validFrom ≤ now < validUntil. Says nothing about the state. */
export function isWithinValidity(licence: Pick<Licence, 'validFrom' | 'validUntil'>, now: Date): boolean {
  const instant = now.toISOString();
  return licence.validFrom <= instant && instant < licence.validUntil;
}

/** Usable right now: active and within its dates. */
export function isInForce(licence: Pick<Licence, 'state' | 'validFrom' | 'validUntil'>, now: Date): boolean {
  return licence.state === 'active' && isWithinValidity(licence, now);
}

/** Active or suspended and its validity has ended: the sweep expires it. */
export function isDueForExpiry(licence: Pick<Licence, 'state' | 'validUntil'>, now: Date): boolean {
  return (licence.state === 'active' || licence.state === 'suspended') && licence.validUntil <= now.toISOString();
}

/**
 * Applies a state change, or refuses it with the first rule that applies, in this order:
 *  1. a licence in a final state (revoked, expired, exhausted) never changes;
 *  2. a licence whose validity has ended may only be expired (or revoked: revocation is the
 *     stronger statement and stays possible until the sweep has run);
 *  3. suspend needs an active licence, reinstate a suspended one, expire an ended validity.
 */
export function transitionLicence(licence: Licence, transition: LicenceTransition, now: Date): LicenceChangeResult {
  const closed = refuseIfFinal(licence);
  if (closed !== null) return closed;
  const hasEnded = licence.validUntil <= now.toISOString();
  switch (transition.kind) {
    case 'suspend':
      if (hasEnded) return validityEnded(licence);
      if (licence.state !== 'active') return { ok: false, code: 'licence_not_active', detail: `licence ${licence.number} is ${licence.state}, not active; only an active licence can be suspended` };
      return changed(licence, { state: 'suspended', stateReason: transition.reason }, now);
    case 'reinstate':
      if (hasEnded) return validityEnded(licence);
      if (licence.state !== 'suspended') return { ok: false, code: 'licence_not_suspended', detail: `licence ${licence.number} is ${licence.state}, not suspended; only a suspended licence can be reinstated` };
      return changed(licence, { state: 'active', stateReason: transition.reason }, now);
    case 'revoke':
      return changed(licence, { state: 'revoked', stateReason: transition.reason }, now);
    case 'expire':
      if (!hasEnded) return { ok: false, code: 'licence_still_valid', detail: `licence ${licence.number} is valid until ${licence.validUntil}` };
      return changed(licence, { state: 'expired', stateReason: `validity ended ${licence.validUntil}` }, now);
  }
}

/**
 * Amends a licence: extends its validity and/or permits more vendors. Refused, in this order,
 * for a licence in a final state, one whose validity has ended (extending it would bring an
 * expired licence back to life; issue a new one instead), an amendment that changes nothing,
 * and a vendor added to a licence that already permits any vendor (adding one would narrow it).
 * Suspended licences may be amended: the regulator may extend a licence while it is suspended.
 */
export function amendLicence(licence: Licence, amendment: LicenceAmendment, now: Date): LicenceChangeResult {
  const closed = refuseIfFinal(licence);
  if (closed !== null) return closed;
  if (licence.validUntil <= now.toISOString()) return validityEnded(licence);
  const extension = amendment.extendValidityDays ?? 0;
  const added = [...new Set(amendment.addPermittedVendorIds ?? [])];
  if (extension === 0 && added.length === 0) {
    return { ok: false, code: 'invalid_value', detail: 'an amendment extends the validity or permits a vendor; this one does neither', field: 'extendValidityDays' };
  }
  const validUntil = extension === 0 ? licence.validUntil : validityEnd(new Date(licence.validUntil), extension);
  if (Date.parse(validUntil) - Date.parse(licence.validFrom) > VALIDITY_DAYS_MAX * DAY_MS) {
    return { ok: false, code: 'invalid_value', detail: `a licence is valid for at most ${VALIDITY_DAYS_MAX} days`, field: 'extendValidityDays' };
  }
  if (added.length > 0 && licence.permittedVendorIds.length === 0) {
    return { ok: false, code: 'invalid_value', detail: `licence ${licence.number} already permits any registered vendor; naming one would narrow it`, field: 'addPermittedVendorIds' };
  }
  const already = added.filter((vendorId) => licence.permittedVendorIds.includes(vendorId));
  if (already.length > 0) {
    return { ok: false, code: 'invalid_value', detail: `licence ${licence.number} already permits vendor ${already[0]!}`, field: 'addPermittedVendorIds' };
  }
  const permittedVendorIds = [...licence.permittedVendorIds, ...added].sort();
  if (permittedVendorIds.length > PERMITTED_VENDORS_MAX) {
    return { ok: false, code: 'invalid_value', detail: `a licence names at most ${PERMITTED_VENDORS_MAX} vendors`, field: 'addPermittedVendorIds' };
  }
  return changed(licence, { validUntil, permittedVendorIds }, now);
}

/**
 * Who may see a licence. The licensee's applicants see their own organisation's licences; a
 * vendor sees the licences it may sell against (those naming it, and those open to any vendor);
 * customs officers and the regulator see every licence. Anything else looks as if it did not
 * exist, so that a licence's existence does not leak to a competitor.
 */
export function isLicenceVisibleTo(licence: Pick<Licence, 'organisationId' | 'permittedVendorIds'>, actor: Actor): boolean {
  switch (actor.role) {
    case 'applicant':
      return actor.organisationId !== null && licence.organisationId === actor.organisationId;
    case 'vendor':
      return actor.organisationId !== null && (licence.permittedVendorIds.length === 0 || licence.permittedVendorIds.includes(actor.organisationId));
    case 'customs':
    case 'policy-admin':
    case 'reviewer':
    case 'approver':
    case 'auditor':
    case 'operator':
      return true;
  }
}

function refuseIfFinal(licence: Licence): LicenceRefusal | null {
  switch (licence.state) {
    case 'revoked':
      return { ok: false, code: 'licence_revoked', detail: `licence ${licence.number} was revoked${licence.stateReason === null ? '' : ` (${licence.stateReason})`}; it can no longer change` };
    case 'expired':
      return { ok: false, code: 'licence_expired', detail: `licence ${licence.number} expired at ${licence.validUntil}; it can no longer change` };
    case 'exhausted':
      return { ok: false, code: 'licence_exhausted', detail: `licence ${licence.number} is exhausted: every unit has been drawn` };
    case 'active':
    case 'suspended':
      return null;
  }
}

function validityEnded(licence: Licence): LicenceRefusal {
  return { ok: false, code: 'licence_expired', detail: `the validity of licence ${licence.number} ended at ${licence.validUntil}; it is about to be expired` };
}

function changed(licence: Licence, changes: Partial<Licence>, now: Date): LicenceChangeResult {
  return { ok: true, licence: { ...licence, ...changes, version: licence.version + 1, updatedAt: now.toISOString() } };
}
