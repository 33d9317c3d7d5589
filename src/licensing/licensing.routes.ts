/**
 * HTTP routes of licences: list and read (each role its share), amend (If-Match), suspend,
 * reinstate and revoke, and the public licence check, rate-limited per client address.
 */
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VERIFY_RATE_LIMIT_BURST_DEFAULT, VERIFY_RATE_LIMIT_PER_SECOND_DEFAULT } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { DomainError, toProblem } from '../platform/errors.js';
import { etagFor, expectedVersion } from '../platform/http/etag.js';
import { pageSchema } from '../platform/http/paging.js';
import { Problem, readProblems, writeProblems } from '../platform/http/problem-schema.js';
import { actorOf, IdParams } from '../platform/http/resource-routes.js';
import { sendProblem, type GatehouseServer } from '../platform/http/server.js';
import { amendLicence } from './amend-licence.js';
import { getLicence, listLicences } from './get-licences.js';
import type { Licence as LicenceRecord } from './licence.js';
import { reinstateLicence } from './lift-licence-suspension.js';
import * as schema from './licensing.schema.js';
import { revokeLicence } from './revoke-licence.js';
import { suspendLicence } from './suspend-licence.js';
import { TokenBuckets, type TokenBucketOptions } from './token-bucket.js';
import { verifyLicenceNumber } from './verify-licence-number.js';

const tags = ['licensing'];

/**
 * The public check allows a burst of 60 requests per client address, then one a second: plenty
 * for a customs officer scanning a lorry's papers, too little to enumerate licence numbers.
 * `GATEHOUSE_VERIFY_RATE_LIMIT_BURST` and `…_PER_SECOND` change it (platform/config.ts).
 */
export const VERIFY_RATE_LIMIT_DEFAULT: TokenBucketOptions = { capacity: VERIFY_RATE_LIMIT_BURST_DEFAULT, refillPerSecond: VERIFY_RATE_LIMIT_PER_SECOND_DEFAULT, clientsMax: 10_000 };

export interface LicensingRouteOptions {
  verifyRateLimit?: TokenBucketOptions;
}

const IfMatchOptional = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag you read, e.g. "3"; optional: the change is refused if the licence changed since' })) });
const IfMatchRequired = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag you read, e.g. "3" (required)' })) });

export function registerLicensingRoutes(app: GatehouseServer, context: AppContext, options: LicensingRouteOptions = {}): void {
  const buckets = new TokenBuckets(options.verifyRateLimit ?? VERIFY_RATE_LIMIT_DEFAULT);

  app.get(
    '/api/v1/licences',
    {
      schema: {
        tags,
        summary: 'List licences you may see (applicants: their own; vendors: those they may sell against)',
        querystring: schema.LicenceListQuery,
        response: { 200: pageSchema(schema.Licence), ...readProblems },
      },
    },
    async (request) => {
      const query = request.query;
      return listLicences(context, actorOf(request), { limit: query.limit ?? 50, cursor: query.cursor, state: query.state, itemId: query.itemId, organisationId: query.organisationId });
    },
  );

  app.get(
    '/api/v1/licences/:id',
    { schema: { tags, summary: 'Get a licence', params: IdParams, response: { 200: schema.Licence, ...readProblems } } },
    async (request, reply) => withEtag(reply, await getLicence(context, actorOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/licences/:id/amendments',
    {
      schema: {
        tags,
        summary: 'Extend a licence’s validity or permit another vendor (approvers, policy-admins; send If-Match)',
        params: IdParams,
        headers: IfMatchRequired,
        body: schema.AmendmentBody,
        response: { 200: schema.Licence, ...writeProblems },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      return withEtag(reply, await amendLicence(context, actorOf(request), request.params.id, version, request.body));
    },
  );

  const stateChanges = [
    ['suspension', 'Suspend an active licence', suspendLicence],
    ['reinstatement', 'Reinstate a suspended licence', reinstateLicence],
    ['revocation', 'Revoke a licence (final)', revokeLicence],
  ] as const;
  for (const [path, summary, change] of stateChanges) {
    app.post(
      `/api/v1/licences/:id/${path}`,
      {
        schema: {
          tags,
          summary: `${summary} (approvers, policy-admins)`,
          params: IdParams,
          headers: IfMatchOptional,
          body: schema.ReasonBody,
          response: { 200: schema.Licence, ...writeProblems },
        },
      },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const version = ifMatch === undefined ? undefined : expectedVersion(ifMatch);
        return withEtag(reply, await change(context, actorOf(request), request.params.id, { reason: request.body.reason, expectedVersion: version }));
      },
    );
  }

  app.get(
    '/api/v1/licences/verify/:number',
    {
      config: { isPublic: true },
      schema: {
        tags,
        summary: 'Public check of a licence number: genuine, valid, active; the item, the units left and the licensee’s legal name',
        security: [],
        params: schema.VerificationParams,
        response: { 200: schema.Verification, 400: { ...Problem, description: 'malformed licence number (reason: shape or check_digits)' }, 429: { ...Problem, description: 'too many checks from this address' } },
      },
      // Before validation, so that malformed requests count against the limit too.
      onRequest: (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
        const taken = buckets.take(request.ip, context.clock.now().getTime());
        if (taken.ok) {
          done();
          return;
        }
        const problem = toProblem(
          new DomainError('rate_limited', `too many licence checks from this address; try again in ${taken.retryAfterSeconds} s`, { extensions: { retryAfterSeconds: taken.retryAfterSeconds } }),
          request.url,
        );
        void sendProblem(reply.header('retry-after', String(taken.retryAfterSeconds)), problem);
      },
    },
    async (request) => verifyLicenceNumber(context, request.params.number),
  );
}

function withEtag(reply: FastifyReply, licence: LicenceRecord): FastifyReply {
  return reply.header('etag', etagFor(licence.version)).send(licence);
}
