import { afterEach, describe, expect, it } from 'vitest';
import { authenticateToken } from '../access/index.js';
import { verifyAuditChain } from '../audit/index.js';
import { operatorActor } from '../platform/actor.js';
import { countRows, openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import { getLatestFleetDeclaration, listOrganisations } from '../registry/index.js';
import { listApplicationQueue } from '../applications/index.js';
import { listLicences } from '../licensing/index.js';
import { DEMO_USERS, databaseState, demoToken, resetDemoDatabase, seedDemo } from './seed-demo.js';

describe.each(testDialects())('demo scenario on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  afterEach(async () => {
    await context.database.close();
  });

  it('seeds an empty database once, with groups, fleets and a sign-in per role', async () => {
    context = await openTestContext(dialect);
    expect(await databaseState(context.database.db)).toBe('empty');
    await seedDemo(context, operatorActor('demo'));
    expect(await databaseState(context.database.db)).toBe('demo');
    expect(await countRows(context.database, 'items')).toBe(5);
    const organisations = (await listOrganisations(context, testActors.reviewer, { limit: 50 })).items;
    const alibaba = organisations.find((organisation) => organisation.legalName === 'Alibaba Group Holding Limited')!;
    expect(organisations.filter((organisation) => organisation.parentId === alibaba.id)).toHaveLength(2);
    expect(organisations.filter((organisation) => organisation.category === 'telecom-operator')).toHaveLength(2);
    expect(alibaba.chineseName).toBe('阿里巴巴集团控股有限公司');
    const fleet = await getLatestFleetDeclaration(context, testActors.reviewer, alibaba.id);
    expect(fleet?.domesticUnitsCommitted).toBeGreaterThan(0);
    for (const user of DEMO_USERS) {
      const actor = await authenticateToken(context, `Bearer ${demoToken(user.login)}`);
      expect(actor?.role).toBe(user.role);
    }
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true });
    await expect(seedDemo(context, operatorActor('demo'))).rejects.toMatchObject({ code: 'database_not_empty' });
  });

  it('leaves the scenario lived-in: the platforms approved, others queued, one of each ending', async () => {
    context = await openTestContext(dialect);
    context.clock.set('2026-11-28T09:00:00.000Z');
    await seedDemo(context, operatorActor('demo'));
    const all = (await listApplicationQueue(context, testActors.reviewer, { limit: 100 })).items;
    const organisations = new Map((await listOrganisations(context, testActors.reviewer, { limit: 50 })).items.map((organisation) => [organisation.id, organisation]));
    const platformApprovals = all.filter((application) => application.state === 'approved' && organisations.get(application.organisationId)?.category === 'big-tech-platform');
    expect(new Set(platformApprovals.map((application) => application.organisationId)).size).toBe(3);
    expect(platformApprovals.reduce((sum, application) => sum + (application.grantedQuantity ?? 0), 0)).toBeGreaterThan(400_000);
    const byState = (state: string) => all.filter((application) => application.state === state);
    expect(byState('submitted').length).toBeGreaterThanOrEqual(2);
    expect(byState('awaiting-second-approval').map((application) => organisations.get(application.organisationId)?.category)).toEqual(['telecom-operator']);
    expect(byState('denied')).toHaveLength(1);
    expect(byState('withdrawn')).toHaveLength(1);
    const licences = (await listLicences(context, testActors.reviewer, { limit: 50 })).items;
    expect(licences.filter((licence) => licence.state === 'expired')).toHaveLength(1);
    expect(licences.filter((licence) => licence.state === 'active')).toHaveLength(3);
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true });
  });

  it('resets a demo database and seeds it again', async () => {
    context = await openTestContext(dialect);
    await seedDemo(context, operatorActor('demo'));
    await resetDemoDatabase(context);
    expect(await databaseState(context.database.db)).toBe('empty');
    await seedDemo(context, operatorActor('demo'));
    expect(await countRows(context.database, 'organisations')).toBe(13);
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true });
  });
});
