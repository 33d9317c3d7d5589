/**
 * Which dialect a Kysely instance or transaction speaks, for the few statements that are written
 * per dialect because the portable form is many times slower (bulk inserts of audit entries and
 * ledger transfers).
 */
import { PostgresAdapter, type Kysely } from 'kysely';
import type { DialectName } from './database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database schema will do
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
