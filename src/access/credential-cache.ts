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
 * read (platform/change-stamped-cache.ts: `PRAGMA data_version` for other connections' commits,
 * `total_changes()` for this connection's writes, whatever they touch: the revocation routes, a
 * sign-out, a password change, the command line's `gatehouse token revoke`, a second server
 * process). If anything moved, the entry is read again. A read while a transaction is open on the
 * connection is not served from, nor stored in, the cache.
 *
 * PostgreSQL: no cache. A server process has no cheap way to learn that another process revoked a
 * token (there is no data_version across connections), and a time-to-live, however short, would
 * let a revoked token work on the other processes until it ran out, which sign-out and revocation
 * must not allow. The lookup stays one indexed join, one round trip per request. LISTEN/NOTIFY
 * from the revoking transaction would allow a cache there; not done.
 */
import type { DatabaseHandle } from '../platform/database.js';
import { ChangeStampedCache, changeStampOf } from '../platform/change-stamped-cache.js';

/** Enough for every token and session in use at once; the oldest is forgotten first. */
export const CREDENTIALS_CACHED_MAX = 10_000;

const cache = new ChangeStampedCache<unknown>(CREDENTIALS_CACHED_MAX);

/**
 * `lookup()` through the cache: a kept value when nothing in the database can have changed since it
 * was read, else `lookup()` (its result kept when found). `key` names the kind and the secret's
 * hash, e.g. "token:<sha-256>".
 */
export async function lookUpCredential<T>(database: DatabaseHandle, key: string, lookup: () => Promise<T | undefined>): Promise<T | undefined> {
  const sqlite = database.sqlite;
  if (sqlite === null || sqlite.inTransaction) return lookup();
  const stamp = changeStampOf(sqlite);
  // Expiry, idle timeout and revocation are judged by the caller on every use, kept or not.
  const kept = cache.get(sqlite, key, stamp, Date.now());
  if (kept !== undefined) return kept as T;
  const value = await lookup();
  if (value === undefined) cache.delete(sqlite, key);
  else cache.set(sqlite, key, value, stamp);
  return value;
}
