/**
 * The directory of users over HTTP, on every dialect: names and roles for ids, to the regulator
 * and auditors only; filters; cursor pages; refusals as problem+json. No password hash or token
 * ever appears in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../platform/test-support/test-database.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';

interface Entry {
  id: string;
  login: string;
  displayName: string;
  role: string;
  organisationId: string | null;
  status: string;
}

describe.each(testDialects())('the user directory on %s', (dialect) => {
  let harness: TestApp;
  beforeAll(async () => {
    harness = await openTestApp(dialect);
  });
  afterAll(async () => {
    await harness.close();
  });

  async function get(headers: { authorization: string }, query = '') {
    const response = await harness.app.inject({ method: 'GET', url: `/api/v1/users${query}`, headers });
    return { status: response.statusCode, body: response.json<{ items: Entry[]; nextCursor: string | null; code?: string }>(), text: response.body, contentType: String(response.headers['content-type']) };
  }

  it('names every user to the regulator, with role and organisation, and nothing secret', async () => {
    const everyone = await get(harness.auth.reviewer);
    expect(everyone.status).toBe(200);
    expect(everyone.body.items.map((entry) => [entry.login, entry.displayName, entry.role]).sort()).toEqual(
      [
        ['applicant', 'applicant', 'applicant'],
        ['approver', 'approver', 'approver'],
        ['auditor', 'auditor', 'auditor'],
        ['customs', 'customs', 'customs'],
        ['otherapplicant', 'otherApplicant', 'applicant'],
        ['policyadmin', 'policyAdmin', 'policy-admin'],
        ['reviewer', 'reviewer', 'reviewer'],
        ['vendor', 'vendor', 'vendor'],
      ].sort(),
    );
    expect(everyone.body.items.find((entry) => entry.login === 'applicant')?.organisationId).toBe(harness.organisationId);
    expect(everyone.text).not.toMatch(/password|hash|token/i);
    for (const role of ['auditor', 'approver', 'policyAdmin'] as const) expect((await get(harness.auth[role])).body).toEqual(everyone.body);
  });

  it('filters by role and organisation', async () => {
    expect((await get(harness.auth.auditor, '?role=applicant')).body.items.map((entry) => entry.login).sort()).toEqual(['applicant', 'otherapplicant']);
    expect((await get(harness.auth.auditor, `?organisationId=${harness.otherOrganisationId}`)).body.items.map((entry) => entry.login)).toEqual(['otherapplicant']);
  });

  it('is refused to applicants, vendors and customs, who do not enumerate people', async () => {
    for (const role of ['applicant', 'otherApplicant', 'vendor', 'customs'] as const) {
      const refused = await get(harness.auth[role], `?organisationId=${harness.organisationId}`);
      expect([role, refused.status, refused.body.code, refused.contentType]).toEqual([role, 403, 'forbidden', 'application/problem+json; charset=utf-8']);
    }
  });

  it('pages with a cursor over everyone once, and refuses bad paging', async () => {
    const all = (await get(harness.auth.auditor)).body.items.map((entry) => entry.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pageCount = 0; pageCount < 20; pageCount++) {
      const page = await get(harness.auth.auditor, `?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((entry) => entry.id));
      cursor = page.body.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual(all);
    for (const query of ['?limit=201', '?limit=0', '?cursor=', '?role=emperor', '?colour=blue']) {
      const refused = await get(harness.auth.auditor, query);
      expect([query, refused.status, refused.body.code]).toEqual([query, 400, 'validation_failed']);
    }
  });
});
