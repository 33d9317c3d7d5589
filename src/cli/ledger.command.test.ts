/**
 * `gatehouse ledger verify` in a child process: 0 on a consistent ledger, 1 naming the first
 * discrepancy once an account's total is tampered with.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { issue, licenceIssue, seedLicensingWorld } from '../licensing/test-support/licensing-fixtures.js';
import { ManualClock } from '../platform/clock.js';
import { runCli } from '../platform/test-support/run-cli.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';

describe.each(testDialects())('gatehouse ledger verify on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.close();
  });

  it('exits 0 on a consistent ledger and 1 with the first discrepancy', async () => {
    database = await openTestDatabase(dialect);
    const context = { database, clock: new ManualClock('2026-03-01T09:00:00.000Z') };
    const world = await seedLicensingWorld(context);
    const licence = await issue(context, licenceIssue(world, { quantity: 40 }));
    const clean = await runCli(['ledger', 'verify'], database.environment, 60_000);
    expect(clean).toMatchObject({ exitCode: 0 });
    expect(clean.stdout).toMatch(/^ledger verified: 12 accounts, 4 transfers, 1 licences\n$/);

    await database.db.updateTable('ledger_accounts').set({ credits_posted: 41n }).where('id', '=', `licence/${licence.id}/units`).execute();
    const tampered = await runCli(['ledger', 'verify'], database.environment, 60_000);
    expect(tampered.exitCode).toBe(1);
    expect(tampered.stdout).toContain('ledger discrepancy (account_balance_mismatch)');
    expect(tampered.stdout).toContain(`licence/${licence.id}/units`);
  }, 120_000);
});
