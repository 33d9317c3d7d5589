import { afterEach, describe, expect, it } from 'vitest';
import { parseInt8 } from './database.js';
import { openTestDatabase, testDialects, type TestDatabase } from './test-support/test-database.js';

describe('parseInt8', () => {
  it('maps int8 text to an exact number', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseInt8('-42')).toBe(-42);
  });
  it('refuses an integer a number cannot hold exactly', () => {
    expect(() => parseInt8('9007199254740993')).toThrow(/beyond/);
  });
});

describe.each(testDialects())('storage on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.close();
  });

  it('keeps integers beyond 2^31 exact, up to 2^53 - 1', async () => {
    database = await openTestDatabase(dialect);
    const values = [2 ** 31 + 7, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
    for (const [index, tpp] of values.entries()) {
      await database.db
        .insertInto('items')
        .values({
          id: `item-${index}`,
          name: `big ${index}`,
          vendor: 'v',
          classification_code: 'c',
          family: 'f',
          origin: 'foreign',
          tpp,
          memory_gb: tpp,
          memory_bandwidth_gb_per_second: 1,
          units_per_package: 1,
          version: 1,
          created_at: 'now',
          updated_at: 'now',
        })
        .execute();
    }
    const rows = await database.db.selectFrom('items').select(['tpp', 'memory_gb']).orderBy('id').execute();
    expect(rows.map((row) => row.tpp)).toEqual(values);
    expect(rows.map((row) => typeof row.memory_gb)).toEqual(['number', 'number', 'number']);
  });

  it('migrates idempotently: a second run applies nothing', async () => {
    database = await openTestDatabase(dialect);
    const { migrateToLatest } = await import('./migrate.js');
    const result = await migrateToLatest(database);
    expect(result.results).toEqual([]);
  });

  it('enforces foreign keys', async () => {
    database = await openTestDatabase(dialect);
    await expect(
      database.db
        .insertInto('facilities')
        .values({ id: 'f', organisation_id: 'missing', name: 'n', region: 'r', latitude: 0, longitude: 0, version: 1, created_at: 'x', updated_at: 'x' })
        .execute(),
    ).rejects.toThrow();
  });
});
