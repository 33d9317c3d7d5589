/**
 * Sign-in over HTTP on both dialects: the cookie and its attributes, CSRF on state-changing
 * requests, who-am-I, sign-out taking effect at once, idle and absolute expiry, failures that do
 * not reveal whether a login exists, the sign-in limiter, and expired or revoked API tokens.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { operatorActor } from '../platform/actor.js';
import { inTransaction } from '../platform/context.js';
import { countRows, testDialects } from '../platform/test-support/test-database.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';
import { findUserByLogin } from './access.store.js';
import { addUser } from './create-user.js';
import { issueToken, revokeApiToken } from './create-api-token.js';
import { hashPassword } from './password.js';
import { SESSION_IDLE_MS, SESSION_LIFETIME_MS } from './session.js';
import { sessionCookieOptions } from './session.routes.js';
import { setUserPassword } from './set-password.js';

const PASSWORD = 'a long enough passphrase';

type InjectResult = LightMyRequestResponse;

describe.each(testDialects())('sign-in and sessions on %s', (dialect) => {
  let harness: TestApp;
  let facilityCount = 0;
  const operator = operatorActor('test');

  beforeAll(async () => {
    harness = await openTestApp(dialect);
    const now = harness.context.clock.now();
    const hashed = await hashPassword(PASSWORD);
    await inTransaction(harness.context, async (trx) => {
      await addUser(trx, operator, now, { login: 'ann', displayName: 'Ann Applicant', role: 'applicant', organisationId: harness.organisationId }, hashed);
      await addUser(trx, operator, now, { login: 'rita', displayName: 'Rita Reviewer', role: 'reviewer', organisationId: null }, hashed);
      await addUser(trx, operator, now, { login: 'tokens-only', displayName: 'Machine', role: 'vendor', organisationId: harness.organisationId });
      await addUser(trx, operator, now, { login: 'dora', displayName: 'Disabled', role: 'reviewer', organisationId: null }, hashed);
      await trx.updateTable('users').set({ status: 'disabled' }).where('login', '=', 'dora').execute();
    });
  });
  afterAll(async () => {
    await harness.close();
  });
  // Five minutes between tests refill every login's sign-in allowance (five, one back a minute).
  beforeEach(() => {
    harness.context.clock.advanceMs(5 * 60_000);
  });

  /** Each test signs in from its own address, so the per-address limit of one does not touch another. */
  let addressCount = 0;
  function nextAddress(): string {
    addressCount += 1;
    return `203.0.113.${addressCount}`;
  }

  async function signIn(login: string, password: string, remoteAddress = nextAddress()): Promise<InjectResult> {
    return harness.app.inject({ method: 'POST', url: '/api/v1/session', payload: { login, password }, remoteAddress });
  }

  async function signedIn(login = 'ann'): Promise<{ cookie: string; csrfToken: string }> {
    const response = await signIn(login, PASSWORD);
    expect(response.statusCode).toBe(201);
    const session = response.cookies.find((cookie) => cookie.name === 'gatehouse_session');
    expect(session).toBeDefined();
    return { cookie: `gatehouse_session=${session!.value}`, csrfToken: response.json().csrfToken as string };
  }

  function facility(): Record<string, unknown> {
    facilityCount += 1;
    return { organisationId: harness.organisationId, name: `DC-${facilityCount}`, region: 'Jiangsu', latitude: 31, longitude: 120 };
  }

  it('signs in with login and password: an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
    const response = await signIn('ann', PASSWORD);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ user: { login: 'ann', displayName: 'Ann Applicant' }, role: 'applicant', organisation: { id: harness.organisationId, legalName: 'Applicant One Ltd' } });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.expiresAt)).toBe(harness.context.clock.now().getTime() + SESSION_LIFETIME_MS);
    const cookie = response.cookies.find((entry) => entry.name === 'gatehouse_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Plain HTTP here: no Secure attribute (the browser would drop the cookie on http://localhost).
    expect(cookie?.secure).toBeUndefined();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only hashes are stored: neither the cookie's value nor the CSRF token appears in the table.
    const rows = await harness.context.database.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(cookie!.value);
    expect(JSON.stringify(rows)).not.toContain(body.csrfToken as string);
  });

  it('sets Secure on the cookie when the request came over HTTPS', () => {
    // inject() cannot fake a TLS socket, which is what request.protocol reads; the rule is checked here.
    expect(sessionCookieOptions(true)).toEqual({ path: '/', httpOnly: true, sameSite: 'strict', secure: true });
    expect(sessionCookieOptions(false).secure).toBe(false);
  });

  it('answers who-am-I for a session and for an API token, and gives the CSRF token again after a reload', async () => {
    const { cookie, csrfToken } = await signedIn();
    const bySession = await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(bySession.statusCode).toBe(200);
    expect(bySession.json()).toMatchObject({ user: { login: 'ann' }, role: 'applicant', organisation: { id: harness.organisationId }, authenticatedBy: 'session', csrfToken });
    const byToken = await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: harness.auth.reviewer });
    expect(byToken.json()).toMatchObject({ user: { login: 'reviewer' }, role: 'reviewer', organisation: null, authenticatedBy: 'token', csrfToken: null });
  });

  it('a session cookie reads without a CSRF token but must send the right one to change anything', async () => {
    const { cookie, csrfToken } = await signedIn();
    expect((await harness.app.inject({ method: 'GET', url: '/api/v1/facilities', headers: { cookie } })).statusCode).toBe(200);
    const before = await countRows(harness.context.database, 'facilities');
    const missing = await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: { cookie }, payload: facility() });
    expect([missing.statusCode, missing.json().code]).toEqual([403, 'csrf_token_missing']);
    const wrong = await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: { cookie, 'x-csrf-token': 'A'.repeat(csrfToken.length) }, payload: facility() });
    expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'csrf_token_invalid']);
    // Another session's token does not fit this one.
    const other = await signedIn('ann');
    const foreign = await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: { cookie, 'x-csrf-token': other.csrfToken }, payload: facility() });
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'csrf_token_invalid']);
    expect(await countRows(harness.context.database, 'facilities')).toBe(before);
    const right = await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: { cookie, 'x-csrf-token': csrfToken }, payload: facility() });
    expect(right.statusCode).toBe(201);
    // The audit entry names the signed-in user.
    const user = await findUserByLogin(harness.context.database.db, 'ann');
    const entry = await harness.context.database.db.selectFrom('audit_entries').select(['actor_id', 'event_type']).orderBy('sequence', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor_id: user!.id, event_type: 'facility.created' });
  });

  it('bearer-token requests need no CSRF token, and a bad bearer token is not rescued by a good cookie', async () => {
    expect((await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: harness.auth.applicant, payload: facility() })).statusCode).toBe(201);
    const { cookie } = await signedIn();
    const mixed = await harness.app.inject({ method: 'GET', url: '/api/v1/facilities', headers: { cookie, authorization: 'Bearer gh_not-a-real-token' } });
    expect([mixed.statusCode, mixed.json().code]).toEqual([401, 'unauthenticated']);
  });

  it('signs out at once: the cookie is cleared and the old cookie no longer works', async () => {
    const { cookie, csrfToken } = await signedIn();
    const noCsrf = await harness.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, 'csrf_token_missing']);
    const out = await harness.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((entry) => entry.name === 'gatehouse_session');
    expect(cleared?.value).toBe('');
    expect((cleared?.expires as Date).getTime()).toBeLessThan(Date.now());
    const after = await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect([after.statusCode, after.json().code]).toEqual([401, 'unauthenticated']);
    const events = await harness.context.database.db.selectFrom('audit_entries').select('event_type').where('event_type', 'in', ['session.started', 'session.ended']).execute();
    expect(events.some((event) => event.event_type === 'session.ended')).toBe(true);
    // A bearer-token caller has no session to end.
    const byToken = await harness.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: harness.auth.reviewer });
    expect([byToken.statusCode, byToken.json().code]).toEqual([404, 'session_not_found']);
  });

  it('ends a session after 30 minutes idle, keeps an active one, and ends every session at 12 hours', async () => {
    const idle = await signedIn();
    const active = await signedIn();
    for (let step = 0; step < 3; step += 1) {
      harness.context.clock.advanceMs(SESSION_IDLE_MS / 2);
      expect((await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: active.cookie } })).statusCode).toBe(200);
    }
    expect((await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: idle.cookie } })).statusCode).toBe(401);
    for (let elapsedMs = (3 * SESSION_IDLE_MS) / 2; elapsedMs < SESSION_LIFETIME_MS - SESSION_IDLE_MS / 2; elapsedMs += SESSION_IDLE_MS / 2) {
      harness.context.clock.advanceMs(SESSION_IDLE_MS / 2);
      expect((await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: active.cookie } })).statusCode).toBe(200);
    }
    harness.context.clock.advanceMs(SESSION_IDLE_MS / 2);
    expect((await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: active.cookie } })).statusCode).toBe(401);
  });

  it('a new password ends the user’s open sessions', async () => {
    const { cookie } = await signedIn('rita');
    await setUserPassword(harness.context, operator, { login: 'rita', password: `${PASSWORD} two` });
    expect((await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await signIn('rita', PASSWORD)).statusCode).toBe(401);
    expect((await signIn('rita', `${PASSWORD} two`)).statusCode).toBe(201);
  });

  it('refuses a wrong password, an unknown login, a token-only user and a disabled user alike', async () => {
    const answers = [await signIn('ann', 'wrong password, long'), await signIn('nobody-here', PASSWORD), await signIn('tokens-only', PASSWORD), await signIn('dora', PASSWORD)];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['set-cookie']).toBeUndefined();
      const { instance: _instance, ...body } = answer.json();
      expect(body).toEqual({
        type: 'https://gatehouse.example/problems/invalid-credentials',
        title: 'The login or password is wrong',
        status: 401,
        detail: 'the login or password is wrong',
        code: 'invalid_credentials',
      });
    }
  });

  it('takes as long for an unknown login as for a wrong password (a dummy hash is checked)', async () => {
    const durations = { known: [] as number[], unknown: [] as number[] };
    for (let round = 0; round < 5; round += 1) {
      // Each round moves past the per-login refill so that the limiter stays out of the way.
      harness.context.clock.advanceMs(60_000);
      for (const kind of ['known', 'unknown'] as const) {
        const started = performance.now();
        const answer = await signIn(kind === 'known' ? 'ann' : `ghost-${round}`, 'wrong password, long');
        durations[kind].push(performance.now() - started);
        expect(answer.statusCode).toBe(401);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // Without the dummy hash an unknown login answers in about a millisecond against tens for argon2id.
    expect(median(durations.unknown)).toBeGreaterThan(median(durations.known) * 0.5);
  });

  it('limits attempts per login (429 with Retry-After, even with the right password) and lets them back in time', async () => {
    harness.context.clock.advanceMs(3_600_000);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await signIn('ann', 'wrong password, long')).statusCode).toBe(401);
    const limited = await signIn('ann', PASSWORD);
    expect([limited.statusCode, limited.json().code]).toEqual([429, 'rate_limited']);
    expect(limited.headers['retry-after']).toBe('60');
    harness.context.clock.advanceMs(60_000);
    expect((await signIn('ann', PASSWORD)).statusCode).toBe(201);
  });

  it('limits attempts per client address across logins', async () => {
    harness.context.clock.advanceMs(3_600_000);
    const address = nextAddress();
    for (let attempt = 0; attempt < 20; attempt += 1) expect((await signIn(`spray-${attempt}`, 'wrong password, long', address)).statusCode).toBe(401);
    const limited = await signIn('rita', `${PASSWORD} two`, address);
    expect([limited.statusCode, limited.json().code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The same user from another address is not held up by the sprayer.
    expect((await signIn('rita', `${PASSWORD} two`)).statusCode).toBe(201);
  });

  it('answers 401 for an expired and for a revoked API token, and for no token at all', async () => {
    const now = harness.context.clock.now();
    const issued = await inTransaction(harness.context, async (trx) => ({
      short: await issueToken(trx, operator, now, { login: 'rita', label: 'short', validityDays: 1 }),
      revoked: await issueToken(trx, operator, now, { login: 'rita', label: 'to revoke', validityDays: 30 }),
    }));
    const get = (secret: string) => harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${secret}` } });
    expect((await get(issued.short.secret)).statusCode).toBe(200);
    expect((await get(issued.revoked.secret)).statusCode).toBe(200);
    await revokeApiToken(harness.context, operator, issued.revoked.token.id);
    const revoked = await get(issued.revoked.secret);
    expect([revoked.statusCode, revoked.json().code]).toEqual([401, 'unauthenticated']);
    harness.context.clock.advanceMs(86_400_000);
    const expired = await get(issued.short.secret);
    expect([expired.statusCode, expired.json().code]).toEqual([401, 'unauthenticated']);
    expect((await harness.app.inject({ method: 'GET', url: '/api/v1/session' })).statusCode).toBe(401);
  });
});
