/**
 * Verified credentials kept in memory between requests, so that a busy client's API token (or
 * browser session) is not looked up in the database on every request, without letting a
 * revocation, a sign-out, a disabled user or an expiry wait even one request.
 *
 * What is kept: the rows a lookup found (token or session, and its user), keyed by the SHA-256 of
 * the secret, never the secret itself. Whether they may be used is decided afresh on every request
 * from those rows and the clock (expiry, idle timeout, revocation time, user status), exactly as
 * for rows just read. Only positive finds are kept: an unknown secret always goes to the database,
 * and a flood of made-up tokens cannot fill the memory. At most CREDENTIALS_CACHED_MAX entries.
 *
 * When a kept entry is used again, SQLite says whether anything could have changed since it was
 * read, at the cost of two tiny statements instead of a join:
 *   - `PRAGMA data_version` changes whenever another connection commits: the command line
 *     (`gatehouse token revoke`), a second server process, anyone;
 *   - `total_changes()` changes whenever this process's connection inserts, updates or deletes a
 *     row, through any code path: the revocation routes, a sign-out, a password change, even a
 *     write that has nothing to do with access (that only costs a fresh lookup).
 * If either moved, the entry is read again. A read while a transaction is open on the connection
 * is not served from, nor stored in, the cache.
 *
 * PostgreSQL: no cache. A server process has no cheap way to learn that another process revoked a
 * token (there is no data_version across connections), and a time-to-live, however short, would
 * let a revoked token work on the other processes until it ran out, which sign-out and revocation
 * must not allow. The lookup stays one indexed join, one round trip per request. LISTEN/NOTIFY
 * from the revoking transaction would allow a cache there; not done.
 */
import type SQLite from 'better-sqlite3';
import type { DatabaseHandle } from '../platform/database.js';

/** Enough for every token and session in use at once; the oldest is forgotten first. */
export const CREDENTIALS_CACHED_MAX = 10_000;

interface Stamp {
  dataVersion: number;
  totalChanges: number;
}

interface Entry {
  value: unknown;
  stamp: Stamp;
}

interface Cache {
  entries: Map<string, Entry>;
  dataVersion: SQLite.Statement;
  totalChanges: SQLite.Statement;
}

const caches = new WeakMap<SQLite.Database, Cache>();

/**
 * `lookup()` through the cache: a kept value when nothing in the database can have changed since it
 * was read, else `lookup()` (its result kept when found). `key` names the kind and the secret's
 * hash, e.g. "token:<sha-256>".
 */
export async function lookUpCredential<T>(database: DatabaseHandle, key: string, lookup: () => Promise<T | undefined>): Promise<T | undefined> {
  const sqlite = database.sqlite;
  if (sqlite === null || sqlite.inTransaction) return lookup();
  const cache = cacheOf(sqlite);
  // Taken before the lookup: a change that lands while the lookup runs leaves the entry stamped
  // with the older stamp, so the next request reads again instead of trusting it.
  const stamp = stampOf(cache);
  const kept = cache.entries.get(key);
  if (kept !== undefined && kept.stamp.dataVersion === stamp.dataVersion && kept.stamp.totalChanges === stamp.totalChanges) return kept.value as T;
  const value = await lookup();
  cache.entries.delete(key);
  if (value !== undefined) {
    if (cache.entries.size >= CREDENTIALS_CACHED_MAX) cache.entries.delete(cache.entries.keys().next().value!);
    cache.entries.set(key, { value, stamp });
  }
  return value;
}

function cacheOf(sqlite: SQLite.Database): Cache {
  let cache = caches.get(sqlite);
  if (cache === undefined) {
    cache = {
      entries: new Map(),
      dataVersion: sqlite.prepare('pragma data_version').pluck(),
      totalChanges: sqlite.prepare('select total_changes()').pluck(),
    };
    caches.set(sqlite, cache);
  }
  return cache;
}

function stampOf(cache: Cache): Stamp {
  return { dataVersion: Number(cache.dataVersion.get()), totalChanges: Number(cache.totalChanges.get()) };
}
