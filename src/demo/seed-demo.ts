/**
 * Use case: fill an empty database with the demo scenario, in one transaction, audited. Refuses a
 * database that holds anything else; `resetDemoDatabase` clears a database that holds only the demo.
 */
import { sql, type Kysely } from 'kysely';
import { addUser, hashPassword, issueToken } from '../access/index.js';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { migrateToLatest } from '../platform/migrate.js';
import { addFacility, addFleetDeclaration, addItem, addOrganisation } from '../registry/index.js';
import { addPolicyVersion, validatePolicyText } from '../policy/publish-policy.js';
import { packageRoot } from '../platform/package-info.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ITEMS, DEMO_ORGANISATIONS, DEMO_USERS, demoToken } from './demo-data.js';
import { seedDemoWorkflow, type DemoRegistry } from './seed-demo-workflow.js';
import { ManualClock } from '../platform/clock.js';

export type DatabaseState = 'empty' | 'demo' | 'other';

/** Empty: no audit entries at all. Demo: its first entry is the demo's seeding. Other: anything else. */
export async function databaseState(db: Kysely<Database>): Promise<DatabaseState> {
  const first = await db.selectFrom('audit_entries').select(['event_type']).orderBy('sequence').limit(1).executeTakeFirst();
  const organisations = await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  if (first === undefined && organisations === undefined) return 'empty';
  const marker = await db.selectFrom('audit_entries').select('sequence').where('event_type', '=', 'demo.seeded').limit(1).executeTakeFirst();
  return marker === undefined ? 'other' : 'demo';
}

export const DEMO_STORY_START = '2026-01-05T01:00:00.000Z';


/**
 * Seeds the whole scenario. Each step is its own audited transaction, as it would be in use; if
 * any step fails, the half-seeded database is cleared again so that nothing half-done is served.
 */
export async function seedDemo(context: AppContext, actor: Actor): Promise<void> {
  // The story starts in the first days of 2026, when the regulator set up the register and policy.
  const registry = await seedDemoRegistry({ database: context.database, clock: new ManualClock(DEMO_STORY_START) }, actor);
  try {
    await seedDemoWorkflow(context, registry);
  } catch (error) {
    await resetDemoDatabase(context);
    throw error;
  }
}

export async function seedDemoRegistry(context: AppContext, actor: Actor): Promise<DemoRegistry> {
  const state = await databaseState(context.database.db);
  if (state !== 'empty') {
    throw new DomainError('database_not_empty', `the database at ${context.database.location} is not empty; the demo seeds only an empty database`);
  }
  const policyText = readFileSync(demoPolicyPath(), 'utf8');
  const policy = validatePolicyText(policyText);
  assert(policy.ok, 'the demo policy is valid');
  // Hashed before the transaction (argon2id takes tens of milliseconds each), so no lock waits on it.
  const passwordHashes = new Map(await Promise.all(DEMO_USERS.map(async (user) => [user.login, await hashPassword(demoPassword(user.login))] as const)));
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const facilityIds = new Map<string, string>();
    const userActors = new Map<string, Actor>();
    await recordAuditEvent(trx, actor, now, { eventType: 'demo.seeded', subjectType: 'demo', subjectId: 'gatehouse-demo', before: null, after: { scenario: '2026 accelerator import approvals' } });
    const itemIds = new Map<string, string>();
    for (const item of DEMO_ITEMS) itemIds.set(item.family, (await addItem(trx, actor, now, item)).id);
    const organisationIds = new Map<string, string>();
    for (const organisation of DEMO_ORGANISATIONS) {
      const parentId = organisation.parentKey === undefined ? null : (organisationIds.get(organisation.parentKey) ?? null);
      const created = await addOrganisation(trx, actor, now, { legalName: organisation.legalName, chineseName: organisation.chineseName, aliases: organisation.aliases, category: organisation.category, parentId });
      organisationIds.set(organisation.key, created.id);
      if (organisation.facility !== undefined) facilityIds.set(organisation.key, (await addFacility(trx, actor, now, { organisationId: created.id, ...organisation.facility })).id);
      if (organisation.fleet !== undefined) {
        const holdings = Object.entries(organisation.fleet.holdings).map(([family, installedUnits]) => {
          const itemId = itemIds.get(family);
          assert(itemId !== undefined, `demo holding names unknown family ${family}`);
          return { itemId, installedUnits: installedUnits ?? 0 };
        });
        await addFleetDeclaration(trx, actor, now, {
          organisationId: created.id,
          asOf: '2025-12-31',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          domesticUnitsCommitted: organisation.fleet.domesticUnitsCommitted,
          holdings,
        });
      }
    }
    for (const user of DEMO_USERS) {
      const organisationId = user.organisationKey === null ? null : (organisationIds.get(user.organisationKey) ?? null);
      const added = await addUser(trx, actor, now, { login: user.login, displayName: user.displayName, role: user.role, organisationId }, passwordHashes.get(user.login) ?? null);
      userActors.set(user.login, { id: added.id, role: added.role, organisationId: added.organisationId });
      await issueToken(trx, actor, now, { login: user.login, label: 'demo sign-in', validityDays: 366, fixedSecret: demoToken(user.login) });
    }
    // The 2026 policy of the reported regime, published as the regulator would.
    await addPolicyVersion(trx, actor, now, policyText, policy.value);
    return { itemIds, organisationIds, facilityIds, userActors };
  });
}

/** The demo's published password of a demo user, e.g. `demo-reviewer`: public, like its token. */
export function demoPassword(login: string): string {
  return `demo-${login}`;
}

/** The example policy modelled on the 2026 regime; docs/policy.md explains each field. */
export function demoPolicyPath(): string {
  return join(packageRoot(), 'examples', 'policies', '2026-accelerators.yaml');
}

/**
 * Clears a demo database so that it can be seeded again: drops every table, then migrates. Refuses
 * any database that holds more than the demo, whatever the caller says.
 */
export async function resetDemoDatabase(context: AppContext): Promise<void> {
  const state = await databaseState(context.database.db);
  if (state === 'other') {
    throw new DomainError('database_not_empty', `the database at ${context.database.location} holds data that is not the demo's; --reset clears only a demo database`);
  }
  const db = context.database.db;
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  // Foreign keys: drop dependants first. CASCADE on PostgreSQL; SQLite checks none while foreign_keys is off.
  if (context.database.dialect === 'sqlite') await sql`pragma foreign_keys = off`.execute(db);
  for (const table of tables) {
    if (context.database.dialect === 'postgres') await sql`drop table if exists ${sql.table(table.name)} cascade`.execute(db);
    else await db.schema.dropTable(table.name).ifExists().execute();
  }
  if (context.database.dialect === 'sqlite') await sql`pragma foreign_keys = on`.execute(db);
  await migrateToLatest(context.database);
}

export { DEMO_USERS, demoToken };
