/**
 * Use case, inside the caller's transaction: a licence expired or was revoked, so its open
 * reservations are voided and everything it has not shipped returns to the national pool it came
 * from, in one linked chain (`returnUnusedTransfers`). Units already shipped stay where they are:
 * they are physical.
 *
 * The chain is built from a balance read before the batch locks the accounts; if a reservation
 * was resolved or a new one made in between, the chain fails whole and is rebuilt from a fresh
 * read (at most RETRIES_MAX times). Calling it again after it succeeded moves nothing.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { returnUnusedTransfers, transferIdFor } from './ledger-flows.js';
import { findOpenPendingTransfersOfLicence, findTransfersByIds } from './ledger.store.js';
import { applyLedgerRequests, readLicenceBalance } from './ledger.writer.js';

const RETRIES_MAX = 5;
const POOL_PREFIX = 'national-pool/';
const UNITS_SUFFIX = '/units';

export async function withdrawUnusedLicenceQuota(trx: Kysely<Database>, actor: Actor, now: Date, licenceId: string): Promise<void> {
  const [issuance] = await findTransfersByIds(trx, [transferIdFor(`issue:${licenceId}`, 'units')]);
  // A licence issued before the ledger existed has nothing to return.
  if (issuance === undefined) return;
  const poolAccountId = issuance.transfer.debitAccountId;
  const scopeId = poolAccountId.slice(POOL_PREFIX.length, -UNITS_SUFFIX.length);
  for (let attempt = 1; attempt <= RETRIES_MAX; attempt++) {
    const balance = await readLicenceBalance(trx, licenceId);
    if (balance === null) return;
    const open = await findOpenPendingTransfersOfLicence(trx, licenceId);
    const reservationIds = [...new Set(open.map((stored) => stored.transfer.id.slice(0, stored.transfer.id.lastIndexOf(':'))))];
    const transfers = returnUnusedTransfers({ movementId: `return:${licenceId}:${attempt}`, licenceId, scopeId, balance, pendingReservationIds: reservationIds });
    if (transfers.length === 0) return;
    const [results] = await applyLedgerRequests(trx, [{ actor, transfers }], now);
    if (results!.every((result) => result === 'ok' || result === 'exists')) return;
  }
  throw new DomainError('ledger_refused', `the unused quota of licence ${licenceId} could not be returned after ${RETRIES_MAX} attempts`);
}
