/**
 * Idempotency-Key on POSTs, on both dialects: through the real app (the work is done once, one
 * audit entry, the first answer replayed), and through a bare server whose handler counts its
 * calls (a 500 releases the key; a concurrent repeat is told to wait; expiry after 24 hours).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { countRows, openTestDatabase, testDialects, type TestDatabase } from '../test-support/test-database.js';
import { openTestApp, type TestApp } from '../../test-support/test-app.js';
import { canonicalJson, IDEMPOTENCY_RETENTION_MS } from './idempotency.js';
import { createServer, type GatehouseServer } from './server.js';

const H200 = { name: 'NVIDIA H200 SXM 141 GB', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15832, memoryGb: 141, memoryBandwidthGbPerSecond: 4800 };

describe('canonical JSON of a request body', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 2, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":2}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe.each(testDialects())('Idempotency-Key through the app on %s', (dialect) => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await openTestApp(dialect);
  });
  afterAll(async () => {
    await harness.close();
  });

  const post = (url: string, payload: object, headers: Record<string, string>) => harness.app.inject({ method: 'POST', url, payload, headers });

  it('does the work once and answers a repeat with the first status, body and headers', async () => {
    const before = { items: await countRows(harness.context.database, 'items'), audit: await countRows(harness.context.database, 'audit_entries') };
    const headers = { ...harness.auth.policyAdmin, 'idempotency-key': 'create-h200-1' };
    const first = await post('/api/v1/items', H200, headers);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await post('/api/v1/items', H200, headers);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect({ location: second.headers.location, etag: second.headers.etag, type: second.headers['content-type'] }).toEqual({
      location: first.headers.location,
      etag: first.headers.etag,
      type: first.headers['content-type'],
    });
    expect({ items: await countRows(harness.context.database, 'items'), audit: await countRows(harness.context.database, 'audit_entries') }).toEqual({ items: before.items + 1, audit: before.audit + 1 });
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const headers = { ...harness.auth.policyAdmin, 'idempotency-key': 'reordered' };
    const payload = { ...H200, name: 'reordered item' };
    const first = await post('/api/v1/items', payload, headers);
    const reversed = Object.fromEntries(Object.entries(payload).reverse());
    const second = await post('/api/v1/items', reversed, headers);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
  });

  it('refuses the same key with a different body or path (422) and changes nothing', async () => {
    const headers = { ...harness.auth.policyAdmin, 'idempotency-key': 'reused-key' };
    expect((await post('/api/v1/items', { ...H200, name: 'first use' }, headers)).statusCode).toBe(201);
    const items = await countRows(harness.context.database, 'items');
    const differentBody = await post('/api/v1/items', { ...H200, name: 'second use' }, headers);
    expect([differentBody.statusCode, differentBody.json().code, differentBody.json().field]).toEqual([422, 'idempotency_key_reused', 'Idempotency-Key']);
    const differentPath = await post('/api/v1/organisations', { legalName: 'Reused Key Ltd', category: 'small-firm' }, headers);
    expect(differentPath.json().code).toBe('idempotency_key_reused');
    expect(await countRows(harness.context.database, 'items')).toBe(items);
    expect(await countRows(harness.context.database, 'organisations')).toBe(4);
  });

  it('keeps keys apart per actor: another user’s same key is a new request', async () => {
    const facility = (name: string, organisationId: string) => ({ organisationId, name, region: 'Jiangsu', latitude: 31, longitude: 120 });
    const mine = await post('/api/v1/facilities', facility('Shared key DC', harness.organisationId), { ...harness.auth.applicant, 'idempotency-key': 'k-1' });
    const theirs = await post('/api/v1/facilities', facility('Shared key DC', harness.otherOrganisationId), { ...harness.auth.otherApplicant, 'idempotency-key': 'k-1' });
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('replays a refusal too: the first answer, not a fresh attempt', async () => {
    await post('/api/v1/items', { ...H200, name: 'taken name' }, harness.auth.policyAdmin);
    const headers = { ...harness.auth.policyAdmin, 'idempotency-key': 'refused' };
    const first = await post('/api/v1/items', { ...H200, name: 'taken name' }, headers);
    expect([first.statusCode, first.json().code]).toEqual([409, 'duplicate_name']);
    const second = await post('/api/v1/items', { ...H200, name: 'taken name' }, headers);
    expect([second.statusCode, second.headers['idempotent-replayed'], second.headers['content-type']]).toEqual([409, 'true', 'application/problem+json; charset=utf-8']);
    expect(second.json()).toEqual(first.json());
  });

  it('forgets a key after 24 hours: the same request is then done again', async () => {
    const headers = { ...harness.auth.policyAdmin, 'idempotency-key': 'expiring' };
    const payload = { ...H200, name: 'expiring item' };
    expect((await post('/api/v1/items', payload, headers)).statusCode).toBe(201);
    harness.context.clock.advanceMs(IDEMPOTENCY_RETENTION_MS - 1);
    expect((await post('/api/v1/items', payload, headers)).headers['idempotent-replayed']).toBe('true');
    harness.context.clock.advanceMs(1);
    // Done again: the item exists now, so this time the answer is a duplicate name.
    const again = await post('/api/v1/items', payload, headers);
    expect([again.statusCode, again.json().code, again.headers['idempotent-replayed']]).toEqual([409, 'duplicate_name', undefined]);
  });

  it('refuses a malformed key with 400 and stores nothing without a key', async () => {
    const storedKeys = async () => (await harness.context.database.db.selectFrom('idempotency_keys').select('idempotency_key').execute()).length;
    const rows = await storedKeys();
    for (const key of ['x'.repeat(256), 'has space', 'ключ']) {
      const response = await post('/api/v1/items', { ...H200, name: `bad key ${key.length}` }, { ...harness.auth.policyAdmin, 'idempotency-key': key });
      expect([response.statusCode, response.json().code, response.json().field]).toEqual([400, 'validation_failed', 'Idempotency-Key']);
    }
    expect((await post('/api/v1/items', { ...H200, name: 'no key' }, harness.auth.policyAdmin)).statusCode).toBe(201);
    expect(await storedKeys()).toBe(rows);
  });
});

describe.each(testDialects())('Idempotency-Key hooks on a bare server on %s', (dialect) => {
  let database: TestDatabase;
  let app: GatehouseServer;
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  let calls = 0;
  let release: (() => void) | null = null;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    app = await createServer({
      logLevel: 'silent',
      bodyLimitBytes: 4096,
      version: 'test',
      isReady: () => Promise.resolve(true),
      authenticate: (request) => {
        const id = request.headers['x-actor'];
        return Promise.resolve(typeof id === 'string' ? { actor: { id, role: 'reviewer', organisationId: null }, session: null } : null);
      },
      idempotency: { db: database.db, clock },
    });
    app.post('/work', async (request, reply) => {
      calls += 1;
      const body = request.body as { mode?: string };
      if (body.mode === 'crash') throw new Error('the work failed');
      if (body.mode === 'slow') await new Promise<void>((resolve) => (release = resolve));
      return reply.status(201).send({ call: calls });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const work = (key: string, mode: string) => app.inject({ method: 'POST', url: '/work', payload: { mode }, headers: { 'x-actor': 'actor-1', 'idempotency-key': key } });

  it('releases the key when the answer is a 500, so that a retry does the work', async () => {
    calls = 0;
    expect((await work('crash-key', 'crash')).statusCode).toBe(500);
    expect((await work('crash-key', 'crash')).statusCode).toBe(500);
    expect(calls).toBe(2);
  });

  it('tells a repeat that arrives while the first is still running to retry later (409), then replays', async () => {
    calls = 0;
    const first = work('slow-key', 'slow');
    while (release === null) await new Promise((resolve) => setTimeout(resolve, 5));
    const concurrent = await work('slow-key', 'slow');
    expect([concurrent.statusCode, concurrent.json().code]).toEqual([409, 'idempotency_key_in_progress']);
    release();
    release = null;
    expect((await first).json()).toEqual({ call: 1 });
    const repeat = await work('slow-key', 'slow');
    expect([repeat.statusCode, repeat.json(), repeat.headers['idempotent-replayed']]).toEqual([201, { call: 1 }, 'true']);
    expect(calls).toBe(1);
  });

  it('does the work for every POST without a key, and never keys a GET', async () => {
    calls = 0;
    for (let index = 0; index < 3; index += 1) await app.inject({ method: 'POST', url: '/work', payload: { mode: 'plain' }, headers: { 'x-actor': 'actor-1' } });
    expect(calls).toBe(3);
  });

  it('purges expired keys as requests come along', async () => {
    expect((await work('old-key', 'plain')).statusCode).toBe(201);
    clock.advanceMs(IDEMPOTENCY_RETENTION_MS + 60_000);
    await work('new-key', 'plain');
    const keys = await database.db.selectFrom('idempotency_keys').select('idempotency_key').execute();
    expect(keys.map((row) => row.idempotency_key)).toEqual(['new-key']);
  });
});
