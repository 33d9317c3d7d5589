/**
 * The quota ledger's state machine: creates accounts and applies batches of transfers to an
 * in-memory state, as TigerBeetle's state machine does. Pure: no I/O, no clock (the caller
 * passes `now`), no randomness. A durable writer built on it loads the state (or the part a
 * batch touches), calls createTransfers, and writes exactly the changed accounts and the new
 * transfer records it returns in one database transaction.
 *
 * The hot path (an ordinary transfer between two known accounts) allocates the transfer record
 * and nothing else: results are shared string constants, flags are shared frozen objects, and
 * balances are updated in place.
 */
import { assert } from '../platform/assert.js';
import {
  AMOUNT_MAX,
  compareWithExistingAccount,
  isDimension,
  normaliseAccountFlags,
  validateAccountInput,
  type Account,
  type AccountInput,
  type AccountResult,
} from './account.js';
import { createExpiryQueue, expiryQueueSize, peekExpiresAt, peekTransferId, popExpiry, pushExpiry, type ExpiryQueue } from './expiry-queue.js';
import {
  STATUS_EXPIRED,
  STATUS_NOT_PENDING,
  STATUS_PENDING,
  STATUS_POSTED,
  STATUS_VOIDED,
  appendTransfer,
  createTransferIndex,
  findTransferPosition,
  hashTransferId,
  removeNewestTransfer,
  setStatusAt,
  statusAt,
  transferAt,
  type TransferIndex,
} from './transfer-index.js';
import {
  RESERVED_ID_PREFIX_CHAR_CODE,
  TIMEOUT_SECONDS_MAX,
  TRANSFER_FLAG_EXPIRY,
  TRANSFER_FLAG_PENDING,
  TRANSFER_FLAG_POST_PENDING,
  TRANSFER_FLAG_VOID_PENDING,
  expiryTransferId,
  isTransferCode,
  transferFlagBits,
  transferFlagsFromBits,
  transferInputFlagBits,
  type Transfer,
  type TransferInput,
  type TransferResult,
} from './transfer.js';

/** TigerBeetle's batch size: a writer never hands the engine more than this in one call. */
export const TRANSFER_BATCH_MAX = 8190;
export const ACCOUNT_BATCH_MAX = 8190;
/** The most pending transfers one expirePendingTransfers call lapses; call again while hasMore. */
export const EXPIRY_BATCH_MAX = 8190;
/** Timestamps are milliseconds since the Unix epoch, up to the end of the year 9999. */
export const TIMESTAMP_MAX = 253_402_300_799_999;

/** Where a pending transfer stands. It leaves `pending` at most once. */
export type PendingStatus = 'pending' | 'posted' | 'voided' | 'expired';

export interface LedgerState {
  readonly accounts: Map<string, Account>;
  /**
   * Every transfer, in the order it was committed (a rolled-back chain leaves no trace), with
   * each pending transfer's status.
   */
  readonly transfers: TransferIndex;
  readonly expiryQueue: ExpiryQueue;
}

export interface CreateAccountsOutcome {
  /** One result per input, in input order. */
  readonly results: AccountResult[];
  /** The accounts created by this call, to persist (live objects, as getAccount returns). */
  readonly newAccounts: Account[];
}

export interface CreateTransfersOutcome {
  /** One result per input, in input order. */
  readonly results: TransferResult[];
  /** Ids of the accounts whose totals changed, each once: the account rows to write. */
  readonly changedAccountIds: string[];
  /** The transfers created by this call, in commit order: the transfer rows to insert. */
  readonly newTransfers: Transfer[];
}

export interface ExpireOutcome {
  /** The expiry records written, one per lapsed pending transfer (flags.expiry set). */
  readonly newTransfers: Transfer[];
  readonly changedAccountIds: string[];
  /** True when more pending transfers lapsed by `now` than the limit let this call handle. */
  readonly hasMore: boolean;
}

export function createLedgerState(): LedgerState {
  return { accounts: new Map(), transfers: createTransferIndex(), expiryQueue: createExpiryQueue() };
}

function assertTimestamp(now: number): void {
  assert(Number.isSafeInteger(now) && now >= 0 && now <= TIMESTAMP_MAX, 'now must be whole milliseconds since the Unix epoch');
}

