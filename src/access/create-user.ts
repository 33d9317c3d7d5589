/** Use case: the operator adds a user with one role, in one organisation where the role needs it. */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import { ROLES, isOrganisationScoped, type Actor, type Role } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { getOrganisation } from '../registry/index.js';
import { findUserByLogin, insertUser } from './access.store.js';
import { checkPasswordRules, hashPassword } from './password.js';
import type { User } from './user.js';

export interface UserInput {
  login: string;
  displayName: string;
  role: string;
  organisationId: string | null;
}

/** `password` is optional: a user without one signs in only with API tokens. */
export async function createUser(context: AppContext, actor: Actor, input: UserInput & { password?: string }): Promise<User> {
  authorise(actor, 'user.manage');
  if (input.organisationId !== null) await getOrganisation(context, actor, input.organisationId);
  if (input.password !== undefined) checkPasswordRules(input.password);
  // Hashing takes tens of milliseconds: done before the transaction, so no write lock waits on it.
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const { password: _password, ...userInput } = input;
  return inTransaction(context, (trx) => addUser(trx, actor, context.clock.now(), userInput, passwordHash));
}

/** `passwordHash` is an argon2id PHC string from `hashPassword`, or null for a token-only user. */
export async function addUser(trx: Kysely<Database>, actor: Actor, now: Date, input: UserInput, passwordHash: string | null = null): Promise<User> {
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(input.login)) {
    throw new DomainError('validation_failed', 'a login is 2–63 lower-case letters, digits, dots, dashes or underscores', { field: 'login' });
  }
  if (!(ROLES as readonly string[]).includes(input.role) || input.role === 'operator') {
    throw new DomainError('validation_failed', `role must be one of ${ROLES.filter((role) => role !== 'operator').join(', ')}`, { field: 'role' });
  }
  const role = input.role as Role;
  const actorShape: Actor = { id: 'new', role, organisationId: input.organisationId };
  // Applicants, vendors and customs officers act for exactly one organisation; the regulator for none.
  if (isOrganisationScoped(actorShape) && input.organisationId === null) {
    throw new DomainError('validation_failed', `a ${role} belongs to an organisation`, { field: 'organisation' });
  }
  if ((await findUserByLogin(trx, input.login)) !== undefined) {
    throw new DomainError('duplicate_name', `a user "${input.login}" already exists`, { field: 'login' });
  }
  const timestamp = now.toISOString();
  const user: User = {
    id: newId(now),
    login: input.login,
    displayName: input.displayName,
    role,
    organisationId: input.organisationId,
    status: 'active',
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  await insertUser(trx, user, passwordHash);
  // The audit entry says whether a password was set, never the hash.
  await recordAuditEvent(trx, actor, now, { eventType: 'user.created', subjectType: 'user', subjectId: user.id, before: null, after: { ...user, hasPassword: passwordHash !== null } });
  return user;
}
