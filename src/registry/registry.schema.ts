/**
 * Request and response schemas of the registry (TypeBox → JSON Schema). The HTTP routes validate
 * with them, `gatehouse import registry` validates each row with them, and the web app imports the
 * types. Objects refuse unknown fields, so that a misspelt field is an error, not silently lost.
 */
import { Type, type Static } from 'typebox';
import { ITEM_ORIGINS } from './item.js';
import { ORGANISATION_CATEGORIES, ORGANISATION_STATUSES } from './organisation.js';

const closed = { additionalProperties: false } as const;
/** Integers beyond this cannot be held exactly by a JavaScript number; refuse them at the edge. */
const SAFE_MAX = Number.MAX_SAFE_INTEGER;
const Text = (maxLength: number, extra: Record<string, unknown> = {}) => Type.String({ minLength: 1, maxLength, pattern: '\\S', ...extra });
const Count = (extra: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, maximum: SAFE_MAX, ...extra });
export const IsoDate = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const RecordId = Type.String({ minLength: 1, maxLength: 64 });
const Timestamps = { version: Type.Integer(), createdAt: Type.String(), updatedAt: Type.String() };

export const ItemInput = Type.Object(
  {
    name: Text(200, { examples: ['NVIDIA H200 SXM 141 GB'] }),
    vendor: Text(100, { examples: ['NVIDIA'] }),
    classificationCode: Text(40, { examples: ['3A090.a'] }),
    family: Type.Optional(Text(100, { description: 'item family the policy sets quotas for; defaults to the name' })),
    origin: Type.Enum(ITEM_ORIGINS),
    tpp: Count({ description: 'total processing performance per unit (2 × MacTOPS × bit length)', examples: [15832] }),
    memoryGb: Count({ examples: [141] }),
    memoryBandwidthGbPerSecond: Count({ examples: [4800] }),
    unitsPerPackage: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'a server of 8 GPUs counts 8 units; 1 when absent' })),
  },
  closed,
);
export type ItemInput = Static<typeof ItemInput>;
export const ItemPatch = Type.Partial(ItemInput, closed);
export type ItemPatch = Static<typeof ItemPatch>;
export const Item = Type.Object({ id: Type.String(), ...ItemInput.properties, family: Type.String(), unitsPerPackage: Type.Integer(), ...Timestamps });

const Categories = Type.Enum(ORGANISATION_CATEGORIES);
const Statuses = Type.Enum(ORGANISATION_STATUSES);
export const OrganisationInput = Type.Object(
  {
    legalName: Text(300, { examples: ['Beijing ByteDance Technology Co., Ltd.'] }),
    chineseName: Type.Optional(Type.Union([Text(200, { examples: ['北京字节跳动科技有限公司'] }), Type.Null()])),
    pinyinName: Type.Optional(Type.Union([Text(300), Type.Null()], { description: 'derived from the Chinese name when absent' })),
    aliases: Type.Optional(Type.Array(Text(200), { maxItems: 50, uniqueItems: true, examples: [['ByteDance', '字节跳动']] })),
    category: Categories,
    parentId: Type.Optional(Type.Union([RecordId, Type.Null()], { description: 'the group head this organisation belongs to' })),
    status: Type.Optional(Statuses),
  },
  closed,
);
export type OrganisationInput = Static<typeof OrganisationInput>;
export const OrganisationPatch = Type.Partial(OrganisationInput, closed);
export type OrganisationPatch = Static<typeof OrganisationPatch>;
export const Organisation = Type.Object({
  id: Type.String(),
  legalName: Type.String(),
  chineseName: Type.Union([Type.String(), Type.Null()]),
  pinyinName: Type.Union([Type.String(), Type.Null()]),
  aliases: Type.Array(Type.String()),
  category: Categories,
  parentId: Type.Union([Type.String(), Type.Null()]),
  status: Statuses,
  ...Timestamps,
});

export const FacilityInput = Type.Object(
  {
    organisationId: RecordId,
    name: Text(200, { examples: ['Ulanqab data centre 2'] }),
    region: Text(100, { examples: ['Inner Mongolia'] }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  },
  closed,
);
export type FacilityInput = Static<typeof FacilityInput>;
export const FacilityPatch = Type.Partial(Type.Omit(FacilityInput, ['organisationId']), closed);
export type FacilityPatch = Static<typeof FacilityPatch>;
export const Facility = Type.Object({ id: Type.String(), ...FacilityInput.properties, ...Timestamps });

export const FleetHolding = Type.Object({ itemId: RecordId, installedUnits: Count() }, closed);
export const FleetDeclarationInput = Type.Object(
  {
    organisationId: RecordId,
    asOf: IsoDate,
    periodStart: IsoDate,
    periodEnd: IsoDate,
    domesticUnitsCommitted: Count({ description: 'domestic units committed for procurement in the period' }),
    holdings: Type.Array(FleetHolding, { maxItems: 500, description: 'installed accelerators by item' }),
  },
  closed,
);
export type FleetDeclarationInput = Static<typeof FleetDeclarationInput>;
export const FleetDeclarationPatch = Type.Partial(Type.Omit(FleetDeclarationInput, ['organisationId']), closed);
export type FleetDeclarationPatch = Static<typeof FleetDeclarationPatch>;
export const FleetDeclaration = Type.Object({ id: Type.String(), ...FleetDeclarationInput.properties, ...Timestamps });
