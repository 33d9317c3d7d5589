/**
 * What every command shares: opening the configured database with the system clock, and turning
 * expected failures into a message on stderr and exit code 2 (1 is kept for "ran, found a problem",
 * e.g. a broken audit chain).
 */
import { systemClock } from '../platform/clock.js';
import { readConfig, type Config } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { openDatabase } from '../platform/database.js';
import { isDomainError } from '../platform/errors.js';

export const EXIT_PROBLEM_FOUND = 1;
export const EXIT_BAD_INPUT = 2;

export async function withContext<T>(work: (context: AppContext, config: Config) => Promise<T>): Promise<T> {
  const config = readConfig();
  const database = await openDatabase({ sqlitePath: config.sqlitePath, databaseUrl: config.databaseUrl });
  try {
    return await work({ database, clock: systemClock }, config);
  } finally {
    await database.close();
  }
}

export function reportFailure(error: unknown): void {
  if (isDomainError(error)) {
    process.stderr.write(`gatehouse: ${error.code}: ${error.message}\n`);
    const listed = error.extensions.errors;
    if (Array.isArray(listed)) {
      for (const entry of listed.slice(1) as { line?: number; field?: string; message?: string }[]) {
        process.stderr.write(`  ${entry.line === undefined ? '' : `line ${entry.line}: `}${entry.field ?? ''}: ${entry.message ?? ''}\n`);
      }
    }
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return port;
}
