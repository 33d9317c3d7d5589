/**
 * Request and response schemas of the licensing routes (TypeBox → JSON Schema). Objects refuse
 * unknown fields, so that a misspelt field is an error, not silently lost.
 */
import { Type, type Static } from 'typebox';
import { PageQuery } from '../platform/http/paging.js';
import { LICENCE_STATES, PERMITTED_VENDORS_MAX, REASON_LENGTH_MAX, VALIDITY_DAYS_MAX } from './licence.js';
import { LICENCE_NUMBER_EXAMPLE } from './licence-number.js';

const closed = { additionalProperties: false } as const;
const RecordId = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Reason = Type.String({ minLength: 1, maxLength: REASON_LENGTH_MAX, pattern: '\\S', description: 'why; recorded in the audit log' });

export const Licence = Type.Object({
  id: Type.String(),
  number: Type.String({ examples: [LICENCE_NUMBER_EXAMPLE] }),
  applicationId: Nullable(Type.String()),
  organisationId: Type.String({ description: 'the licensee' }),
  itemId: Type.String(),
  facilityId: Nullable(Type.String()),
  quantity: Type.Integer({ description: 'whole units granted' }),
  validFrom: Type.String({ description: 'UTC instant, inclusive' }),
  validUntil: Type.String({ description: 'UTC instant, exclusive' }),
  conditions: Type.Array(Type.String()),
  permittedVendorIds: Type.Array(Type.String(), { description: 'organisation ids of permitted vendors; empty: any registered vendor' }),
  state: Type.Enum(LICENCE_STATES),
  stateReason: Nullable(Type.String()),
  policyHash: Type.String(),
  purchaseOrderWindowDays: Type.Integer(),
  attestationIntervalDays: Type.Integer(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const LicenceListQuery = Type.Object(
  {
    ...PageQuery.properties,
    state: Type.Optional(Type.Enum(LICENCE_STATES)),
    itemId: Type.Optional(RecordId),
    organisationId: Type.Optional(RecordId),
  },
  closed,
);
export type LicenceListQuery = Static<typeof LicenceListQuery>;

export const AmendmentBody = Type.Object(
  {
    extendValidityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: VALIDITY_DAYS_MAX, description: 'whole days added to the end of the validity' })),
    addPermittedVendorIds: Type.Optional(Type.Array(RecordId, { minItems: 1, maxItems: PERMITTED_VENDORS_MAX, description: 'organisation ids of vendors to permit as well' })),
    reason: Reason,
  },
  closed,
);
export type AmendmentBody = Static<typeof AmendmentBody>;

export const ReasonBody = Type.Object({ reason: Reason }, closed);
export type ReasonBody = Static<typeof ReasonBody>;

export const VerificationParams = Type.Object(
  // Generous on purpose: the use case reads the number and says what is wrong with its shape.
  { number: Type.String({ minLength: 1, maxLength: 64, description: `a licence number such as ${LICENCE_NUMBER_EXAMPLE}; case and dashes do not matter` }) },
  closed,
);

export const Verification = Type.Object({
  number: Type.String({ description: 'the number in its canonical spelling' }),
  isWellFormed: Type.Boolean(),
  isKnown: Type.Boolean({ description: 'a licence with this number was issued' }),
  isValid: Type.Boolean({ description: 'within its validity dates now' }),
  isActive: Type.Boolean({ description: 'not suspended, revoked, expired or exhausted' }),
  isInForce: Type.Boolean({ description: 'valid and active: it may be used now' }),
  state: Nullable(Type.Enum(LICENCE_STATES)),
  validFrom: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  licenseeLegalName: Nullable(Type.String()),
  remainingUnits: Nullable(Type.Integer({ description: 'units the licence still covers' })),
  checkedAt: Type.String(),
});
