/**
 * Migration 0009 rebuilds (SQLite) or re-constrains (PostgreSQL) the audit table under a log that
 * already holds entries: the chain must verify afterwards exactly as before, appends must go on
 * from the same head, and the indexes the append no longer pays for must be gone.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../platform/database.js';
import { migrateTo, migrateToLatest } from '../platform/migrate.js';
import { POSTGRES_TEST_URL, testActors, testDialects } from '../platform/test-support/test-database.js';
import { recordAuditEvents } from './record-audit-events.js';
import { verifyAuditChain } from './verify-audit-chain.js';

describe.each(testDialects())('migration 0009 (audit append) on %s', (dialect) => {
  let database: DatabaseHandle;
  let cleanUp: () => Promise<void>;
  afterEach(async () => {
    await cleanUp();
  });

  async function openUnmigrated(): Promise<void> {
    if (dialect === 'sqlite') {
      const directory = mkdtempSync(join(tmpdir(), 'gatehouse-migration-'));
      database = await openDatabase({ sqlitePath: join(directory, 'test.db'), migrate: false });
      cleanUp = async () => {
        await database.close();
        rmSync(directory, { recursive: true, force: true });
      };
      return;
    }
    const schema = `test_${randomBytes(6).toString('hex')}`;
    database = await openDatabase({ databaseUrl: POSTGRES_TEST_URL, postgresSchema: schema, poolSize: 2, migrate: false });
    cleanUp = async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    };
  }

  async function append(count: number, from: number): Promise<void> {
    await database.db.transaction().execute((trx) =>
      recordAuditEvents(
        trx,
        testActors.operator,
        new Date('2026-03-01T09:00:00.000Z'),
        Array.from({ length: count }, (_, index) => ({ eventType: 'item.created' as const, subjectType: 'item', subjectId: `item-${from + index}`, before: null, after: { name: `名称 "${from + index}"` } })),
      ),
    );
  }

  async function uniqueIndexesOnId(): Promise<number> {
    if (dialect === 'sqlite') {
      const indexes = await sql<{ name: string; unique: number }>`select name, "unique" from pragma_index_list('audit_entries')`.execute(database.db);
      let count = 0;
      for (const index of indexes.rows) {
        const columns = await sql<{ name: string }>`select name from pragma_index_info(${index.name})`.execute(database.db);
        if (index.unique === 1 && columns.rows.length === 1 && columns.rows[0]!.name === 'id') count += 1;
      }
      return count;
    }
    const constraints = await sql<{ count: string }>`
      select count(*)::text as count from pg_constraint c join pg_class t on t.oid = c.conrelid
      where t.relname = 'audit_entries' and t.relnamespace = current_schema()::regnamespace and c.contype = 'u'`.execute(database.db);
    return Number(constraints.rows[0]!.count);
  }

  it('keeps every entry and the chain intact, drops the unique index on id, and appends go on', async () => {
    await openUnmigrated();
    await migrateTo(database, '0008-ledger');
    await append(5, 0);
    await append(300, 5);
    expect(await uniqueIndexesOnId()).toBe(1);
    const before = await database.db.selectFrom('audit_entries').selectAll().orderBy('sequence').execute();

    await migrateToLatest(database);

    const after = await database.db.selectFrom('audit_entries').selectAll().orderBy('sequence').execute();
    expect(after.map((row) => ({ ...row, sequence: Number(row.sequence) }))).toEqual(before.map((row) => ({ ...row, sequence: Number(row.sequence) })));
    expect(await uniqueIndexesOnId()).toBe(0);
    expect(await verifyAuditChain(database, testActors.auditor)).toMatchObject({ ok: true, entries: 305 });

    await append(10, 305);
    expect(await verifyAuditChain(database, testActors.auditor)).toMatchObject({ ok: true, entries: 315 });
    const subjectRows = await database.db.selectFrom('audit_entries').select('sequence').where('subject_type', '=', 'item').where('subject_id', '=', 'item-310').execute();
    expect(subjectRows.map((row) => Number(row.sequence))).toEqual([311]);
  });

  if (dialect === 'sqlite') {
    it('makes the sequence the rowid, so an entry updates two B-trees (table and subject index), not four', async () => {
      await openUnmigrated();
      await migrateToLatest(database);
      const columns = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info('audit_entries')`.execute(database.db);
      expect(columns.rows.find((column) => column.name === 'sequence')).toMatchObject({ type: 'INTEGER', pk: 1 });
      const indexes = await sql<{ name: string }>`select name from pragma_index_list('audit_entries')`.execute(database.db);
      expect(indexes.rows.map((index) => index.name)).toEqual(['audit_entries_subject']);
    });
  }
});
