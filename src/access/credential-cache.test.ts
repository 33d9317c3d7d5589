/**
 * Kept credentials never outlive a change, on every dialect: with the cache warm, a token revoked
 * here or by another connection (the command line, a second server), a token past its expiry, a
 * disabled user and an ended session are all refused on the very next request. On SQLite the
 * cache does keep what it found while nothing changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operatorActor } from '../platform/actor.js';
import { inTransaction } from '../platform/context.js';
import { openDatabase, type DatabaseHandle } from '../platform/database.js';
import { testDialects } from '../platform/test-support/test-database.js';
import { openTestApp, type TestApp } from '../test-support/test-app.js';
import { addUser } from './create-user.js';
import { issueToken, revokeApiToken, type IssuedToken } from './create-api-token.js';
import { lookUpCredential } from './credential-cache.js';
import { hashPassword } from './password.js';

const PASSWORD = 'a long enough passphrase';

describe.each(testDialects())('kept credentials on %s', (dialect) => {
  let harness: TestApp;
  let issued: IssuedToken;
  let other: DatabaseHandle;
  const operator = operatorActor('test');

  beforeEach(async () => {
    harness = await openTestApp(dialect);
    const now = harness.context.clock.now();
    issued = await inTransaction(harness.context, async (trx) => {
      await addUser(trx, operator, now, { login: 'erp', displayName: 'Vendor ERP', role: 'vendor', organisationId: harness.organisationId }, await hashPassword(PASSWORD));
      return issueToken(trx, operator, now, { login: 'erp', label: 'erp', validityDays: 1 });
    });
    // A second connection to the same database, as the command line or another server would have.
    const environment = harness.context.database.environment;
    other = await openDatabase(dialect === 'sqlite' ? { sqlitePath: environment.GATEHOUSE_DB!, migrate: false } : { databaseUrl: environment.DATABASE_URL!, migrate: false, poolSize: 1 });
  });
  afterEach(async () => {
    await other.close();
    await harness.close();
  });

  const whoAmI = (headers: Record<string, string>) => harness.app.inject({ method: 'GET', url: '/api/v1/session', headers });
  const bearer = () => ({ authorization: `Bearer ${issued.secret}` });

  async function warm(headers: Record<string, string>): Promise<void> {
    for (let request = 0; request < 3; request += 1) expect((await whoAmI(headers)).statusCode).toBe(200);
  }

  it('refuses a token revoked in this process on the very next request', async () => {
    await warm(bearer());
    await revokeApiToken(harness.context, operator, issued.token.id);
    expect((await whoAmI(bearer())).statusCode).toBe(401);
  });

  it('refuses a token revoked by another connection on the very next request', async () => {
    await warm(bearer());
    await other.db.updateTable('api_tokens').set({ revoked_at: harness.context.clock.now().toISOString() }).where('id', '=', issued.token.id).execute();
    expect((await whoAmI(bearer())).statusCode).toBe(401);
  });

  it('refuses a kept token the moment it expires', async () => {
    await warm(bearer());
    harness.context.clock.set(issued.token.expiresAt);
    expect((await whoAmI(bearer())).statusCode).toBe(401);
  });

  it('refuses the token of a user disabled by another connection on the very next request', async () => {
    await warm(bearer());
    await other.db.updateTable('users').set({ status: 'disabled' }).where('login', '=', 'erp').execute();
    expect((await whoAmI(bearer())).statusCode).toBe(401);
  });

  it('refuses a session signed out here, or ended by another connection, on the very next request', async () => {
    const signIn = async () => {
      const response = await harness.app.inject({ method: 'POST', url: '/api/v1/session', payload: { login: 'erp', password: PASSWORD } });
      expect(response.statusCode).toBe(201);
      const cookie = response.cookies.find((entry) => entry.name === 'gatehouse_session')!;
      return { cookie: `gatehouse_session=${cookie.value}`, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
    };
    const first = await signIn();
    await warm({ cookie: first.cookie });
    expect((await harness.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: first.cookie, 'x-csrf-token': first.csrfToken } })).statusCode).toBe(204);
    expect((await whoAmI({ cookie: first.cookie })).statusCode).toBe(401);

    harness.context.clock.advanceMs(60_000);
    const second = await signIn();
    await warm({ cookie: second.cookie });
    await other.db.updateTable('sessions').set({ revoked_at: harness.context.clock.now().toISOString() }).where('revoked_at', 'is', null).execute();
    expect((await whoAmI({ cookie: second.cookie })).statusCode).toBe(401);
  });

  it.runIf(dialect === 'sqlite')('keeps what it found while nothing changes, and reads again after any write', async () => {
    let lookups = 0;
    const lookup = () => {
      lookups += 1;
      return Promise.resolve({ found: true });
    };
    const database = harness.context.database;
    await lookUpCredential(database, 'token:test', lookup);
    await lookUpCredential(database, 'token:test', lookup);
    expect(lookups).toBe(1);
    // Any row written through this connection, even one that has nothing to do with access.
    await database.db.updateTable('organisations').set({ legal_name: 'Applicant One Limited' }).where('id', '=', harness.organisationId).execute();
    await lookUpCredential(database, 'token:test', lookup);
    expect(lookups).toBe(2);
    // A commit by another connection.
    await other.db.updateTable('organisations').set({ legal_name: 'Applicant One Ltd' }).where('id', '=', harness.organisationId).execute();
    await lookUpCredential(database, 'token:test', lookup);
    await lookUpCredential(database, 'token:test', lookup);
    expect(lookups).toBe(3);
    // Nothing found is not kept.
    await lookUpCredential(database, 'token:unknown', () => Promise.resolve(undefined));
    await lookUpCredential(database, 'token:unknown', lookup);
    expect(lookups).toBe(4);
  });
});