/**
 * The account as the ledger holds it: live, so its totals change with later transfers. Copy it
 * (`{ ...account }`) to keep a snapshot, e.g. the row a store is about to write.
 */
export function getAccount(state: LedgerState, accountId: string): Readonly<Account> | undefined {
  return state.accounts.get(accountId);
}

export function getTransfer(state: LedgerState, transferId: string): Transfer | undefined {
  const position = findTransferPosition(state.transfers, transferId, hashTransferId(transferId));
  return position < 0 ? undefined : transferAt(state.transfers, position);
}

const PENDING_STATUS_NAMES: readonly (PendingStatus | undefined)[] = [undefined, 'pending', 'posted', 'voided', 'expired'];

/** Where a pending transfer stands; undefined when there is no such transfer or it is not pending. */
export function getPendingStatus(state: LedgerState, transferId: string): PendingStatus | undefined {
  const position = findTransferPosition(state.transfers, transferId, hashTransferId(transferId));
  return position < 0 ? undefined : PENDING_STATUS_NAMES[statusAt(state.transfers, position)];
}

/** Every account, in creation order. */
export function listAccounts(state: LedgerState): Iterable<Readonly<Account>> {
  return state.accounts.values();
}

/** Every transfer, in commit order (the order verifyLedger and a store's log expect). */
export function listTransfers(state: LedgerState): readonly Transfer[] {
  return state.transfers.records;
}

/**
 * Creates accounts one by one (no linked chains for accounts: creation is idempotent, so a
 * caller that set up part of a licence's accounts simply retries the whole list).
 */
export function createAccounts(state: LedgerState, inputs: readonly AccountInput[], now: number): CreateAccountsOutcome {
  assert(inputs.length <= ACCOUNT_BATCH_MAX, 'account batch exceeds ACCOUNT_BATCH_MAX');
  assertTimestamp(now);
  const results: AccountResult[] = [];
  const newAccounts: Account[] = [];
  for (const input of inputs) {
    let result = validateAccountInput(input);
    if (result === 'ok') {
      const existing = state.accounts.get(input.id);
      if (existing === undefined) {
        const account: Account = {
          id: input.id,
          code: input.code,
          dimension: input.dimension,
          ownerId: input.ownerId,
          flags: normaliseAccountFlags(input.flags),
          debitsPending: 0n,
          debitsPosted: 0n,
          creditsPending: 0n,
          creditsPosted: 0n,
          timestamp: now,
        };
        state.accounts.set(account.id, account);
        newAccounts.push(account);
      } else {
        result = compareWithExistingAccount(input, existing);
      }
    }
    results.push(result);
  }
  return { results, newAccounts };
}

/**
 * Applies a batch of transfers in order; each sees the effects of those before it. A linked
 * chain (transfers with flags.linked, closed by the first one without it) is applied whole or not
 * at all: when one member fails, the members already applied are rolled back, every other member
 * gets `linked_event_failed` and the failing one keeps its own code. A chain still open at the end
 * of the batch fails with `linked_event_chain_open` on its last member.
 *
 * One deliberate difference from TigerBeetle: `exists` does not break a chain. A retry of a whole
 * committed chain therefore answers `exists` for every member instead of `exists` for the first
 * and `linked_event_failed` for the rest, and a chain may include a transfer that is already in
 * the ledger (it is then in effect together with the new members, which is what the chain asks).
 */
