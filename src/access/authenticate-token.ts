/**
 * Use case: who is calling? A bearer token that is known, unexpired, unrevoked and whose user is
 * active gives that user's actor; anything else gives null, and the caller answers 401 without
 * saying which of those it was.
 */
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { findTokenHolderOn } from './access.store.js';
import { hashToken, isTokenUsable } from './user.js';

export async function authenticateToken(context: AppContext, authorization: string | undefined): Promise<Actor | null> {
  const match = authorization === undefined ? null : /^Bearer\s+(\S{8,200})$/i.exec(authorization.trim());
  if (match === null) return null;
  const holder = await findTokenHolderOn(context.database, hashToken(match[1]!));
  if (holder === undefined || holder.user.status !== 'active' || !isTokenUsable(holder.token, context.clock.now())) return null;
  return { id: holder.user.id, role: holder.user.role, organisationId: holder.user.organisationId };
}
