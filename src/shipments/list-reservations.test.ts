/**
 * Listing reservations and a licence's ledger history over HTTP, on every dialect: each party
 * sees its own share (the same as reading one by id), filters, states as the ledger records them,
 * cursor pages that cover everything once, and refusals as problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testActors, testDialects } from '../platform/test-support/test-database.js';
import { getReservation } from './get-reservation.js';
import { listReservations } from './list-reservations.js';
import type { Reservation } from './shipment.js';
import type { LicenceMovement } from './licence-movement.js';
import { ITEM_TPP, openShipmentScenario, type ShipmentScenario } from './test-support/shipment-scenario.js';

describe.each(testDialects())('reservation lists and licence movements on %s', (dialect) => {
  let scenario: ShipmentScenario;
  let ids: ShipmentScenario['reservations'];

  beforeAll(async () => {
    scenario = await openShipmentScenario(dialect);
    ids = scenario.reservations;
  });
  afterAll(async () => {
    await scenario.harness.close();
  });

  async function get<T>(headers: { authorization: string }, url: string): Promise<{ status: number; body: T; contentType: string }> {
    const response = await scenario.harness.app.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.json<T>(), contentType: String(response.headers['content-type']) };
  }
  const list = async (headers: { authorization: string }, query = '') => {
    const response = await get<{ items: Reservation[]; nextCursor: string | null }>(headers, `/api/v1/reservations${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  };
  const idsOf = (items: { id: string }[]) => items.map((item) => item.id);

  it('lists each party’s own share, newest first, as reading each one by id says', async () => {
    const { auth } = scenario.harness;
    expect(idsOf(await list(auth.vendor))).toEqual([ids.r4, ids.r2, ids.r1]);
    expect(idsOf(await list(scenario.secondVendor))).toEqual([ids.r3]);
    expect(idsOf(await list(auth.applicant))).toEqual([ids.r3, ids.r2, ids.r1]);
    expect(idsOf(await list(auth.otherApplicant))).toEqual([ids.r4]);
    for (const role of ['customs', 'auditor', 'reviewer', 'approver', 'policyAdmin'] as const) expect(idsOf(await list(auth[role]))).toEqual([ids.r4, ids.r3, ids.r2, ids.r1]);
    const everything = await list(auth.auditor);
    for (const reservation of everything) {
      const one = await get<Reservation>(auth.auditor, `/api/v1/reservations/${reservation.id}`);
      // The one read by id may add its serial numbers; everything the list says agrees.
      expect(one.body).toMatchObject(reservation);
    }
    expect(everything.map((reservation) => [reservation.state, reservation.quantity, reservation.shippedQuantity, reservation.purchaseOrderReference])).toEqual([
      ['reserved', 2, 0, 'PO-4'],
      ['reserved', 3, 0, 'PO-3'],
      ['cancelled', 5, 0, 'PO-2'],
      ['delivered', 10, 8, 'PO-1'],
    ]);
    expect(everything.find((reservation) => reservation.id === ids.r3)?.vendorOrganisationId).toBe(scenario.secondVendorId);
  });

  it('filters by licence, state, licensee and vendor', async () => {
    const { auth } = scenario.harness;
    expect(idsOf(await list(auth.customs, `?licenceId=${scenario.licenceA}`))).toEqual([ids.r3, ids.r2, ids.r1]);
    expect(idsOf(await list(auth.customs, '?state=delivered'))).toEqual([ids.r1]);
    expect(idsOf(await list(auth.customs, '?state=cancelled'))).toEqual([ids.r2]);
    expect(idsOf(await list(auth.customs, '?state=reserved'))).toEqual([ids.r4, ids.r3]);
    expect(idsOf(await list(auth.customs, '?state=shipped'))).toEqual([]);
    expect(idsOf(await list(auth.auditor, `?organisationId=${scenario.harness.otherOrganisationId}`))).toEqual([ids.r4]);
    expect(idsOf(await list(auth.auditor, `?vendorOrganisationId=${scenario.secondVendorId}`))).toEqual([ids.r3]);
    expect(idsOf(await list(auth.vendor, `?licenceId=${scenario.licenceA}&state=cancelled`))).toEqual([ids.r2]);
    expect(idsOf(await list(auth.applicant, `?vendorOrganisationId=${scenario.vendorId}`))).toEqual([ids.r2, ids.r1]);
  });

  it('refuses another organisation’s share and hides licences the caller may not read', async () => {
    const { auth } = scenario.harness;
    const vendorAsksOther = await get<{ code: string }>(auth.vendor, `/api/v1/reservations?vendorOrganisationId=${scenario.secondVendorId}`);
    expect([vendorAsksOther.status, vendorAsksOther.body.code]).toEqual([403, 'forbidden']);
    const applicantAsksOther = await get<{ code: string }>(auth.applicant, `/api/v1/reservations?organisationId=${scenario.harness.otherOrganisationId}`);
    expect([applicantAsksOther.status, applicantAsksOther.body.code]).toEqual([403, 'forbidden']);
    const foreignLicence = await get<{ code: string; detail: string }>(auth.applicant, `/api/v1/reservations?licenceId=${scenario.licenceB}`);
    const unknownLicence = await get<{ code: string; detail: string }>(auth.applicant, '/api/v1/reservations?licenceId=no-such-licence');
    expect([foreignLicence.status, foreignLicence.body.code, foreignLicence.contentType]).toEqual([404, 'licence_not_found', 'application/problem+json; charset=utf-8']);
    expect([unknownLicence.status, unknownLicence.body.code]).toEqual([404, 'licence_not_found']);
    expect(foreignLicence.body.detail.replace(scenario.licenceB, 'ID')).toBe(unknownLicence.body.detail.replace('no-such-licence', 'ID'));
  });

  it('pages with a cursor that covers every reservation once, and refuses bad paging', async () => {
    const { auth } = scenario.harness;
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pageCount = 0; pageCount < 10; pageCount++) {
      const page: { status: number; body: { items: Reservation[]; nextCursor: string | null } } = await get(auth.auditor, `/api/v1/reservations?limit=1${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.status).toBe(200);
      seen.push(...idsOf(page.body.items));
      cursor = page.body.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([ids.r4, ids.r3, ids.r2, ids.r1]);
    for (const query of ['?limit=201', '?limit=0', '?cursor=', '?cursor=bm90LWEtbnVtYmVy', '?state=lost', '?colour=blue']) {
      const refused = await get<{ code: string }>(auth.auditor, `/api/v1/reservations${query}`);
      expect([query, refused.status, refused.body.code, refused.contentType]).toEqual([query, 400, 'validation_failed', 'application/problem+json; charset=utf-8']);
    }
  });

  const movements = async (headers: { authorization: string }, licenceId: string, query = '') => {
    const response = await get<{ items: LicenceMovement[]; nextCursor: string | null }>(headers, `/api/v1/licences/${licenceId}/movements${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const summary = (items: LicenceMovement[]) => items.map((movement) => [movement.kind, movement.units, movement.reservationId]);

  it('lists a licence’s movements in the ledger, oldest first, with units, TPP, vendor, purchase order and declaration', async () => {
    const { auth } = scenario.harness;
    const history = (await movements(auth.auditor, scenario.licenceA)).items;
    expect(summary(history)).toEqual([
      ['issue', 100, null],
      ['reservation', 10, ids.r1],
      ['shipment', 8, ids.r1],
      ['clearance', 8, ids.r1],
      ['delivery', 8, ids.r1],
      ['reservation', 5, ids.r2],
      ['cancellation', 5, ids.r2],
      ['reservation', 3, ids.r3],
    ]);
    for (const movement of history) expect(movement.tpp).toBe(movement.units * ITEM_TPP);
    expect(history.map((movement) => movement.sequence)).toEqual([...history.map((movement) => movement.sequence)].sort((a, b) => a - b));
    const clearance = history.find((movement) => movement.kind === 'clearance');
    expect(clearance).toMatchObject({ declarationReference: 'CD-1', vendorOrganisationId: scenario.vendorId, purchaseOrderReference: 'PO-1' });
    expect(history.find((movement) => movement.reservationId === ids.r3)).toMatchObject({ vendorOrganisationId: scenario.secondVendorId, purchaseOrderReference: 'PO-3', declarationReference: null });
    expect(history[0]).toMatchObject({ vendorOrganisationId: null, purchaseOrderReference: null, at: '2026-03-01T09:00:00.000Z' });
    // Customs, the licensee and the regulator's roles read the same history.
    for (const role of ['customs', 'applicant', 'reviewer'] as const) expect((await movements(auth[role], scenario.licenceA)).items).toEqual(history);
    // A vendor sees the licence's own movements and its own reservations', not another vendor's.
    expect(summary((await movements(scenario.secondVendor, scenario.licenceA)).items)).toEqual([
      ['issue', 100, null],
      ['reservation', 3, ids.r3],
    ]);
    expect(summary((await movements(auth.vendor, scenario.licenceA)).items).map(([, , reservationId]) => reservationId)).not.toContain(ids.r3);
  });

  it('shows cancellations and the return of unused units when a licence is revoked', async () => {
    const { auth } = scenario.harness;
    const revoked = await scenario.harness.app.inject({ method: 'POST', url: `/api/v1/licences/${scenario.licenceB}/revocation`, headers: auth.approver, payload: { reason: 'test' } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(summary((await movements(auth.otherApplicant, scenario.licenceB)).items)).toEqual([
      ['issue', 20, null],
      ['reservation', 2, ids.r4],
      ['cancellation', 2, ids.r4],
      ['return', 20, null],
    ]);
    expect(idsOf(await list(auth.auditor, '?state=cancelled'))).toEqual([ids.r4, ids.r2]);
  });

  it('hides a licence’s history as it hides the licence, and refuses bad paging', async () => {
    const { auth } = scenario.harness;
    const foreign = await get<{ code: string; detail: string }>(auth.otherApplicant, `/api/v1/licences/${scenario.licenceA}/movements`);
    const unknown = await get<{ code: string; detail: string }>(auth.auditor, '/api/v1/licences/no-such-licence/movements');
    expect([foreign.status, foreign.body.code, foreign.contentType]).toEqual([404, 'licence_not_found', 'application/problem+json; charset=utf-8']);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'licence_not_found']);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pageCount = 0; pageCount < 20; pageCount++) {
      const page = await movements(auth.auditor, scenario.licenceA, `?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((movement) => movement.movementId));
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual((await movements(auth.auditor, scenario.licenceA)).items.map((movement) => movement.movementId));
    for (const query of ['?limit=201', '?cursor=%25%25', '?cursor=LTE', '?state=reserved']) {
      const refused = await get<{ code: string }>(auth.auditor, `/api/v1/licences/${scenario.licenceA}/movements${query}`);
      expect([query, refused.status, refused.body.code]).toEqual([query, 400, 'validation_failed']);
    }
  });

  it('reports a reservation past its timeout as expired before the ledger records it, as reading it by id does (last: moves the clock)', async () => {
    const { context } = scenario.harness;
    scenario.harness.context.clock.advanceDays(31);
    // The test's API tokens have lapsed too: the use cases are called directly.
    const auditor = testActors.auditor;
    expect(idsOf((await listReservations(context, auditor, { limit: 10, state: 'expired' })).items)).toEqual([ids.r3]);
    expect((await listReservations(context, auditor, { limit: 10, state: 'reserved' })).items).toEqual([]);
    const [listed] = (await listReservations(context, auditor, { limit: 1, licenceId: scenario.licenceA })).items;
    expect(await getReservation(context, auditor, ids.r3)).toMatchObject(listed!);
    expect(listed?.state).toBe('expired');
  });
});
