/**
 * The licensing routes through the real app (schemas, authentication, problem+json), on every
 * dialect: lists and reads per role, amendments with If-Match, state changes, and the public,
 * rate-limited licence check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../platform/test-support/test-database.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';
import type { Licence } from './licence.js';
import { formatLicenceNumber } from './licence-number.js';
import { VERIFY_RATE_LIMIT_DEFAULT } from './licensing.routes.js';
import { sweepExpiredLicences } from './sweep-expired-licences.js';
import { issue, licenceIssue, seedLicensingWorld, type LicensingWorld } from './test-support/licensing-fixtures.js';

type Response = { statusCode: number; headers: Record<string, unknown>; json(): unknown };

describe.each(testDialects())('licensing over HTTP on %s', (dialect) => {
  let harness: TestApp;
  let world: LicensingWorld;
  let own: Licence;
  let forVendor: Licence;
  let forOtherVendor: Licence;
  let others: Licence;

  beforeAll(async () => {
    harness = await openTestApp(dialect);
    const vendor = await harness.context.database.db.selectFrom('organisations').select('id').where('legal_name', '=', 'Vendor Ltd').executeTakeFirstOrThrow();
    world = await seedLicensingWorld(harness.context, { licenseeId: harness.organisationId, otherApplicantId: harness.otherOrganisationId, vendorId: vendor.id });
    const clock = harness.context.clock;
    const next = async (changes: Parameters<typeof licenceIssue>[1]) => {
      clock.advanceMs(1);
      return issue(harness.context, licenceIssue(world, changes));
    };
    own = await next({});
    forVendor = await next({ permittedVendorIds: [world.vendorId] });
    forOtherVendor = await next({ permittedVendorIds: [world.otherVendorId] });
    others = await next({ organisationId: world.otherApplicantId, facilityId: world.otherFacilityId, permittedVendorIds: [world.otherVendorId] });
  });
  afterAll(async () => {
    await harness.close();
  });

  const get = (url: string, headers: Record<string, string> = {}, remoteAddress?: string) =>
    harness.app.inject({ method: 'GET', url, headers, ...(remoteAddress === undefined ? {} : { remoteAddress }) });
  const post = (url: string, headers: Record<string, string>, payload: unknown) => harness.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
  const idsOf = (response: Response) => (response.json() as { items: Licence[] }).items.map((licence) => licence.id);

  function expectProblem(response: Response, status: number, code: string, field?: string): Record<string, unknown> {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json() as Record<string, unknown>;
    expect({ status: response.statusCode, code: body.code }).toEqual({ status, code });
    if (field !== undefined) expect(body.field).toBe(field);
    return body;
  }

  describe('reading', () => {
    it('lists and reads licences with an ETag; customs and the regulator see all', async () => {
      for (const role of ['approver', 'auditor', 'customs'] as const) {
        const listed = await get('/api/v1/licences', harness.auth[role]);
        expect(listed.statusCode).toBe(200);
        expect(idsOf(listed)).toEqual([own.id, forVendor.id, forOtherVendor.id, others.id]);
      }
      const read = await get(`/api/v1/licences/${own.id}`, harness.auth.customs);
      expect(read.statusCode).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.json()).toEqual(own);
    });

    it('shows an applicant its own licences; another organisation’s is 404', async () => {
      expect(idsOf(await get('/api/v1/licences', harness.auth.applicant))).toEqual([own.id, forVendor.id, forOtherVendor.id]);
      expect(idsOf(await get('/api/v1/licences', harness.auth.otherApplicant))).toEqual([others.id]);
      expectProblem(await get(`/api/v1/licences/${own.id}`, harness.auth.otherApplicant), 404, 'licence_not_found');
      expectProblem(await get(`/api/v1/licences?organisationId=${world.licenseeId}`, harness.auth.otherApplicant), 403, 'forbidden', 'organisationId');
    });

    it('shows a vendor the licences naming it or open to any vendor', async () => {
      expect(idsOf(await get('/api/v1/licences', harness.auth.vendor))).toEqual([own.id, forVendor.id]);
      expectProblem(await get(`/api/v1/licences/${forOtherVendor.id}`, harness.auth.vendor), 404, 'licence_not_found');
    });

    it('filters, pages with a capped limit, and validates the query', async () => {
      expect(idsOf(await get(`/api/v1/licences?organisationId=${world.otherApplicantId}`, harness.auth.approver))).toEqual([others.id]);
      const first = await get('/api/v1/licences?limit=3', harness.auth.approver);
      const { nextCursor } = first.json<{ nextCursor: string }>();
      expect(idsOf(first)).toHaveLength(3);
      expect(idsOf(await get(`/api/v1/licences?limit=3&cursor=${nextCursor}`, harness.auth.approver))).toEqual([others.id]);
      expectProblem(await get('/api/v1/licences?limit=201', harness.auth.approver), 400, 'validation_failed', 'querystring.limit');
      expectProblem(await get('/api/v1/licences?state=lapsed', harness.auth.approver), 400, 'validation_failed', 'querystring.state');
      expectProblem(await get('/api/v1/licences'), 401, 'unauthenticated');
      expectProblem(await get('/api/v1/licences/no-such-licence', harness.auth.approver), 404, 'licence_not_found');
    });
  });

  describe('changing', () => {
    it('amends with If-Match: 428 without it, 412 when stale, 403 for an applicant, 200 with the next ETag', async () => {
      const url = `/api/v1/licences/${forVendor.id}/amendments`;
      const body = { extendValidityDays: 10, addPermittedVendorIds: [world.otherVendorId], reason: 'delivery slipped' };
      expectProblem(await post(url, harness.auth.approver, body), 428, 'precondition_required', 'If-Match');
      expectProblem(await post(url, { ...harness.auth.approver, 'if-match': '"9"' }, body), 412, 'version_conflict');
      expectProblem(await post(url, { ...harness.auth.applicant, 'if-match': '"1"' }, body), 403, 'forbidden');
      expectProblem(await post(url, { ...harness.auth.approver, 'if-match': '"1"' }, { ...body, colour: 'red' }), 400, 'validation_failed', 'body.colour');
      expectProblem(await post(url, { ...harness.auth.approver, 'if-match': '"1"' }, { extendValidityDays: 10 }), 400, 'validation_failed', 'body.reason');
      const amended = await post(url, { ...harness.auth.approver, 'if-match': '"1"' }, body);
      expect(amended.statusCode).toBe(200);
      expect(amended.headers.etag).toBe('"2"');
      expect(amended.json()).toMatchObject({ validUntil: new Date(Date.parse(forVendor.validUntil) + 10 * 86_400_000).toISOString(), permittedVendorIds: [world.vendorId, world.otherVendorId].sort() });
      // The other vendor now sees it too.
      expect(idsOf(await get('/api/v1/licences', harness.auth.vendor))).toContain(forVendor.id);
    });

    it('suspends, reinstates and revokes; illegal moves are 409 with their code', async () => {
      const licence = await issue(harness.context, licenceIssue(world));
      const base = `/api/v1/licences/${licence.id}`;
      const suspended = await post(`${base}/suspension`, harness.auth.approver, { reason: 'investigation' });
      expect(suspended.statusCode).toBe(200);
      expect(suspended.headers.etag).toBe('"2"');
      expect(suspended.json()).toMatchObject({ state: 'suspended', stateReason: 'investigation' });
      expectProblem(await post(`${base}/suspension`, harness.auth.approver, { reason: 'again' }), 409, 'licence_not_active');
      expectProblem(await post(`${base}/reinstatement`, { ...harness.auth.policyAdmin, 'if-match': '"1"' }, { reason: 'cleared' }), 412, 'version_conflict');
      const reinstated = await post(`${base}/reinstatement`, { ...harness.auth.policyAdmin, 'if-match': '"2"' }, { reason: 'cleared' });
      expect(reinstated.json()).toMatchObject({ state: 'active', version: 3 });
      expectProblem(await post(`${base}/revocation`, harness.auth.customs, { reason: 'x' }), 403, 'forbidden');
      expectProblem(await post(`${base}/revocation`, harness.auth.approver, {}), 400, 'validation_failed', 'body.reason');
      expect((await post(`${base}/revocation`, harness.auth.approver, { reason: 'diversion' })).json()).toMatchObject({ state: 'revoked', stateReason: 'diversion' });
      expectProblem(await post(`${base}/reinstatement`, harness.auth.approver, { reason: 'x' }), 409, 'licence_revoked');
      expectProblem(await post('/api/v1/licences/no-such-licence/suspension', harness.auth.approver, { reason: 'x' }), 404, 'licence_not_found');
    });
  });

  describe('the public licence check', () => {
    it('confirms a licence in force without sign-in, naming only the licensee’s legal name', async () => {
      const response = await get(`/api/v1/licences/verify/${own.number}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        number: own.number,
        isWellFormed: true,
        isKnown: true,
        isValid: true,
        isActive: true,
        isInForce: true,
        state: 'active',
        validFrom: own.validFrom,
        validUntil: own.validUntil,
        itemName: world.itemName,
        licenseeLegalName: 'Applicant One Ltd',
        remainingUnits: own.quantity,
        checkedAt: harness.context.clock.now().toISOString(),
      });
      // Typed in lower case without dashes, it is the same licence.
      expect((await get(`/api/v1/licences/verify/${own.number.replaceAll('-', '').toLowerCase()}`)).json()).toMatchObject({ number: own.number, isInForce: true });
    });

    it('refuses a malformed number with 400, saying whether the shape or the check digits are wrong', async () => {
      const digits = own.number.replaceAll('-', '');
      const swapped = `${digits.slice(0, 8)}${digits[9]!}${digits[8]!}${digits.slice(10)}`;
      const wrongCheck = digits[8] === digits[9] ? `${digits.slice(0, -1)}${(Number(digits.at(-1)) + 1) % 10}` : swapped;
      expect(expectProblem(await get(`/api/v1/licences/verify/${wrongCheck}`), 400, 'malformed_licence_number', 'number')).toMatchObject({ reason: 'check_digits' });
      expect(expectProblem(await get('/api/v1/licences/verify/GH-2026-42'), 400, 'malformed_licence_number', 'number')).toMatchObject({ reason: 'shape', detail: expect.stringMatching(/has 6 digits/) as unknown });
      expect(expectProblem(await get('/api/v1/licences/verify/XX-2026-00000042-00'), 400, 'malformed_licence_number')).toMatchObject({ reason: 'shape' });
    });

    it('says a well-formed number that was never issued is unknown', async () => {
      const unknown = formatLicenceNumber(2026, 99_999_999);
      const response = await get(`/api/v1/licences/verify/${unknown}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ number: unknown, isWellFormed: true, isKnown: false, isInForce: false, state: null, itemName: null, licenseeLegalName: null, remainingUnits: null });
    });

    it('says a suspended licence is not active', async () => {
      const licence = await issue(harness.context, licenceIssue(world));
      await post(`/api/v1/licences/${licence.id}/suspension`, harness.auth.approver, { reason: 'investigation' });
      expect((await get(`/api/v1/licences/verify/${licence.number}`)).json()).toMatchObject({ isKnown: true, isValid: true, isActive: false, isInForce: false, state: 'suspended' });
      expect(JSON.stringify((await get(`/api/v1/licences/verify/${licence.number}`)).json())).not.toContain('investigation');
    });

    it('says an expired licence is not valid, before and after the sweep', async () => {
      const licence = await issue(harness.context, licenceIssue(world));
      const clock = harness.context.clock;
      const before = clock.now();
      try {
        clock.set(licence.validUntil);
        expect((await get(`/api/v1/licences/verify/${licence.number}`)).json()).toMatchObject({ isValid: false, isActive: true, isInForce: false, state: 'active' });
        expect(await sweepExpiredLicences(harness.context, { id: 'operator:test', role: 'operator', organisationId: null })).toBeGreaterThanOrEqual(1);
        expect((await get(`/api/v1/licences/verify/${licence.number}`)).json()).toMatchObject({ isValid: false, isActive: false, isInForce: false, state: 'expired' });
      } finally {
        // The test app's sign-in tokens last 30 days; later tests need the clock back.
        clock.set(before);
      }
    });

    it('rate-limits each client address, answering 429 with Retry-After', async () => {
      const url = `/api/v1/licences/verify/${own.number}`;
      const clock = harness.context.clock;
      for (let request = 0; request < VERIFY_RATE_LIMIT_DEFAULT.capacity; request += 1) {
        expect((await get(url, {}, '203.0.113.9')).statusCode).toBe(200);
      }
      const limited = await get(url, {}, '203.0.113.9');
      expectProblem(limited, 429, 'rate_limited');
      expect(limited.headers['retry-after']).toBe('1');
      // Malformed numbers count too, and answer 429 rather than 400 once the bucket is empty.
      expectProblem(await get('/api/v1/licences/verify/nonsense', {}, '203.0.113.9'), 429, 'rate_limited');
      // Another address has its own allowance; a second later this one has one more.
      expect((await get(url, {}, '198.51.100.4')).statusCode).toBe(200);
      clock.advanceMs(1_000);
      expect((await get(url, {}, '203.0.113.9')).statusCode).toBe(200);
      expect((await get(url, {}, '203.0.113.9')).statusCode).toBe(429);
    });
  });
});
