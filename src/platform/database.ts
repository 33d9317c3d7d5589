/**
 * One Kysely instance over either dialect. SQLite (better-sqlite3) is the embedded default: one
 * file, WAL, foreign keys on, a busy timeout so that a second process waits instead of failing.
 * PostgreSQL (pg) is chosen by DATABASE_URL. Both return the same domain values: PostgreSQL's int8
 * arrives as text and is mapped to a number here, refusing anything a number cannot hold exactly.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database-tables.js';
import { migrateToLatest } from './migrate.js';
import { registerRawSqlite } from './dialect.js';
import { SqliteReadWriteDialect } from './sqlite-read-write-dialect.js';

export type { DialectName } from './dialect.js';
import type { DialectName } from './dialect.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, without credentials, for logs and messages. */
  location: string;
  /** For the few hot paths (audit append, ledger batches) that bypass the query builder. */
  sqlite: SQLite.Database | null;
  pool: pg.Pool | null;
  /** The PostgreSQL schema the tables live in (the connection's current schema); null on SQLite. */
  schema: string | null;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  sqlitePath?: string;
  databaseUrl?: string | null;
  /** PostgreSQL schema to use (tests give each suite its own); created if missing. */
  postgresSchema?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  migrate?: boolean;
}

const INT8_OID = 20;

/** int8 as a JavaScript number when it fits exactly; anything larger is a bug to surface loudly. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`integer ${text} is beyond what Gatehouse handles exactly (2^53 - 1)`);
  }
  return value;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl ? await openPostgres(options.databaseUrl, options) : openSqlite(options.sqlitePath ?? './data/gatehouse.db');
  if (options.migrate !== false) {
    await migrateToLatest(handle);
  }
  return handle;
}

function openSqlite(path: string): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable in WAL mode against process crashes; FULL also survives power loss.
  // Gatehouse is a system of record, so it pays for FULL.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Reads outside a transaction go to a second, read-only connection (sqlite-read-write-dialect.ts).
  const reader = path === ':memory:' ? null : new SQLite(path, { readonly: true, fileMustExist: true });
  reader?.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteReadWriteDialect(sqlite, reader) });
  registerRawSqlite(db, sqlite);
  return {
    db,
    dialect: 'sqlite',
    location: path,
    sqlite,
    pool: null,
    schema: null,
    close: async () => {
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const schema = options.postgresSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: string): unknown =>
        oid === INT8_OID ? parseInt8 : (pg.types.getTypeParser(oid, format as 'text') as unknown)) as typeof pg.types.getTypeParser,
    },
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  if (schema !== undefined) {
    await pool.query(`create schema if not exists ${schema}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // The migrator must look for its own tables in this schema only: another schema on the same
  // server (another test run, another deployment) may hold tables of the same names.
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const currentSchema = current.rows[0]?.schema ?? 'public';
  return {
    db,
    dialect: 'postgres',
    location: redact(url) + (schema === undefined ? '' : ` (schema ${schema})`),
    sqlite: null,
    pool,
    schema: currentSchema,
    close: async () => {
      await db.destroy();
    },
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
