/** Request and response schemas of coverage checks, reservations and shipments. */
import { Type } from 'typebox';
import { PageQuery } from '../platform/http/paging.js';
import { MOVEMENT_KINDS } from './licence-movement.js';
import { RESERVATION_STATES } from './shipment.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const CoverageBody = Type.Object(
  {
    organisationId: Text(64),
    itemId: Text(64),
    quantity: Type.Integer({ description: 'units on the purchase order' }),
    deliveryDate: Type.String({ format: 'date', description: 'YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

export const Coverage = Type.Object({
  isCovered: Type.Boolean(),
  quantity: Type.Integer(),
  availableUnits: Type.Integer(),
  licences: Type.Array(Type.Object({ licenceId: Type.String(), number: Type.String(), availableUnits: Type.Integer(), validUntil: Type.String() })),
});

export const ReservationBody = Type.Object(
  {
    licenceId: Text(64),
    purchaseOrderReference: Text(200),
    quantity: Type.Integer({ description: 'whole units, at least 1' }),
    reservationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z][0-9A-Za-z_.-]*$', description: 'your id for it (e.g. a UUIDv7), so that a retry is harmless' })),
  },
  { additionalProperties: false },
);

export const ShipmentBody = Type.Object(
  {
    quantity: Type.Optional(Type.Integer({ description: 'units shipped; omitted, the whole reservation' })),
    serialNumbers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 10_000 })),
  },
  { additionalProperties: false },
);

export const ClearanceBody = Type.Object({ declarationReference: Text(200) }, { additionalProperties: false });
export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const Reservation = Type.Object({
  id: Type.String(),
  licenceId: Type.String(),
  vendorOrganisationId: Type.String(),
  purchaseOrderReference: Type.String(),
  quantity: Type.Integer(),
  shippedQuantity: Type.Integer(),
  state: Type.Union([Type.Literal('reserved'), Type.Literal('shipped'), Type.Literal('cleared'), Type.Literal('delivered'), Type.Literal('cancelled'), Type.Literal('expired')]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  reservedAt: Type.String(),
  serialNumbers: Type.Optional(Type.Array(Type.String(), { description: 'serial numbers shipped, in the order given (on a single reservation; lists leave them out)' })),
});

const RecordId = Type.String({ minLength: 1, maxLength: 64 });

export const ReservationListQuery = Type.Object(
  {
    ...PageQuery.properties,
    licenceId: Type.Optional(RecordId),
    state: Type.Optional(Type.Enum(RESERVATION_STATES)),
    organisationId: Type.Optional({ ...RecordId, description: 'the licensee' }),
    vendorOrganisationId: Type.Optional(RecordId),
  },
  { additionalProperties: false },
);

export const LicenceMovement = Type.Object({
  sequence: Type.Integer({ description: 'position in the ledger’s commit order' }),
  movementId: Type.String(),
  kind: Type.Enum(MOVEMENT_KINDS),
  at: Type.String(),
  units: Type.Integer(),
  tpp: Type.Union([Type.Integer(), Type.Null()]),
  reservationId: Type.Union([Type.String(), Type.Null()]),
  vendorOrganisationId: Type.Union([Type.String(), Type.Null()]),
  purchaseOrderReference: Type.Union([Type.String(), Type.Null()]),
  declarationReference: Type.Union([Type.String(), Type.Null()]),
});
