/**
 * A test app with two licences and reservations in every state, made through the HTTP API:
 *
 *   licence A (applicant's organisation, any vendor), 100 units:
 *     r1 by vendor, 10 units, shipped 8, cleared (CD-1), delivered
 *     r2 by vendor, 5 units, cancelled
 *     r3 by the second vendor, 3 units, still reserved
 *   licence B (otherApplicant's organisation, any vendor), 20 units:
 *     r4 by vendor, 2 units, still reserved
 *
 * in that order, so newest first is r4, r3, r2, r1.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { addUser, issueToken } from '../../access/index.js';
import { demoPolicyPath } from '../../demo/seed-demo.js';
import { issueLicence } from '../../licensing/index.js';
import { operatorActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/context.js';
import type { DialectName } from '../../platform/database.js';
import { publishPolicy } from '../../policy/publish-policy.js';
import { addFacility, addItem, addOrganisation } from '../../registry/index.js';
import { openTestApp, type TestApp } from '../../test-support/test-app.js';

export const ITEM_TPP = 15_832;

export interface ShipmentScenario {
  harness: TestApp;
  itemId: string;
  facilityId: string;
  policyHash: string;
  licenceA: string;
  licenceB: string;
  vendorId: string;
  secondVendorId: string;
  secondVendor: { authorization: string };
  reservations: { r1: string; r2: string; r3: string; r4: string };
}

export async function openShipmentScenario(dialect: DialectName): Promise<ShipmentScenario> {
  const harness = await openTestApp(dialect);
  const operator = operatorActor('scenario');
  const published = await publishPolicy(harness.context, operator, readFileSync(demoPolicyPath(), 'utf8'));
  const world = await inTransaction(harness.context, async (trx) => {
    const now = harness.context.clock.now();
    const item = await addItem(trx, operator, now, { name: 'Scenario H200', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: ITEM_TPP, memoryGb: 141, memoryBandwidthGbPerSecond: 4800 });
    const ownSite = await addFacility(trx, operator, now, { organisationId: harness.organisationId, name: 'Scenario DC', region: 'Jiangsu', latitude: 31, longitude: 120 });
    const otherSite = await addFacility(trx, operator, now, { organisationId: harness.otherOrganisationId, name: 'Other DC', region: 'Guizhou', latitude: 26, longitude: 106 });
    const issue = (organisationId: string, facilityId: string, quantity: number) =>
      issueLicence(trx, operator, now, { applicationId: null, organisationId, itemId: item.id, facilityId, quantity, policyHash: published.version.hash, terms: published.version.policy.licenceTerms, permittedVendorIds: [] }, []);
    const licenceA = await issue(harness.organisationId, ownSite.id, 100);
    const licenceB = await issue(harness.otherOrganisationId, otherSite.id, 20);
    const secondVendor = await addOrganisation(trx, operator, now, { legalName: 'Second Vendor Ltd', category: 'vendor' });
    await addUser(trx, operator, now, { login: 'second-vendor', displayName: 'Second Vendor Clerk', role: 'vendor', organisationId: secondVendor.id });
    const token = await issueToken(trx, operator, now, { login: 'second-vendor', label: 'test', validityDays: 30 });
    return { itemId: item.id, facilityId: ownSite.id, policyHash: published.version.hash, licenceA: licenceA.id, licenceB: licenceB.id, secondVendorId: secondVendor.id, secondVendor: { authorization: `Bearer ${token.secret}` } };
  });
  const post = async (headers: { authorization: string }, url: string, payload: object) => {
    const response = await harness.app.inject({ method: 'POST', url, headers, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json<{ id: string; vendorOrganisationId: string }>();
  };
  const { vendor, customs } = harness.auth;
  const r1 = await post(vendor, '/api/v1/reservations', { licenceId: world.licenceA, purchaseOrderReference: 'PO-1', quantity: 10 });
  await post(vendor, `/api/v1/reservations/${r1.id}/shipment`, { quantity: 8 });
  await post(customs, `/api/v1/reservations/${r1.id}/clearance`, { declarationReference: 'CD-1' });
  await post(vendor, `/api/v1/reservations/${r1.id}/delivery`, {});
  const r2 = await post(vendor, '/api/v1/reservations', { licenceId: world.licenceA, purchaseOrderReference: 'PO-2', quantity: 5 });
  await post(vendor, `/api/v1/reservations/${r2.id}/cancellation`, {});
  const r3 = await post(world.secondVendor, '/api/v1/reservations', { licenceId: world.licenceA, purchaseOrderReference: 'PO-3', quantity: 3 });
  const r4 = await post(vendor, '/api/v1/reservations', { licenceId: world.licenceB, purchaseOrderReference: 'PO-4', quantity: 2 });
  return { harness, ...world, vendorId: r1.vendorOrganisationId, reservations: { r1: r1.id, r2: r2.id, r3: r3.id, r4: r4.id } };
}
