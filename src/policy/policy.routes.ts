/** HTTP routes of policies and holds: validate, publish, read, compare; place and lift holds. */
import { Type } from 'typebox';
import { ORGANISATION_CATEGORIES } from '../registry/index.js';
import type { AppContext } from '../platform/context.js';
import { etagFor, expectedVersion } from '../platform/http/etag.js';
import { readProblems, writeProblems } from '../platform/http/problem-schema.js';
import { actorOf } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { authorise } from '../platform/authorisation.js';
import { policyHash } from './compute-policy-hash.js';
import { diffPolicyVersions, getPolicyInForce, getPolicyVersion, listPolicies } from './get-policy-versions.js';
import { liftHold, listPlacedHolds, placeHold } from './place-hold.js';
import { HOLD_KINDS } from './policy.js';
import type { PlacedHold, PolicyVersion } from './policy.store.js';
import { publishPolicy, validatePolicyText } from './publish-policy.js';

const tags = ['policy'];
const Hash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the canonical policy' });
const DocumentBody = Type.Object(
  { document: Type.String({ minLength: 1, maxLength: 1_000_000, description: 'the policy document, YAML or JSON (see docs/policy.md)' }) },
  { additionalProperties: false },
);
const VersionSummary = Type.Object({
  hash: Type.String(),
  policyId: Type.String(),
  title: Type.String(),
  effectiveFrom: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  publishedAt: Type.String(),
  publishedBy: Type.String(),
});
const VersionDetail = Type.Object({ ...VersionSummary.properties, policy: Type.Unknown(), sourceText: Type.String() });
const Issue = Type.Object({ line: Type.Integer(), column: Type.Integer(), field: Type.String(), message: Type.String() });

const HoldScope = Type.Union([
  Type.Object({ level: Type.Literal('global') }, { additionalProperties: false }),
  Type.Object({ level: Type.Literal('item'), item: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ level: Type.Literal('family'), family: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ level: Type.Literal('category'), category: Type.Enum(ORGANISATION_CATEGORIES) }, { additionalProperties: false }),
  Type.Object({ level: Type.Literal('organisation'), organisation: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ level: Type.Literal('region'), region: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
]);
const HoldBody = Type.Object(
  {
    kind: Type.Enum(HOLD_KINDS),
    scope: HoldScope,
    from: Type.Optional(Type.String({ description: 'date or instant; absent: now' })),
    until: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    reasonCode: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    reasonChinese: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const PlacedHoldSchema = Type.Object({
  id: Type.String(),
  policyId: Type.String(),
  kind: Type.String(),
  scope: Type.Unknown(),
  from: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
  reasonCode: Type.String(),
  reason: Type.String(),
  reasonChinese: Type.Union([Type.String(), Type.Null()]),
  placedBy: Type.String(),
  placedAt: Type.String(),
  liftedBy: Type.Union([Type.String(), Type.Null()]),
  liftedAt: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});

function summary(version: PolicyVersion) {
  const { policy: _policy, sourceText: _sourceText, ...rest } = version;
  return rest;
}

export function registerPolicyRoutes(app: GatehouseServer, context: AppContext): void {
  app.post(
    '/api/v1/policies/validation',
    {
      schema: {
        tags,
        summary: 'Check a policy document without publishing it',
        body: DocumentBody,
        response: { 200: Type.Object({ isValid: Type.Boolean(), hash: Type.Union([Type.String(), Type.Null()]), errors: Type.Array(Issue) }), ...writeProblems },
      },
    },
    (request) => {
      authorise(actorOf(request), 'policy.publish');
      const parsed = validatePolicyText(request.body.document);
      return Promise.resolve(parsed.ok
        ? { isValid: true, hash: policyHash(parsed.value), errors: [] }
        : { isValid: false, hash: null, errors: parsed.issues.map((issue) => ({ line: issue.line, column: issue.column, field: issue.field, message: issue.reason })) });
    },
  );
  app.post(
    '/api/v1/policies',
    {
      schema: {
        tags,
        summary: 'Publish a policy version (201; 200 when the same content is already published)',
        body: DocumentBody,
        response: { 200: VersionSummary, 201: VersionSummary, ...writeProblems },
      },
    },
    async (request, reply) => {
      const published = await publishPolicy(context, actorOf(request), request.body.document);
      return reply.status(published.isNew ? 201 : 200).header('location', `/api/v1/policies/${published.version.hash}`).send(summary(published.version));
    },
  );
  app.get(
    '/api/v1/policies',
    {
      schema: {
        tags,
        summary: 'List published versions, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), before: Type.Optional(Type.String({ description: 'publishedAt of the last version seen' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(VersionSummary) }), ...readProblems },
      },
    },
    async (request) => ({ items: (await listPolicies(context, actorOf(request), { limit: request.query.limit ?? 50, before: request.query.before })).map(summary) }),
  );
  app.get(
    '/api/v1/policies/in-force',
    {
      schema: {
        tags,
        summary: 'The version in force today, with the holds placed since',
        response: { 200: Type.Object({ version: VersionDetail, holds: Type.Array(Type.Unknown()) }), ...readProblems, 409: readProblems[404] },
      },
    },
    async (request) => {
      const inForce = await getPolicyInForce(context, actorOf(request));
      return { version: inForce.version, holds: inForce.holds };
    },
  );
  app.get(
    '/api/v1/policies/:hash',
    { schema: { tags, summary: 'One published version', params: Type.Object({ hash: Hash }, { additionalProperties: false }), response: { 200: VersionDetail, ...readProblems } } },
    async (request) => getPolicyVersion(context, actorOf(request), request.params.hash),
  );
  app.get(
    '/api/v1/policy-diffs',
    {
      schema: {
        tags,
        summary: 'What changed between two versions, in words',
        querystring: Type.Object({ from: Hash, to: Hash }, { additionalProperties: false }),
        response: { 200: Type.Object({ changes: Type.Array(Type.Object({ field: Type.String(), kind: Type.String(), english: Type.String() })) }), ...readProblems },
      },
    },
    async (request) => ({ changes: await diffPolicyVersions(context, actorOf(request), request.query.from, request.query.to) }),
  );
  app.get(
    '/api/v1/holds',
    { schema: { tags, summary: 'Holds placed between versions of the policy in force', response: { 200: Type.Object({ items: Type.Array(PlacedHoldSchema) }), ...readProblems } } },
    async (request) => ({ items: await listPlacedHolds(context, actorOf(request)) }),
  );
  app.post(
    '/api/v1/holds',
    { schema: { tags, summary: 'Place a hold (approvers, policy-admins)', body: HoldBody, response: { 201: PlacedHoldSchema, ...writeProblems } } },
    async (request, reply) => {
      const hold: PlacedHold = await placeHold(context, actorOf(request), request.body);
      return reply.status(201).header('etag', etagFor(hold.version)).send(hold);
    },
  );
  app.post(
    '/api/v1/holds/:id/lift',
    {
      schema: {
        tags,
        summary: 'Lift a hold now (send If-Match with its ETag)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: PlacedHoldSchema, ...writeProblems },
      },
    },
    async (request, reply) => {
      const hold = await liftHold(context, actorOf(request), request.params.id, expectedVersion(request.headers['if-match']));
      return reply.header('etag', etagFor(hold.version)).send(hold);
    },
  );
}
