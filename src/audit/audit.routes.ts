/** HTTP routes of the audit log: read it, and verify its hash chain. Auditors change nothing. */
import { Type } from 'typebox';
import type { AppContext } from '../platform/context.js';
import { readProblems } from '../platform/http/problem-schema.js';
import { actorOf } from '../platform/http/resource-routes.js';
import type { GatehouseServer } from '../platform/http/server.js';
import { describeChainBreak } from './audit-event.js';
import { listAuditEntries } from './list-audit-entries.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const AuditEntry = Type.Object({
  sequence: Type.Integer(),
  id: Type.String(),
  occurredAt: Type.String(),
  actorId: Type.String(),
  actorRole: Type.String(),
  eventType: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  beforeJson: Type.Union([Type.String(), Type.Null()]),
  afterJson: Type.Union([Type.String(), Type.Null()]),
  previousHash: Type.String(),
  hash: Type.String(),
});

const Verification = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer({ description: 'entries verified before the first break, or all' }),
  headHash: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  break: Type.Optional(Type.Object({ reason: Type.String(), sequence: Type.Integer() }, { additionalProperties: true })),
});

export function registerAuditRoutes(app: GatehouseServer, context: AppContext): void {
  app.get(
    '/api/v1/audit/entries',
    {
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log, oldest first',
        querystring: Type.Object(
          {
            subjectType: Type.Optional(Type.String({ maxLength: 64 })),
            subjectId: Type.Optional(Type.String({ maxLength: 64 })),
            afterSequence: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntry), nextAfterSequence: Type.Union([Type.Integer(), Type.Null()]) }), ...readProblems },
      },
    },
    async (request) => {
      const { limit, subjectType, subjectId, afterSequence } = request.query;
      return listAuditEntries(context, actorOf(request), {
        limit: limit ?? 100,
        ...(subjectType === undefined ? {} : { subjectType }),
        ...(subjectId === undefined ? {} : { subjectId }),
        ...(afterSequence === undefined ? {} : { afterSequence }),
      });
    },
  );
  app.get(
    '/api/v1/audit/verification',
    { schema: { tags: ['audit'], summary: 'Verify the whole hash chain', response: { 200: Verification, ...readProblems } } },
    async (request) => {
      const result = await verifyAuditChain(context.database, actorOf(request));
      return result.ok ? result : { ...result, message: describeChainBreak(result.break) };
    },
  );
}
