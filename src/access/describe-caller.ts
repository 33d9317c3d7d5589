/** Use case: who am I? The signed-in user, their role and organisation, and how they signed in. */
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import type { AppContext } from '../platform/context.js';
import { getOrganisation } from '../registry/index.js';
import { findUserById } from './access.store.js';

export interface CallerDescription {
  user: { id: string; login: string; displayName: string };
  role: string;
  organisation: { id: string; legalName: string; chineseName: string | null } | null;
}

export async function describeCaller(context: AppContext, actor: Actor): Promise<CallerDescription> {
  const user = await findUserById(context.database.db, actor.id);
  // The actor was authenticated a moment ago from this user's token or session.
  assert(user !== undefined, 'an authenticated actor is a stored user');
  const organisation = user.organisationId === null ? null : await getOrganisation(context, actor, user.organisationId);
  return {
    user: { id: user.id, login: user.login, displayName: user.displayName },
    role: user.role,
    organisation: organisation === null ? null : { id: organisation.id, legalName: organisation.legalName, chineseName: organisation.chineseName },
  };
}
