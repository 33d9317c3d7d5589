import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../platform/actor.js';
import { inTransaction } from '../platform/context.js';
import { openTestContext, testDialects } from '../platform/test-support/test-database.js';
import { findTokenHolder, findTokenHolderOn, revokeTokenRow } from './access.store.js';
import { issueToken } from './create-api-token.js';
import { addUser } from './create-user.js';
import { hashToken } from './user.js';

describe.each(testDialects())('token lookup on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof openTestContext>>;
  let secret: string;
  let tokenId: string;
  beforeAll(async () => {
    context = await openTestContext(dialect);
    const issued = await inTransaction(context, async (trx) => {
      await addUser(trx, operatorActor('test'), context.clock.now(), { login: 'ann', displayName: 'Ann', role: 'reviewer', organisationId: null });
      return issueToken(trx, operatorActor('test'), context.clock.now(), { login: 'ann', label: 'test', validityDays: 7 });
    });
    secret = issued.secret;
    tokenId = issued.token.id;
  });
  afterAll(async () => {
    await context.database.close();
  });

  it('the prepared-statement path returns exactly what the query-builder path returns, revocation included', async () => {
    const hash = hashToken(secret);
    const expected = await findTokenHolder(context.database.db, hash);
    expect(expected?.user.login).toBe('ann');
    expect(await findTokenHolderOn(context.database, hash)).toEqual(expected);
    expect(await findTokenHolderOn(context.database, hashToken('gh_unknown'))).toBeUndefined();
    await revokeTokenRow(context.database.db, tokenId, context.clock.now().toISOString());
    const revoked = await findTokenHolderOn(context.database, hash);
    expect(revoked?.token.revokedAt).toBe(context.clock.now().toISOString());
    expect(revoked).toEqual(await findTokenHolder(context.database.db, hash));
  });
});
