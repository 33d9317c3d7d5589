/** HTTP routes of applications: drafting, submission, review, decisions, timeline, evaluations. */
import type { FastifyReply } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { etagFor, expectedVersion } from '../platform/http/etag.js';
import { pageSchema } from '../platform/http/paging.js';
import { readProblems, writeProblems } from '../platform/http/problem-schema.js';
import { actorOf, IdParams } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import type { Application } from './application.js';
import * as schema from './applications.schema.js';
import { createApplication, updateApplication } from './create-application.js';
import { decideApplication } from './decide-application.js';
import { evaluateDraft, evaluateStoredApplication, getApplication, getApplicationTimeline, listApplicationQueue } from './get-applications.js';
import { recommendApplication } from './recommend-application.js';
import { requestInformation } from './request-information.js';
import { submitApplication } from './submit-application.js';
import { takeApplication } from './take-application.js';
import { withdrawApplication } from './withdraw-application.js';

const tags = ['applications'];
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag you read, e.g. "3"' })) });

export function registerApplicationRoutes(app: GatehouseServer, context: AppContext): void {
  app.get(
    '/api/v1/applications',
    { schema: { tags, summary: 'The review queue, or an applicant’s own applications', querystring: schema.QueueQuery, response: { 200: pageSchema(schema.ApplicationRecord), ...readProblems } } },
    async (request) => listApplicationQueue(context, actorOf(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );
  app.post(
    '/api/v1/applications',
    { schema: { tags, summary: 'Draft an application (applicants, for their own organisation)', body: schema.ApplicationDraftInput, response: { 201: schema.ApplicationRecord, ...writeProblems } } },
    async (request, reply) => {
      const created = await createApplication(context, actorOf(request), request.body);
      return reply.status(201).header('etag', etagFor(created.version)).header('location', `/api/v1/applications/${created.id}`).send(created);
    },
  );
  app.get(
    '/api/v1/applications/:id',
    { schema: { tags, summary: 'One application', params: IdParams, response: { 200: schema.ApplicationRecord, ...readProblems } } },
    async (request, reply) => {
      const found = await getApplication(context, actorOf(request), request.params.id);
      return reply.header('etag', etagFor(found.version)).send(found);
    },
  );
  app.patch(
    '/api/v1/applications/:id',
    { schema: { tags, summary: 'Edit a draft (If-Match)', params: IdParams, headers: IfMatch, body: schema.ApplicationPatch, response: { 200: schema.ApplicationRecord, ...writeProblems } } },
    async (request, reply) => send(reply, await updateApplication(context, actorOf(request), request.params.id, expectedVersion(request.headers['if-match']), request.body)),
  );
  step(app, 'submission', 'Submit, or resubmit with an answer (applicants)', schema.SubmitInput, (actor, id, version, body: { answer?: string }) => submitApplication(context, actor, id, version, body));
  step(app, 'review', 'Take the application for review (reviewers)', Type.Object({}, { additionalProperties: false }), (actor, id, version) => takeApplication(context, actor, id, version));
  step(app, 'information-request', 'Return it to the applicant with a question and a due date (its reviewer)', schema.InformationRequestInput, (actor, id, version, body: { question: string; dueDate: string }) =>
    requestInformation(context, actor, id, version, body),
  );
  step(app, 'recommendation', 'Recommend a decision with a reason code (its reviewer)', schema.RecommendInput, (actor, id, version, body: schema.RecommendInput) => recommendApplication(context, actor, id, version, body));
  step(app, 'decision', 'Decide (approvers; never the reviewer; a second approver where the category needs one)', schema.DecideInput, (actor, id, version, body: schema.DecideInput) =>
    decideApplication(context, actor, id, version, body),
  );
  step(app, 'withdrawal', 'Withdraw before a decision (applicants)', schema.WithdrawInput, (actor, id, version) => withdrawApplication(context, actor, id, version));

  app.get(
    '/api/v1/applications/:id/timeline',
    { schema: { tags, summary: 'Every recorded step, from the audit log', params: IdParams, response: { 200: Type.Object({ entries: Type.Array(Type.Unknown()) }), ...readProblems } } },
    async (request) => ({ entries: await getApplicationTimeline(context, actorOf(request), request.params.id) }),
  );
  app.get(
    '/api/v1/applications/:id/evaluation',
    { schema: { tags, summary: 'Evaluate the application again, now, against the policy in force', params: IdParams, response: { 200: Type.Unknown(), ...readProblems, 409: readProblems[404] } } },
    async (request) => evaluateStoredApplication(context, actorOf(request), request.params.id),
  );
  app.post(
    '/api/v1/evaluations',
    { schema: { tags, summary: 'Evaluate a draft against the policy in force (nothing is stored)', body: schema.DraftEvaluationInput, response: { 200: Type.Unknown(), ...writeProblems, 409: readProblems[404] } } },
    async (request) => evaluateDraft(context, actorOf(request), request.body),
  );
}

function send(reply: FastifyReply, application: Application) {
  return reply.header('etag', etagFor(application.version)).send(application);
}

/** A workflow step: POST /api/v1/applications/{id}/<name>, If-Match required, the new state back. */
function step<TBody extends TSchema, TInput>(app: GatehouseServer, name: string, summary: string, body: TBody, run: (actor: Actor, id: string, version: number, input: TInput) => Promise<Application>): void {
  app.post(
    `/api/v1/applications/:id/${name}`,
    { schema: { tags, summary: `${summary} (If-Match)`, params: IdParams, headers: IfMatch, body, response: { 200: schema.ApplicationRecord, ...writeProblems } } },
    async (request, reply) => send(reply, await run(actorOf(request), request.params.id, expectedVersion(request.headers['if-match']), request.body as TInput)),
  );
}
