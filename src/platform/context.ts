/**
 * What every use case needs from the outside world, passed in explicitly: the database and the
 * clock. Tests build one with a temporary database and a manual clock.
 */
import type { Transaction } from 'kysely';
import type { Clock } from './clock.js';
import type { Database } from './database-tables.js';
import type { DatabaseHandle } from './database.js';

export interface AppContext {
  database: DatabaseHandle;
  clock: Clock;
}

/**
 * Runs `work` in one database transaction: the change and its audit entry commit together or not
 * at all. The caller owns the transaction and passes `trx` down (Kysely's convention).
 */
export async function inTransaction<T>(context: AppContext, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return context.database.db.transaction().execute(work);
}

/** A unique-constraint violation from either dialect, raised by a race the pre-check missed. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
