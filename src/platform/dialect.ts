/**
 * Which dialect a Kysely instance or transaction speaks, and on SQLite the better-sqlite3 handle
 * behind it, for the few statements written per dialect because the portable form is many times
 * slower (bulk inserts of audit entries and ledger transfers).
 *
 * A transaction shares its Kysely instance's adapter object, so the adapter identifies the
 * database. On SQLite there is one connection, and while a Kysely transaction runs it holds that
 * connection: statements run on the raw handle inside the transaction's callback are part of it.
 */
import type SQLite from 'better-sqlite3';
import { PostgresAdapter, type Kysely } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

const rawSqliteByAdapter = new WeakMap<object, SQLite.Database>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database schema will do
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database schema will do
export function registerRawSqlite(db: Kysely<any>, sqlite: SQLite.Database): void {
  rawSqliteByAdapter.set(db.getExecutor().adapter, sqlite);
}

/**
 * The better-sqlite3 handle of a SQLite Kysely instance or transaction; null on PostgreSQL. Use it
 * only inside a transaction's callback (or for reads), never across an await that releases it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database schema will do
export function rawSqliteOf(db: Kysely<any>): SQLite.Database | null {
  return rawSqliteByAdapter.get(db.getExecutor().adapter) ?? null;
}
