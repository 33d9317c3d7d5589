/**
 * The shape of a policy document, as a TypeBox schema. It checks types, required fields, unknown
 * fields and ranges; rules that span several fields (shares adding up, overlapping holds, a
 * period's order) are checked in policy-document.ts. Also usable as the body schema of the
 * publishing route, which receives the same document as JSON.
 */
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { ORGANISATION_CATEGORIES } from '../registry/organisation.js';
import { ACCESS_LEVELS, ADOPTION_MEASURES, BASIS_POINTS_WHOLE, HOLD_KINDS, HOLD_SCOPE_LEVELS } from './policy.js';

/** Lists are bounded so that a hostile or broken document cannot make validation run away. */
export const POLICY_LIST_ENTRIES_MAX = 1_000;
const TEXT_CHARACTERS_MAX = 2_000;

export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
/** A date, or a date and time with seconds optional and an explicit offset (Z or ±HH:MM). */
export const INSTANT_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$';

export const Text = Type.String({ minLength: 1, maxLength: TEXT_CHARACTERS_MAX });
export const CalendarDate = Type.String({ pattern: DATE_PATTERN, reason: 'must be a date written YYYY-MM-DD' });
export const Instant = Type.String({
  pattern: INSTANT_PATTERN,
  reason: 'must be a date (YYYY-MM-DD) or a date and time with an offset (YYYY-MM-DDTHH:MM:SSZ)',
});
/** Integers only: quantities move through the ledger and must stay exact (below 2^53). */
export const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const PositiveCount = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const BasisPoints = Type.Integer({
  minimum: 0,
  maximum: BASIS_POINTS_WHOLE,
  reason: 'must be between 0 and 10,000 basis points (0 to 100 %)',
});
const TextList = Type.Array(Text, { maxItems: POLICY_LIST_ENTRIES_MAX });

const strict = { additionalProperties: false } as const;

const ItemSelectorSchema = Type.Object(
  { item: Type.Optional(Text), family: Type.Optional(Text), classificationCode: Type.Optional(Text) },
  strict,
);
const QuotaSelectorSchema = Type.Object({ item: Type.Optional(Text), family: Type.Optional(Text) }, strict);

const categoryRule = Type.Object(
  {
    access: Type.Enum([...ACCESS_LEVELS]),
    budgetShareBasisPoints: Type.Optional(BasisPoints),
    note: Type.Optional(Text),
    noteChinese: Type.Optional(Text),
  },
  strict,
);

export const PolicyDocumentSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', reason: 'must be letters, digits, dots, dashes or underscores' }),
    title: Text,
    effectiveFrom: CalendarDate,
    period: Type.Object({ start: CalendarDate, end: CalendarDate }, strict),
    nationalQuotas: Type.Optional(
      Type.Array(
        Type.Object({ appliesTo: QuotaSelectorSchema, units: Type.Optional(Count), tpp: Type.Optional(Count) }, strict),
        { maxItems: POLICY_LIST_ENTRIES_MAX },
      ),
    ),
    defaultAccess: Type.Enum([...ACCESS_LEVELS]),
    categories: Type.Optional(
      Type.Object(Object.fromEntries(ORGANISATION_CATEGORIES.map((category) => [category, Type.Optional(categoryRule)])), {
        additionalProperties: false,
        reasonUnknown: `not an organisation category; the categories are ${ORGANISATION_CATEGORIES.join(', ')}`,
      }),
    ),
    groupCaps: Type.Optional(
      Type.Array(Type.Object({ appliesTo: Type.Optional(ItemSelectorSchema), unitsMax: Count }, strict), {
        maxItems: POLICY_LIST_ENTRIES_MAX,
      }),
    ),
    adoptionCap: Type.Optional(
      Type.Object(
        {
          measure: Type.Enum([...ADOPTION_MEASURES]),
          foreignShareMaxBasisPoints: Type.Integer({
            minimum: 0,
            maximum: BASIS_POINTS_WHOLE,
            reason: 'the adoption cap is a share within [0, 1]: write it as 0 to 10,000 basis points',
          }),
        },
        strict,
      ),
    ),
    domesticPairing: Type.Optional(Type.Object({ domesticUnits: PositiveCount, perForeignUnits: PositiveCount }, strict)),
    technicalEnvelopes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            appliesTo: Type.Optional(ItemSelectorSchema),
            tppBelow: Type.Optional(PositiveCount),
            memoryBandwidthGbPerSecondBelow: Type.Optional(PositiveCount),
          },
          strict,
        ),
        { maxItems: POLICY_LIST_ENTRIES_MAX },
      ),
    ),
    endUses: Type.Optional(
      Type.Object(
        {
          allowed: Type.Optional(TextList),
          denied: Type.Optional(TextList),
          domesticJustificationRequired: Type.Optional(Type.Boolean()),
        },
        strict,
      ),
    ),
    licenceTerms: Type.Object(
      {
        validityDays: PositiveCount,
        purchaseOrderWindowDays: PositiveCount,
        attestationIntervalDays: PositiveCount,
        conditions: Type.Optional(TextList),
      },
      strict,
    ),
    holds: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Text,
            kind: Type.Enum([...HOLD_KINDS]),
            scope: Type.Object(
              {
                level: Type.Enum([...HOLD_SCOPE_LEVELS]),
                item: Type.Optional(Text),
                family: Type.Optional(Text),
                category: Type.Optional(Type.Enum([...ORGANISATION_CATEGORIES])),
                organisation: Type.Optional(Text),
                region: Type.Optional(Text),
              },
              strict,
            ),
            from: Instant,
            until: Type.Optional(Instant),
            reasonCode: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$', reason: 'must be a code in lower case with dashes, e.g. customs-instruction' }),
            reason: Text,
            reasonChinese: Type.Optional(Text),
            placedBy: Text,
          },
          strict,
        ),
        { maxItems: POLICY_LIST_ENTRIES_MAX },
      ),
    ),
  },
  strict,
);

/** The document as written, before defaults are filled in and dates normalised. */
export type PolicyDocument = Static<typeof PolicyDocumentSchema>;
