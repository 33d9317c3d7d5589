/**
 * Use case: the public licence check. Anyone holding a licence number — a customs officer at the
 * border, a vendor's clerk, a freight forwarder — may ask whether it is genuine and in force,
 * without signing in. That is why it takes no actor and authorises nobody: the number is the
 * credential, as on a paper licence (the route is rate-limited instead).
 *
 * It says only what such a person needs: whether the number is well-formed (else it is refused
 * with the reason: shape or check digits), known, within its validity, active; the item's name;
 * the units still covered; and the licensee's legal name. Nothing else about the licensee (no
 * fleet, no facility, no coordinates), no conditions, no reasons for a suspension.
 */
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { isWithinValidity, type LicenceState } from './licence.js';
import { parseLicenceNumber, type LicenceNumberProblem } from './licence-number.js';
import { findLicenceVerificationFacts } from './licence-verification.store.js';
import { availableOnLicenceAccount } from '../ledger/index.js';
import { remainingUnits } from './remaining-units.js';

export interface LicenceVerification {
  /** The number in its canonical spelling. */
  number: string;
  isWellFormed: true;
  /** A licence with this number was issued. */
  isKnown: boolean;
  /** Within its validity dates now. */
  isValid: boolean;
  /** In the active state (not suspended, revoked, expired or exhausted). */
  isActive: boolean;
  /** Valid and active: it may be used now. */
  isInForce: boolean;
  state: LicenceState | null;
  validFrom: string | null;
  validUntil: string | null;
  itemName: string | null;
  licenseeLegalName: string | null;
  remainingUnits: number | null;
  checkedAt: string;
}

export async function verifyLicenceNumber(context: AppContext, number: string): Promise<LicenceVerification> {
  const parsed = parseLicenceNumber(number);
  if (!parsed.ok) throw malformed(parsed.reason, parsed.detail);
  const now = context.clock.now();
  // One statement: the licence, the two names and its units account (licence-verification.store.ts).
  const found = await findLicenceVerificationFacts(context.database.db, parsed.number, now);
  if (found === undefined) {
    return {
      number: parsed.number,
      isWellFormed: true,
      isKnown: false,
      isValid: false,
      isActive: false,
      isInForce: false,
      state: null,
      validFrom: null,
      validUntil: null,
      itemName: null,
      licenseeLegalName: null,
      remainingUnits: null,
      checkedAt: now.toISOString(),
    };
  }
  const isValid = isWithinValidity(found, now);
  const isActive = found.state === 'active';
  return {
    number: found.number,
    isWellFormed: true,
    isKnown: true,
    isValid,
    isActive,
    isInForce: isValid && isActive,
    state: found.state,
    validFrom: found.validFrom,
    validUntil: found.validUntil,
    itemName: found.itemName,
    licenseeLegalName: found.licenseeLegalName,
    // A reservation that lapsed but is not yet swept holds no units any more (the ledger's sweep
    // will release them): the check counts them as available, as a licence's balance does.
    remainingUnits: remainingUnits(found, found.unitsAccount === null ? null : availableOnLicenceAccount(found.unitsAccount) + found.lapsedPendingUnits),
    checkedAt: now.toISOString(),
  };
}

function malformed(reason: LicenceNumberProblem, detail: string): DomainError {
  return new DomainError('malformed_licence_number', detail, { field: 'number', extensions: { reason } });
}
