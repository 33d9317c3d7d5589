/**
 * The authorisation matrix: every route the app registers × every role, and for records that
 * belong to one organisation, the owner's applicant and another organisation's applicant. Each
 * route has one line in MATRIX below saying who may call it; everyone else must get 403 (or 404
 * where another organisation's record is hidden), and a refused request must change nothing.
 * Anonymous callers get 401 on every route that is not public.
 *
 * A route missing from MATRIX fails the test ("new route without an entry"): whoever adds a route
 * adds its line here, stating who may call it. A line whose route no longer exists fails too.
 */
import { readFileSync } from 'node:fs';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { operatorActor } from '../platform/actor.js';
import { inTransaction } from '../platform/context.js';
import { countRows, testDialects } from '../platform/test-support/test-database.js';
import { placeHold } from '../policy/place-hold.js';
import { publishPolicy } from '../policy/publish-policy.js';
import { addFacility, addFleetDeclaration, addItem } from '../registry/index.js';
import { issueLicence } from '../licensing/index.js';
import { addApplication } from '../applications/index.js';
import { openRound } from '../allocation/open-round.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';

type RoleKey = keyof TestApp['auth'];

/** The records the requests refer to; facility and fleet declaration belong to `applicant`'s organisation. */
interface Fixture {
  itemId: string;
  organisationId: string;
  otherOrganisationId: string;
  facilityId: string;
  fleetDeclarationId: string;
  policyHash: string;
  holdId: string;
  /** A licence of `applicant`'s organisation, open to any vendor. */
  licenceId: string;
  licenceNumber: string;
  /** A draft application of `applicant`'s organisation. */
  applicationId: string;
  /** An open allocation round (not yet published: applicants do not see it). */
  roundId: string;
  /** A reservation by `vendor` against the licence; the matrix ships, clears and delivers it in turn. */
  reservationId: string;
}

interface Entry {
  /** Roles that may call the route; they get `ok`. */
  allow?: readonly RoleKey[];
  /** Roles that get 404 because the record belongs to another organisation (its existence does not leak). */
  hide?: readonly RoleKey[];
  /** What an allowed caller gets: by default 200 for GET, 201 for POST, 204 for DELETE, and 412 for PATCH (sent with a stale If-Match, so that it is authorised and then refused without a change). */
  ok?: number;
  /** The URL to call, when the route has parameters or needs a query. */
  path?: (fixture: Fixture) => string;
  /** The request body; `n` is unique per call, for names that must not repeat. */
  body?: (fixture: Fixture, n: number) => object;
  headers?: Record<string, string>;
  /** Anyone may call it without signing in. */
  isPublic?: true;
}

const REGULATOR = ['policyAdmin', 'reviewer', 'approver', 'auditor'] as const satisfies readonly RoleKey[];
const EVERYONE = [...REGULATOR, 'applicant', 'otherApplicant', 'vendor', 'customs'] as const satisfies readonly RoleKey[];
const ROLES: readonly RoleKey[] = EVERYONE;
const STALE = { 'if-match': '"999"' };

const item = (_: Fixture, n: number) => ({ name: `Matrix item ${n}`, vendor: 'NVIDIA', classificationCode: '3A090.a', origin: 'foreign', tpp: 15832, memoryGb: 141, memoryBandwidthGbPerSecond: 4800 });
const organisation = (_: Fixture, n: number) => ({ legalName: `Matrix Organisation ${n} Ltd`, category: 'small-firm' });
const facility = (f: Fixture, n: number) => ({ organisationId: f.organisationId, name: `Matrix DC ${n}`, region: 'Jiangsu', latitude: 31, longitude: 120 });
const fleet = (f: Fixture, n: number) => ({ organisationId: f.organisationId, asOf: `2024-01-${String(1 + (n % 28)).padStart(2, '0')}`, periodStart: '2024-01-01', periodEnd: `${2030 + n}-12-31`, domesticUnitsCommitted: 0, holdings: [{ itemId: f.itemId, installedUnits: n }] });
const policyDocument = () => ({ document: readFileSync(demoPolicyPath(), 'utf8') });
const draft = (f: Fixture) => ({ itemId: f.itemId, facilityId: f.facilityId, quantity: 10, endUse: 'ai-training', justification: 'matrix', deliveryFrom: '2026-04-01', deliveryUntil: '2026-06-30' });
const hold = (_: Fixture, n: number) => ({ kind: 'suspension', scope: { level: 'region', region: `Matrix region ${n}` }, reasonCode: 'matrix-test', reason: 'authorisation matrix' });