export function createTransfers(state: LedgerState, transfers: readonly TransferInput[], now: number): CreateTransfersOutcome {
  assert(transfers.length <= TRANSFER_BATCH_MAX, 'transfer batch exceeds TRANSFER_BATCH_MAX');
  assertTimestamp(now);
  const count = transfers.length;
  const results: TransferResult[] = [];
  const newTransfers: Transfer[] = [];
  const changedAccountIds = new Set<string>();
  // The chain being applied: the index of its first member in the batch (or -1 for none) and how
  // many records newTransfers held when it started, so a failure can roll back exactly its own.
  let chainStartIndex = -1;
  let chainRecordsStart = 0;
  let isChainBroken = false;
  // The pair last added to changedAccountIds: a hot licence sends the same pair again and again,
  // and comparing two references is cheaper than two set insertions.
  let lastDebitAccountId = '';
  let lastCreditAccountId = '';
  for (let index = 0; index < count; index++) {
    const input = transfers[index]!;
    const isLinked = input.flags?.linked === true;
    if (chainStartIndex < 0 && isLinked) {
      chainStartIndex = index;
      chainRecordsStart = newTransfers.length;
      isChainBroken = false;
    }
    const isInChain = chainStartIndex >= 0;
    let result: TransferResult;
    if (isChainBroken) result = 'linked_event_failed';
    else if (isLinked && index === count - 1) result = 'linked_event_chain_open';
    else result = createTransfer(state, input, now, newTransfers);
    results.push(result);

    if (result !== 'ok' && result !== 'exists') {
      if (isInChain && !isChainBroken) {
        isChainBroken = true;
        rollBack(state, newTransfers, chainRecordsStart);
        for (let member = chainStartIndex; member < index; member++) results[member] = 'linked_event_failed';
      }
    } else if (!isInChain && result === 'ok') {
      const record = newTransfers[newTransfers.length - 1]!;
      if (record.debitAccountId !== lastDebitAccountId || record.creditAccountId !== lastCreditAccountId) {
        lastDebitAccountId = record.debitAccountId;
        lastCreditAccountId = record.creditAccountId;
        changedAccountIds.add(lastDebitAccountId);
        changedAccountIds.add(lastCreditAccountId);
      }
    }

    if (isInChain && (!isLinked || result === 'linked_event_chain_open')) {
      if (!isChainBroken) {
        for (let position = chainRecordsStart; position < newTransfers.length; position++) {
          const record = newTransfers[position]!;
          changedAccountIds.add(record.debitAccountId);
          changedAccountIds.add(record.creditAccountId);
        }
      }
      chainStartIndex = -1;
      isChainBroken = false;
    }
  }
  return { results, changedAccountIds: [...changedAccountIds], newTransfers };
}

