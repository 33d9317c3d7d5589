/**
 * Values read from SQLite kept in memory for as long as nothing in the database can have changed
 * since they were read. Used where a busy route would otherwise read the same rows on every
 * request: credentials (access/credential-cache.ts) and the public licence check
 * (licensing/licence-verification.store.ts).
 *
 * Whether anything changed is asked of SQLite itself, at the cost of two tiny statements:
 *   - `PRAGMA data_version` changes whenever another connection commits: the command line, a
 *     second server process, anyone;
 *   - `total_changes()` changes whenever this connection inserts, updates or deletes a row,
 *     through any code path, whether or not it touches the rows kept (that only costs a re-read).
 * A value may also carry an instant after which it no longer holds even if nothing changed (an
 * expiry that falls due with the clock, not with a write).
 *
 * The stamp is taken before the read it guards: a change that lands while the read runs leaves
 * the value stamped with the older stamp, so the next request reads again instead of trusting it.
 * Callers neither read from nor store into the cache while a transaction is open on the
 * connection (its uncommitted changes are not what others see). PostgreSQL has no such stamp
 * across connections, so there is no cache there.
 */
import type SQLite from 'better-sqlite3';

export interface ChangeStamp {
  readonly dataVersion: number;
  readonly totalChanges: number;
}

interface Entry<T> {
  readonly value: T;
  readonly stamp: ChangeStamp;
  /** Epoch milliseconds: the value holds before this instant (Infinity: until a change). */
  readonly validBefore: number;
}

interface StampStatements {
  readonly dataVersion: SQLite.Statement;
  readonly totalChanges: SQLite.Statement;
}

const stampStatements = new WeakMap<SQLite.Database, StampStatements>();

/** Where the database stands now, as far as this connection can tell. */
export function changeStampOf(sqlite: SQLite.Database): ChangeStamp {
  let statements = stampStatements.get(sqlite);
  if (statements === undefined) {
    statements = { dataVersion: sqlite.prepare('pragma data_version').pluck(), totalChanges: sqlite.prepare('select total_changes()').pluck() };
    stampStatements.set(sqlite, statements);
  }
  return { dataVersion: Number(statements.dataVersion.get()), totalChanges: Number(statements.totalChanges.get()) };
}

/** A bounded map per connection from key to value, each valid while its stamp stands. */
export class ChangeStampedCache<T> {
  private readonly entriesBySqlite = new WeakMap<SQLite.Database, Map<string, Entry<T>>>();

  /** At most `maxEntries` per connection; the oldest is forgotten first. */
  constructor(private readonly maxEntries: number) {}

  /** The value kept under `key` if it was read at `stamp` and is still valid at `now`. */
  get(sqlite: SQLite.Database, key: string, stamp: ChangeStamp, now: number): T | undefined {
    const entry = this.entriesBySqlite.get(sqlite)?.get(key);
    if (entry === undefined || entry.stamp.dataVersion !== stamp.dataVersion || entry.stamp.totalChanges !== stamp.totalChanges || now >= entry.validBefore) return undefined;
    return entry.value;
  }

  /** Keeps `value`, read at `stamp`, until a change or until `validBefore` (epoch milliseconds). */
  set(sqlite: SQLite.Database, key: string, value: T, stamp: ChangeStamp, validBefore: number = Number.POSITIVE_INFINITY): void {
    let entries = this.entriesBySqlite.get(sqlite);
    if (entries === undefined) {
      entries = new Map();
      this.entriesBySqlite.set(sqlite, entries);
    }
    entries.delete(key);
    if (entries.size >= this.maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { value, stamp, validBefore });
  }

  /** Forgets `key` (a read found nothing, or something it must not keep). */
  delete(sqlite: SQLite.Database, key: string): void {
    this.entriesBySqlite.get(sqlite)?.delete(key);
  }
}
