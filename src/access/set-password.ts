/**
 * Use case: the operator sets (or resets) a user's password. Every open session of that user ends
 * in the same transaction, so a password changed because it leaked locks the holder of the leak
 * out at once. API tokens are not touched: they are revoked one by one.
 */
import { recordAuditEvent } from '../audit/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { concurrentChange } from '../platform/versioning.js';
import { findUserByLogin, revokeUserSessionRows, setPasswordHashRow } from './access.store.js';
import { checkPasswordRules, hashPassword } from './password.js';

export async function setUserPassword(context: AppContext, actor: Actor, input: { login: string; password: string }): Promise<{ sessionsEnded: number }> {
  authorise(actor, 'user.manage');
  checkPasswordRules(input.password);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(context, async (trx) => {
    const now = context.clock.now();
    const user = await findUserByLogin(trx, input.login);
    if (user === undefined) throw new DomainError('unknown_reference', `no user "${input.login}"`, { field: 'login' });
    if (!(await setPasswordHashRow(trx, user, passwordHash, now.toISOString()))) throw concurrentChange('user');
    const sessionsEnded = await revokeUserSessionRows(trx, user.id, now.toISOString());
    await recordAuditEvent(trx, actor, now, {
      eventType: 'user.password-set',
      subjectType: 'user',
      subjectId: user.id,
      before: { version: user.version },
      after: { version: user.version + 1, sessionsEnded },
    });
    return { sessionsEnded };
  });
}