function isEmpty(value: string | null | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/** Applies one transfer or returns why not; on success appends its record to `out`. */
function createTransfer(state: LedgerState, input: TransferInput, now: number, out: Transfer[]): TransferResult {
  const id = input.id;
  if (typeof id !== 'string' || id.length === 0) return 'id_must_not_be_empty';
  if (id.charCodeAt(0) === RESERVED_ID_PREFIX_CHAR_CODE) return 'id_must_not_be_reserved';
  const flagBits = transferInputFlagBits(input.flags);
  if ((flagBits & (TRANSFER_FLAG_POST_PENDING | TRANSFER_FLAG_VOID_PENDING)) !== 0) {
    return postOrVoidPendingTransfer(state, input, flagBits, now, out);
  }

  const debitAccountId = input.debitAccountId;
  const creditAccountId = input.creditAccountId;
  if (debitAccountId === undefined || isEmpty(debitAccountId)) return 'debit_account_id_must_not_be_empty';
  if (creditAccountId === undefined || isEmpty(creditAccountId)) return 'credit_account_id_must_not_be_empty';
  if (debitAccountId === creditAccountId) return 'accounts_must_be_different';
  if (!isEmpty(input.pendingId)) return 'pending_id_must_be_empty';
  const isPending = (flagBits & TRANSFER_FLAG_PENDING) !== 0;
  const timeoutSeconds = input.timeoutSeconds ?? 0;
  if (!isPending && timeoutSeconds !== 0) return 'timeout_reserved_for_pending_transfer';
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 0 || timeoutSeconds > TIMEOUT_SECONDS_MAX) return 'timeout_is_invalid';
  const amount = input.amount;
  if (amount === undefined || amount === 0n) return 'amount_must_not_be_zero';
  assert(typeof amount === 'bigint', 'transfer amount must be a bigint (see parseAmount)');
  if (amount < 0n) return 'amount_must_be_positive';
  const dimension = input.dimension;
  if (!isDimension(dimension)) return 'dimension_must_be_valid';
  const code = input.code;
  if (!isTransferCode(code)) return 'code_must_be_valid';

  const debitAccount = state.accounts.get(debitAccountId);
  if (debitAccount === undefined) return 'debit_account_not_found';
  const creditAccount = state.accounts.get(creditAccountId);
  if (creditAccount === undefined) return 'credit_account_not_found';
  if (debitAccount.dimension !== creditAccount.dimension) return 'accounts_must_have_the_same_dimension';
  if (dimension !== debitAccount.dimension) return 'transfer_must_have_the_same_dimension_as_accounts';

  // An existing transfer must not count against the limits below: a retry after success is
  // `exists`, never `exceeds_credits` because of its own first application.
  const index = state.transfers;
  const hash = hashTransferId(id);
  const existingPosition = findTransferPosition(index, id, hash);
  if (existingPosition >= 0) {
    return compareWithExisting(
      transferAt(index, existingPosition),
      flagBits,
      debitAccountId,
      creditAccountId,
      amount,
      null,
      input.licenceId ?? null,
      input.purchaseOrderReference ?? null,
      input.reference ?? null,
      timeoutSeconds,
      code,
    );
  }

  let debitsPending = debitAccount.debitsPending;
  let debitsPosted = debitAccount.debitsPosted;
  let creditsPending = creditAccount.creditsPending;
  let creditsPosted = creditAccount.creditsPosted;
  if (isPending) {
    debitsPending += amount;
    if (debitsPending > AMOUNT_MAX) return 'overflows_debits_pending';
    creditsPending += amount;
    if (creditsPending > AMOUNT_MAX) return 'overflows_credits_pending';
  } else {
    debitsPosted += amount;
    if (debitsPosted > AMOUNT_MAX) return 'overflows_debits_posted';
    creditsPosted += amount;
    if (creditsPosted > AMOUNT_MAX) return 'overflows_credits_posted';
  }
  // Most accounts have nothing pending; skipping the addition then saves a bigint allocation on
  // the hot path.
  const debitsTotal = debitsPending === 0n ? debitsPosted : debitsPending + debitsPosted;
  if (debitsTotal > AMOUNT_MAX) return 'overflows_debits';
  const creditsTotal = creditsPending === 0n ? creditsPosted : creditsPending + creditsPosted;
  if (creditsTotal > AMOUNT_MAX) return 'overflows_credits';
  // TigerBeetle's rule: pending debits count against the limit, pending credits do not (they may
  // still be voided), so a reservation can never spend value that is not yet firmly there.
  if (debitAccount.flags.debitsMustNotExceedCredits && debitsTotal > debitAccount.creditsPosted) return 'exceeds_credits';
  if (creditAccount.flags.creditsMustNotExceedDebits && creditsTotal > creditAccount.debitsPosted) return 'exceeds_debits';

  debitAccount.debitsPending = debitsPending;
  debitAccount.debitsPosted = debitsPosted;
  creditAccount.creditsPending = creditsPending;
  creditAccount.creditsPosted = creditsPosted;
  const expiresAt = isPending && timeoutSeconds > 0 ? now + timeoutSeconds * 1000 : null;
  const record: Transfer = {
    id,
    debitAccountId,
    creditAccountId,
    amount,
    pendingId: null,
    dimension,
    code,
    flags: transferFlagsFromBits(flagBits),
    timeoutSeconds,
    expiresAt,
    licenceId: input.licenceId ?? null,
    purchaseOrderReference: input.purchaseOrderReference ?? null,
    reference: input.reference ?? null,
    timestamp: now,
  };
  appendTransfer(index, record, hash, isPending ? STATUS_PENDING : STATUS_NOT_PENDING);
  if (expiresAt !== null) pushExpiry(state.expiryQueue, expiresAt, id);
  out.push(record);
  return 'ok';
}

