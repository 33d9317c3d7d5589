import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { publishPolicy } from '../policy/publish-policy.js';
import { testActors, testDialects } from '../platform/test-support/test-database.js';
import { createFacility, createItem, declareFleet, updateOrganisation } from '../registry/index.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';

describe.each(testDialects())('allocation rounds over HTTP on %s', (dialect) => {
  let harness: TestApp;
  let itemId: string;
  const facilities: Record<'applicant' | 'otherApplicant', string> = { applicant: '', otherApplicant: '' };
  beforeAll(async () => {
    harness = await openTestApp(dialect);
    const { context } = harness;
    const admin = testActors.policyAdmin;
    await publishPolicy(context, admin, readFileSync(demoPolicyPath(), 'utf8'));
    itemId = (await createItem(context, admin, { name: 'NVIDIA H200', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15_832, memoryGb: 141, memoryBandwidthGbPerSecond: 4_800 })).id;
    const ascend = await createItem(context, admin, { name: 'Ascend 910C', vendor: 'Huawei', classificationCode: 'domestic', origin: 'domestic', tpp: 12_800, memoryGb: 128, memoryBandwidthGbPerSecond: 3_200 });
    // The test organisations are small firms, whose decisions the 2026 policy blocks until July.
    for (const [key, organisationId] of [['applicant', harness.organisationId], ['otherApplicant', harness.otherOrganisationId]] as const) {
      await updateOrganisation(context, admin, organisationId, 1, { category: 'cloud-provider' });
      facilities[key] = (await createFacility(context, admin, { organisationId, name: `DC ${key}`, region: 'Jiangsu', latitude: 31, longitude: 120 })).id;
      await declareFleet(context, admin, { organisationId, asOf: '2025-12-31', periodStart: '2026-01-01', periodEnd: '2026-12-31', domesticUnitsCommitted: 20_000, holdings: [{ itemId: ascend.id, installedUnits: 20_000 }] });
    }
  });
  afterAll(async () => {
    await harness.close();
  });

  async function call(method: 'GET' | 'POST', url: string, who: { authorization: string }, payload?: unknown, version?: number) {
    const headers: Record<string, string> = { ...who };
    if (version !== undefined) headers['if-match'] = `"${version}"`;
    return harness.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  async function recommendedApplication(who: 'applicant' | 'otherApplicant', quantity: number): Promise<string> {
    const draft = (await call('POST', '/api/v1/applications', harness.auth[who], { itemId, facilityId: facilities[who], quantity, endUse: 'ai-training', justification: 'models', domesticJustification: 'bandwidth', deliveryFrom: '2026-04-01', deliveryUntil: '2026-06-30' })).json();
    const base = `/api/v1/applications/${draft.id}`;
    expect((await call('POST', `${base}/submission`, harness.auth[who], {}, 1)).statusCode).toBe(200);
    expect((await call('POST', `${base}/review`, harness.auth.reviewer, {}, 2)).statusCode).toBe(200);
    const recommended = await call('POST', `${base}/recommendation`, harness.auth.reviewer, { decision: 'approve', quantity, reasonCode: 'meets-policy', note: 'fine' }, 3);
    expect(recommended.json().state).toBe('recommended');
    return draft.id as string;
  }

  it('opens, previews, commits, takes a withdrawal and re-runs a pro-rata round; applicants see only what is published', async () => {
    const own = await recommendedApplication('applicant', 9_000);
    // Lines are ordered by application id, which orders by creation time to the millisecond.
    harness.context.clock.advanceMs(1_000);
    const other = await recommendedApplication('otherApplicant', 3_000);
    harness.context.clock.advanceMs(60_000);
    const body = { title: 'H200, HTTP round', itemId, budget: 6_000, method: 'pro-rata', cutOff: harness.context.clock.now().toISOString(), withdrawalWindowDays: 3 };

    expect((await call('POST', '/api/v1/rounds', harness.auth.reviewer, body)).statusCode).toBe(403);
    const invalid = await call('POST', '/api/v1/rounds', harness.auth.approver, { ...body, inner: 'max-min' });
    expect([invalid.statusCode, invalid.json().code, invalid.json().field]).toEqual([400, 'validation_failed', 'inner']);
    const opened = await call('POST', '/api/v1/rounds', harness.auth.approver, body);
    expect(opened.statusCode).toBe(201);
    expect(opened.headers.etag).toBe('"1"');
    const url = opened.headers.location as string;
    expect(url).toBe(`/api/v1/rounds/${opened.json().id}`);
    expect((await call('GET', url, harness.auth.applicant)).statusCode).toBe(404);

    expect((await harness.app.inject({ method: 'POST', url: `${url}/preview`, headers: harness.auth.approver, payload: {} })).statusCode).toBe(428);
    expect((await call('POST', `${url}/preview`, harness.auth.approver, {}, 7)).statusCode).toBe(412);
    const previewed = await call('POST', `${url}/preview`, harness.auth.approver, {}, 1);
    expect(previewed.statusCode).toBe(200);
    const preview = previewed.json().preview;
    // 6,000 over claims of 12,000: coefficient 1/2.
    expect(preview.summary).toMatchObject({ coefficient: '1/2', granted: 6_000 });
    expect(preview.lines.map((line: { applicationId: string; grantedUnits: number }) => [line.applicationId, line.grantedUnits])).toEqual([
      [own, 4_500],
      [other, 1_500],
    ]);
    expect(preview.comparison).toHaveLength(5);

    const committed = await call('POST', `${url}/commit`, harness.auth.approver, {}, 2);
    expect(committed.statusCode).toBe(200);
    expect(committed.json()).toMatchObject({ state: 'committed', version: 3 });
    const twice = await call('POST', `${url}/commit`, harness.auth.approver, {}, 3);
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'round_state_conflict']);

    const published = await call('GET', url, harness.auth.otherApplicant);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ preview: null, commitment: { summary: { coefficient: '1/2' }, lines: [{ applicationId: other, grantedUnits: 1_500 }] } });
    expect(published.json().grants.map((grant: { applicationId: string }) => grant.applicationId)).toEqual([other]);
    expect(published.json().commitment.problem.applications).toHaveLength(2);

    const foreign = await call('POST', `${url}/withdrawals`, harness.auth.applicant, { applicationId: other }, 3);
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'application_not_found']);
    const withdrawn = await call('POST', `${url}/withdrawals`, harness.auth.otherApplicant, { applicationId: other, reason: 'too few' }, 3);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.headers.etag).toBe('"4"');
    const early = await call('POST', `${url}/rerun`, harness.auth.approver, {}, 4);
    expect([early.statusCode, early.json().code]).toEqual([409, 'withdrawal_window_open']);

    harness.context.clock.advanceDays(3);
    const final = await call('POST', `${url}/rerun`, harness.auth.approver, {}, 4);
    expect(final.statusCode).toBe(200);
    // The 1,500 units withdrawn go to the application that stayed, up to its claim of 9,000.
    expect(final.json()).toMatchObject({ state: 'final', rerun: { topUps: [{ applicationId: own, units: 1_500 }], final: { granted: 6_000, withdrawnUnits: 1_500 } } });
    const mine = (await call('GET', `/api/v1/applications/${own}`, harness.auth.applicant)).json();
    expect(mine).toMatchObject({ state: 'partially-approved', grantedQuantity: 6_000 });

    const list = await call('GET', '/api/v1/rounds?state=final', harness.auth.applicant);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { id: string; final: { granted: number } }) => [item.id, item.final.granted])).toEqual([[opened.json().id, 6_000]]);
  });

  it('answers a round that does not exist with 404 round_not_found, and a cancellation of a committed round with 409', async () => {
    const missing = await call('GET', '/api/v1/rounds/no-such-round', harness.auth.auditor);
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'round_not_found']);
    const opened = (await call('POST', '/api/v1/rounds', harness.auth.approver, { title: 'to cancel', itemId, budget: 10, method: 'max-min', cutOff: '2026-03-01' })).json();
    const cancelled = await call('POST', `/api/v1/rounds/${opened.id}/cancel`, harness.auth.approver, { reason: 'opened by mistake' }, 1);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', cancelReason: 'opened by mistake' });
    const again = await call('POST', `/api/v1/rounds/${opened.id}/cancel`, harness.auth.approver, { reason: 'again' }, 2);
    expect([again.statusCode, again.json().code]).toEqual([409, 'round_state_conflict']);
    const tiered = await call('POST', '/api/v1/rounds', harness.auth.approver, { title: 'tiers', itemId, budget: 10, method: 'tiered', inner: 'max-min', categoryTiers: { 'cloud-provider': 1 }, useCategoryShares: true, minLot: 2, cutOff: '2026-03-01' });
    expect([tiered.statusCode, tiered.json().settings]).toEqual([201, { inner: 'max-min', minLot: 2, useCategoryShares: true, categoryTiers: { 'cloud-provider': 1 }, withdrawalWindowDays: null }]);
    const unknownCategory = await call('POST', '/api/v1/rounds', harness.auth.approver, { title: 'tiers', itemId, budget: 10, method: 'tiered', categoryTiers: { elves: 1 }, cutOff: '2026-03-01' });
    expect([unknownCategory.statusCode, unknownCategory.json().field]).toEqual([400, 'categoryTiers.elves']);
    const unknownItem = await call('POST', '/api/v1/rounds', harness.auth.approver, { title: 'x', itemId: 'no-such-item', budget: 10, method: 'fcfs', cutOff: '2026-03-01' });
    expect([unknownItem.statusCode, unknownItem.json().code]).toEqual([422, 'unknown_reference']);
  });
});
