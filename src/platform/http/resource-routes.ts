/**
 * The routes of a plain versioned resource (list, create, get, update), declared once so that
 * every resource behaves alike: cursor pages, 201 with Location and ETag on create, ETag on read,
 * If-Match on update, problem+json on every error, a schema on every route.
 */
import { Type, type Static, type TObject, type TSchema } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import { assert } from '../assert.js';
import { etagFor, expectedVersion } from './etag.js';
import { pageSchema, type Page } from './paging.js';
import { readProblems, writeProblems } from './problem-schema.js';
import type { GatehouseServer } from './server.js';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export function actorOf(request: FastifyRequest): Actor {
  assert(request.actor !== null, 'a non-public route always has an actor');
  return request.actor;
}

export interface ResourceRoutes<TRecord extends { id: string; version: number }, TCreate extends TSchema, TPatch extends TSchema, TQuery extends TObject> {
  /** e.g. "/api/v1/items" */
  path: string;
  /** OpenAPI tag, e.g. "registry" */
  tag: string;
  /** e.g. "controlled item" */
  noun: string;
  record: TSchema;
  createBody: TCreate;
  patchBody: TPatch;
  listQuery: TQuery;
  list: (actor: Actor, query: Static<TQuery>) => Promise<Page<TRecord>>;
  create: (actor: Actor, body: Static<TCreate>) => Promise<TRecord>;
  get: (actor: Actor, id: string) => Promise<TRecord>;
  update: (actor: Actor, id: string, expectedVersion: number, patch: Static<TPatch>) => Promise<TRecord>;
}

export function registerResourceRoutes<TRecord extends { id: string; version: number }, TCreate extends TSchema, TPatch extends TSchema, TQuery extends TObject>(
  app: GatehouseServer,
  resource: ResourceRoutes<TRecord, TCreate, TPatch, TQuery>,
): void {
  const tags = [resource.tag];
  app.get(
    resource.path,
    { schema: { tags, summary: `List ${resource.noun}s`, querystring: resource.listQuery, response: { 200: pageSchema(resource.record), ...readProblems } } },
    async (request) => resource.list(actorOf(request), request.query as Static<TQuery>),
  );
  app.post(
    resource.path,
    {
      schema: {
        tags,
        summary: `Create a ${resource.noun}`,
        body: resource.createBody,
        response: { 201: resource.record, ...writeProblems },
      },
    },
    async (request, reply) => {
      const created = await resource.create(actorOf(request), request.body as Static<TCreate>);
      return reply.status(201).header('etag', etagFor(created.version)).header('location', `${resource.path}/${created.id}`).send(created);
    },
  );
  app.get(
    `${resource.path}/:id`,
    { schema: { tags, summary: `Get a ${resource.noun}`, params: IdParams, response: { 200: resource.record, ...readProblems } } },
    async (request, reply) => {
      const found = await resource.get(actorOf(request), request.params.id);
      return reply.header('etag', etagFor(found.version)).send(found);
    },
  );
  app.patch(
    `${resource.path}/:id`,
    {
      schema: {
        tags,
        summary: `Update a ${resource.noun} (send If-Match with its ETag)`,
        params: IdParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'the ETag you read, e.g. "3"' })) }),
        body: resource.patchBody,
        response: { 200: resource.record, ...writeProblems },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      const updated = await resource.update(actorOf(request), request.params.id, version, request.body as Static<TPatch>);
      return reply.header('etag', etagFor(updated.version)).send(updated);
    },
  );
}
