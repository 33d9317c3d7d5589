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
  /**
   * The public licence check's limit per client address: a burst of `burst` requests, then
   * `perSecond` a second. The defaults (60, then 1 a second) are the production values: enough for
   * an officer scanning papers, too few to enumerate licence numbers. Raised only for load tests.
   */
  verifyRateLimit: { burst: number; perSecond: number };
}

/** The production limit of the public licence check per client address. */
export const VERIFY_RATE_LIMIT_BURST_DEFAULT = 60;
export const VERIFY_RATE_LIMIT_PER_SECOND_DEFAULT = 1;

export const DEFAULT_SQLITE_PATH = './data/gatehouse.db';

export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  return {
    sqlitePath: nonEmpty(environment.GATEHOUSE_DB) ?? DEFAULT_SQLITE_PATH,
    databaseUrl: nonEmpty(environment.DATABASE_URL) ?? null,
    port: integerOr(environment.PORT, 8080, 'PORT'),
    host: nonEmpty(environment.HOST) ?? '0.0.0.0',
    logLevel: nonEmpty(environment.LOG_LEVEL) ?? 'info',
    bodyLimitBytes: integerOr(environment.GATEHOUSE_BODY_LIMIT_BYTES, 1_048_576, 'GATEHOUSE_BODY_LIMIT_BYTES'),
    verifyRateLimit: {
      burst: positiveIntegerOr(environment.GATEHOUSE_VERIFY_RATE_LIMIT_BURST, VERIFY_RATE_LIMIT_BURST_DEFAULT, 'GATEHOUSE_VERIFY_RATE_LIMIT_BURST'),
      perSecond: positiveIntegerOr(environment.GATEHOUSE_VERIFY_RATE_LIMIT_PER_SECOND, VERIFY_RATE_LIMIT_PER_SECOND_DEFAULT, 'GATEHOUSE_VERIFY_RATE_LIMIT_PER_SECOND'),
    },
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

/** A limit of zero would refuse every request, which is never what a setting means: at least 1. */
function positiveIntegerOr(value: string | undefined, fallback: number, name: string): number {
  const parsed = integerOr(value, fallback, name);
  if (parsed < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${nonEmpty(value) ?? ''}"`);
  return parsed;
}
