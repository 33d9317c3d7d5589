import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, testDialects } from '../platform/test-support/test-database.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';

const H200 = { name: 'NVIDIA H200 SXM 141 GB', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15832, memoryGb: 141, memoryBandwidthGbPerSecond: 4800 };

describe.each(testDialects())('registry over HTTP on %s', (dialect) => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await openTestApp(dialect);
  });
  afterAll(async () => {
    await harness.close();
  });

  /** Every refusal must leave the database exactly as it was: same rows, same audit chain. */
  async function expectUnchanged(work: () => Promise<void>): Promise<void> {
    const before = { audit: await countRows(harness.context.database, 'audit_entries'), items: await countRows(harness.context.database, 'items'), facilities: await countRows(harness.context.database, 'facilities') };
    await work();
    expect({ audit: await countRows(harness.context.database, 'audit_entries'), items: await countRows(harness.context.database, 'items'), facilities: await countRows(harness.context.database, 'facilities') }).toEqual(before);
  }

  function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string, field?: string): void {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json() as Record<string, unknown>;
    expect({ status: response.statusCode, code: body.code, bodyStatus: body.status }).toEqual({ status, code, bodyStatus: status });
    expect(body.type).toMatch(/^https:\/\//);
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    if (field !== undefined) expect(body.field).toBe(field);
  }

  it('creates with 201, Location and ETag, then reads it back', async () => {
    const created = await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload: H200 });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const body = created.json();
    expect(created.headers.location).toBe(`/api/v1/items/${body.id}`);
    expect(created.headers['x-request-id']).toBeTruthy();
    const fetched = await harness.app.inject({ method: 'GET', url: `/api/v1/items/${body.id}`, headers: harness.auth.applicant });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(body);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    await expectUnchanged(async () => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: { ...harness.auth.policyAdmin, 'content-type': 'application/json' }, payload: '{"name": "x",' });
      expectProblem(response, 400, 'malformed_json');
    });
  });

  it('answers an unknown field with 400 naming it', async () => {
    await expectUnchanged(async () => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload: { ...H200, name: 'other', colour: 'green' } });
      expectProblem(response, 400, 'validation_failed', 'body.colour');
    });
  });

  it('answers a wrong type with 400 naming the field, without coercing "5" to 5', async () => {
    await expectUnchanged(async () => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload: { ...H200, name: 'other', tpp: '15832' } });
      expectProblem(response, 400, 'validation_failed', 'body.tpp');
    });
  });

  it('answers a missing field and a negative or fractional quantity with 400', async () => {
    const { vendor: _vendor, ...withoutVendor } = H200;
    for (const [payload, field] of [
      [withoutVendor, 'body.vendor'],
      [{ ...H200, name: 'n2', tpp: -1 }, 'body.tpp'],
      [{ ...H200, name: 'n3', memoryGb: 1.5 }, 'body.memoryGb'],
      [{ ...H200, name: 'n4', tpp: 2 ** 60 }, 'body.tpp'],
    ] as const) {
      await expectUnchanged(async () => {
        expectProblem(await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload }), 400, 'validation_failed', field);
      });
    }
  });

  it('answers an oversized body with 413', async () => {
    await expectUnchanged(async () => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload: { ...H200, name: 'x'.repeat(70 * 1024) } });
      expectProblem(response, 413, 'body_too_large');
    });
  });

  it('answers a body that is not JSON with 415', async () => {
    await expectUnchanged(async () => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: { ...harness.auth.policyAdmin, 'content-type': 'text/plain' }, payload: 'name=x' });
      expectProblem(response, 415, 'unsupported_media_type');
    });
  });

  it('answers an unknown id with 404 and an unknown route with 404 route_not_found', async () => {
    expectProblem(await harness.app.inject({ method: 'GET', url: '/api/v1/items/no-such-item', headers: harness.auth.reviewer }), 404, 'item_not_found', 'id');
    expectProblem(await harness.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: harness.auth.reviewer }), 404, 'route_not_found');
  });

  it('refuses an update without If-Match (428) and with a stale ETag (412)', async () => {
    const created = (await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload: { ...H200, name: 'versioned' } })).json();
    const url = `/api/v1/items/${created.id}`;
    const first = await harness.app.inject({ method: 'PATCH', url, headers: { ...harness.auth.policyAdmin, 'if-match': '"1"' }, payload: { tpp: 15900 } });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    await expectUnchanged(async () => {
      expectProblem(await harness.app.inject({ method: 'PATCH', url, headers: harness.auth.policyAdmin, payload: { tpp: 1 } }), 428, 'precondition_required', 'If-Match');
      expectProblem(await harness.app.inject({ method: 'PATCH', url, headers: { ...harness.auth.policyAdmin, 'if-match': '"1"' }, payload: { tpp: 1 } }), 412, 'version_conflict');
      expectProblem(await harness.app.inject({ method: 'PATCH', url, headers: { ...harness.auth.policyAdmin, 'if-match': 'banana' }, payload: { tpp: 1 } }), 400, 'validation_failed', 'If-Match');
    });
    expect((await harness.app.inject({ method: 'GET', url, headers: harness.auth.reviewer })).json().tpp).toBe(15900);
  });

  it('answers a duplicate name with 409', async () => {
    await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload: { ...H200, name: 'taken' } });
    await expectUnchanged(async () => {
      expectProblem(await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.policyAdmin, payload: { ...H200, name: 'taken' } }), 409, 'duplicate_name', 'name');
    });
  });

  it('answers anonymous callers with 401 and the wrong role with 403', async () => {
    for (const url of ['/api/v1/items', '/api/v1/organisations', '/api/v1/facilities', '/api/v1/fleet-declarations', '/api/v1/audit/entries', '/api/v1/audit/verification']) {
      expectProblem(await harness.app.inject({ method: 'GET', url }), 401, 'unauthenticated');
      expectProblem(await harness.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer gh_not-a-real-token' } }), 401, 'unauthenticated');
    }
    await expectUnchanged(async () => {
      expectProblem(await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.reviewer, payload: { ...H200, name: 'nope' } }), 403, 'forbidden');
      expectProblem(await harness.app.inject({ method: 'POST', url: '/api/v1/items', headers: harness.auth.auditor, payload: { ...H200, name: 'nope' } }), 403, 'forbidden');
    });
  });

  it('keeps each applicant inside its own organisation', async () => {
    const facility = { organisationId: harness.organisationId, name: 'DC-A', region: 'Jiangsu', latitude: 31, longitude: 120 };
    const created = await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: harness.auth.applicant, payload: facility });
    expect(created.statusCode).toBe(201);
    await expectUnchanged(async () => {
      expectProblem(await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: harness.auth.otherApplicant, payload: { ...facility, name: 'DC-B' } }), 403, 'forbidden');
      expectProblem(await harness.app.inject({ method: 'GET', url: `/api/v1/facilities/${created.json().id}`, headers: harness.auth.otherApplicant }), 404, 'facility_not_found');
    });
    const otherList = await harness.app.inject({ method: 'GET', url: '/api/v1/facilities', headers: harness.auth.otherApplicant });
    expect(otherList.json().items).toEqual([]);
  });

  it('refuses an unknown reference with 422', async () => {
    await expectUnchanged(async () => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: harness.auth.policyAdmin, payload: { organisationId: 'missing', name: 'x', region: 'y', latitude: 0, longitude: 0 } });
      expectProblem(response, 422, 'unknown_reference', 'organisationId');
    });
  });

  it('caps the page size', async () => {
    expectProblem(await harness.app.inject({ method: 'GET', url: '/api/v1/items?limit=100000', headers: harness.auth.reviewer }), 400, 'validation_failed', 'querystring.limit');
    const page = await harness.app.inject({ method: 'GET', url: '/api/v1/items?limit=1', headers: harness.auth.reviewer });
    expect(page.json().items).toHaveLength(1);
    expect(typeof page.json().nextCursor).toBe('string');
  });

  it('serves health, readiness and an OpenAPI 3.1 document listing the registry routes', async () => {
    expect((await harness.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await harness.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const document = (await harness.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/items', '/api/v1/items/{id}', '/api/v1/organisations', '/api/v1/facilities/{id}', '/api/v1/fleet-declarations']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect(document.components.securitySchemes.bearerToken.scheme).toBe('bearer');
    expect((await harness.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });
});