function postOrVoidPendingTransfer(state: LedgerState, input: TransferInput, flagBits: number, now: number, out: Transfer[]): TransferResult {
  const id = input.id;
  const isPost = (flagBits & TRANSFER_FLAG_POST_PENDING) !== 0;
  const isVoid = (flagBits & TRANSFER_FLAG_VOID_PENDING) !== 0;
  if ((isPost && isVoid) || (flagBits & TRANSFER_FLAG_PENDING) !== 0) return 'flags_are_mutually_exclusive';
  const pendingId = input.pendingId;
  if (pendingId === undefined || isEmpty(pendingId)) return 'pending_id_must_not_be_empty';
  if (pendingId === id) return 'pending_id_must_be_different';
  if ((input.timeoutSeconds ?? 0) !== 0) return 'timeout_reserved_for_pending_transfer';
  const requestedAmount = input.amount;
  if (requestedAmount !== undefined) {
    if (requestedAmount === 0n) return 'amount_must_not_be_zero';
    assert(typeof requestedAmount === 'bigint', 'transfer amount must be a bigint (see parseAmount)');
    if (requestedAmount < 0n) return 'amount_must_be_positive';
  }
  if (input.dimension !== undefined && !isDimension(input.dimension)) return 'dimension_must_be_valid';
  if (input.code !== undefined && !isTransferCode(input.code)) return 'code_must_be_valid';

  const index = state.transfers;
  const pendingPosition = findTransferPosition(index, pendingId, hashTransferId(pendingId));
  if (pendingPosition < 0) return 'pending_transfer_not_found';
  const pending = transferAt(index, pendingPosition);
  if (!pending.flags.pending) return 'pending_transfer_not_pending';
  if (!isEmpty(input.debitAccountId) && input.debitAccountId !== pending.debitAccountId) return 'pending_transfer_has_different_debit_account_id';
  if (!isEmpty(input.creditAccountId) && input.creditAccountId !== pending.creditAccountId) return 'pending_transfer_has_different_credit_account_id';
  if (input.dimension !== undefined && input.dimension !== pending.dimension) return 'pending_transfer_has_different_dimension';
  if (input.code !== undefined && input.code !== pending.code) return 'pending_transfer_has_different_code';
  const amount = requestedAmount ?? pending.amount;
  if (amount > pending.amount) return 'exceeds_pending_transfer_amount';
  // A partial void would be a post of the rest in disguise; TigerBeetle refuses it too.
  if (isVoid && amount !== pending.amount) return 'pending_transfer_has_different_amount';

  // Omitted references inherit the pending transfer's, so a post is still traceable to its order.
  const licenceId = input.licenceId ?? pending.licenceId;
  const purchaseOrderReference = input.purchaseOrderReference ?? pending.purchaseOrderReference;
  const reference = input.reference ?? pending.reference;
  const hash = hashTransferId(id);
  const existingPosition = findTransferPosition(index, id, hash);
  if (existingPosition >= 0) {
    return compareWithExisting(
      transferAt(index, existingPosition),
      flagBits,
      pending.debitAccountId,
      pending.creditAccountId,
      amount,
      pendingId,
      licenceId,
      purchaseOrderReference,
      reference,
      0,
      pending.code,
    );
  }

  const status = statusAt(index, pendingPosition);
  if (status === STATUS_POSTED) return 'pending_transfer_already_posted';
  if (status === STATUS_VOIDED) return 'pending_transfer_already_voided';
  if (status === STATUS_EXPIRED) return 'pending_transfer_expired';
  assert(status === STATUS_PENDING, 'a pending transfer has a pending status');
  // Lapsed but not yet swept by expirePendingTransfers: it can no longer be resolved.
  if (pending.expiresAt !== null && pending.expiresAt <= now) return 'pending_transfer_expired';

  const debitAccount = state.accounts.get(pending.debitAccountId);
  const creditAccount = state.accounts.get(pending.creditAccountId);
  assert(debitAccount !== undefined && creditAccount !== undefined, 'a pending transfer has its accounts');
  // No overflow or limit check: a post moves at most the pending amount from pending to posted,
  // so pending + posted never rises, and it was checked against AMOUNT_MAX and the account
  // limits when the reservation was made.
  const debitsPosted = isPost ? debitAccount.debitsPosted + amount : debitAccount.debitsPosted;
  const creditsPosted = isPost ? creditAccount.creditsPosted + amount : creditAccount.creditsPosted;
  assert(debitsPosted <= AMOUNT_MAX && creditsPosted <= AMOUNT_MAX, 'a post stays within the totals its reservation was checked against');
  debitAccount.debitsPending -= pending.amount;
  creditAccount.creditsPending -= pending.amount;
  debitAccount.debitsPosted = debitsPosted;
  creditAccount.creditsPosted = creditsPosted;
  setStatusAt(index, pendingPosition, isPost ? STATUS_POSTED : STATUS_VOIDED);
  const record: Transfer = {
    id,
    debitAccountId: pending.debitAccountId,
    creditAccountId: pending.creditAccountId,
    amount,
    pendingId,
    dimension: pending.dimension,
    code: pending.code,
    flags: transferFlagsFromBits(flagBits),
    timeoutSeconds: 0,
    expiresAt: null,
    licenceId,
    purchaseOrderReference,
    reference,
    timestamp: now,
  };
  appendTransfer(index, record, hash, STATUS_NOT_PENDING);
  out.push(record);
  return 'ok';
}

