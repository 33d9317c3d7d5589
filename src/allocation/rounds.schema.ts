/** Request and response schemas of the allocation round routes (TypeBox; unknown fields refused). */
import { Type, type Static, type TSchema } from 'typebox';
import { ALLOCATION_METHODS, INNER_ALLOCATION_METHODS } from './allocation-problem.js';
import { ROUND_STATES, WITHDRAWAL_WINDOW_DAYS_MAX } from './round.js';

const closed = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Units = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' });

export const OpenRoundBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', examples: ['H200, second batch'] }),
    itemId: Id,
    budget: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'units to divide' }),
    method: Type.Enum(ALLOCATION_METHODS),
    cutOff: Type.String({ maxLength: 40, description: 'applications submitted at or before this instant (or the end of this date, UTC) are included', examples: ['2026-03-31'] }),
    policyHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the policy version you mean; refused unless it is the one in force' })),
    inner: Type.Optional(Type.Enum(INNER_ALLOCATION_METHODS, { description: 'tiered only: the method inside each tier (default pro-rata)' })),
    minLot: Type.Optional(Units),
    useCategoryShares: Type.Optional(Type.Boolean({ description: 'split the budget by the policy’s category budget shares first' })),
    categoryTiers: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Integer({ minimum: 1, maximum: 1_000 }), { description: 'tiered only: the tier of each organisation category' })),
    withdrawalWindowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: WITHDRAWAL_WINDOW_DAYS_MAX, description: 'pro-rata only: days after the commitment in which applicants may withdraw (default 5)' })),
  },
  closed,
);
export type OpenRoundBody = Static<typeof OpenRoundBody>;

export const EmptyBody = Type.Object({}, closed);
export const WithdrawalBody = Type.Object({ applicationId: Id, reason: Type.Optional(Reason) }, closed);
export const CancelBody = Type.Object({ reason: Reason }, closed);

export const RoundQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(ROUND_STATES)),
    itemId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  closed,
);

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Settings = Type.Object({
  inner: Nullable(Type.String()),
  minLot: Nullable(Type.Integer()),
  useCategoryShares: Type.Boolean(),
  categoryTiers: Nullable(Type.Record(Type.String(), Type.Integer())),
  withdrawalWindowDays: Nullable(Type.Integer()),
});

const roundFields = {
  id: Type.String(),
  title: Type.String(),
  policyHash: Type.String(),
  itemId: Type.String(),
  budget: Type.Integer(),
  method: Type.String(),
  settings: Settings,
  cutOff: Type.String(),
  state: Type.String(),
  openedBy: Type.String(),
  withdrawalsCloseAt: Nullable(Type.String()),
  cancelledBy: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

/**
 * The stored stages are described in docs/allocation.md ("Rounds") and src/allocation/round.ts;
 * their allocation problem and report are exactly those of `gatehouse allocate`.
 */
export const RoundRecord = Type.Object({
  ...roundFields,
  preview: Nullable(Type.Unknown({ description: 'the latest dry run (regulator only): problem, report, lines, exclusions, shared limits, every method side by side, chart data' })),
  commitment: Nullable(Type.Unknown({ description: 'what the commitment decided: the exact allocation problem, its report with both hashes, the published figures, the lines' })),
  rerun: Nullable(Type.Unknown({ description: 'the re-run after withdrawals: its problem, report, top-ups and the final figures' })),
  grants: Type.Array(
    Type.Object({
      roundId: Type.String(),
      applicationId: Type.String(),
      organisationId: Type.String(),
      grantedUnits: Type.Integer(),
      licenceId: Nullable(Type.String()),
      withdrawnAt: Nullable(Type.String()),
      withdrawnBy: Nullable(Type.String()),
      topUpUnits: Nullable(Type.Integer()),
      topUpLicenceId: Nullable(Type.String()),
    }),
  ),
});

export const RoundListItem = Type.Object({
  ...roundFields,
  previewedAt: Nullable(Type.String()),
  summary: Nullable(Type.Unknown({ description: 'the published figures of the commitment' })),
  final: Nullable(Type.Unknown({ description: 'the figures after the re-run' })),
});
