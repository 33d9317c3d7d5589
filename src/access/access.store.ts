/** Queries of users and tokens. */
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Role } from '../platform/actor.js';
import type { Database, UserTable } from '../platform/database-tables.js';
import type { DatabaseHandle } from '../platform/database.js';
import type { Session } from './session.js';
import type { ApiToken, User } from './user.js';

type Db = Kysely<Database>;

export async function findUserByLogin(db: Db, login: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  return row && userFromRow(row);
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && userFromRow(row);
}

/** The user and their password hash (null when they sign in by API token only). */
export async function findCredentials(db: Db, login: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  return row && { user: userFromRow(row), passwordHash: row.password_hash };
}

export async function setPasswordHashRow(db: Db, user: User, passwordHash: string, updatedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: passwordHash, version: user.version + 1, updated_at: updatedAt })
    .where('id', '=', user.id)
    .where('version', '=', user.version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function insertUser(db: Db, user: User, passwordHash: string | null = null): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      login: user.login,
      display_name: user.displayName,
      role: user.role,
      organisation_id: user.organisationId,
      password_hash: passwordHash,
      status: user.status,
      version: user.version,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    })
    .execute();
}

export async function insertToken(db: Db, token: ApiToken, tokenHash: string): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ id: token.id, user_id: token.userId, label: token.label, token_hash: tokenHash, created_at: token.createdAt, expires_at: token.expiresAt, revoked_at: null })
    .execute();
}

export async function revokeTokenRow(db: Db, id: string, revokedAt: string): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findTokenHolder(db: Db, tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.label', 'api_tokens.created_at as token_created_at', 'api_tokens.expires_at', 'api_tokens.revoked_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    token: { id: row.token_id, userId: row.id, label: row.label, createdAt: row.token_created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at },
    user: userFromRow(row),
  };
}

/**
 * The same lookup as `findTokenHolder`, for the one query that every API request makes. On SQLite
 * it runs a statement prepared once per database: Kysely compiles and prepares every query anew,
 * and for this query that cost more than the rest of an item read (bench/api.bench.ts). What it
 * finds may be kept between requests by credential-cache.ts, which reads again after any change,
 * so a revoked or expired token is refused on the very next request, whichever process revoked it.
 * PostgreSQL goes through Kysely as usual.
 */
export async function findTokenHolderOn(database: DatabaseHandle, tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined> {
  // While a transaction is open on SQLite's one connection, a read on the raw handle would see its
  // uncommitted rows; Kysely waits for the transaction to end instead.
  if (database.sqlite === null || database.sqlite.inTransaction) return findTokenHolder(database.db, tokenHash);
  let statement = tokenLookups.get(database.sqlite);
  if (statement === undefined) {
    statement = database.sqlite.prepare(
      `select users.*, api_tokens.id as token_id, api_tokens.label, api_tokens.created_at as token_created_at, api_tokens.expires_at, api_tokens.revoked_at
       from api_tokens inner join users on users.id = api_tokens.user_id where api_tokens.token_hash = ?`,
    );
    tokenLookups.set(database.sqlite, statement);
  }
  const row = statement.get(tokenHash) as (UserTable & { token_id: string; label: string; token_created_at: string; expires_at: string; revoked_at: string | null }) | undefined;
  if (row === undefined) return undefined;
  return {
    token: { id: row.token_id, userId: row.id, label: row.label, createdAt: row.token_created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at },
    user: userFromRow(row),
  };
}
const tokenLookups = new WeakMap<SQLite.Database, SQLite.Statement>();

export async function insertSession(db: Db, session: Session, secretHash: string, csrfTokenHash: string): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      secret_hash: secretHash,
      user_id: session.userId,
      csrf_token_hash: csrfTokenHash,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      last_seen_at: session.lastSeenAt,
      revoked_at: session.revokedAt,
    })
    .execute();
}

export async function findSessionHolder(db: Db, secretHash: string): Promise<{ session: Session; csrfTokenHash: string; user: User } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token_hash',
      'sessions.created_at as session_created_at',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.revoked_at',
    ])
    .where('sessions.secret_hash', '=', secretHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    session: { id: row.session_id, userId: row.id, createdAt: row.session_created_at, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at, revokedAt: row.revoked_at },
    csrfTokenHash: row.csrf_token_hash,
    user: userFromRow(row),
  };
}

export async function touchSessionRow(db: Db, id: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeSessionRow(db: Db, id: string, revokedAt: string): Promise<boolean> {
  const result = await db.updateTable('sessions').set({ revoked_at: revokedAt }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Ends every open session of a user; returns how many. */
export async function revokeUserSessionRows(db: Db, userId: string, revokedAt: string): Promise<number> {
  const result = await db.updateTable('sessions').set({ revoked_at: revokedAt }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function userFromRow(row: UserTable): User {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role as Role,
    organisationId: row.organisation_id,
    status: row.status as User['status'],
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