/** The exists_* codes, in TigerBeetle's field order; `exists` when every field matches. */
function compareWithExisting(
  existing: Transfer,
  flagBits: number,
  debitAccountId: string,
  creditAccountId: string,
  amount: bigint,
  pendingId: string | null,
  licenceId: string | null,
  purchaseOrderReference: string | null,
  reference: string | null,
  timeoutSeconds: number,
  code: string,
): TransferResult {
  if (transferFlagBits(existing.flags) !== flagBits) return 'exists_with_different_flags';
  if (existing.debitAccountId !== debitAccountId) return 'exists_with_different_debit_account_id';
  if (existing.creditAccountId !== creditAccountId) return 'exists_with_different_credit_account_id';
  if (existing.amount !== amount) return 'exists_with_different_amount';
  if (existing.pendingId !== pendingId) return 'exists_with_different_pending_id';
  if (existing.licenceId !== licenceId) return 'exists_with_different_licence_id';
  if (existing.purchaseOrderReference !== purchaseOrderReference) return 'exists_with_different_purchase_order_reference';
  if (existing.reference !== reference) return 'exists_with_different_reference';
  if (existing.timeoutSeconds !== timeoutSeconds) return 'exists_with_different_timeout';
  if (existing.code !== code) return 'exists_with_different_code';
  return 'exists';
}

/** Undoes, newest first, every record from `start` on, and drops them from `records`. */
function rollBack(state: LedgerState, records: Transfer[], start: number): void {
  for (let position = records.length - 1; position >= start; position--) {
    const record = records[position]!;
    const debitAccount = state.accounts.get(record.debitAccountId)!;
    const creditAccount = state.accounts.get(record.creditAccountId)!;
    if (record.pendingId !== null) {
      const pendingPosition = findTransferPosition(state.transfers, record.pendingId, hashTransferId(record.pendingId));
      assert(pendingPosition >= 0, 'a resolved pending transfer is still stored');
      const pending = transferAt(state.transfers, pendingPosition);
      debitAccount.debitsPending += pending.amount;
      creditAccount.creditsPending += pending.amount;
      if (record.flags.postPendingTransfer) {
        debitAccount.debitsPosted -= record.amount;
        creditAccount.creditsPosted -= record.amount;
      }
      setStatusAt(state.transfers, pendingPosition, STATUS_PENDING);
    } else if (record.flags.pending) {
      // Its expiry queue entry stays and is skipped when it comes up (lazy deletion).
      debitAccount.debitsPending -= record.amount;
      creditAccount.creditsPending -= record.amount;
    } else {
      debitAccount.debitsPosted -= record.amount;
      creditAccount.creditsPosted -= record.amount;
    }
    removeNewestTransfer(state.transfers, record.id);
  }
  records.length = start;
}

/**
 * Releases every pending transfer whose timeout has passed by `now` (expiresAt ≤ now), at most
 * `limit` of them, oldest first, and writes one expiry record for each: a void made by the
 * ledger, with flags.expiry set and id expiryTransferId(pendingId). Until this runs, a lapsed
 * reservation still holds its amount but can no longer be posted or voided
 * (`pending_transfer_expired`); a writer runs it before each batch.
 */
