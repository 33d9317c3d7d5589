/**
 * `gatehouse licences sweep` and `licences verify` in a child process against a private database,
 * and the server's periodic sweep. The child runs on the system clock, so the licences here are
 * issued on a manual clock placed relative to the real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getLicence } from '../licensing/index.js';
import { issue, licenceIssue, seedLicensingWorld } from '../licensing/test-support/licensing-fixtures.js';
import { ManualClock } from '../platform/clock.js';
import { runCli } from '../platform/test-support/run-cli.js';
import { openTestDatabase, testActors, testDialects, type TestDatabase } from '../platform/test-support/test-database.js';
import { LICENCE_SWEEP_INTERVAL_DEFAULT_SECONDS, licenceSweepIntervalMs, startLicenceExpirySweeps } from './licences.command.js';

const DAY_MS = 86_400_000;

describe.each(testDialects())('gatehouse licences on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.close();
  });

  async function setUp() {
    database = await openTestDatabase(dialect);
    // 100 days ago: a 90-day licence issued then has lapsed in real time; a 365-day one has not.
    const context = { database, clock: new ManualClock(new Date(Date.now() - 100 * DAY_MS)) };
    const world = await seedLicensingWorld(context);
    const terms = licenceIssue(world).terms;
    const lapsed = await issue(context, licenceIssue(world, { terms: { ...terms, validityDays: 90 } }));
    const current = await issue(context, licenceIssue(world, { terms: { ...terms, validityDays: 365 } }));
    return { context, lapsed, current };
  }

  it('licences sweep expires what has lapsed, once, and says how many', async () => {
    const { context, lapsed, current } = await setUp();
    const first = await runCli(['licences', 'sweep'], database.environment);
    expect(first).toMatchObject({ exitCode: 0, stdout: 'expired 1 licence\n' });
    const second = await runCli(['licences', 'sweep'], database.environment);
    expect(second).toMatchObject({ exitCode: 0, stdout: 'expired 0 licences\n' });
    expect((await getLicence(context, testActors.auditor, lapsed.id)).state).toBe('expired');
    expect((await getLicence(context, testActors.auditor, current.id)).state).toBe('active');
    const audit = await database.db.selectFrom('audit_entries').select(['event_type', 'actor_id']).where('subject_id', '=', lapsed.id).orderBy('sequence').execute();
    expect(audit.map((entry) => entry.event_type)).toEqual(['licence.issued', 'licence.expired']);
    expect(audit[1]!.actor_id).toMatch(/^operator:/);
  });

  it('licences verify exits 0 for a licence in force, 1 for one that is not, 2 for a malformed number', async () => {
    const { lapsed, current } = await setUp();
    const inForce = await runCli(['licences', 'verify', current.number.toLowerCase()], database.environment);
    expect(inForce.exitCode).toBe(0);
    expect(inForce.stdout).toContain(`${current.number}: IN FORCE (active)`);
    expect(inForce.stdout).toContain('licensee: Example Cloud Ltd');
    const notInForce = await runCli(['licences', 'verify', lapsed.number], database.environment);
    expect(notInForce.exitCode).toBe(1);
    expect(notInForce.stdout).toContain('NOT IN FORCE (active, outside its validity)');
    const digits = current.number.replaceAll('-', '');
    const mistyped = `${digits.slice(0, -1)}${(Number(digits.at(-1)) + 1) % 10}`;
    const malformed = await runCli(['licences', 'verify', mistyped], database.environment);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toMatch(/malformed_licence_number \(check_digits\)/);
  });

  it('the server’s periodic sweep expires licences as the clock passes their end, and logs failures', async () => {
    database = await openTestDatabase(dialect);
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const context = { database, clock };
    const world = await seedLicensingWorld(context);
    const licence = await issue(context, licenceIssue(world));
    const logged: { level: string; details: object }[] = [];
    const log = { info: (details: object) => logged.push({ level: 'info', details }), error: (details: object) => logged.push({ level: 'error', details }) };
    const sweeps = startLicenceExpirySweeps(context, 10, log);
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await getLicence(context, testActors.auditor, licence.id)).state).toBe('active');
      clock.set(licence.validUntil);
      const deadline = Date.now() + 5_000;
      while ((await getLicence(context, testActors.auditor, licence.id)).state !== 'expired' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await getLicence(context, testActors.auditor, licence.id)).state).toBe('expired');
    } finally {
      await sweeps.stop();
    }
    expect(logged).toContainEqual({ level: 'info', details: { expired: 1 } });
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);

    // A sweep that fails (here: a database whose tables are gone) is logged, and the timer goes on.
    const broken = await openTestDatabase(dialect);
    await broken.db.schema.dropTable('licence_permitted_vendors').execute();
    await broken.db.schema.dropTable('licences').execute();
    const failing = startLicenceExpirySweeps({ database: broken, clock }, 10, log);
    try {
      const deadline = Date.now() + 5_000;
      while (logged.filter((entry) => entry.level === 'error').length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await failing.stop();
      await broken.close();
    }
    expect(logged.filter((entry) => entry.level === 'error').length).toBeGreaterThanOrEqual(2);
  });
});

describe('the sweep interval', () => {
  it('defaults to a minute, reads whole seconds, and 0 turns it off', () => {
    expect(licenceSweepIntervalMs({})).toBe(LICENCE_SWEEP_INTERVAL_DEFAULT_SECONDS * 1_000);
    expect(licenceSweepIntervalMs({ GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS: '5' })).toBe(5_000);
    expect(licenceSweepIntervalMs({ GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS: '0' })).toBe(0);
    expect(() => licenceSweepIntervalMs({ GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS: '1.5' })).toThrow(/whole number/);
    expect(() => licenceSweepIntervalMs({ GATEHOUSE_LICENCE_SWEEP_INTERVAL_SECONDS: 'soon' })).toThrow(/whole number/);
  });
});
