/**
 * Browser sessions: what a sign-in with a password gives. The browser holds a random secret in an
 * HttpOnly cookie; the database holds only its SHA-256. A session ends at the first of: sign-out,
 * its absolute lifetime, an idle spell longer than the idle timeout, a new password for its user.
 *
 * The CSRF token is derived from the secret (HMAC-SHA256 keyed by it), so that the page can ask
 * for it again after a reload (`GET /api/v1/session` recomputes it from the cookie) while the
 * server still stores only a hash of it. Knowing the token does not reveal the secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { hashToken } from './user.js';

export interface Session {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}

/** A working day and a bit; after that the user signs in again. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;
/** Half an hour without a request ends the session (an unattended regulator's desk). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** `last_seen_at` is written at most once a minute per session, not on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('gatehouse csrf token').digest('base64url');
}

export function hashSessionSecret(secret: string): string {
  return hashToken(secret);
}

/** Usable: not revoked, not past its lifetime, not idle for longer than the idle timeout. */
export function isSessionUsable(session: Pick<Session, 'expiresAt' | 'lastSeenAt' | 'revokedAt'>, now: Date): boolean {
  const nowMs = now.getTime();
  return session.revokedAt === null && Date.parse(session.expiresAt) > nowMs && Date.parse(session.lastSeenAt) + SESSION_IDLE_MS > nowMs;
}

export function needsTouch(session: Pick<Session, 'lastSeenAt'>, now: Date): boolean {
  return now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS;
}
