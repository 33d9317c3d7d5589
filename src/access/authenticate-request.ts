/**
 * Use case: who sent this request? An `Authorization: Bearer` token when the request carries one
 * (and then only that: a bad token is not rescued by a cookie), otherwise the session cookie. Both
 * are looked up by SHA-256; anything unknown, expired, revoked, idle too long or belonging to a
 * disabled user gives null, and the server answers 401 without saying which it was.
 */
import type { AppContext } from '../platform/context.js';
import type { Authentication } from '../platform/http/server.js';
import { findSessionHolder, touchSessionRow } from './access.store.js';
import { authenticateToken } from './authenticate-token.js';
import { lookUpCredential } from './credential-cache.js';
import { hashSessionSecret, isSessionUsable, needsTouch } from './session.js';

export interface RequestCredentials {
  /** The Authorization header, if any. */
  authorization: string | undefined;
  /** The session cookie's value, if any. */
  sessionSecret: string | undefined;
}

export async function authenticateRequest(context: AppContext, credentials: RequestCredentials): Promise<Authentication | null> {
  if (credentials.authorization !== undefined) {
    const actor = await authenticateToken(context, credentials.authorization);
    return actor === null ? null : { actor, session: null };
  }
  if (credentials.sessionSecret === undefined || credentials.sessionSecret.length < 16 || credentials.sessionSecret.length > 200) return null;
  return authenticateSession(context, credentials.sessionSecret);
}

async function authenticateSession(context: AppContext, secret: string): Promise<Authentication | null> {
  const db = context.database.db;
  const secretHash = hashSessionSecret(secret);
  // Kept between requests on SQLite while nothing in the database changes (credential-cache.ts);
  // a sign-out or a new password is a write, so the next request reads the session again.
  const holder = await lookUpCredential(context.database, `session:${secretHash}`, () => findSessionHolder(db, secretHash));
  const now = context.clock.now();
  if (holder === undefined || holder.user.status !== 'active' || !isSessionUsable(holder.session, now)) return null;
  // Bookkeeping for the idle timeout, not a change anyone acts on: not audited, and written at
  // most once a minute per session so that a busy page does not write on every request.
  if (needsTouch(holder.session, now)) await touchSessionRow(db, holder.session.id, now.toISOString());
  return {
    actor: { id: holder.user.id, role: holder.user.role, organisationId: holder.user.organisationId },
    session: { id: holder.session.id, csrfTokenHash: holder.csrfTokenHash },
  };
}
