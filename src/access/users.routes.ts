/** HTTP route of the user directory: names for ids (the regulator and auditors). */
import { Type } from 'typebox';
import type { AppContext } from '../platform/context.js';
import { ROLES } from '../platform/actor.js';
import { PAGE_LIMIT_DEFAULT, PageQuery, pageSchema } from '../platform/http/paging.js';
import { readProblems } from '../platform/http/problem-schema.js';
import { actorOf } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { listUsers } from './list-users.js';

const UserListQuery = Type.Object(
  {
    ...PageQuery.properties,
    role: Type.Optional(Type.Enum(ROLES)),
    organisationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const DirectoryEntry = Type.Object({
  id: Type.String(),
  login: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLES),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
});

export function registerUserRoutes(app: GatehouseServer, context: AppContext): void {
  app.get(
    '/api/v1/users',
    { schema: { tags: ['session'], summary: 'Users by id, with their names and roles (the regulator and auditors), to show names instead of ids', querystring: UserListQuery, response: { 200: pageSchema(DirectoryEntry), ...readProblems } } },
    async (request) => listUsers(context, actorOf(request), { ...request.query, limit: request.query.limit ?? PAGE_LIMIT_DEFAULT }),
  );
}
