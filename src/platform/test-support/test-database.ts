/**
 * Store and use-case tests run once per dialect: SQLite always, PostgreSQL when
 * GATEHOUSE_TEST_DATABASE_URL names a server. Each test database is private: a temporary SQLite
 * file, or a PostgreSQL schema of its own that is dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../actor.js';
import { ManualClock } from '../clock.js';
import type { AppContext } from '../context.js';
import { openDatabase, type DatabaseHandle, type DialectName } from '../database.js';

export const POSTGRES_TEST_URL = process.env.GATEHOUSE_TEST_DATABASE_URL?.trim() || null;

/** The dialects this run covers; PostgreSQL only where a server is configured. */
export function testDialects(): DialectName[] {
  return POSTGRES_TEST_URL === null ? ['sqlite'] : ['sqlite', 'postgres'];
}

export interface TestDatabase extends DatabaseHandle {
  /** The SQLite file, or the PostgreSQL URL and schema, for child processes. */
  environment: Record<string, string>;
}

export async function openTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
    const path = join(directory, 'test.db');
    const handle = await openDatabase({ sqlitePath: path });
    return {
      ...handle,
      environment: { GATEHOUSE_DB: path },
      close: async () => {
        await handle.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  if (POSTGRES_TEST_URL === null) throw new Error('PostgreSQL tests need GATEHOUSE_TEST_DATABASE_URL');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: POSTGRES_TEST_URL, postgresSchema: schema, poolSize: 4 });
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    ...handle,
    environment: { DATABASE_URL: url.toString() },
    close: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.close();
    },
  };
}

export const TEST_START = '2026-03-01T09:00:00.000Z';

export async function openTestContext(dialect: DialectName): Promise<AppContext & { clock: ManualClock; database: TestDatabase }> {
  return { database: await openTestDatabase(dialect), clock: new ManualClock(TEST_START) };
}

export const testActors = {
  operator: { id: 'operator:test', role: 'operator', organisationId: null },
  policyAdmin: { id: 'user-policy-admin', role: 'policy-admin', organisationId: null },
  reviewer: { id: 'user-reviewer', role: 'reviewer', organisationId: null },
  auditor: { id: 'user-auditor', role: 'auditor', organisationId: null },
} satisfies Record<string, Actor>;

export function applicantOf(organisationId: string): Actor {
  return { id: `applicant-${organisationId}`, role: 'applicant', organisationId };
}

/** Counts rows, to show that a refused change left the database as it was. */
export async function countRows(database: DatabaseHandle, table: 'audit_entries' | 'items' | 'organisations' | 'facilities' | 'fleet_declarations' | 'users' | 'api_tokens'): Promise<number> {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
