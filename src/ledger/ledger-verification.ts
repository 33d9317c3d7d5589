/**
 * Verifies a ledger from its rows alone, independently of the engine: replays the transfer log,
 * recomputes every account's four totals, and compares. Pure. An auditor runs it over what the
 * store holds; the property tests run it after every operation.
 *
 * The transfers must be in commit order (the order createTransfers and expirePendingTransfers
 * returned them, which a store keeps with a sequence column): a post, void or expiry must come
 * after the pending transfer it resolves, and the account limits are checked after every step.
 */
import { AMOUNT_MAX, DIMENSIONS, type Account, type Dimension } from './account.js';
import type { Transfer } from './transfer.js';

export type LedgerDiscrepancyKind =
  | 'duplicate_account_id'
  | 'duplicate_transfer_id'
  | 'transfer_flags_invalid'
  | 'transfer_amount_not_positive'
  | 'transfer_account_not_found'
  | 'transfer_accounts_not_different'
  | 'transfer_dimension_mismatch'
  | 'pending_transfer_not_found'
  | 'pending_transfer_not_pending'
  | 'pending_transfer_resolved_twice'
  | 'resolution_does_not_match_pending_transfer'
  | 'resolution_after_expiry'
  | 'expiry_before_timeout'
  | 'amount_overflow'
  | 'account_limit_exceeded'
  | 'account_balance_mismatch'
  | 'dimension_not_balanced';

export interface LedgerDiscrepancy {
  readonly kind: LedgerDiscrepancyKind;
  /** One sentence a person can act on. */
  readonly detail: string;
  readonly accountId?: string;
  readonly transferId?: string;
}

export type LedgerVerification =
  | { readonly ok: true; readonly accountCount: number; readonly transferCount: number }
  | { readonly ok: false; readonly discrepancy: LedgerDiscrepancy };

interface Totals {
  readonly account: Account;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
}

type PendingState = { readonly transfer: Transfer; resolvedBy: string | null };

const BALANCE_FIELDS = ['debitsPending', 'debitsPosted', 'creditsPending', 'creditsPosted'] as const;

function failure(kind: LedgerDiscrepancyKind, detail: string, ids: { accountId?: string; transferId?: string } = {}): LedgerVerification {
  return { ok: false, discrepancy: { kind, detail, ...ids } };
}

function limitViolation(totals: Totals): string | null {
  const flags = totals.account.flags;
  if (flags.debitsMustNotExceedCredits && totals.debitsPending + totals.debitsPosted > totals.creditsPosted) return 'debits exceed credits';
  if (flags.creditsMustNotExceedDebits && totals.creditsPending + totals.creditsPosted > totals.debitsPosted) return 'credits exceed debits';
  if (totals.debitsPending + totals.debitsPosted > AMOUNT_MAX || totals.creditsPending + totals.creditsPosted > AMOUNT_MAX) return 'a total exceeds AMOUNT_MAX';
  return null;
}

/**
 * Returns the first discrepancy found, or ok. Checks, in order: unique ids; each transfer's own
 * shape (flags, positive amount, two different existing accounts of its dimension); that every
 * post, void and expiry resolves an earlier pending transfer exactly once, with its accounts,
 * code and dimension, within its timeout (an expiry at or after it); that after each transfer
 * no flagged account breaks its limit; that each account's stored totals equal the recomputed
 * ones; and that, per dimension, all accounts' debits equal their credits, posted and pending
 * separately.
 */
