/**
 * The shell every route shares: security headers on every answer (public, API, refused), the
 * request id, no-store on the API, and authentication before anything else on non-public routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test-support/test-app.js';

describe('the HTTP shell', () => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await openTestApp('sqlite');
  });
  afterAll(async () => {
    await harness.close();
  });

  const securityHeaders = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

  it('sends the security headers and the request id on a public route, without no-store outside the API', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-1' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ ...securityHeaders, 'x-request-id': 'req-1' });
    expect(response.headers['cache-control']).toBeUndefined();
  });

  it('sends them with no-store on the API, answered or refused', async () => {
    const answered = await harness.app.inject({ method: 'GET', url: '/api/v1/session', headers: harness.auth.reviewer });
    expect(answered.statusCode).toBe(200);
    expect(answered.headers).toMatchObject({ ...securityHeaders, 'cache-control': 'no-store' });
    expect(answered.headers['x-request-id']).toMatch(/\S/);
    const refused = await harness.app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers).toMatchObject({ ...securityHeaders, 'cache-control': 'no-store' });
    expect(refused.json()).toMatchObject({ code: 'unauthenticated' });
    const badToken = await harness.app.inject({ method: 'POST', url: '/api/v1/reservations', headers: { authorization: 'Bearer not-a-real-token' }, payload: {} });
    expect(badToken.statusCode).toBe(401);
    expect(badToken.headers).toMatchObject(securityHeaders);
  });
});
