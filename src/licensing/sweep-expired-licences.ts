/**
 * Use case: expire every active or suspended licence whose validity has ended (validUntil ≤ the
 * clock's now). Run by `gatehouse licences sweep` and periodically by the server. Returns how
 * many licences it expired; a second run at the same time finds none (idempotent).
 *
 * Licences are expired in batches, one transaction per batch, each licence audited. Each write is
 * guarded by the version read, so two sweepers (two server processes) never expire a licence
 * twice: the second finds its guarded update touching no row and skips that licence, which the
 * first has expired (or someone changed; a later batch or run looks at it again).
 */
import { recordAuditEvents, type AuditEvent } from '../audit/index.js';
import { withdrawUnusedLicenceQuota } from '../ledger/index.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { transitionLicence } from './licence.js';
import { listLicencesDueForExpiry, updateLicenceRow } from './licensing.store.js';

/** Licences per transaction: short transactions, few round trips. */
export const SWEEP_BATCH_LICENCES = 500;
/** A bound on one sweep (5 million licences); whatever is left is expired by the next run. */
export const SWEEP_BATCHES_MAX = 10_000;

export async function sweepExpiredLicences(context: AppContext, actor: Actor): Promise<number> {
  authorise(actor, 'licence.sweep');
  // One instant for the whole sweep, so that a run's result does not depend on how long it took.
  const now = context.clock.now();
  let expired = 0;
  for (let batch = 0; batch < SWEEP_BATCHES_MAX; batch += 1) {
    const { due, done } = await inTransaction(context, async (trx) => {
      const candidates = await listLicencesDueForExpiry(trx, now.toISOString(), SWEEP_BATCH_LICENCES);
      const events: AuditEvent[] = [];
      for (const licence of candidates) {
        const result = transitionLicence(licence, { kind: 'expire' }, now);
        if (!result.ok) continue; // Unreachable: the query selects only licences due for expiry.
        if (!(await updateLicenceRow(trx, result.licence, licence.version, licence))) continue;
        // Its reservations are voided and what it did not ship returns to the pool.
        await withdrawUnusedLicenceQuota(trx, actor, now, licence.id);
        events.push({ eventType: 'licence.expired', subjectType: 'licence', subjectId: licence.id, before: licence, after: result.licence });
      }
      await recordAuditEvents(trx, actor, now, events);
      return { due: candidates.length, done: events.length };
    });
    expired += done;
    // A short batch was the last one. A full batch in which nothing could be expired means every
    // candidate is being changed by someone else right now: stop rather than spin; the next run
    // picks them up.
    if (due < SWEEP_BATCH_LICENCES || done === 0) break;
  }
  return expired;
}