export function verifyLedger(accounts: Iterable<Account>, transfers: Iterable<Transfer>): LedgerVerification {
  const totalsById = new Map<string, Totals>();
  for (const account of accounts) {
    if (totalsById.has(account.id)) return failure('duplicate_account_id', `account ${account.id} appears twice`, { accountId: account.id });
    totalsById.set(account.id, { account, debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n });
  }

  const seenTransferIds = new Set<string>();
  const pendingById = new Map<string, PendingState>();
  let transferCount = 0;
  for (const transfer of transfers) {
    transferCount += 1;
    const transferId = transfer.id;
    if (seenTransferIds.has(transferId)) return failure('duplicate_transfer_id', `transfer ${transferId} appears twice`, { transferId });
    seenTransferIds.add(transferId);

    const flags = transfer.flags;
    const resolutionCount = (flags.postPendingTransfer ? 1 : 0) + (flags.voidPendingTransfer ? 1 : 0);
    const isResolution = resolutionCount === 1;
    if (
      resolutionCount > 1 ||
      (flags.pending && isResolution) ||
      (flags.expiry && !flags.voidPendingTransfer) ||
      isResolution !== (transfer.pendingId !== null)
    ) {
      return failure('transfer_flags_invalid', `transfer ${transferId} has flags that cannot go together or a pending id that does not match them`, { transferId });
    }
    if (transfer.amount <= 0n) return failure('transfer_amount_not_positive', `transfer ${transferId} moves ${transfer.amount}`, { transferId });
    const debit = totalsById.get(transfer.debitAccountId);
    if (debit === undefined) return failure('transfer_account_not_found', `transfer ${transferId} debits unknown account ${transfer.debitAccountId}`, { transferId, accountId: transfer.debitAccountId });
    const credit = totalsById.get(transfer.creditAccountId);
    if (credit === undefined) return failure('transfer_account_not_found', `transfer ${transferId} credits unknown account ${transfer.creditAccountId}`, { transferId, accountId: transfer.creditAccountId });
    if (debit === credit) return failure('transfer_accounts_not_different', `transfer ${transferId} debits and credits the same account`, { transferId });
    if (debit.account.dimension !== transfer.dimension || credit.account.dimension !== transfer.dimension) {
      return failure('transfer_dimension_mismatch', `transfer ${transferId} is in ${transfer.dimension} but its accounts are not both`, { transferId });
    }

    if (isResolution) {
      const pendingId = transfer.pendingId!;
      const pendingState = pendingById.get(pendingId);
      if (pendingState === undefined) {
        const detail = seenTransferIds.has(pendingId)
          ? `transfer ${transferId} resolves ${pendingId}, which is not a pending transfer`
          : `transfer ${transferId} resolves ${pendingId}, which does not precede it`;
        return failure(seenTransferIds.has(pendingId) ? 'pending_transfer_not_pending' : 'pending_transfer_not_found', detail, { transferId });
      }
      if (pendingState.resolvedBy !== null) {
        return failure('pending_transfer_resolved_twice', `pending transfer ${pendingId} is resolved by ${pendingState.resolvedBy} and again by ${transferId}`, { transferId });
      }
      const pending = pendingState.transfer;
      const isMatching =
        pending.debitAccountId === transfer.debitAccountId &&
        pending.creditAccountId === transfer.creditAccountId &&
        pending.dimension === transfer.dimension &&
        pending.code === transfer.code &&
        (flags.postPendingTransfer ? transfer.amount <= pending.amount : transfer.amount === pending.amount);
      if (!isMatching) {
        return failure('resolution_does_not_match_pending_transfer', `transfer ${transferId} does not match the pending transfer ${pendingId} it resolves`, { transferId });
      }
      if (pending.expiresAt !== null) {
        if (flags.expiry && transfer.timestamp < pending.expiresAt) {
          return failure('expiry_before_timeout', `expiry ${transferId} is recorded before ${pendingId}'s timeout`, { transferId });
        }
        if (!flags.expiry && transfer.timestamp >= pending.expiresAt) {
          return failure('resolution_after_expiry', `transfer ${transferId} resolves ${pendingId} after its timeout`, { transferId });
        }
      } else if (flags.expiry) {
        return failure('expiry_before_timeout', `expiry ${transferId} resolves ${pendingId}, which has no timeout`, { transferId });
      }
      pendingState.resolvedBy = transferId;
      debit.debitsPending -= pending.amount;
      credit.creditsPending -= pending.amount;
      if (flags.postPendingTransfer) {
        debit.debitsPosted += transfer.amount;
        credit.creditsPosted += transfer.amount;
      }
    } else if (flags.pending) {
      pendingById.set(transferId, { transfer, resolvedBy: null });
      debit.debitsPending += transfer.amount;
      credit.creditsPending += transfer.amount;
    } else {
      debit.debitsPosted += transfer.amount;
      credit.creditsPosted += transfer.amount;
    }

    for (const totals of [debit, credit]) {
      for (const field of BALANCE_FIELDS) {
        if (totals[field] > AMOUNT_MAX) return failure('amount_overflow', `after ${transferId}, ${totals.account.id}.${field} exceeds AMOUNT_MAX`, { transferId, accountId: totals.account.id });
      }
      const violation = limitViolation(totals);
      if (violation !== null) {
        return failure('account_limit_exceeded', `after ${transferId}, account ${totals.account.id}: ${violation}`, { transferId, accountId: totals.account.id });
      }
    }
  }

  const sums = new Map<Dimension, { pending: bigint; posted: bigint }>(DIMENSIONS.map((dimension) => [dimension, { pending: 0n, posted: 0n }]));
  for (const totals of totalsById.values()) {
    const account = totals.account;
    for (const field of BALANCE_FIELDS) {
      if (account[field] !== totals[field]) {
        return failure(
          'account_balance_mismatch',
          `account ${account.id} records ${field} = ${account[field]} but its transfers add up to ${totals[field]}`,
          { accountId: account.id },
        );
      }
    }
    const sum = sums.get(account.dimension);
    if (sum === undefined) return failure('transfer_dimension_mismatch', `account ${account.id} has unknown dimension ${String(account.dimension)}`, { accountId: account.id });
    sum.pending += account.debitsPending - account.creditsPending;
    sum.posted += account.debitsPosted - account.creditsPosted;
  }
  // Implied by the checks above (each transfer debits and credits the same amount in one
  // dimension, and every account equals its transfers), so this cannot fail after them; it is
  // kept as the direct statement of the invariant an auditor asks about.
  for (const [dimension, sum] of sums) {
    if (sum.posted !== 0n) return failure('dimension_not_balanced', `posted debits and credits in ${dimension} differ by ${sum.posted}`);
    if (sum.pending !== 0n) return failure('dimension_not_balanced', `pending debits and credits in ${dimension} differ by ${sum.pending}`);
  }
  return { ok: true, accountCount: totalsById.size, transferCount };
}
