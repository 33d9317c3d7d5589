/** The licensing module's public face: what other modules, the CLI and the app may use. */
export type { Licence, LicenceState, LicenceTransition, LicenceAmendment, LicenceRefusal } from './licence.js';
export { LICENCE_STATES, FINAL_LICENCE_STATES, isInForce, isWithinValidity, isDueForExpiry, isLicenceVisibleTo } from './licence.js';
export { formatLicenceNumber, parseLicenceNumber, LICENCE_NUMBER_EXAMPLE, type ParsedLicenceNumber, type LicenceNumberProblem } from './licence-number.js';
export { holdsCovering, holdsInForceAt, describeHoldScope, type HoldSubject } from './hold-coverage.js';
export { getLicenceHoldSubject } from './get-licence-hold-subject.js';
export { remainingUnits } from './remaining-units.js';
export { issueLicence, type LicenceIssue } from './issue-licence.js';
export { grantsInPeriod, type GrantsQuery, type GrantInPeriod } from './list-grants-in-period.js';
export { amendLicence, type LicenceAmendmentInput } from './amend-licence.js';
export { suspendLicence } from './suspend-licence.js';
export { reinstateLicence } from './lift-licence-suspension.js';
export { revokeLicence } from './revoke-licence.js';
export { surrenderLicence } from './revoke-surrendered-licence.js';
export { sweepExpiredLicences } from './sweep-expired-licences.js';
export { getLicence, listLicences, type LicenceListRequest } from './get-licences.js';
export { verifyLicenceNumber, type LicenceVerification } from './verify-licence-number.js';
export { registerLicensingRoutes, VERIFY_RATE_LIMIT_DEFAULT, type LicensingRouteOptions } from './licensing.routes.js';
