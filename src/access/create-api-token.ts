/**
 * Use case: issue an API token for a user (a vendor's ERP, a customs system). The token text is
 * returned once and never stored; it expires, and can be revoked at once.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findUserByLogin, insertToken, revokeTokenRow } from './access.store.js';
import { TOKEN_PREFIX, hashToken, type ApiToken } from './user.js';

export const TOKEN_VALIDITY_DAYS_MAX = 366;

export interface IssuedToken {
  token: ApiToken;
  /** The secret itself: shown once. */
  secret: string;
}

export async function createApiToken(context: AppContext, actor: Actor, input: { login: string; label: string; validityDays: number }): Promise<IssuedToken> {
  authorise(actor, 'user.manage');
  return inTransaction(context, (trx) => issueToken(trx, actor, context.clock.now(), input));
}

/** `fixedSecret` exists for the demo only, whose published sign-ins must survive restarts. */
export async function issueToken(
  trx: Kysely<Database>,
  actor: Actor,
  now: Date,
  input: { login: string; label: string; validityDays: number; fixedSecret?: string },
): Promise<IssuedToken> {
  if (!Number.isInteger(input.validityDays) || input.validityDays < 1 || input.validityDays > TOKEN_VALIDITY_DAYS_MAX) {
    throw new DomainError('validation_failed', `a token is valid for 1 to ${TOKEN_VALIDITY_DAYS_MAX} days`, { field: 'days' });
  }
  const user = await findUserByLogin(trx, input.login);
  if (user === undefined) throw new DomainError('unknown_reference', `no user "${input.login}"`, { field: 'user' });
  const secret = input.fixedSecret ?? `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  const token: ApiToken = {
    id: newId(now),
    userId: user.id,
    label: input.label,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.validityDays * 86_400_000).toISOString(),
    revokedAt: null,
  };
  await insertToken(trx, token, hashToken(secret));
  // The audit entry names the token, never its secret.
  await recordAuditEvent(trx, actor, now, { eventType: 'api-token.created', subjectType: 'api-token', subjectId: token.id, before: null, after: token });
  return { token, secret };
}

export async function revokeApiToken(context: AppContext, actor: Actor, tokenId: string): Promise<void> {
  authorise(actor, 'user.manage');
  await inTransaction(context, async (trx) => {
    const now = context.clock.now();
    if (!(await revokeTokenRow(trx, tokenId, now.toISOString()))) {
      throw new DomainError('unknown_reference', `no active token ${tokenId}`, { field: 'token' });
    }
    await recordAuditEvent(trx, actor, now, { eventType: 'api-token.revoked', subjectType: 'api-token', subjectId: tokenId, before: null, after: { revokedAt: now.toISOString() } });
  });
}
