/**
 * Use case: who is calling? A bearer token that is known, unexpired, unrevoked and whose user is
 * active gives that user's actor; anything else gives null, and the caller answers 401 without
 * saying which of those it was.
 */
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { findTokenHolderOn } from './access.store.js';
import { lookUpCredential } from './credential-cache.js';
import { hashToken, isTokenUsable } from './user.js';

export async function authenticateToken(context: AppContext, authorization: string | undefined): Promise<Actor | null> {
  const match = authorization === undefined ? null : /^Bearer\s+(\S{8,200})$/i.exec(authorization.trim());
  if (match === null) return null;
  const tokenHash = hashToken(match[1]!);
  // Kept between requests on SQLite while nothing in the database changes (credential-cache.ts);
  // usable or not is judged below on every request.
  const holder = await lookUpCredential(context.database, `token:${tokenHash}`, () => findTokenHolderOn(context.database, tokenHash));
  if (holder === undefined || holder.user.status !== 'active' || !isTokenUsable(holder.token, context.clock.now())) return null;
  return { id: holder.user.id, role: holder.user.role, organisationId: holder.user.organisationId };
}
