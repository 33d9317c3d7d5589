/** Request and response schemas of the applications routes (TypeBox; unknown fields refused). */
import { Type, type Static } from 'typebox';
import { APPLICATION_STATES, DECISIONS, RECOMMENDATION_REASONS } from './application.js';

const closed = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Units = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const ApplicationDraftInput = Type.Object(
  {
    itemId: Id,
    facilityId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'units requested; a server of 8 GPUs counts 8' }),
    endUse: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$', examples: ['ai-training'] }),
    justification: Text(5_000),
    domesticJustification: Type.Optional(Type.Union([Text(5_000), Type.Null()])),
    deliveryFrom: Day,
    deliveryUntil: Day,
  },
  closed,
);
export type ApplicationDraftInput = Static<typeof ApplicationDraftInput>;
export const ApplicationPatch = Type.Partial(ApplicationDraftInput, closed);
export type ApplicationPatch = Static<typeof ApplicationPatch>;

export const SubmitInput = Type.Object({ answer: Type.Optional(Text(5_000)) }, closed);
export const InformationRequestInput = Type.Object({ question: Text(2_000), dueDate: Day }, closed);
export const RecommendInput = Type.Object(
  { decision: Type.Enum(DECISIONS), quantity: Units, reasonCode: Type.Enum(RECOMMENDATION_REASONS), note: Text(5_000) },
  closed,
);
export type RecommendInput = Static<typeof RecommendInput>;
export const DecideInput = Type.Object({ decision: Type.Enum(DECISIONS), quantity: Units, note: Text(5_000) }, closed);
export type DecideInput = Static<typeof DecideInput>;
export const WithdrawInput = Type.Object({ reason: Type.Optional(Text(2_000)) }, closed);

export const DraftEvaluationInput = Type.Object(
  {
    organisationId: Type.Optional(Id),
    itemId: Id,
    facilityId: Type.Optional(Type.Union([Id, Type.Null()])),
    quantity: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    endUse: Type.String({ minLength: 1, maxLength: 100 }),
    domesticJustification: Type.Optional(Type.Union([Type.String({ maxLength: 5_000 }), Type.Null()])),
  },
  closed,
);

export const QueueQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(APPLICATION_STATES)),
    itemId: Type.Optional(Id),
    organisationId: Type.Optional(Id),
    category: Type.Optional(Type.String({ maxLength: 64 })),
    submittedBefore: Type.Optional(Type.String({ maxLength: 40, description: 'instant: only applications waiting since then (queue age)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  closed,
);

const Signature = Type.Object({ approverId: Type.String(), decision: Type.String(), quantity: Type.Integer(), note: Type.String(), signedAt: Type.String() });
export const ApplicationRecord = Type.Object({
  id: Type.String(),
  organisationId: Type.String(),
  itemId: Type.String(),
  facilityId: Type.String(),
  quantity: Type.Integer(),
  endUse: Type.String(),
  justification: Type.String(),
  domesticJustification: Type.Union([Type.String(), Type.Null()]),
  deliveryFrom: Type.String(),
  deliveryUntil: Type.String(),
  state: Type.String(),
  createdBy: Type.String(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  policyHash: Type.Union([Type.String(), Type.Null()]),
  evaluation: Type.Union([Type.Unknown(), Type.Null()]),
  needsSecondApprover: Type.Boolean(),
  reviewerId: Type.Union([Type.String(), Type.Null()]),
  recommendation: Type.Union([Type.Object({ reviewerId: Type.String(), decision: Type.String(), quantity: Type.Integer(), reasonCode: Type.String(), note: Type.String(), recommendedAt: Type.String() }), Type.Null()]),
  firstApproval: Type.Union([Signature, Type.Null()]),
  decision: Type.Union([Signature, Type.Null()]),
  informationRequest: Type.Union([
    Type.Object({ question: Type.String(), dueDate: Type.String(), requestedBy: Type.String(), requestedAt: Type.String(), answer: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  grantedQuantity: Type.Union([Type.Integer(), Type.Null()]),
  licenceId: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
