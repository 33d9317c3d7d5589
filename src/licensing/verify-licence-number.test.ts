/**
 * The public licence check's single-statement read, on every dialect: it reports the units the
 * ledger says are available (the same figure as the licence's full balance) and follows every
 * change at once; it never reads a transaction's uncommitted changes. And the app applies the
 * configured limit per client address.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { readLicenceBalance, sweepLapsedReservations } from '../ledger/index.js';
import type { Actor } from '../platform/actor.js';
import type { ManualClock } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { openDatabase } from '../platform/database.js';
import { openTestContext, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { reserveUnits } from '../shipments/reserve-units.js';
import type { Licence } from './licence.js';
import { suspendLicence } from './suspend-licence.js';
import { approver, issue, licenceIssue, seedLicensingWorld, type LicensingWorld } from './test-support/licensing-fixtures.js';
import { verifyLicenceNumber } from './verify-licence-number.js';

describe.each(testDialects())('the public licence check on %s', (dialect) => {
  let context: AppContext & { clock: ManualClock; database: TestDatabase };
  let world: LicensingWorld;
  let licence: Licence;
  let vendor: Actor;

  beforeEach(async () => {
    context = await openTestContext(dialect);
    world = await seedLicensingWorld(context);
    licence = await issue(context, licenceIssue(world, { quantity: 100, permittedVendorIds: [world.vendorId] }));
    vendor = { id: 'user-vendor', role: 'vendor', organisationId: world.vendorId };
  });
  afterEach(async () => {
    await context.database.close();
  });

  it('answers from one read: names, dates, state and the units the ledger has available', async () => {
    expect(await verifyLicenceNumber(context, licence.number)).toEqual({
      number: licence.number,
      isWellFormed: true,
      isKnown: true,
      isValid: true,
      isActive: true,
      isInForce: true,
      state: 'active',
      validFrom: licence.validFrom,
      validUntil: licence.validUntil,
      itemName: world.itemName,
      licenseeLegalName: 'Example Cloud Ltd',
      remainingUnits: 100,
      checkedAt: context.clock.now().toISOString(),
    });
  });

  it('follows reservations and state changes at once, agreeing with the licence balance', async () => {
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-1', quantity: 30 });
    const balance = await readLicenceBalance(context.database.db, licence.id);
    expect(balance?.units.available).toBe(70n);
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ remainingUnits: 70, isInForce: true });
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-2', quantity: 5 });
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ remainingUnits: 65 });
    await suspendLicence(context, approver, licence.id, { reason: 'inquiry' });
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ state: 'suspended', isActive: false, isInForce: false, remainingUnits: 65 });
  });

  it('counts a lapsed reservation as available before the sweep records it, as the licence balance does', async () => {
    await reserveUnits(context, vendor, { licenceId: licence.id, purchaseOrderReference: 'PO-lapsing', quantity: 30, reservationId: 'r-lapsing' });
    context.clock.advanceDays(29);
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ remainingUnits: 70 });
    context.clock.advanceDays(2); // past the 30-day purchase-order window: the reservation has lapsed
    const stored = await context.database.db.selectFrom('ledger_transfers').select('pending_status').where('id', '=', 'r-lapsing:units').executeTakeFirstOrThrow();
    expect(stored.pending_status).toBe('pending'); // not swept yet
    const balance = await readLicenceBalance(context.database.db, licence.id, context.clock.now().getTime());
    expect(balance?.units.available).toBe(100n);
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ remainingUnits: 100 });
    expect(await sweepLapsedReservations(context)).toBe(2);
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ remainingUnits: 100 });
  });

  it('follows a change committed by another connection (the command line, a second server) at the next check', async () => {
    for (let check = 0; check < 3; check += 1) expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ state: 'active', remainingUnits: 100 });
    const environment = context.database.environment;
    const other = await openDatabase(dialect === 'sqlite' ? { sqlitePath: environment.GATEHOUSE_DB!, migrate: false } : { databaseUrl: environment.DATABASE_URL!, migrate: false, poolSize: 1 });
    try {
      await other.db.updateTable('licences').set({ state: 'suspended' }).where('id', '=', licence.id).execute();
    } finally {
      await other.close();
    }
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ state: 'suspended', isInForce: false });
  });

  it('judges validity against the clock at every check, with nothing written in between', async () => {
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ isValid: true, isInForce: true });
    context.clock.set(new Date(Date.parse(licence.validUntil) + 2 * 86_400_000));
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ isValid: false, isInForce: false });
  });

  it('reports the licence quantity for a licence without ledger accounts (rows older than the ledger)', async () => {
    await sql`delete from ledger_accounts where owner_id = ${licence.id}`.execute(context.database.db);
    expect(await verifyLicenceNumber(context, licence.number)).toMatchObject({ isKnown: true, remainingUnits: 100 });
  });

  it('never reads what an open transaction has not committed', async () => {
    let during: Promise<unknown> | undefined;
    await expect(
      context.database.db.transaction().execute(async (trx) => {
        await trx.updateTable('licences').set({ state: 'suspended' }).where('id', '=', licence.id).execute();
        // Started while the transaction is open, on the same (single, on SQLite) connection.
        during = verifyLicenceNumber(context, licence.number);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await during).toMatchObject({ state: 'active', isInForce: true });
  });
});

describe('the configured limit of the public check', () => {
  it('refuses a client address beyond the configured burst, and keeps the production default otherwise', async () => {
    const context = await openTestContext('sqlite');
    try {
      const world = await seedLicensingWorld(context);
      const licence = await issue(context, licenceIssue(world));
      const limited = await buildApp(context, { logLevel: 'silent', bodyLimitBytes: 65_536, verifyRateLimit: { burst: 2, perSecond: 1 } });
      const statuses = [];
      for (let request = 0; request < 3; request += 1) statuses.push((await limited.inject({ method: 'GET', url: `/api/v1/licences/verify/${licence.number}`, remoteAddress: '192.0.2.1' })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
      await limited.close();
      const production = await buildApp(context, { logLevel: 'silent', bodyLimitBytes: 65_536 });
      const answers = [];
      for (let request = 0; request < 61; request += 1) answers.push((await production.inject({ method: 'GET', url: `/api/v1/licences/verify/${licence.number}`, remoteAddress: '192.0.2.1' })).statusCode);
      expect(answers.filter((status) => status === 200)).toHaveLength(60);
      expect(answers.at(-1)).toBe(429);
      await production.close();
    } finally {
      await context.database.close();
    }
  });
});
