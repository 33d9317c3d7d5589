/**
 * Use case, inside the caller's transaction: a licence is issued, so its units and TPP move from
 * the national pool to the licence (docs/ledger.md, "Flows as wired").
 *
 * The quota scope is one national quota of one policy period: "<policy id>/<period start>/<what
 * the quota applies to>", e.g. "accelerators-2026/2026-01-01/family:H200". The first licence
 * drawn on a scope credits its pool with the policy's national quota (quota-source →
 * national-pool). A dimension the policy leaves unlimited (null), an item no national quota
 * covers, or a policy version that is not stored (tests that issue licences without publishing a
 * policy) is topped up by exactly what the licence needs, so that the ledger still records every
 * unit but nothing is refused for want of quota that the policy never limited.
 *
 * Refused with `exceeds_national_quota` when the pool cannot cover the licence: the caller's
 * transaction then rolls back, licence row included.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { accountId, licenceAccounts, quotaScopeAccounts } from './chart-of-accounts.js';
import { issueLicenceTransfers, issueQuotaTransfers, linkedChain } from './ledger-flows.js';
import { findAccounts } from './ledger.store.js';
import { applyLedgerRequests, ensureLedgerAccounts } from './ledger.writer.js';
import type { TransferInput } from './transfer.js';

/**
 * What issuing a licence needs to know about quota, supplied by the caller (licensing), which
 * reads the registry and the policy through their modules: the ledger reads no other module's
 * tables.
 */
export interface LicenceQuotaIssue {
  readonly licenceId: string;
  readonly units: number;
  readonly policyHash: string;
  readonly item: { readonly id: string; readonly family: string; readonly tpp: number };
  /** The licence's policy version (its id, period start and national quotas); null when that version is not stored. */
  readonly policy: {
    readonly id: string;
    readonly periodStart: string;
    readonly nationalQuotas: readonly { readonly appliesTo: { readonly item?: string; readonly family?: string }; readonly units: number | null; readonly tpp: number | null }[];
  } | null;
}

/** Drops zero-amount transfers (an item of TPP 0, an unlimited dimension) and re-links the rest. */
function withoutZeroAmounts(transfers: readonly TransferInput[]): TransferInput[] {
  const kept = transfers.filter((transfer) => transfer.amount !== 0n);
  return kept.length === 0 ? [] : linkedChain([kept]);
}

export async function issueLicenceQuota(trx: Kysely<Database>, actor: Actor, now: Date, issue: LicenceQuotaIssue): Promise<{ scopeId: string }> {
  const item = issue.item;
  assert(Number.isSafeInteger(item.tpp) && item.tpp >= 0, `item ${item.id} has a whole TPP per unit`);
  const quota = issue.policy?.nationalQuotas.find((entry) => entry.appliesTo.item === item.id || entry.appliesTo.family === item.family);
  const selector = quota === undefined ? `unlimited:${item.family}` : quota.appliesTo.item !== undefined ? `item:${quota.appliesTo.item}` : `family:${quota.appliesTo.family}`;
  const scopeId = `${issue.policy?.id ?? 'unpublished'}/${issue.policy?.periodStart ?? issue.policyHash.slice(0, 12)}/${selector}`;
  const units = BigInt(issue.units);
  const tpp = units * BigInt(item.tpp);

  await ensureLedgerAccounts(trx, actor, now, [...quotaScopeAccounts(scopeId), ...licenceAccounts(issue.licenceId)]);
  const [sourceUnits, sourceTpp] = await findAccounts(trx, [accountId('quota-source', scopeId, 'units'), accountId('quota-source', scopeId, 'tpp')]);
  const isFirstUse = (sourceUnits?.debitsPosted ?? 0n) === 0n && (sourceTpp?.debitsPosted ?? 0n) === 0n;
  const quotaUnits = quota?.units ?? null;
  const quotaTpp = quota?.tpp ?? null;
  const transfers: TransferInput[][] = [];
  if (isFirstUse && (quotaUnits !== null || quotaTpp !== null)) {
    transfers.push(
      withoutZeroAmounts(
        issueQuotaTransfers({ movementId: `quota:${scopeId}`, scopeId, amounts: { units: BigInt(quotaUnits ?? 0), tpp: BigInt(quotaTpp ?? 0) }, reference: issue.policyHash }),
      ),
    );
  }
  // What the policy does not limit is issued as the licence needs it.
  const topUp = { units: quotaUnits === null ? units : 0n, tpp: quotaTpp === null ? tpp : 0n };
  transfers.push(withoutZeroAmounts(issueQuotaTransfers({ movementId: `quota-top-up:${issue.licenceId}`, scopeId, amounts: topUp, reference: 'unlimited' })));
  transfers.push(withoutZeroAmounts(issueLicenceTransfers({ movementId: `issue:${issue.licenceId}`, licenceId: issue.licenceId, source: { kind: 'pool', scopeId }, units, tppPerUnit: BigInt(item.tpp) })));
  const requests = transfers.filter((group) => group.length > 0).map((group) => ({ actor, transfers: group }));
  const results = await applyLedgerRequests(trx, requests, now);
  for (const [index, group] of results.entries()) {
    const refused = group.find((result) => result !== 'ok' && result !== 'exists' && result !== 'linked_event_failed');
    if (refused === undefined) continue;
    if (refused === 'exceeds_credits' && index === results.length - 1) {
      throw new DomainError('exceeds_national_quota', `the national quota of ${scopeId} does not cover ${issue.units} units`, { field: 'quantity', extensions: { scopeId } });
    }
    throw new DomainError('ledger_refused', `the ledger refused the licence's quota: ${refused}`, { extensions: { result: refused } });
  }
  return { scopeId };
}
