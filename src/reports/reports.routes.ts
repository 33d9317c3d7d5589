/** HTTP routes of reports: figures across organisations for the regulator. */
import { Type } from 'typebox';
import type { AppContext } from '../platform/context.js';
import { readProblems } from '../platform/http/problem-schema.js';
import { actorOf } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { getFunnel } from './get-funnel.js';
import * as schema from './reports.schema.js';

const tags = ['reports'];
/** No parameters: an unknown one is refused (validation_failed) rather than silently ignored. */
const NoQuery = Type.Object({}, { additionalProperties: false });

export function registerReportRoutes(app: GatehouseServer, context: AppContext): void {
  app.get(
    '/api/v1/statistics/funnel',
    { schema: { tags, summary: 'From approval to delivery: counts and units at each stage, and lapsed approvals (the regulator, auditors)', querystring: NoQuery, response: { 200: schema.Funnel, ...readProblems } } },
    async (request) => getFunnel(context, actorOf(request)),
  );
}
