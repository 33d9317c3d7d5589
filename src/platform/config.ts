/**
 * Configuration comes from the environment once, at start, and is passed down explicitly so
 * that tests can build an app with their own values.
 */
export interface Config {
  /** SQLite file used when no DATABASE_URL is set. */
  sqlitePath: string;
  /** A PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl: string | null;
  port: number;
  host: string;
  logLevel: string;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
}

export const DEFAULT_SQLITE_PATH = './data/gatehouse.db';

export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  return {
    sqlitePath: nonEmpty(environment.GATEHOUSE_DB) ?? DEFAULT_SQLITE_PATH,
    databaseUrl: nonEmpty(environment.DATABASE_URL) ?? null,
    port: integerOr(environment.PORT, 8080, 'PORT'),
    host: nonEmpty(environment.HOST) ?? '0.0.0.0',
    logLevel: nonEmpty(environment.LOG_LEVEL) ?? 'info',
    bodyLimitBytes: integerOr(environment.GATEHOUSE_BODY_LIMIT_BYTES, 1_048_576, 'GATEHOUSE_BODY_LIMIT_BYTES'),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integerOr(value: string | undefined, fallback: number, name: string): number {
  const text = nonEmpty(value);
  if (text === undefined) return fallback;
  const parsed = Number(text);
  if (!Number.isSafeInteger(parsed) || parsed < 0) {
    throw new Error(`${name} must be a whole number ≥ 0, got "${text}"`);
  }
  return parsed;
}
