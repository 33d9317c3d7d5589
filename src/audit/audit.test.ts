import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../platform/context.js';
import { openTestContext, testActors, testDialects } from '../platform/test-support/test-database.js';
import { recordAuditEvents } from './record-audit-events.js';
import { verifyAuditChain } from './verify-audit-chain.js';
import { listAuditEntries } from './list-audit-entries.js';

const COLUMNS = ['id', 'occurred_at', 'actor_id', 'actor_role', 'event_type', 'subject_type', 'subject_id', 'before_json', 'after_json', 'previous_hash', 'hash'] as const;

describe.each(testDialects())('audit log on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  afterEach(async () => {
    await context.database.close();
  });

  async function appendEvents(count: number): Promise<void> {
    await inTransaction(context, (trx) =>
      recordAuditEvents(
        trx,
        testActors.operator,
        context.clock.now(),
        Array.from({ length: count }, (_, index) => ({ eventType: 'item.created' as const, subjectType: 'item', subjectId: `item-${index}`, before: null, after: { index, name: `名称 ${index}` } })),
      ),
    );
  }

  it('chains entries across transactions and verifies them', async () => {
    context = await openTestContext(dialect);
    await appendEvents(3);
    await appendEvents(1200); // more than one insert chunk and more than a verification page would need
    const result = await verifyAuditChain(context.database, testActors.auditor);
    expect(result).toMatchObject({ ok: true, entries: 1203 });
  });

  it('names the entry when any byte of any stored field changes', async () => {
    context = await openTestContext(dialect);
    await appendEvents(4);
    for (const column of COLUMNS) {
      const original = await context.database.db.selectFrom('audit_entries').select(column).where('sequence', '=', 3).executeTakeFirstOrThrow();
      const value = (original as Record<string, string | null>)[column] ?? 'null';
      // Flip the last character: the smallest possible change.
      const changed = value.slice(0, -1) + (value.endsWith('a') ? 'b' : 'a');
      await context.database.db.updateTable('audit_entries').set({ [column]: changed }).where('sequence', '=', 3).execute();
      const result = await verifyAuditChain(context.database, testActors.auditor);
      expect(result.ok, `changing ${column} must break the chain`).toBe(false);
      if (!result.ok) expect(result.break.sequence).toBe(3);
      await context.database.db.updateTable('audit_entries').set({ [column]: (original as Record<string, string | null>)[column] ?? null }).where('sequence', '=', 3).execute();
    }
    expect((await verifyAuditChain(context.database, testActors.auditor)).ok).toBe(true);
  });

  it('notices entries deleted from the middle and cut from the end', async () => {
    context = await openTestContext(dialect);
    await appendEvents(5);
    await context.database.db.deleteFrom('audit_entries').where('sequence', '=', 5).execute();
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: false, break: { reason: 'head_mismatch' } });
    await context.database.db.deleteFrom('audit_entries').where('sequence', '=', 2).execute();
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: false, break: { reason: 'sequence_gap', expectedSequence: 2 } });
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    context = await openTestContext(dialect);
    await appendEvents(2);
    await expect(
      inTransaction(context, async (trx) => {
        await recordAuditEvents(trx, testActors.operator, context.clock.now(), [{ eventType: 'item.created', subjectType: 'item', subjectId: 'x', before: null, after: null }]);
        throw new Error('the change failed after its audit entry');
      }),
    ).rejects.toThrow('the change failed');
    const count = await sql<{ count: number }>`select count(*) as count from audit_entries`.execute(context.database.db);
    expect(Number(count.rows[0]!.count)).toBe(2);
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true, entries: 2 });
  });

  it('never forks the chain under concurrent appends', async () => {
    context = await openTestContext(dialect);
    await Promise.all(Array.from({ length: 12 }, () => appendEvents(3)));
    expect(await verifyAuditChain(context.database, testActors.auditor)).toMatchObject({ ok: true, entries: 36 });
  });

  it('lets auditors read pages by subject, and nobody else', async () => {
    context = await openTestContext(dialect);
    await appendEvents(5);
    const page = await listAuditEntries(context, testActors.auditor, { subjectType: 'item', limit: 2 });
    expect(page.entries.map((entry) => entry.sequence)).toEqual([1, 2]);
    expect(page.nextAfterSequence).toBe(2);
    await expect(listAuditEntries(context, testActors.reviewer, { limit: 2 })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
