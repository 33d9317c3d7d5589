/**
 * One set of migrations for both dialects, listed here in order (no file-system scanning, so the
 * compiled and the source trees behave the same). Run at start and by `gatehouse migrate`.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as foundation from './migrations/0001-foundation.js';
import * as access from './migrations/0002-access.js';
import * as policy from './migrations/0003-policy.js';
import * as sessions from './migrations/0004-sessions.js';
import * as licensing from './migrations/0005-licensing.js';
import * as applications from './migrations/0006-applications.js';
import * as rounds from './migrations/0007-rounds.js';
import * as ledger from './migrations/0008-ledger.js';
import * as auditAppend from './migrations/0009-audit-append.js';
import * as shipmentSerialNumbers from './migrations/0010-shipment-serial-numbers.js';
import * as reservationListing from './migrations/0011-reservation-listing.js';
import * as openReservationsByLicence from './migrations/0012-open-reservations-by-licence.js';
import * as ledgerMovementRows from './migrations/0013-ledger-movement-rows.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-access': access,
  '0003-policy': policy,
  '0004-sessions': sessions,
  '0005-licensing': licensing,
  '0006-applications': applications,
  '0007-rounds': rounds,
  '0008-ledger': ledger,
  '0009-audit-append': auditAppend,
  '0010-shipment-serial-numbers': shipmentSerialNumbers,
  '0011-reservation-listing': reservationListing,
  '0012-open-reservations-by-licence': openReservationsByLicence,
  '0013-ledger-movement-rows': ledgerMovementRows,
};

export async function migrateToLatest<T>(database: { db: Kysely<T>; schema: string | null }): Promise<MigrationResultSet> {
  return checked(await migratorOf(database).migrateToLatest());
}

/** Migrates up (or down) to the named migration: for tests of a migration over existing data. */
export async function migrateTo<T>(database: { db: Kysely<T>; schema: string | null }, migrationName: string): Promise<MigrationResultSet> {
  if (!(migrationName in MIGRATIONS)) throw new Error(`no migration named ${migrationName}`);
  return checked(await migratorOf(database).migrateTo(migrationName));
}

function migratorOf<T>(database: { db: Kysely<T>; schema: string | null }): Migrator {
  return new Migrator({
    db: database.db,
    ...(database.schema === null ? {} : { migrationTableSchema: database.schema }),
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

function checked(result: MigrationResultSet): MigrationResultSet {
  if (result.error !== undefined) {
    const failed = result.results?.find((entry) => entry.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`, { cause: result.error });
  }
  return result;
}
