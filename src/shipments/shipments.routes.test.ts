/**
 * Reservations over HTTP under contention: 32 concurrent clients reserving against one licence
 * never exceed its balance, and when demand exceeds it, the successful reservations add up to the
 * licence's quantity exactly. In process on every dialect (the requests share the process's
 * group-commit writer), and on PostgreSQL with two real server processes sharing the database
 * (the account locks keep them from both spending the same units).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, issueToken } from '../access/index.js';
import { readLicenceBalance, verifyStoredLedger } from '../ledger/index.js';
import { issue, licenceIssue, seedLicensingWorld } from '../licensing/test-support/licensing-fixtures.js';
import { ManualClock } from '../platform/clock.js';
import { inTransaction } from '../platform/context.js';
import { openTestDatabase, POSTGRES_TEST_URL, testActors, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';

const CLIENTS = 32;
const LICENCE_UNITS = 100;

/** One client: reserves 1–5 units at a time, drops to single units when refused, stops when even one is refused. */
async function reserveUntilRefused(post: (quantity: number) => Promise<{ status: number; code?: string | undefined }>, client: number): Promise<number> {
  let reserved = 0;
  let quantity = 1 + (client % 5);
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const response = await post(quantity);
    if (response.status === 201) {
      reserved += quantity;
      continue;
    }
    expect(response).toMatchObject({ status: 409, code: 'exceeds_licence_balance' });
    if (quantity === 1) return reserved;
    quantity = 1;
  }
  throw new Error('a client never stopped');
}

describe.each(testDialects())('reservations under contention on %s', (dialect) => {
  let harness: TestApp;
  afterEach(async () => {
    await harness.close();
  });

  it(`${CLIENTS} concurrent clients never exceed the licence and use it up exactly`, async () => {
    harness = await openTestApp(dialect);
    const world = await seedLicensingWorld(harness.context);
    const licence = await issue(harness.context, licenceIssue(world, { quantity: LICENCE_UNITS, permittedVendorIds: [] }));
    let number = 0;
    const post = async (quantity: number) => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/reservations', headers: harness.auth.vendor, payload: { licenceId: licence.id, purchaseOrderReference: `PO-${++number}`, quantity } });
      return { status: response.statusCode, code: response.json<{ code?: string }>().code };
    };
    const totals = await Promise.all(Array.from({ length: CLIENTS }, (_, client) => reserveUntilRefused(post, client)));
    expect(totals.reduce((sum, total) => sum + total, 0)).toBe(LICENCE_UNITS);
    expect((await readLicenceBalance(harness.context.database.db, licence.id))?.units).toMatchObject({ reserved: BigInt(LICENCE_UNITS), available: 0n });
    expect(await verifyStoredLedger(harness.context, testActors.auditor)).toMatchObject({ ok: true });
  }, 120_000);
});

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(environment: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, GATEHOUSE_DB: '', LOG_LEVEL: 'silent', GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS: '0', ...environment },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

describe.runIf(POSTGRES_TEST_URL !== null)('reservations from two server processes on postgres', () => {
  let database: TestDatabase;
  const servers: ChildProcess[] = [];
  afterEach(async () => {
    for (const server of servers) server.kill('SIGKILL');
    await database.close();
  });

  it(`${CLIENTS} clients over two servers never exceed the licence and use it up exactly`, async () => {
    database = await openTestDatabase('postgres');
    // The servers run on the real clock: issue the licence and the token now.
    const context = { database, clock: new ManualClock(new Date()) };
    const world = await seedLicensingWorld(context);
    const licence = await issue(context, licenceIssue(world, { quantity: LICENCE_UNITS, permittedVendorIds: [] }));
    const token = await inTransaction(context, async (trx) => {
      const now = context.clock.now();
      await addUser(trx, testActors.operator, now, { login: 'vendor', displayName: 'Vendor', role: 'vendor', organisationId: world.vendorId });
      return (await issueToken(trx, testActors.operator, now, { login: 'vendor', label: 'test', validityDays: 1 })).secret;
    });
    const started = await Promise.all([startServer(database.environment), startServer(database.environment)]);
    servers.push(...started.map((server) => server.child));
    let number = 0;
    const totals = await Promise.all(
      Array.from({ length: CLIENTS }, (_, client) =>
        reserveUntilRefused(async (quantity) => {
          const response = await fetch(`${started[client % 2]!.base}/api/v1/reservations`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ licenceId: licence.id, purchaseOrderReference: `PO-${++number}`, quantity }),
          });
          return { status: response.status, code: ((await response.json()) as { code?: string }).code };
        }, client),
      ),
    );
    expect(totals.reduce((sum, total) => sum + total, 0)).toBe(LICENCE_UNITS);
    expect((await readLicenceBalance(database.db, licence.id))?.units).toMatchObject({ reserved: BigInt(LICENCE_UNITS), available: 0n });
    expect(await verifyStoredLedger(context, testActors.auditor)).toMatchObject({ ok: true });
  }, 180_000);
});
