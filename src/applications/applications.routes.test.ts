import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { publishPolicy } from '../policy/publish-policy.js';
import { testActors, testDialects } from '../platform/test-support/test-database.js';
import { createFacility, createItem, declareFleet, updateOrganisation } from '../registry/index.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';

describe.each(testDialects())('applications over HTTP on %s', (dialect) => {
  let harness: TestApp;
  let itemId: string;
  let facilityId: string;
  beforeAll(async () => {
    harness = await openTestApp(dialect);
    const { context } = harness;
    const admin = testActors.policyAdmin;
    await publishPolicy(context, admin, readFileSync(demoPolicyPath(), 'utf8'));
    itemId = (await createItem(context, admin, { name: 'NVIDIA H200', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15_832, memoryGb: 141, memoryBandwidthGbPerSecond: 4_800 })).id;
    const ascend = await createItem(context, admin, { name: 'Ascend 910C', vendor: 'Huawei', classificationCode: 'domestic', origin: 'domestic', tpp: 12_800, memoryGb: 128, memoryBandwidthGbPerSecond: 3_200 });
    // The test organisations are small firms, whose decisions the 2026 policy blocks until July.
    await updateOrganisation(context, admin, harness.organisationId, 1, { category: 'cloud-provider' });
    facilityId = (await createFacility(context, admin, { organisationId: harness.organisationId, name: 'DC', region: 'Jiangsu', latitude: 31, longitude: 120 })).id;
    await declareFleet(context, admin, { organisationId: harness.organisationId, asOf: '2025-12-31', periodStart: '2026-01-01', periodEnd: '2026-12-31', domesticUnitsCommitted: 5_000, holdings: [{ itemId: ascend.id, installedUnits: 10_000 }] });
  });
  afterAll(async () => {
    await harness.close();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH', url: string, who: { authorization: string }, payload?: unknown, version?: number) {
    const headers: Record<string, string> = { ...who };
    if (version !== undefined) headers['if-match'] = `"${version}"`;
    return harness.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  async function recommendedApplication(quantity: number) {
    const draft = (await call('POST', '/api/v1/applications', harness.auth.applicant, { itemId, facilityId, quantity, endUse: 'ai-training', justification: 'models', domesticJustification: 'bandwidth', deliveryFrom: '2026-04-01', deliveryUntil: '2026-06-30' })).json();
    const base = `/api/v1/applications/${draft.id}`;
    const submitted = await call('POST', `${base}/submission`, harness.auth.applicant, {}, 1);
    expect(submitted.statusCode).toBe(200);
    const taken = await call('POST', `${base}/review`, harness.auth.reviewer, {}, 2);
    expect(taken.json().state).toBe('under-review');
    const recommended = await call('POST', `${base}/recommendation`, harness.auth.reviewer, { decision: 'approve', quantity, reasonCode: 'meets-policy', note: 'fine' }, 3);
    expect(recommended.json().state).toBe('recommended');
    return { id: draft.id as string, base, version: 4 };
  }

  it('lets no route turn a reviewer into the approver of their own recommendation', async () => {
    const { base, version } = await recommendedApplication(1_000);
    const attempts = [
      ['POST', `${base}/decision`, { decision: 'approve', quantity: 1_000, note: 'self' }],
      ['POST', `${base}/decision`, { decision: 'partially-approve', quantity: 500, note: 'self' }],
      ['POST', `${base}/recommendation`, { decision: 'approve', quantity: 1_000, reasonCode: 'meets-policy', note: 'again' }],
      ['POST', `${base}/review`, {}],
      ['POST', `${base}/information-request`, { question: 'q?', dueDate: '2026-12-01' }],
      ['POST', `${base}/withdrawal`, {}],
      ['POST', `${base}/submission`, {}],
      ['PATCH', base, { quantity: 2 }],
    ] as const;
    for (const [method, url, payload] of attempts) {
      const response = await call(method, url, harness.auth.reviewer, payload, version);
      expect(response.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
    const after = (await call('GET', base, harness.auth.reviewer)).json();
    expect(after).toMatchObject({ state: 'recommended', version, decision: null, licenceId: null });
    const decided = await call('POST', `${base}/decision`, harness.auth.approver, { decision: 'approve', quantity: 1_000, note: 'second pair of eyes' }, version);
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'approved', grantedQuantity: 1_000 });
  });

  it('answers an illegal transition with 409 illegal_transition and a stale ETag with 412', async () => {
    const { base, version } = await recommendedApplication(100);
    const illegal = await call('POST', `${base}/review`, harness.auth.reviewer, {}, version);
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().code).toBe('illegal_transition');
    const stale = await call('POST', `${base}/decision`, harness.auth.approver, { decision: 'approve', quantity: 100, note: 'x' }, version - 1);
    expect(stale.statusCode).toBe(412);
    const missing = await harness.app.inject({ method: 'POST', url: `${base}/decision`, headers: harness.auth.approver, payload: { decision: 'approve', quantity: 100, note: 'x' } });
    expect(missing.statusCode).toBe(428);
  });

  it('evaluates a draft as the applicant types, and shows the timeline', async () => {
    const evaluation = await call('POST', '/api/v1/evaluations', harness.auth.applicant, { itemId, facilityId, quantity: 500_000, endUse: 'ai-training', domesticJustification: 'bandwidth' });
    expect(evaluation.statusCode).toBe(200);
    expect(evaluation.json().admissibleUnits).toBeLessThan(500_000);
    expect(evaluation.json().english).toMatch(/admissible/);
    const { base } = await recommendedApplication(10);
    const timeline = (await call('GET', `${base}/timeline`, harness.auth.applicant)).json();
    expect(timeline.entries.map((entry: { eventType: string }) => entry.eventType)).toEqual(['application.created', 'application.submitted', 'application.taken-for-review', 'application.recommended']);
    expect((await call('GET', `${base}/timeline`, harness.auth.otherApplicant)).statusCode).toBe(404);
  });
});
