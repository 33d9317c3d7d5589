/**
 * For tests: a licence ready to reserve against, in one transaction: the scope's and the
 * licence's accounts, 1,000 units of quota in the scope's pool, and `units` of it issued to the
 * licence, as the flows do (movements "quota" and "issue").
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database-tables.js';
import { testActors } from '../../platform/test-support/test-database.js';
import { licenceAccounts, quotaScopeAccounts } from '../chart-of-accounts.js';
import { amountsFor, issueLicenceTransfers, issueQuotaTransfers } from '../ledger-flows.js';
import { applyLedgerRequests, ensureLedgerAccounts } from '../ledger.writer.js';

export async function seedLicence(db: Kysely<Database>, seed: { scopeId: string; licenceId: string; units: bigint; tppPerUnit: bigint; now: Date }): Promise<void> {
  const { scopeId, licenceId, units, tppPerUnit, now } = seed;
  const actor = testActors.operator;
  await db.transaction().execute(async (trx) => {
    await ensureLedgerAccounts(trx, actor, now, [...quotaScopeAccounts(scopeId), ...licenceAccounts(licenceId)]);
    await applyLedgerRequests(trx, [{ actor, transfers: issueQuotaTransfers({ movementId: 'quota', scopeId, amounts: amountsFor(1_000n, tppPerUnit) }) }], now);
    await applyLedgerRequests(trx, [{ actor, transfers: issueLicenceTransfers({ movementId: 'issue', licenceId, source: { kind: 'pool', scopeId }, units, tppPerUnit }) }], now);
  });
}
