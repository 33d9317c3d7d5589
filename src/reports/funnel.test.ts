/**
 * The funnel from approval to delivery over HTTP, on every dialect: each stage's count and units
 * as the scenario made them, reservations' outcomes, and lapsed approvals once the purchase-order
 * window has closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApplication } from '../applications/index.js';
import { issueLicence } from '../licensing/index.js';
import { operatorActor } from '../platform/actor.js';
import { inTransaction } from '../platform/context.js';
import { testActors, testDialects } from '../platform/test-support/test-database.js';
import { getPolicyVersion } from '../policy/get-policy-versions.js';
import { openShipmentScenario, type ShipmentScenario } from '../shipments/test-support/shipment-scenario.js';
import { cancelReservation } from '../shipments/index.js';
import { getFunnel, type Funnel } from './get-funnel.js';

describe.each(testDialects())('the funnel on %s', (dialect) => {
  let scenario: ShipmentScenario;
  beforeAll(async () => {
    scenario = await openShipmentScenario(dialect);
  });
  afterAll(async () => {
    await scenario.harness.close();
  });

  async function funnel(headers = scenario.harness.auth.auditor): Promise<Funnel> {
    const response = await scenario.harness.app.inject({ method: 'GET', url: '/api/v1/statistics/funnel', headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Funnel>();
  }

  it('counts each stage and what became of reservations, with SQL aggregates', async () => {
    const { context } = scenario.harness;
    const operator = operatorActor('funnel');
    // Decisions as the workflow leaves them: one approved, one partially approved, one denied.
    await inTransaction(context, async (trx) => {
      const now = context.clock.now();
      const draft = { itemId: scenario.itemId, facilityId: scenario.facilityId, quantity: 100, endUse: 'ai-training', justification: 'funnel', deliveryFrom: '2026-04-01', deliveryUntil: '2026-06-30' };
      for (const [state, granted] of [['approved', 100], ['partially-approved', 40], ['denied', null]] as const) {
        const application = await addApplication(trx, operator, now, scenario.harness.organisationId, draft);
        await trx.updateTable('applications').set({ state, granted_quantity: granted }).where('id', '=', application.id).execute();
      }
    });
    const figures = await funnel();
    expect(figures).toEqual({
      asOf: '2026-03-01T09:00:00.000Z',
      approvals: { count: 2, units: 140 },
      licences: { count: 2, units: 120 },
      reservations: { count: 4, units: 20 },
      shipments: { count: 1, units: 8 },
      clearances: { count: 1, units: 8 },
      deliveries: { count: 1, units: 8 },
      openReservations: { count: 2, units: 5 },
      cancelledReservations: { count: 1, units: 5 },
      expiredReservations: { count: 0, units: 0 },
      lapsedApprovals: { count: 0, units: 0 },
    });
    for (const role of ['policyAdmin', 'reviewer', 'approver'] as const) expect(await funnel(scenario.harness.auth[role])).toEqual(figures);
    // Figures across organisations are the regulator's: no other party reads them.
    for (const role of ['applicant', 'otherApplicant', 'vendor', 'customs'] as const) {
      const refused = await scenario.harness.app.inject({ method: 'GET', url: '/api/v1/statistics/funnel', headers: scenario.harness.auth[role] });
      expect([role, refused.statusCode, refused.json<{ code: string }>().code, refused.headers['content-type']]).toEqual([role, 403, 'forbidden', 'application/problem+json; charset=utf-8']);
    }
    const unknownParameter = await scenario.harness.app.inject({ method: 'GET', url: '/api/v1/statistics/funnel?organisationId=x', headers: scenario.harness.auth.auditor });
    expect([unknownParameter.statusCode, unknownParameter.json<{ code: string }>().code]).toEqual([400, 'validation_failed']);
  });

  it('counts lapsed approvals once the purchase-order window has closed with nothing reserved or shipped', async () => {
    const { context } = scenario.harness;
    const operator = operatorActor('funnel');
    const version = await getPolicyVersion(context, operator, scenario.policyHash);
    await inTransaction(context, (trx) =>
      issueLicence(trx, operator, context.clock.now(), { applicationId: null, organisationId: scenario.harness.organisationId, itemId: scenario.itemId, facilityId: scenario.facilityId, quantity: 7, policyHash: scenario.policyHash, terms: version.policy.licenceTerms, permittedVendorIds: [] }, []),
    );
    expect((await funnel()).lapsedApprovals).toEqual({ count: 0, units: 0 });
    context.clock.advanceDays(version.policy.licenceTerms.purchaseOrderWindowDays + 1);
    // The test's API tokens have lapsed by now too: the use cases are called directly from here.
    const direct = () => getFunnel(context, testActors.auditor);
    // Reservations past their timeout count as lapsed before the ledger records their expiry.
    const beforeSweep = await direct();
    expect(beforeSweep).toMatchObject({ openReservations: { count: 0, units: 0 }, expiredReservations: { count: 2, units: 5 }, lapsedApprovals: { count: 2, units: 27 } });
    // The next ledger batch records their expiry (the cancellation itself is refused); the figures stay.
    await expect(cancelReservation(context, { id: 'vendor-clerk', role: 'vendor', organisationId: scenario.vendorId }, scenario.reservations.r4)).rejects.toMatchObject({ code: 'reservation_not_pending' });
    const figures = await direct();
    expect(figures).toEqual({ ...beforeSweep, asOf: figures.asOf });
    expect(figures).toMatchObject({
      reservations: { count: 4, units: 20 },
      openReservations: { count: 0, units: 0 },
      expiredReservations: { count: 2, units: 5 },
      // Licence B (20 units, its reservation lapsed) and the new licence (7); licence A shipped.
      lapsedApprovals: { count: 2, units: 27 },
    });
  });
});
