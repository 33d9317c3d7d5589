/**
 * The web app beside the API: files as they are (assets cached for a year, the page revalidated),
 * the page for any other path that is not the API's, 404 for a missing file, the API's own 404 for
 * an unknown API path, and a clear 503 when the app was never built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type GatehouseServer } from './server.js';
import { registerWebApp } from './web-app.js';

async function serverWith(root: string): Promise<GatehouseServer> {
  const app = await createServer({ logLevel: 'silent', bodyLimitBytes: 1024, version: 'test', authenticate: () => Promise.resolve(null), isReady: () => Promise.resolve(true) });
  app.get('/api/v1/thing', { config: { isPublic: true } }, () => Promise.resolve({ ok: true }));
  await registerWebApp(app, { root });
  await app.ready();
  return app;
}

describe('the web app', () => {
  let directory: string;
  let app: GatehouseServer;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatehouse-web-'));
    mkdirSync(join(directory, 'assets'));
    writeFileSync(join(directory, 'index.html'), '<!doctype html><title>Gatehouse</title>');
    writeFileSync(join(directory, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(directory, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1)'));
    writeFileSync(join(directory, 'robots.txt'), 'User-agent: *');
    app = await serverWith(directory);
  });
  afterAll(async () => {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves the page at the root and at any app path, revalidated, with a content security policy', async () => {
    for (const url of ['/', '/licences/0193-abc', '/review?state=submitted']) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.headers['content-type'], response.headers['cache-control']]).toEqual([url, 200, 'text/html; charset=utf-8', 'no-cache']);
      expect(response.body).toContain('<title>Gatehouse</title>');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('serves files as they are; hashed assets are cached for a year', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect([asset.statusCode, asset.headers['cache-control'], asset.body]).toEqual([200, 'public, max-age=31536000, immutable', 'console.log(1)']);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const robots = await app.inject({ method: 'GET', url: '/robots.txt' });
    expect([robots.statusCode, robots.headers['cache-control']]).toEqual([200, 'no-cache']);
  });

  it('sends the compressed copy the build wrote to a client that accepts it', async () => {
    const compressed = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect([compressed.statusCode, compressed.headers['content-encoding'], compressed.headers['cache-control']]).toEqual([200, 'gzip', 'public, max-age=31536000, immutable']);
    expect(compressed.headers['content-type']).toMatch(/javascript/);
    expect(gunzipSync(compressed.rawPayload).toString()).toBe('console.log(1)');
    // No copy in that encoding: the file as it is.
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect([plain.statusCode, plain.headers['content-encoding'], plain.body]).toEqual([200, undefined, 'console.log(1)']);
  });

  it('answers a missing file with 404, never the page, and never reads outside its folder', async () => {
    for (const url of ['/assets/missing.js', '/../package.json', '/%2e%2e/package.json', '/assets/../../etc/passwd.txt']) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode]).toEqual([url, 404]);
      expect(response.body).not.toContain('<title>Gatehouse</title>');
    }
  });

  it('leaves the API alone: known routes answer, unknown ones are the API’s 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/thing' })).json()).toEqual({ ok: true });
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect([unknown.statusCode, unknown.json().code, unknown.headers['content-type']]).toEqual([404, 'route_not_found', 'application/problem+json; charset=utf-8']);
    expect((await app.inject({ method: 'GET', url: '/api' })).statusCode).toBe(404);
  });

  it('says how to build the app when it was never built, and the API still works', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gatehouse-web-empty-'));
    const bare = await serverWith(empty);
    try {
      const page = await bare.inject({ method: 'GET', url: '/dashboard' });
      expect([page.statusCode, page.json().code]).toEqual([503, 'service_unavailable']);
      expect(page.json().detail).toContain('npm run build');
      expect((await bare.inject({ method: 'GET', url: '/api/v1/thing' })).statusCode).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