/** One line per route: "METHOD /url as registered". Keep them in the order the app registers them. */
const MATRIX: Record<string, Entry> = {
  'GET /api/docs': { isPublic: true },
  'GET /api/docs/static/index.html': { isPublic: true },
  'GET /api/docs/static/swagger-initializer.js': { isPublic: true },
  'GET /api/docs/json': { isPublic: true },
  'GET /api/docs/yaml': { isPublic: true },
  'GET /api/docs/static/*': { isPublic: true, path: () => '/api/docs/static/swagger-ui.css' },
  'GET /healthz': { isPublic: true },
  'GET /readyz': { isPublic: true },
  'GET /api/v1/openapi.json': { isPublic: true },
  'POST /api/v1/session': { isPublic: true, body: () => ({ login: 'nobody', password: 'not a password' }) },
  'GET /api/v1/session': { allow: EVERYONE },
  // Bearer tokens have no session to end: allowed, and answered "no session".
  'DELETE /api/v1/session': { allow: EVERYONE, ok: 404 },
  'GET /api/v1/items': { allow: EVERYONE },
  'POST /api/v1/items': { allow: ['policyAdmin'], body: item },
  'GET /api/v1/items/:id': { allow: EVERYONE, path: (f) => `/api/v1/items/${f.itemId}` },
  'PATCH /api/v1/items/:id': { allow: ['policyAdmin'], path: (f) => `/api/v1/items/${f.itemId}`, body: () => ({}), headers: STALE },
  'GET /api/v1/organisations': { allow: EVERYONE },
  'POST /api/v1/organisations': { allow: ['policyAdmin'], body: organisation },
  'GET /api/v1/organisations/:id': { allow: EVERYONE, path: (f) => `/api/v1/organisations/${f.organisationId}` },
  'PATCH /api/v1/organisations/:id': { allow: ['policyAdmin'], path: (f) => `/api/v1/organisations/${f.organisationId}`, body: () => ({}), headers: STALE },
  'GET /api/v1/facilities': { allow: [...REGULATOR, 'applicant', 'otherApplicant'] },
  'POST /api/v1/facilities': { allow: ['policyAdmin', 'applicant'], body: facility },
  'GET /api/v1/facilities/:id': { allow: [...REGULATOR, 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/facilities/${f.facilityId}` },
  'PATCH /api/v1/facilities/:id': { allow: ['policyAdmin', 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/facilities/${f.facilityId}`, body: () => ({}), headers: STALE },
  'GET /api/v1/fleet-declarations': { allow: [...REGULATOR, 'applicant', 'otherApplicant'] },
  'POST /api/v1/fleet-declarations': { allow: ['policyAdmin', 'applicant'], body: fleet },
  'GET /api/v1/fleet-declarations/:id': { allow: [...REGULATOR, 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/fleet-declarations/${f.fleetDeclarationId}` },
  'PATCH /api/v1/fleet-declarations/:id': { allow: ['policyAdmin', 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/fleet-declarations/${f.fleetDeclarationId}`, body: () => ({}), headers: STALE },
  'GET /api/v1/audit/entries': { allow: ['auditor', 'policyAdmin'] },
  'GET /api/v1/audit/verification': { allow: ['auditor', 'policyAdmin'] },
  'POST /api/v1/policies/validation': { allow: ['policyAdmin'], ok: 200, body: policyDocument },
  // The fixture published this document already: publishing it again answers 200, not 201.
  'POST /api/v1/policies': { allow: ['policyAdmin'], ok: 200, body: policyDocument },
  'GET /api/v1/policies': { allow: EVERYONE },
  'GET /api/v1/policies/in-force': { allow: EVERYONE },
  'GET /api/v1/policies/:hash': { allow: EVERYONE, path: (f) => `/api/v1/policies/${f.policyHash}` },
  'GET /api/v1/policy-diffs': { allow: EVERYONE, path: (f) => `/api/v1/policy-diffs?from=${f.policyHash}&to=${f.policyHash}` },
  'GET /api/v1/holds': { allow: EVERYONE },
  'POST /api/v1/holds': { allow: ['approver', 'policyAdmin'], body: hold },
  'POST /api/v1/holds/:id/lift': { allow: ['approver', 'policyAdmin'], path: (f) => `/api/v1/holds/${f.holdId}/lift`, headers: STALE, ok: 412 },
  'GET /api/v1/licences': { allow: EVERYONE },
  // The fixture licence belongs to `applicant` and permits any vendor: another applicant is shown "not found".
  'GET /api/v1/licences/:id': { allow: [...REGULATOR, 'applicant', 'vendor', 'customs'], hide: ['otherApplicant'], path: (f) => `/api/v1/licences/${f.licenceId}` },
  'POST /api/v1/licences/:id/amendments': { allow: ['approver', 'policyAdmin'], path: (f) => `/api/v1/licences/${f.licenceId}/amendments`, body: () => ({ extendValidityDays: 1, reason: 'matrix' }), headers: STALE, ok: 412 },
  'POST /api/v1/licences/:id/suspension': { allow: ['approver', 'policyAdmin'], path: (f) => `/api/v1/licences/${f.licenceId}/suspension`, body: () => ({ reason: 'matrix' }), headers: STALE, ok: 412 },
  'POST /api/v1/licences/:id/reinstatement': { allow: ['approver', 'policyAdmin'], path: (f) => `/api/v1/licences/${f.licenceId}/reinstatement`, body: () => ({ reason: 'matrix' }), headers: STALE, ok: 412 },
  'POST /api/v1/licences/:id/revocation': { allow: ['approver', 'policyAdmin'], path: (f) => `/api/v1/licences/${f.licenceId}/revocation`, body: () => ({ reason: 'matrix' }), headers: STALE, ok: 412 },
  'GET /api/v1/licences/verify/:number': { isPublic: true, path: (f) => `/api/v1/licences/verify/${f.licenceNumber}` },
  'GET /api/v1/applications': { allow: [...REGULATOR, 'applicant', 'otherApplicant'] },
  'POST /api/v1/applications': { allow: ['applicant'], hide: ['otherApplicant'], body: draft },
  'GET /api/v1/applications/:id': { allow: [...REGULATOR, 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/applications/${f.applicationId}` },
  'PATCH /api/v1/applications/:id': { allow: ['applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/applications/${f.applicationId}`, body: () => ({}), headers: STALE },
  'POST /api/v1/applications/:id/submission': { allow: ['applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/applications/${f.applicationId}/submission`, body: () => ({}), headers: STALE, ok: 412 },
  'POST /api/v1/applications/:id/review': { allow: ['reviewer'], path: (f) => `/api/v1/applications/${f.applicationId}/review`, body: () => ({}), headers: STALE, ok: 412 },
  'POST /api/v1/applications/:id/information-request': { allow: ['reviewer'], path: (f) => `/api/v1/applications/${f.applicationId}/information-request`, body: () => ({ question: 'Which models?', dueDate: '2026-12-31' }), headers: STALE, ok: 412 },
  // A draft cannot be recommended or decided: allowed callers get past authorisation to 409 illegal_transition.
  'POST /api/v1/applications/:id/recommendation': { allow: ['reviewer'], path: (f) => `/api/v1/applications/${f.applicationId}/recommendation`, body: () => ({ decision: 'approve', quantity: 1, reasonCode: 'meets-policy', note: 'matrix' }), headers: STALE, ok: 409 },
  'POST /api/v1/applications/:id/decision': { allow: ['approver'], path: (f) => `/api/v1/applications/${f.applicationId}/decision`, body: () => ({ decision: 'approve', quantity: 1, note: 'matrix' }), headers: STALE, ok: 409 },
  'POST /api/v1/applications/:id/withdrawal': { allow: ['applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/applications/${f.applicationId}/withdrawal`, body: () => ({}), headers: STALE, ok: 412 },
  'GET /api/v1/applications/:id/timeline': { allow: [...REGULATOR, 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/applications/${f.applicationId}/timeline` },
  'GET /api/v1/applications/:id/evaluation': { allow: [...REGULATOR, 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/applications/${f.applicationId}/evaluation` },
  'POST /api/v1/evaluations': { allow: [...REGULATOR, 'applicant'], ok: 200, body: (f) => ({ organisationId: f.organisationId, itemId: f.itemId, quantity: 10, endUse: 'ai-training' }) },
  // Allocation rounds: approvers run them, the regulator reads them, applicants see committed rounds only (the fixture's is open).
  'GET /api/v1/rounds': { allow: [...REGULATOR, 'applicant', 'otherApplicant'] },
  'POST /api/v1/rounds': { allow: ['approver'], body: (f, n) => ({ title: `Matrix round ${n}`, itemId: f.itemId, budget: 10, method: 'pro-rata', cutOff: '2026-03-01' }) },
  'GET /api/v1/rounds/:id': { allow: [...REGULATOR], hide: ['applicant', 'otherApplicant'], path: (f) => `/api/v1/rounds/${f.roundId}` },
  'POST /api/v1/rounds/:id/preview': { allow: ['approver'], path: (f) => `/api/v1/rounds/${f.roundId}/preview`, body: () => ({}), headers: STALE, ok: 412 },
  'POST /api/v1/rounds/:id/commit': { allow: ['approver'], path: (f) => `/api/v1/rounds/${f.roundId}/commit`, body: () => ({}), headers: STALE, ok: 412 },
  'POST /api/v1/rounds/:id/withdrawals': { hide: ['applicant', 'otherApplicant'], path: (f) => `/api/v1/rounds/${f.roundId}/withdrawals`, body: (f) => ({ applicationId: f.applicationId }), headers: STALE },
  'POST /api/v1/rounds/:id/rerun': { allow: ['approver'], path: (f) => `/api/v1/rounds/${f.roundId}/rerun`, body: () => ({}), headers: STALE, ok: 412 },
  'POST /api/v1/rounds/:id/cancel': { allow: ['approver'], path: (f) => `/api/v1/rounds/${f.roundId}/cancel`, body: () => ({ reason: 'matrix' }), headers: STALE, ok: 412 },
  // The web app (platform/http/web-app.ts): its page and files, public like any web page; 503 when it is not built.
  // Reservations and shipments: vendors reserve and ship, customs clears, the vendor or the licensee records delivery.
  'POST /api/v1/coverage-checks': { allow: [...REGULATOR, 'vendor', 'customs'], ok: 200, body: (f) => ({ organisationId: f.organisationId, itemId: f.itemId, quantity: 1, deliveryDate: '2026-04-01' }) },
  'POST /api/v1/reservations': { allow: ['vendor'], body: (f, n) => ({ licenceId: f.licenceId, purchaseOrderReference: `PO-${n}`, quantity: 1 }) },
  // Each party lists its own share (otherApplicant gets an empty page); a licence's ledger history is read like the licence.
  'GET /api/v1/reservations': { allow: EVERYONE },
  'GET /api/v1/licences/:id/movements': { allow: [...REGULATOR, 'applicant', 'vendor', 'customs'], hide: ['otherApplicant'], path: (f) => `/api/v1/licences/${f.licenceId}/movements` },
  'GET /api/v1/reservations/:id': { allow: [...REGULATOR, 'vendor', 'customs', 'applicant'], hide: ['otherApplicant'], path: (f) => `/api/v1/reservations/${f.reservationId}` },
  'POST /api/v1/reservations/:id/shipment': { allow: ['vendor'], ok: 200, path: (f) => `/api/v1/reservations/${f.reservationId}/shipment`, body: () => ({}) },
  // The fixture reservation is shipped by now: the vendor is authorised and refused (a void after the post).
  'POST /api/v1/reservations/:id/cancellation': { allow: ['vendor'], ok: 409, path: (f) => `/api/v1/reservations/${f.reservationId}/cancellation`, body: () => ({}) },
  'POST /api/v1/reservations/:id/clearance': { allow: ['customs'], ok: 200, path: (f) => `/api/v1/reservations/${f.reservationId}/clearance`, body: () => ({ declarationReference: 'CD-matrix' }) },
  'POST /api/v1/reservations/:id/delivery': { allow: ['vendor', 'applicant'], hide: ['otherApplicant'], ok: 200, path: (f) => `/api/v1/reservations/${f.reservationId}/delivery`, body: () => ({}) },
  // Figures across organisations and the directory of users: the regulator and auditors only.
  'GET /api/v1/statistics/funnel': { allow: REGULATOR },
  'GET /api/v1/users': { allow: REGULATOR },
  'GET /': { isPublic: true },
  'GET /*': { isPublic: true, path: () => '/licences' },
};

function defaultOk(method: string): number {
  return ({ GET: 200, POST: 201, DELETE: 204, PATCH: 412 } as Record<string, number>)[method] ?? 200;
}

describe.each(testDialects())('authorisation matrix on %s', (dialect) => {
  let harness: TestApp;
  let fixture: Fixture;
  let counter = 0;

  beforeAll(async () => {
    harness = await openTestApp(dialect);
    const operator = operatorActor('matrix');
    const published = await publishPolicy(harness.context, operator, readFileSync(demoPolicyPath(), 'utf8'));
    const placed = await placeHold(harness.context, operator, { kind: 'suspension', scope: { level: 'region', region: 'Fixture region' }, reasonCode: 'fixture', reason: 'a hold to lift' });
    const records = await inTransaction(harness.context, async (trx) => {
      const now = harness.context.clock.now();
      const created = await addItem(trx, operator, now, { name: 'Fixture H200', vendor: 'NVIDIA', classificationCode: '3A090.a', origin: 'foreign', tpp: 15832, memoryGb: 141, memoryBandwidthGbPerSecond: 4800 });
      const site = await addFacility(trx, operator, now, { organisationId: harness.organisationId, name: 'Fixture DC', region: 'Jiangsu', latitude: 31, longitude: 120 });
      const declaration = await addFleetDeclaration(trx, operator, now, {
        organisationId: harness.organisationId,
        asOf: '2025-12-31',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        domesticUnitsCommitted: 10,
        holdings: [{ itemId: created.id, installedUnits: 100 }],
      });
      const licence = await issueLicence(trx, operator, now, {
        applicationId: null,
        organisationId: harness.organisationId,
        itemId: created.id,
        facilityId: site.id,
        quantity: 10,
        policyHash: published.version.hash,
        terms: published.version.policy.licenceTerms,
        permittedVendorIds: [],
      }, []);
      const application = await addApplication(trx, { id: 'matrix-applicant', role: 'applicant', organisationId: harness.organisationId }, now, harness.organisationId, {
        itemId: created.id,
        facilityId: site.id,
        quantity: 10,
        endUse: 'ai-training',
        justification: 'matrix',
        deliveryFrom: '2026-04-01',
        deliveryUntil: '2026-06-30',
      });
      return { itemId: created.id, facilityId: site.id, fleetDeclarationId: declaration.id, licenceId: licence.id, licenceNumber: licence.number, applicationId: application.id };
    });
    const round = await openRound(harness.context, operator, { title: 'Matrix round', itemId: records.itemId, budget: 10, method: 'pro-rata', cutOff: '2026-03-01' });
    const reserved = await harness.app.inject({ method: 'POST', url: '/api/v1/reservations', headers: harness.auth.vendor, payload: { licenceId: records.licenceId, purchaseOrderReference: 'PO-fixture', quantity: 2 } });
    expect(reserved.statusCode).toBe(201);
    fixture = {
      ...records,
      organisationId: harness.organisationId,
      otherOrganisationId: harness.otherOrganisationId,
      policyHash: published.version.hash,
      holdId: placed.id,
      roundId: round.id,
      reservationId: reserved.json<{ id: string }>().id,
    };
  });
  afterAll(async () => {
    await harness.close();
  });

  function request(key: string, entry: Entry, headers: Record<string, string>): InjectOptions {
    const [method, url] = key.split(' ') as [InjectOptions['method'] & string, string];
    counter += 1;
    const options: InjectOptions = { method, url: entry.path?.(fixture) ?? url, headers: { ...entry.headers, ...headers } };
    const body = entry.body?.(fixture, counter);
    if (body !== undefined) options.payload = body;
    return options;
  }

  it('has one line for every registered route, and no line for a route that does not exist', () => {
    const registered = harness.routes.map((route) => `${route.method} ${route.url}`);
    expect(
      registered.filter((route) => !(route in MATRIX)).map((route) => `new route without an entry: ${route}`),
      'add a line to MATRIX in src/access/authorisation-matrix.test.ts saying who may call each new route',
    ).toEqual([]);
    expect(Object.keys(MATRIX).filter((route) => !registered.includes(route)).map((route) => `entry for a route that is not registered: ${route}`)).toEqual([]);
    // The table and the app agree on which routes are public.
    for (const route of harness.routes) expect({ route: `${route.method} ${route.url}`, isPublic: route.isPublic }).toEqual({ route: `${route.method} ${route.url}`, isPublic: MATRIX[`${route.method} ${route.url}`]?.isPublic === true });
  });

  it.each(Object.entries(MATRIX).filter(([, entry]) => entry.isPublic !== true))('%s: allowed roles succeed, others are refused, anonymous callers get 401', async (key, entry) => {
    const method = key.split(' ')[0]!;
    const mismatches: string[] = [];
    for (const role of ROLES) {
      const expected = entry.allow?.includes(role) === true ? (entry.ok ?? defaultOk(method)) : entry.hide?.includes(role) === true ? 404 : 403;
      const auditBefore = await countRows(harness.context.database, 'audit_entries');
      const response = await harness.app.inject(request(key, entry, harness.auth[role]));
      if (response.statusCode !== expected) mismatches.push(`${role}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 160)}`);
      if (expected === 403 && response.json<{ code?: string }>().code !== 'forbidden') mismatches.push(`${role}: expected code forbidden, got ${response.body.slice(0, 160)}`);
      if (expected >= 400 && (await countRows(harness.context.database, 'audit_entries')) !== auditBefore) mismatches.push(`${role}: a refused request wrote to the audit log`);
    }
    for (const headers of [{}, { authorization: 'Bearer gh_not-a-real-token' }]) {
      const response = await harness.app.inject(request(key, entry, headers));
      if (response.statusCode !== 401 || response.json<{ code?: string }>().code !== 'unauthenticated') mismatches.push(`anonymous (${JSON.stringify(headers)}): expected 401 unauthenticated, got ${response.statusCode}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(Object.entries(MATRIX).filter(([, entry]) => entry.isPublic === true))('%s is public: answered without signing in', async (key, entry) => {
    const response = await harness.app.inject(request(key, entry, {}));
    expect(response.statusCode).not.toBe(404);
    expect(response.statusCode === 401 ? response.json<{ code?: string }>().code : 'not 401').not.toBe('unauthenticated');
  });
});

/**
 * Records that belong to one organisation, read and changed by id by another organisation's
 * applicant: the answer is the resource's "not found", exactly as for an id that does not exist, and
 * lists never show them. Add a line for each new resource with an owner organisation.
 */
interface OwnedResource {
  path: string;
  notFound: string;
  id: (fixture: { facilityId: string; fleetDeclarationId: string }) => string;
  patch: object;
}
const OWNED_RESOURCES: Record<string, OwnedResource> = {
  facility: { path: '/api/v1/facilities', notFound: 'facility_not_found', id: (f) => f.facilityId, patch: { name: 'Taken over' } },
  'fleet declaration': { path: '/api/v1/fleet-declarations', notFound: 'fleet_declaration_not_found', id: (f) => f.fleetDeclarationId, patch: { domesticUnitsCommitted: 1 } },
};

describe.each(testDialects())('cross-tenant reads and writes by id on %s', (dialect) => {
  let harness: TestApp;
  let ids: { facilityId: string; fleetDeclarationId: string };

  beforeAll(async () => {
    harness = await openTestApp(dialect);
    const facility = await harness.app.inject({ method: 'POST', url: '/api/v1/facilities', headers: harness.auth.applicant, payload: { organisationId: harness.organisationId, name: 'Own DC', region: 'Jiangsu', latitude: 31, longitude: 120 } });
    const fleet = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/fleet-declarations',
      headers: harness.auth.applicant,
      payload: { organisationId: harness.organisationId, asOf: '2025-12-31', periodStart: '2026-01-01', periodEnd: '2026-12-31', domesticUnitsCommitted: 5, holdings: [] },
    });
    expect([facility.statusCode, fleet.statusCode]).toEqual([201, 201]);
    ids = { facilityId: facility.json().id, fleetDeclarationId: fleet.json().id };
  });
  afterAll(async () => {
    await harness.close();
  });

  it.each(Object.entries(OWNED_RESOURCES))('a %s of one organisation is invisible to another organisation’s applicant', async (_name, resource) => {
    const url = `${resource.path}/${resource.id(ids)}`;
    const own = await harness.app.inject({ method: 'GET', url, headers: harness.auth.applicant });
    expect([own.statusCode, own.json().organisationId]).toEqual([200, harness.organisationId]);

    const foreign = await harness.app.inject({ method: 'GET', url, headers: harness.auth.otherApplicant });
    const missing = await harness.app.inject({ method: 'GET', url: `${resource.path}/no-such-record`, headers: harness.auth.otherApplicant });
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, resource.notFound]);
    // Indistinguishable from an id that does not exist, but for the id itself.
    expect(foreign.json().detail.replace(resource.id(ids), 'ID')).toBe(missing.json().detail.replace('no-such-record', 'ID'));

    const auditBefore = await countRows(harness.context.database, 'audit_entries');
    const patched = await harness.app.inject({ method: 'PATCH', url, headers: { ...harness.auth.otherApplicant, 'if-match': own.headers.etag as string }, payload: resource.patch });
    expect([patched.statusCode, patched.json().code]).toEqual([404, resource.notFound]);
    expect(await countRows(harness.context.database, 'audit_entries')).toBe(auditBefore);

    const list = await harness.app.inject({ method: 'GET', url: resource.path, headers: harness.auth.otherApplicant });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((record: { id: string }) => record.id)).not.toContain(resource.id(ids));
    const asked = await harness.app.inject({ method: 'GET', url: `${resource.path}?organisationId=${harness.organisationId}`, headers: harness.auth.otherApplicant });
    expect([asked.statusCode, asked.json().code]).toEqual([403, 'forbidden']);
    // Vendors and customs officers do not read these at all.
    for (const role of ['vendor', 'customs'] as const) expect((await harness.app.inject({ method: 'GET', url, headers: harness.auth[role] })).statusCode).toBe(403);
    // The record is unchanged.
    expect((await harness.app.inject({ method: 'GET', url, headers: harness.auth.applicant })).json()).toEqual(own.json());
  });
});
