/**
 * The change-stamped cache against a real SQLite file with two connections, as a server and the
 * command line (or a second server) would have: a value is served only while neither connection
 * has written anything since it was read, and only before its own deadline.
 */
import SQLite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeStampedCache, changeStampOf } from './change-stamped-cache.js';

describe('ChangeStampedCache', () => {
  let directory: string;
  let server: SQLite.Database;
  let other: SQLite.Database;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'gatehouse-stamp-'));
    server = new SQLite(join(directory, 'stamp.db'));
    server.pragma('journal_mode = WAL');
    server.exec('create table t (id integer primary key, v text)');
    other = new SQLite(join(directory, 'stamp.db'));
  });
  afterEach(() => {
    other.close();
    server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves a value while nothing changes, and not after a write by this connection or another', () => {
    const cache = new ChangeStampedCache<string>(10);
    cache.set(server, 'k', 'kept', changeStampOf(server));
    expect(cache.get(server, 'k', changeStampOf(server), 0)).toBe('kept');
    expect(cache.get(server, 'k', changeStampOf(server), 0)).toBe('kept');

    server.prepare('insert into t (v) values (?)').run('a write here');
    expect(cache.get(server, 'k', changeStampOf(server), 0)).toBeUndefined();

    cache.set(server, 'k', 'read again', changeStampOf(server));
    expect(cache.get(server, 'k', changeStampOf(server), 0)).toBe('read again');
    other.prepare('insert into t (v) values (?)').run('a commit elsewhere');
    expect(cache.get(server, 'k', changeStampOf(server), 0)).toBeUndefined();
  });

  it('keeps the stamp taken before the read: a change during the read leaves the value stale', () => {
    const cache = new ChangeStampedCache<string>(10);
    const before = changeStampOf(server);
    other.prepare('insert into t (v) values (?)').run('lands while the value is being read');
    cache.set(server, 'k', 'read', before);
    expect(cache.get(server, 'k', changeStampOf(server), 0)).toBeUndefined();
  });

  it('serves a value only before its deadline, even when nothing changes', () => {
    const cache = new ChangeStampedCache<string>(10);
    cache.set(server, 'k', 'until 1000', changeStampOf(server), 1_000);
    expect(cache.get(server, 'k', changeStampOf(server), 999)).toBe('until 1000');
    expect(cache.get(server, 'k', changeStampOf(server), 1_000)).toBeUndefined();
  });

  it('forgets the oldest beyond its bound, forgets on request, and keeps connections apart', () => {
    const cache = new ChangeStampedCache<number>(2);
    const stamp = changeStampOf(server);
    cache.set(server, 'a', 1, stamp);
    cache.set(server, 'b', 2, stamp);
    cache.set(server, 'c', 3, stamp);
    expect([cache.get(server, 'a', stamp, 0), cache.get(server, 'b', stamp, 0), cache.get(server, 'c', stamp, 0)]).toEqual([undefined, 2, 3]);
    cache.delete(server, 'b');
    expect(cache.get(server, 'b', stamp, 0)).toBeUndefined();
    expect(cache.get(other, 'c', changeStampOf(other), 0)).toBeUndefined();
  });
});
