/** Queries of users and tokens. */
import type { Kysely } from 'kysely';
import type { Role } from '../platform/actor.js';
import type { Database, UserTable } from '../platform/database-tables.js';
import type { ApiToken, User } from './user.js';

type Db = Kysely<Database>;

export async function findUserByLogin(db: Db, login: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  return row && userFromRow(row);
}

export async function insertUser(db: Db, user: User): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      login: user.login,
      display_name: user.displayName,
      role: user.role,
      organisation_id: user.organisationId,
      password_hash: null,
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
