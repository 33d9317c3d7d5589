/** HTTP routes of allocation rounds: open, list, read, preview, commit, withdrawals, re-run, cancel. */
import type { FastifyReply } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { etagFor, expectedVersion } from '../platform/http/etag.js';
import { pageSchema } from '../platform/http/paging.js';
import { readProblems, writeProblems } from '../platform/http/problem-schema.js';
import { actorOf, IdParams } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { cancelRound } from './cancel-round.js';
import { rerunRound } from './commit-rerun.js';
import { commitRound } from './commit-round.js';
import { getRound, listRoundsFor, type RoundView } from './get-rounds.js';
import { openRound } from './open-round.js';
import { previewRound } from './preview-round.js';
import * as schema from './rounds.schema.js';
import { withdrawFromRound } from './withdraw-from-round.js';

const tags = ['allocation rounds'];
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag you read, e.g. "3"' })) });

export function registerRoundRoutes(app: GatehouseServer, context: AppContext): void {
  app.get(
    '/api/v1/rounds',
    { schema: { tags, summary: 'Allocation rounds (applicants: committed rounds only)', querystring: schema.RoundQuery, response: { 200: pageSchema(schema.RoundListItem), ...readProblems } } },
    async (request) => listRoundsFor(context, actorOf(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );
  app.post(
    '/api/v1/rounds',
    { schema: { tags, summary: 'Open a round: policy in force, item, budget, method, cut-off (approvers)', body: schema.OpenRoundBody, response: { 201: schema.RoundRecord, ...writeProblems } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const opened = await openRound(context, actor, request.body);
      const view = await getRound(context, actor, opened.id);
      return reply.status(201).header('etag', etagFor(view.version)).header('location', `/api/v1/rounds/${view.id}`).send(view);
    },
  );
  app.get(
    '/api/v1/rounds/:id',
    { schema: { tags, summary: 'One round, with everything needed to recompute it (applicants: its published figures and their own grants)', params: IdParams, response: { 200: schema.RoundRecord, ...readProblems } } },
    async (request, reply) => send(reply, await getRound(context, actorOf(request), request.params.id)),
  );
  step(app, context, 'preview', 'Preview: a dry run, every method side by side, chart data (approvers)', schema.EmptyBody, (actor, id, version) => previewRound(context, actor, id, version));
  step(app, context, 'commit', 'Commit: decide every included application and issue the licences in one transaction (approvers; never a reviewer of one)', schema.EmptyBody, (actor, id, version) =>
    commitRound(context, actor, id, version),
  );
  step(app, context, 'withdrawals', 'Withdraw your application from a pro-rata round within its window (applicants)', schema.WithdrawalBody, (actor, id, version, body: { applicationId: string; reason?: string }) =>
    withdrawFromRound(context, actor, id, version, body),
  );
  step(app, context, 'rerun', 'Re-run a pro-rata round over the applications that stayed, after the window (approvers)', schema.EmptyBody, (actor, id, version) => rerunRound(context, actor, id, version));
  step(app, context, 'cancel', 'Cancel a round that is not committed, with a reason (approvers)', schema.CancelBody, (actor, id, version, body: { reason: string }) => cancelRound(context, actor, id, version, body));
}

function send(reply: FastifyReply, round: RoundView) {
  return reply.header('etag', etagFor(round.version)).send(round);
}

/** A state change: POST /api/v1/rounds/{id}/<name>, If-Match required, the round as the caller may read it back. */
function step<TBody extends TSchema, TInput>(app: GatehouseServer, context: AppContext, name: string, summary: string, body: TBody, run: (actor: Actor, id: string, version: number, input: TInput) => Promise<{ id: string }>): void {
  app.post(
    `/api/v1/rounds/:id/${name}`,
    { schema: { tags, summary: `${summary} (If-Match)`, params: IdParams, headers: IfMatch, body, response: { 200: schema.RoundRecord, ...writeProblems } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const changed = await run(actor, request.params.id, expectedVersion(request.headers['if-match']), request.body as TInput);
      return send(reply, await getRound(context, actor, changed.id));
    },
  );
}
