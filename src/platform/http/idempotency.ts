/**
 * `Idempotency-Key` on POST requests: a client that repeats a POST with the same key (after a
 * timeout, a dropped connection, a crash of its own) gets the first answer again, status and body,
 * and the work is not done twice. Keys belong to the actor that sent them, so two clients cannot
 * collide, and are kept for 24 hours. The same key with a different request (method, path and
 * query, or body) is refused with 422 `idempotency_key_reused`.
 *
 * Two hooks:
 *   - preHandler (after authentication and validation): claims the key by inserting a row that
 *     holds the request's hash and no answer yet. If the row exists, the request is a repeat: the
 *     stored answer is sent again, or 409 `idempotency_key_in_progress` while the first request
 *     is still running, or 422 when the hash differs.
 *   - onSend: writes the answer into the row before the client receives it. An answer of 500 or
 *     above releases the key instead (the use case's transaction rolled back, so a retry may run).
 *
 * Limits, said plainly. The answer is stored just after the work's own transaction commits, not in
 * it: the use cases own their transactions and know nothing of HTTP. So:
 *   - if the process dies between the work's commit and the answer's write, the key stays claimed
 *     without an answer, and every repeat gets 409 `idempotency_key_in_progress` until the key
 *     expires. The work is never done twice, but the client cannot learn the first answer and
 *     must read the resource to find out what happened;
 *   - if the process dies after the claim and before the work commits, the same 409 follows
 *     although nothing was done; the client retries with a new key after checking;
 *   - a 500 raised after the work committed (say, while serialising the response) releases the
 *     key, and a repeat would do the work again. No route does anything after its use case returns
 *     but serialise, so this needs a bug to happen.
 * Answers of 4xx are kept like any other: a repeat of a refused request is refused the same way.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from '../database-tables.js';
import { DomainError } from '../errors.js';
import type { GatehouseServer } from './server.js';

/** How long a key and its answer are kept. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;
/** Expired keys are deleted at most this often, by the request that happens to come along. */
const PURGE_INTERVAL_MS = 60_000;
/** Keys are visible ASCII, at most this long (UUIDs fit; so do most client schemes). */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;
/** Response headers replayed with the stored answer; the rest are per-response. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request claimed, whose answer onSend stores; null when none. */
    idempotencyClaim: { actorId: string; key: string } | null;
  }
}

export function registerIdempotency(app: GatehouseServer, options: { db: Kysely<Database>; clock: Clock }): void {
  const { db, clock } = options;
  let lastPurgeMs = Number.NEGATIVE_INFINITY;
  app.decorateRequest('idempotencyClaim', null);

  // Both hooks run on every request and usually have nothing to do: they say so at once (a
  // callback) and return a promise only when there is work, rather than being async functions.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || request.actor === null || request.headers['idempotency-key'] === undefined) {
      done();
      return undefined;
    }
    return claim(request, reply);
  });

  async function claim(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const key = idempotencyKeyOf(request);
    if (key === null || request.actor === null) return undefined;
    const actorId = request.actor.id;
    const requestHash = hashRequest(request);
    const now = clock.now();
    if (now.getTime() - lastPurgeMs >= PURGE_INTERVAL_MS) {
      lastPurgeMs = now.getTime();
      await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now.toISOString()).execute();
    }
    // Two attempts: the second follows the removal of an expired row that the purge has not reached.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const claimed = await db
        .insertInto('idempotency_keys')
        .values({
          actor_id: actorId,
          idempotency_key: key,
          request_hash: requestHash,
          status_code: null,
          response_headers_json: null,
          response_body: null,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS).toISOString(),
        })
        .onConflict((conflict) => conflict.columns(['actor_id', 'idempotency_key']).doNothing())
        .executeTakeFirst();
      if (claimed.numInsertedOrUpdatedRows === 1n) {
        request.idempotencyClaim = { actorId, key };
        return undefined;
      }
      const existing = await db.selectFrom('idempotency_keys').selectAll().where('actor_id', '=', actorId).where('idempotency_key', '=', key).executeTakeFirst();
      if (existing === undefined) continue;
      if (existing.expires_at <= now.toISOString()) {
        await db.deleteFrom('idempotency_keys').where('actor_id', '=', actorId).where('idempotency_key', '=', key).where('expires_at', '=', existing.expires_at).execute();
        continue;
      }
      if (existing.request_hash !== requestHash) {
        throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was first sent with a different request; use a new key for a new request', { field: 'Idempotency-Key' });
      }
      if (existing.status_code === null) {
        throw new DomainError('idempotency_key_in_progress', 'the first request with this Idempotency-Key has not been answered yet; retry later', { field: 'Idempotency-Key' });
      }
      return replay(reply, existing.status_code, existing.response_headers_json, existing.response_body);
    }
    throw new DomainError('idempotency_key_in_progress', 'this Idempotency-Key is being claimed by another request; retry later', { field: 'Idempotency-Key' });
  }

  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.idempotencyClaim === null) {
      done(null, payload);
      return undefined;
    }
    return storeAnswer(request, reply, payload);
  });

  async function storeAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const claim = request.idempotencyClaim;
    if (claim === null) return payload;
    request.idempotencyClaim = null;
    const where = db.deleteFrom('idempotency_keys').where('actor_id', '=', claim.actorId).where('idempotency_key', '=', claim.key);
    if (reply.statusCode >= 500) {
      await where.execute();
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
    }
    await db
      .updateTable('idempotency_keys')
      .set({ status_code: reply.statusCode, response_headers_json: JSON.stringify(headers), response_body: payloadText(payload) })
      .where('actor_id', '=', claim.actorId)
      .where('idempotency_key', '=', claim.key)
      .execute();
    return payload;
  }
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return null;
  if (typeof header !== 'string' || header.length === 0 || header.length > IDEMPOTENCY_KEY_LENGTH_MAX || !/^[\x21-\x7e]+$/.test(header)) {
    throw new DomainError('validation_failed', `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} visible ASCII characters`, { field: 'Idempotency-Key' });
  }
  return header;
}

/** The request's identity: method, path with query, and the body in a canonical form (keys sorted). */
export function hashRequest(request: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  return createHash('sha256').update(`${request.method}\n${request.url}\n${canonicalJson(request.body ?? null)}`).digest('hex');
}

/** JSON with object keys sorted at every depth, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, entry]) => `${JSON.stringify(name)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function payloadText(payload: unknown): string | null {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  // Every route answers JSON text; a stream would be stored as an empty body rather than buffered.
  return null;
}

function replay(reply: FastifyReply, statusCode: number, headersJson: string | null, body: string | null): FastifyReply {
  const headers = headersJson === null ? {} : (JSON.parse(headersJson) as Record<string, string>);
  return reply.status(statusCode).headers(headers).header('idempotent-replayed', 'true').send(body ?? '');
}
