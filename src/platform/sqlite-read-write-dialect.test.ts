/**
 * The SQLite dialect's two connections: a read outside a transaction neither waits for an open
 * transaction nor sees its uncommitted changes; a write outside a transaction waits for it; the
 * transaction's own reads see its changes; a failed transaction leaves nothing and frees the writer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.js';

const ITEM = { vendor: 'NVIDIA', classification_code: '3A090.a', family: 'hopper', origin: 'foreign', tpp: 15_832, memory_gb: 141, memory_bandwidth_gb_per_second: 4_800, units_per_package: 1, version: 1, created_at: '2026-03-01T00:00:00.000Z', updated_at: '2026-03-01T00:00:00.000Z' };

describe('SQLite: reads beside an open transaction', () => {
  let directory: string;
  let database: DatabaseHandle;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatehouse-read-write-'));
    database = await openDatabase({ sqlitePath: join(directory, 'test.db') });
    await database.db.insertInto('items').values({ id: 'item-1', name: 'H200', ...ITEM }).execute();
  });
  afterEach(async () => {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const names = async () => (await database.db.selectFrom('items').select('name').orderBy('name').execute()).map((row) => row.name);

  it('answers a read at once with the committed rows, and a write only after the transaction', async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const events: string[] = [];
    const transaction = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 'item-2', name: 'H20', ...ITEM }).execute();
      expect((await trx.selectFrom('items').select('name').orderBy('name').execute()).map((row) => row.name)).toEqual(['H20', 'H200']);
      await finished;
      events.push('committed');
    });
    // The transaction is open and holds the writer: a read is not held up by it…
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await names()).toEqual(['H200']);
    events.push('read');
    // …while a write outside it waits for the commit.
    const write = database.db.updateTable('items').set({ vendor: 'NVIDIA Corporation' }).where('id', '=', 'item-2').execute().then((result) => {
      events.push('written');
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual(['read']);
    finish();
    await transaction;
    const [updated] = await write;
    expect(Number(updated!.numUpdatedRows)).toBe(1); // it saw the committed row
    expect(events).toEqual(['read', 'committed', 'written']);
    expect(await names()).toEqual(['H20', 'H200']);
  });

  it('a failed transaction leaves nothing and lets the next one run', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 'item-3', name: 'MI325X', ...ITEM }).execute();
        await trx.insertInto('items').values({ id: 'item-3', name: 'duplicate id', ...ITEM }).execute();
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await names()).toEqual(['H200']);
    await database.db.transaction().execute((trx) => trx.insertInto('items').values({ id: 'item-4', name: 'Ascend 910C', ...ITEM }).execute());
    expect(await names()).toEqual(['Ascend 910C', 'H200']);
  });
});