export function expirePendingTransfers(state: LedgerState, now: number, limit: number = EXPIRY_BATCH_MAX): ExpireOutcome {
  assertTimestamp(now);
  assert(Number.isInteger(limit) && limit > 0 && limit <= EXPIRY_BATCH_MAX, 'expiry limit must be within 1..EXPIRY_BATCH_MAX');
  const queue = state.expiryQueue;
  const newTransfers: Transfer[] = [];
  const changedAccountIds = new Set<string>();
  // Bounded by the queue's size: every turn removes one entry.
  while (newTransfers.length < limit) {
    const expiresAt = peekExpiresAt(queue);
    if (expiresAt === null || expiresAt > now) break;
    const pendingId = peekTransferId(queue);
    popExpiry(queue);
    const pendingPosition = findTransferPosition(state.transfers, pendingId, hashTransferId(pendingId));
    // Skip entries left behind by a rolled-back chain or a resolved reservation.
    if (pendingPosition < 0) continue;
    const pending = transferAt(state.transfers, pendingPosition);
    if (pending.expiresAt !== expiresAt || statusAt(state.transfers, pendingPosition) !== STATUS_PENDING) continue;
    const debitAccount = state.accounts.get(pending.debitAccountId);
    const creditAccount = state.accounts.get(pending.creditAccountId);
    assert(debitAccount !== undefined && creditAccount !== undefined, 'a pending transfer has its accounts');
    debitAccount.debitsPending -= pending.amount;
    creditAccount.creditsPending -= pending.amount;
    setStatusAt(state.transfers, pendingPosition, STATUS_EXPIRED);
    const record: Transfer = {
      id: expiryTransferId(pendingId),
      debitAccountId: pending.debitAccountId,
      creditAccountId: pending.creditAccountId,
      amount: pending.amount,
      pendingId,
      dimension: pending.dimension,
      code: pending.code,
      flags: transferFlagsFromBits(TRANSFER_FLAG_VOID_PENDING | TRANSFER_FLAG_EXPIRY),
      timeoutSeconds: 0,
      expiresAt: null,
      licenceId: pending.licenceId,
      purchaseOrderReference: pending.purchaseOrderReference,
      reference: pending.reference,
      timestamp: now,
    };
    const hash = hashTransferId(record.id);
    assert(findTransferPosition(state.transfers, record.id, hash) < 0, 'an expiry record is written once');
    appendTransfer(state.transfers, record, hash, STATUS_NOT_PENDING);
    newTransfers.push(record);
    changedAccountIds.add(debitAccount.id);
    changedAccountIds.add(creditAccount.id);
  }
  const nextExpiresAt = peekExpiresAt(queue);
  return { newTransfers, changedAccountIds: [...changedAccountIds], hasMore: nextExpiresAt !== null && nextExpiresAt <= now };
}

/**
 * Rebuilds a state from stored rows: the accounts with their totals as stored, and the transfers
 * (any order). Pending statuses follow from the log, since every resolution is a record that
 * names its pending transfer. The totals are taken as stored, not recomputed: run verifyLedger to
 * check them against the log.
 */
export function restoreLedgerState(accounts: Iterable<Account>, transfers: Iterable<Transfer>): LedgerState {
  const state = createLedgerState();
  for (const account of accounts) {
    assert(!state.accounts.has(account.id), 'account ids are unique');
    state.accounts.set(account.id, { ...account, flags: normaliseAccountFlags(account.flags) });
  }
  const index = state.transfers;
  const resolutions: Transfer[] = [];
  for (const transfer of transfers) {
    const hash = hashTransferId(transfer.id);
    assert(findTransferPosition(index, transfer.id, hash) < 0, 'transfer ids are unique');
    appendTransfer(index, transfer, hash, transfer.flags.pending ? STATUS_PENDING : STATUS_NOT_PENDING);
    if (!transfer.flags.pending && transfer.pendingId !== null) resolutions.push(transfer);
  }
  for (const resolution of resolutions) {
    const pendingId = resolution.pendingId!;
    const pendingPosition = findTransferPosition(index, pendingId, hashTransferId(pendingId));
    assert(pendingPosition >= 0 && statusAt(index, pendingPosition) === STATUS_PENDING, 'a pending transfer is resolved once');
    const status = resolution.flags.postPendingTransfer ? STATUS_POSTED : resolution.flags.expiry ? STATUS_EXPIRED : STATUS_VOIDED;
    setStatusAt(index, pendingPosition, status);
  }
  for (let position = 0; position < index.records.length; position++) {
    const transfer = index.records[position]!;
    if (statusAt(index, position) === STATUS_PENDING && transfer.expiresAt !== null) pushExpiry(state.expiryQueue, transfer.expiresAt, transfer.id);
  }
  return state;
}

/** How many entries the expiry queue holds, stale ones included (for tests and metrics). */
export function expiryQueueLength(state: LedgerState): number {
  return expiryQueueSize(state.expiryQueue);
}

