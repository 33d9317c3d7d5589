/**
 * Reservations and shipments on every dialect: the whole chain (coverage, reserve, ship with
 * serial numbers, customs clearance, delivery) as the ledger records it; every refusal, with
 * nothing changed; each party seeing only its own.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { readLicenceBalance, startReservationSweeps, sweepLapsedReservations, verifyStoredLedger } from '../ledger/index.js';
import { revokeLicence, suspendLicence } from '../licensing/index.js';
import type { Licence } from '../licensing/index.js';
import { approver, issue, licenceIssue, seedLicensingWorld, type LicensingWorld } from '../licensing/test-support/licensing-fixtures.js';
import { liftHold, placeHold } from '../policy/place-hold.js';
import type { HoldScope } from '../policy/index.js';
import { publishPolicy } from '../policy/publish-policy.js';
import type { Actor } from '../platform/actor.js';
import type { ManualClock } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { openTestContext, testActors, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { cancelReservation } from './cancel-reservation.js';
import { checkCoverage } from './check-coverage.js';
import { getReservation } from './get-reservation.js';
import { recordClearance, recordDelivery } from './record-shipment-step.js';
import { reserveUnits } from './reserve-units.js';
import { shipReservation } from './ship-reservation.js';

describe.each(testDialects())('shipments on %s', (dialect) => {
  let context: AppContext & { clock: ManualClock; database: TestDatabase };
  let world: LicensingWorld;
  let licence: Licence;
  let vendor: Actor;
  let otherVendor: Actor;
  const customs: Actor = { id: 'user-customs', role: 'customs', organisationId: 'customs-agency' };

  beforeEach(async () => {
    context = await openTestContext(dialect);
    world = await seedLicensingWorld(context);
    licence = await issue(context, licenceIssue(world, { quantity: 100, permittedVendorIds: [world.vendorId] }));
    vendor = { id: 'user-vendor', role: 'vendor', organisationId: world.vendorId };
    otherVendor = { id: 'user-other-vendor', role: 'vendor', organisationId: world.otherVendorId };
  });
  afterEach(async () => {
    await context.database.close();
  });

  async function available(): Promise<bigint | undefined> {
    return (await readLicenceBalance(context.database.db, licence.id))?.units.available;
  }

  it('checks coverage, reserves, ships with serial numbers, clears and delivers', async () => {
    const coverage = await checkCoverage(context, vendor, { organisationId: world.licenseeId, itemId: world.itemId, quantity: 120, deliveryDate: '2026-04-01' });
    expect(coverage).toMatchObject({ isCovered: false, availableUnits: 100, licences: [{ licenceId: licence.id, availableUnits: 100 }] });
    const reservation = await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-1', quantity: 30, reservationId: 'r-1' });
    expect(reservation).toMatchObject({ id: 'r-1', state: 'reserved', quantity: 30, vendorOrganisationId: world.vendorId, expiresAt: '2026-03-31T09:00:00.000Z' });
    expect(await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-1', quantity: 30, reservationId: 'r-1' })).toEqual(reservation);
    expect(await available()).toBe(70n);
    const shipped = await shipReservation(context, vendor, 'r-1', { quantity: 20, serialNumbers: ['SN-1', 'SN-2'] });
    expect(shipped).toMatchObject({ state: 'shipped', shippedQuantity: 20 });
    expect(await available()).toBe(80n);
    await expect(recordDelivery(context, vendor, 'r-1')).rejects.toMatchObject({ code: 'shipment_not_cleared' });
    expect(await recordClearance(context, customs, 'r-1', { declarationReference: 'CD-77' })).toMatchObject({ state: 'cleared' });
    const applicant: Actor = { id: 'user-applicant', role: 'applicant', organisationId: world.licenseeId };
    expect(await recordDelivery(context, applicant, 'r-1')).toMatchObject({ state: 'delivered' });
    expect((await readLicenceBalance(context.database.db, licence.id))?.units).toMatchObject({ shipped: 20n, delivered: 20n, awaitingClearance: 0n });
    const serials = await context.database.db.selectFrom('audit_entries').select('after_json').where('event_type', '=', 'shipment.shipped').executeTakeFirstOrThrow();
    expect(JSON.parse(serials.after_json!)).toMatchObject({ serialNumbers: ['SN-1', 'SN-2'] });
    expect(await verifyStoredLedger(context, testActors.auditor)).toMatchObject({ ok: true });
  });

  it('stores serial numbers with the shipment, reads them on the reservation, and refuses the same serial number of the item twice with nothing changed', async () => {
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-1', quantity: 3, reservationId: 'r-s1' });
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-2', quantity: 3, reservationId: 'r-s2' });
    expect((await getReservation(context, vendor, 'r-s1')).serialNumbers).toEqual([]);
    const shipped = await shipReservation(context, vendor, 'r-s1', { serialNumbers: ['SN-B', 'SN-A'] });
    expect(shipped).toMatchObject({ state: 'shipped', shippedQuantity: 3, serialNumbers: ['SN-B', 'SN-A'] });
    expect((await getReservation(context, customs, 'r-s1')).serialNumbers).toEqual(['SN-B', 'SN-A']);
    // A retry of the same shipment answers the reservation and stores nothing twice.
    expect((await shipReservation(context, vendor, 'r-s1', { serialNumbers: ['SN-B', 'SN-A'] })).serialNumbers).toEqual(['SN-B', 'SN-A']);
    // The same unit cannot ship again under another reservation: refused, the reservation still open.
    await expect(shipReservation(context, vendor, 'r-s2', { serialNumbers: ['SN-C', 'SN-A'] })).rejects.toMatchObject({
      code: 'serial_number_already_shipped',
      extensions: { serialNumbers: ['SN-A'] },
    });
    expect(await getReservation(context, vendor, 'r-s2')).toMatchObject({ state: 'reserved', shippedQuantity: 0, serialNumbers: [] });
    expect(await available()).toBe(94n);
    const rows = await context.database.db.selectFrom('shipment_serial_numbers').select(['serial_number', 'reservation_id']).orderBy('serial_number').execute();
    expect(rows).toEqual([
      { serial_number: 'SN-A', reservation_id: 'r-s1' },
      { serial_number: 'SN-B', reservation_id: 'r-s1' },
    ]);
    // Other serial numbers ship; the same serial number of another item is another unit.
    expect((await shipReservation(context, vendor, 'r-s2', { serialNumbers: ['SN-C'] })).serialNumbers).toEqual(['SN-C']);
    const otherItemLicence = await issue(context, licenceIssue(world, { quantity: 5, itemId: world.otherItemId, permittedVendorIds: [world.vendorId] }));
    await reserveUnits(context, vendor, { licenceId: otherItemLicence.id, purchaseOrderReference: 'PO-3', quantity: 1, reservationId: 'r-s3' });
    expect((await shipReservation(context, vendor, 'r-s3', { serialNumbers: ['SN-A'] })).serialNumbers).toEqual(['SN-A']);
    expect(await verifyStoredLedger(context, testActors.auditor)).toMatchObject({ ok: true });
  });

  it('refuses with codes and changes nothing', async () => {
    const refused = (work: Promise<unknown>, code: string) => expect(work).rejects.toMatchObject({ code });
    await refused(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 0 }), 'validation_failed');
    await refused(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: -5 }), 'validation_failed');
    await refused(reserveUnits(context, otherVendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 1 }), 'licence_not_found');
    await refused(reserveUnits(context, vendor, { licenceId: 'no-such-licence', purchaseOrderReference: 'PO', quantity: 1 }), 'licence_not_found');
    await refused(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 101 }), 'exceeds_licence_balance');
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 10, reservationId: 'r-2' });
    await refused(getReservation(context, otherVendor, 'r-2'), 'reservation_not_found');
    await refused(recordClearance(context, customs, 'r-2', { declarationReference: 'CD' }), 'shipment_not_shipped');
    await refused(shipReservation(context, vendor, 'r-2', { quantity: 11 }), 'exceeds_reservation');
    await refused(shipReservation(context, vendor, 'r-2', { serialNumbers: ['A', 'A'] }), 'validation_failed');
    await shipReservation(context, vendor, 'r-2', { quantity: 10 });
    await refused(shipReservation(context, vendor, 'r-2', { quantity: 5 }), 'reservation_not_pending');
    await refused(cancelReservation(context, vendor, 'r-2'), 'reservation_not_pending');
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 5, reservationId: 'r-4' });
    expect(await available()).toBe(85n);
    expect((await cancelReservation(context, vendor, 'r-4')).state).toBe('cancelled');
    expect((await cancelReservation(context, vendor, 'r-4')).state).toBe('cancelled');
    await refused(shipReservation(context, vendor, 'r-4', {}), 'reservation_not_pending');
    expect(await available()).toBe(90n);

    await suspendLicence(context, approver, licence.id, { reason: 'inquiry' });
    await refused(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 1 }), 'licence_not_active');
    await revokeLicence(context, approver, licence.id, { reason: 'breach' });
    await refused(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 1 }), 'licence_revoked');
    expect(await verifyStoredLedger(context, testActors.auditor)).toMatchObject({ ok: true });
  });

  it('refuses a reservation under a suspension hold of every scope, with nothing changed, and accepts it once the hold is lifted', async () => {
    await publishPolicy(context, testActors.policyAdmin, readFileSync(demoPolicyPath(), 'utf8'));
    const scopes: [string, HoldScope][] = [
      ['item', { level: 'item', item: world.itemId }],
      ['family', { level: 'family', family: 'H200' }],
      ['organisation', { level: 'organisation', organisation: world.licenseeId }],
      ['group', { level: 'organisation', organisation: world.groupHeadId }],
      ['category', { level: 'category', category: 'big-tech-platform' }],
      ['region', { level: 'region', region: 'Inner Mongolia' }],
      ['global', { level: 'global' }],
    ];
    for (const [name, scope] of scopes) {
      const hold = await placeHold(context, approver, { kind: 'suspension', scope, reasonCode: 'investigation', reason: `${name} inquiry` });
      const before = await context.database.db.selectFrom('ledger_transfers').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      await expect(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 1, reservationId: `r-${name}` }), name).rejects.toMatchObject({
        code: 'hold_in_force',
        extensions: { holdId: hold.id },
      });
      const after = await context.database.db.selectFrom('ledger_transfers').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      expect(Number(after.count), name).toBe(Number(before.count));
      expect(await available(), name).toBe(100n);
      await liftHold(context, approver, hold.id, hold.version);
    }
    // Holds on someone else's scope do not stop it: another region, another organisation's group, a block.
    await placeHold(context, approver, { kind: 'suspension', scope: { level: 'region', region: 'Guizhou' }, reasonCode: 'investigation', reason: 'elsewhere' });
    await placeHold(context, approver, { kind: 'suspension', scope: { level: 'organisation', organisation: world.otherApplicantId }, reasonCode: 'investigation', reason: 'someone else' });
    await placeHold(context, approver, { kind: 'block', scope: { level: 'organisation', organisation: world.groupHeadId }, reasonCode: 'demand', reason: 'gauging demand' });
    expect(await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 1, reservationId: 'r-after' })).toMatchObject({ state: 'reserved' });
    expect(await available()).toBe(99n);
  });

  it('a lapsed reservation reads as expired and frees its units before any batch runs; the sweep expires it once without other traffic', async () => {
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 40, reservationId: 'r-lapse' });
    const pendingStatus = async () =>
      (await context.database.db.selectFrom('ledger_transfers').select('pending_status').where('id', '=', 'r-lapse:units').executeTakeFirstOrThrow()).pending_status;
    context.clock.advanceDays(29);
    expect((await getReservation(context, vendor, 'r-lapse')).state).toBe('reserved');
    expect(await sweepLapsedReservations(context)).toBe(0);
    context.clock.advanceDays(2);
    // Nothing has run since the window closed: storage still holds the reservation open…
    expect(await pendingStatus()).toBe('pending');
    expect((await readLicenceBalance(context.database.db, licence.id))?.units).toMatchObject({ reserved: 40n, available: 60n });
    // …but every read already reports it lapsed.
    expect((await getReservation(context, vendor, 'r-lapse')).state).toBe('expired');
    expect((await readLicenceBalance(context.database.db, licence.id, context.clock.now().getTime()))?.units).toMatchObject({ reserved: 0n, available: 100n });
    expect((await readLicenceBalance(context.database.db, licence.id, context.clock.now().getTime()))?.tpp).toMatchObject({ reserved: 0n, available: 100n * 15_832n });
    expect(await checkCoverage(context, vendor, { organisationId: world.licenseeId, itemId: world.itemId, quantity: 100, deliveryDate: '2026-05-01' })).toMatchObject({ isCovered: true, availableUnits: 100 });
    // The sweep writes the expiry (both transfers of the pair), once.
    expect(await sweepLapsedReservations(context)).toBe(2);
    expect(await pendingStatus()).toBe('expired');
    expect((await readLicenceBalance(context.database.db, licence.id))?.units).toMatchObject({ reserved: 0n, available: 100n });
    expect(await sweepLapsedReservations(context)).toBe(0);
    expect((await getReservation(context, vendor, 'r-lapse')).state).toBe('expired');
    expect(await verifyStoredLedger(context, testActors.auditor)).toMatchObject({ ok: true });
  });

  it("the server's periodic reservation sweep expires lapsed reservations as the clock passes their timeout, and stops", async () => {
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 5, reservationId: 'r-timer' });
    const logged: string[] = [];
    const log = { info: (_details: object, message: string) => logged.push(message), error: (_details: object, message: string) => logged.push(`error: ${message}`) };
    const sweeps = startReservationSweeps(context, 5, log);
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(logged).toEqual([]);
      context.clock.advanceDays(31);
      const deadline = Date.now() + 20_000;
      while (logged.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(logged).toEqual(['expired 2 lapsed reservation transfers']);
    } finally {
      await sweeps.stop();
    }
    const status = await context.database.db.selectFrom('ledger_transfers').select('pending_status').where('id', '=', 'r-timer:units').executeTakeFirstOrThrow();
    expect(status.pending_status).toBe('expired');
  });

  it('refuses under a suspension hold, after the purchase-order window and after expiry; a lapsed reservation frees its units', async () => {
    await publishPolicy(context, testActors.policyAdmin, readFileSync(demoPolicyPath(), 'utf8'));
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 40, reservationId: 'r-3' });
    await placeHold(context, approver, { kind: 'suspension', scope: { level: 'organisation', organisation: world.licenseeId }, reasonCode: 'investigation', reason: 'diversion inquiry' });
    await expect(reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO', quantity: 1 })).rejects.toMatchObject({ code: 'hold_in_force' });
    context.clock.advanceDays(31);
    await expect(shipReservation(context, vendor, 'r-3', {})).rejects.toMatchObject({ code: 'reservation_not_pending' });
    expect((await getReservation(context, vendor, 'r-3')).state).toBe('expired');
    expect(await available()).toBe(100n);
    const other = await issue(context, licenceIssue(world, { quantity: 5, permittedVendorIds: [], organisationId: world.otherApplicantId, facilityId: world.otherFacilityId }));
    context.clock.advanceDays(31);
    await expect(reserveUnits(context, vendor, { licenceId: other.id, purchaseOrderReference: 'PO', quantity: 1 })).rejects.toMatchObject({ code: 'purchase_order_window_closed' });
    context.clock.advanceDays(60);
    await expect(reserveUnits(context, vendor, { licenceId: other.id, purchaseOrderReference: 'PO', quantity: 1 })).rejects.toMatchObject({ code: 'licence_expired' });
  });
});
