/**
 * Use cases: sign in with a login and password, and sign out.
 *
 * A failed sign-in says only "the login or password is wrong", whether the login is unknown, has
 * no password (token-only), is disabled, or the password is wrong; and it takes as long in each
 * case, because an unknown login is checked against a dummy argon2id hash with the same cost.
 * Attempts are counted per login and per client address before any hashing (see sign-in-limiter).
 */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findCredentials, insertSession, revokeSessionRow } from './access.store.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { SESSION_LIFETIME_MS, csrfTokenFor, hashSessionSecret, newSessionSecret, type Session } from './session.js';
import type { SignInLimiter } from './sign-in-limiter.js';
import { hashToken, type User } from './user.js';

export interface SignInInput {
  login: string;
  password: string;
  /** The client's address, for the per-address limit. */
  address: string;
}

export interface SignedIn {
  session: Session;
  user: User;
  /** The cookie's value: shown to the browser once, stored only as a hash. */
  secret: string;
  /** To send as X-CSRF-Token with every state-changing request. */
  csrfToken: string;
}

export async function signIn(context: AppContext, limiter: SignInLimiter, input: SignInInput): Promise<SignedIn> {
  const verdict = limiter.attempt(input.login, input.address);
  if (!verdict.isAllowed) {
    throw new DomainError('rate_limited', `too many sign-in attempts; try again in ${verdict.retryAfterSeconds} s`, { extensions: { retryAfterSeconds: verdict.retryAfterSeconds } });
  }
  const credentials = await findCredentials(context.database.db, input.login);
  const storedHash = credentials?.passwordHash ?? null;
  const isPasswordRight = await verifyPassword(storedHash ?? (await dummyPasswordHash()), input.password);
  if (credentials === undefined || storedHash === null || !isPasswordRight || credentials.user.status !== 'active') {
    throw new DomainError('invalid_credentials', 'the login or password is wrong');
  }
  const user = credentials.user;
  const actor: Actor = { id: user.id, role: user.role, organisationId: user.organisationId };
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const secret = newSessionSecret();
    const csrfToken = csrfTokenFor(secret);
    const session: Session = {
      id: newId(now),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
      lastSeenAt: now.toISOString(),
      revokedAt: null,
    };
    await insertSession(trx, session, hashSessionSecret(secret), hashToken(csrfToken));
    await recordAuditEvent(trx, actor, now, { eventType: 'session.started', subjectType: 'session', subjectId: session.id, before: null, after: { userId: user.id, expiresAt: session.expiresAt } });
    return { session, user, secret, csrfToken };
  });
}

/** Ends the session at once: the next request with its cookie gets 401. */
export async function signOut(context: AppContext, actor: Actor, sessionId: string): Promise<void> {
  await inTransaction(context, async (trx) => {
    const now = context.clock.now();
    if (!(await revokeSessionRow(trx, sessionId, now.toISOString()))) throw new DomainError('session_not_found', 'the session has already ended');
    await recordAuditEvent(trx, actor, now, { eventType: 'session.ended', subjectType: 'session', subjectId: sessionId, before: null, after: { revokedAt: now.toISOString() } });
  });
}
