/**
 * `gatehouse round …` as an operator and an approver use it: real child processes against a
 * private database. The commands run on the system clock, so the policy is the demo's moved to
 * the current year (without its holds, whose dates would otherwise decide the outcome).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, issueToken } from '../access/index.js';
import { createApplication, recommendApplication, submitApplication, takeApplication } from '../applications/index.js';
import { demoPolicyPath } from '../demo/seed-demo.js';
import { publishPolicy } from '../policy/publish-policy.js';
import { inTransaction } from '../platform/context.js';
import { runCli } from '../platform/test-support/run-cli.js';
import { openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import { createFacility, createItem, createOrganisation, declareFleet } from '../registry/index.js';

describe.each(testDialects())('gatehouse round on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  afterEach(async () => {
    await context.database.close();
  });

  it('opens, previews and commits a round; committing needs an approver’s token', { timeout: 180_000 }, async () => {
    context = await openTestContext(dialect);
    context.clock.set(new Date());
    const year = String(context.clock.now().getUTCFullYear());
    const demo = readFileSync(demoPolicyPath(), 'utf8');
    const policy = `${demo.slice(0, demo.indexOf('\nholds:')).replaceAll('2026-', `${year}-`)}\nholds: []\n`;
    const admin = testActors.policyAdmin;
    await publishPolicy(context, admin, policy);
    const h200 = await createItem(context, admin, { name: 'NVIDIA H200', vendor: 'NVIDIA', classificationCode: '3A090.a', family: 'H200', origin: 'foreign', tpp: 15_832, memoryGb: 141, memoryBandwidthGbPerSecond: 4_800 });
    const ascend = await createItem(context, admin, { name: 'Ascend 910C', vendor: 'Huawei', classificationCode: 'domestic', origin: 'domestic', tpp: 12_800, memoryGb: 128, memoryBandwidthGbPerSecond: 3_200 });
    const organisation = await createOrganisation(context, admin, { legalName: 'Cloud Co', category: 'cloud-provider' });
    const facility = await createFacility(context, admin, { organisationId: organisation.id, name: 'DC', region: 'Jiangsu', latitude: 31, longitude: 120 });
    await declareFleet(context, admin, { organisationId: organisation.id, asOf: `${year}-01-01`, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, domesticUnitsCommitted: 20_000, holdings: [{ itemId: ascend.id, installedUnits: 20_000 }] });
    const applicant = { id: 'cloud-applicant', role: 'applicant' as const, organisationId: organisation.id };
    const draft = await createApplication(context, applicant, { itemId: h200.id, facilityId: facility.id, quantity: 5_000, endUse: 'ai-training', justification: 'models', domesticJustification: 'bandwidth', deliveryFrom: `${year}-12-01`, deliveryUntil: `${year}-12-31` });
    const submitted = await submitApplication(context, applicant, draft.id, draft.version);
    const taken = await takeApplication(context, testActors.reviewer, submitted.id, submitted.version);
    await recommendApplication(context, testActors.reviewer, taken.id, taken.version, { decision: 'approve', quantity: 5_000, reasonCode: 'meets-policy', note: 'fine' });
    const token = await inTransaction(context, async (trx) => {
      const now = context.clock.now();
      await addUser(trx, testActors.operator, now, { login: 'approver-ma', displayName: 'Ma', role: 'approver', organisationId: null });
      return (await issueToken(trx, testActors.operator, now, { login: 'approver-ma', label: 'cli', validityDays: 1 })).secret;
    });
    const environment = context.database.environment;

    const opened = await runCli(['round', 'open', '--title', 'CLI round', '--item', h200.id, '--budget', '3000', '--method', 'max-min', '--cut-off', new Date().toISOString(), '--json'], environment, 60_000);
    expect(opened.stderr).toBe('');
    const round = JSON.parse(opened.stdout) as { id: string; state: string; version: number };
    expect(round).toMatchObject({ state: 'open', version: 1 });

    const previewed = await runCli(['round', 'preview', round.id, '--expected-version', '1'], environment, 60_000);
    expect(previewed.exitCode).toBe(0);
    expect(previewed.stdout).toMatch(/preview: granted 3000 of 3000, level 3000/);
    expect(previewed.stdout).toMatch(/Cloud Co: requested 5000, cap 5000, granted 3000 \(budget\)/);
    expect(previewed.stdout).toMatch(/ready to commit/);

    const byOperator = await runCli(['round', 'commit', round.id], environment, 60_000);
    expect(byOperator.exitCode).toBe(2);
    expect(byOperator.stderr).toMatch(/forbidden/);

    const committed = await runCli(['round', 'commit', round.id, '--expected-version', '2', '--json'], { ...environment, GATEHOUSE_TOKEN: token }, 60_000);
    expect(committed.stderr).toBe('');
    const final = JSON.parse(committed.stdout) as { state: string; commitment: { committedBy: string; summary: { granted: number } } };
    expect(final).toMatchObject({ state: 'final', commitment: { summary: { granted: 3_000 } } });
    expect(final.commitment.committedBy).not.toMatch(/^operator:/);
  });
});
