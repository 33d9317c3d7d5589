/**
 * Ledger transfers, modelled on TigerBeetle's: immutable, identified by a client-chosen id,
 * either posted at once or pending (a reservation) and later posted, voided or expired.
 * Pure: types, flags and result codes. The rules that apply them live in ledger-engine.ts.
 */
import type { Dimension } from './account.js';

/**
 * What a movement is, in the words of the flow it belongs to (docs/ledger.md draws the flow).
 * A post or void keeps the code of the pending transfer it resolves.
 */
export const TRANSFER_CODES = [
  /** quota-source → national-pool: a policy's national quota enters the ledger. */
  'quota-issuance',
  /** national-pool → quota-source: a policy lowers the national quota. */
  'quota-withdrawal',
  /** national-pool → round-budget: an allocation round receives its budget. */
  'round-funding',
  /** round-budget → national-pool: what a closed round did not grant goes back. */
  'round-return',
  /** national-pool or round-budget → licence: a licence is issued. */
  'licence-issuance',
  /** licence → shipped, pending: a vendor's reservation for a purchase order; posted on shipment. */
  'shipment',
  /** shipped → cleared: customs cleared the units. */
  'customs-clearance',
  /** cleared → delivered: the units reached the licensee's facility. */
  'delivery',
  /** licence → national-pool: an expired or revoked licence returns what it did not use. */
  'unused-return',
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

const TRANSFER_CODE_SET: ReadonlySet<string> = new Set(TRANSFER_CODES);

export function isTransferCode(value: unknown): value is TransferCode {
  return typeof value === 'string' && TRANSFER_CODE_SET.has(value);
}

/** The flags a client may set. */
export interface TransferFlagsInput {
  /** The chain continues with the next transfer of the batch; the chain succeeds or fails whole. */
  readonly linked?: boolean;
  /** Reserve the amount (pending debits and credits) instead of moving it. */
  readonly pending?: boolean;
  /** Resolve the pending transfer `pendingId` by posting all or part of it. */
  readonly postPendingTransfer?: boolean;
  /** Resolve the pending transfer `pendingId` by releasing all of it. */
  readonly voidPendingTransfer?: boolean;
}

/** The flags of a stored transfer: every flag present, plus the one only the engine sets. */
export interface TransferFlags {
  readonly linked: boolean;
  readonly pending: boolean;
  readonly postPendingTransfer: boolean;
  readonly voidPendingTransfer: boolean;
  /**
   * Set only on the records expirePendingTransfers writes: a void the ledger made itself because
   * the pending transfer's timeout passed. Always together with voidPendingTransfer.
   */
  readonly expiry: boolean;
}

export const TRANSFER_FLAG_LINKED = 1;
export const TRANSFER_FLAG_PENDING = 2;
export const TRANSFER_FLAG_POST_PENDING = 4;
export const TRANSFER_FLAG_VOID_PENDING = 8;
export const TRANSFER_FLAG_EXPIRY = 16;

/**
 * Every combination of flags, frozen and shared: a stored transfer points at one of these instead
 * of allocating its own flags object (the engine's hot path allocates only the record itself).
 */
const TRANSFER_FLAG_COMBINATIONS: readonly TransferFlags[] = Array.from({ length: 32 }, (_, bits) =>
  Object.freeze({
    linked: (bits & TRANSFER_FLAG_LINKED) !== 0,
    pending: (bits & TRANSFER_FLAG_PENDING) !== 0,
    postPendingTransfer: (bits & TRANSFER_FLAG_POST_PENDING) !== 0,
    voidPendingTransfer: (bits & TRANSFER_FLAG_VOID_PENDING) !== 0,
    expiry: (bits & TRANSFER_FLAG_EXPIRY) !== 0,
  }),
);

/** The bits of the flags a client may set; anything else on the object is ignored. */
export function transferInputFlagBits(flags: TransferFlagsInput | undefined): number {
  if (flags === undefined) return 0;
  return (
    (flags.linked === true ? TRANSFER_FLAG_LINKED : 0) |
    (flags.pending === true ? TRANSFER_FLAG_PENDING : 0) |
    (flags.postPendingTransfer === true ? TRANSFER_FLAG_POST_PENDING : 0) |
    (flags.voidPendingTransfer === true ? TRANSFER_FLAG_VOID_PENDING : 0)
  );
}

export function transferFlagBits(flags: TransferFlags): number {
  return transferInputFlagBits(flags) | (flags.expiry ? TRANSFER_FLAG_EXPIRY : 0);
}

export function transferFlagsFromBits(bits: number): TransferFlags {
  const flags = TRANSFER_FLAG_COMBINATIONS[bits];
  if (flags === undefined) throw new RangeError(`transfer flag bits out of range: ${bits}`);
  return flags;
}

/**
 * What a caller submits. Fields that a post or void may leave out are optional: they then take
 * the pending transfer's value.
 */
export interface TransferInput {
  /** Client-chosen, e.g. a UUIDv7: a retry with the same id and fields returns `exists`. */
  readonly id: string;
  /** Required for an ordinary or pending transfer; a post or void may omit it. */
  readonly debitAccountId?: string;
  readonly creditAccountId?: string;
  /**
   * A positive whole number. A post may omit it to post the whole pending amount, or give less
   * to post part and release the rest; a void may omit it or give exactly the pending amount.
   * Zero is refused everywhere (to release everything, void; a post of nothing is not a post).
   */
  readonly amount?: bigint;
  /** The pending transfer a post or void resolves; must be absent otherwise. */
  readonly pendingId?: string;
  /** Required for an ordinary or pending transfer; must equal both accounts' dimension. */
  readonly dimension?: Dimension;
  /** Required for an ordinary or pending transfer; a post or void may omit it. */
  readonly code?: TransferCode;
  readonly flags?: TransferFlagsInput;
  /**
   * Pending transfers only: seconds after `now` at which an unresolved reservation lapses.
   * 0 or absent means it never lapses. A whole number up to TIMEOUT_SECONDS_MAX.
   */
  readonly timeoutSeconds?: number;
  /** References for people and reports (TigerBeetle's user_data); the ledger only stores them. */
  readonly licenceId?: string;
  readonly purchaseOrderReference?: string;
  /** Any other reference: a shipment id, a customs declaration number, a policy version hash. */
  readonly reference?: string;
}

/** A transfer as the ledger stores it; immutable once created. */
export interface Transfer {
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  /**
   * What the transfer moved: the amount posted by a post, the whole pending amount released by a
   * void or an expiry. Always positive.
   */
  readonly amount: bigint;
  readonly pendingId: string | null;
  readonly dimension: Dimension;
  readonly code: TransferCode;
  readonly flags: TransferFlags;
  readonly timeoutSeconds: number;
  /** Milliseconds since the Unix epoch at which a pending transfer lapses, or null. */
  readonly expiresAt: number | null;
  readonly licenceId: string | null;
  readonly purchaseOrderReference: string | null;
  readonly reference: string | null;
  /** Milliseconds since the Unix epoch: the `now` the transfer was created with. */
  readonly timestamp: number;
}

/**
 * Transfer ids starting with this character are the engine's own (expiry records). TigerBeetle
 * reserves id 2^128 − 1 for the same reason. Time-ordered ids (UUIDv7, ULID) never start with it.
 */
export const RESERVED_ID_PREFIX = '~';
export const RESERVED_ID_PREFIX_CHAR_CODE = 0x7e;

/** The id of the record that states a pending transfer lapsed. */
export function expiryTransferId(pendingId: string): string {
  return `${RESERVED_ID_PREFIX}expiry:${pendingId}`;
}

/** A pending transfer may wait at most 2^32 − 1 seconds (TigerBeetle's u32 timeout). */
export const TIMEOUT_SECONDS_MAX = 2 ** 32 - 1;

/**
 * Results of creating a transfer, in order of precedence: when several apply, the first listed is
 * returned. Codes that belong to one kind of transfer only (a post or void, or an ordinary
 * transfer) are skipped for the other kind. `exists` means an identical transfer already exists:
 * callers treat it as `ok` (the retry changed nothing). docs/ledger.md explains each code.
 */
export const TRANSFER_RESULT_CODES = [
  'ok',
  'linked_event_failed',
  'linked_event_chain_open',
  'id_must_not_be_empty',
  'id_must_not_be_reserved',
  'flags_are_mutually_exclusive',
  'debit_account_id_must_not_be_empty',
  'credit_account_id_must_not_be_empty',
  'accounts_must_be_different',
  'pending_id_must_be_empty',
  'pending_id_must_not_be_empty',
  'pending_id_must_be_different',
  'timeout_reserved_for_pending_transfer',
  'timeout_is_invalid',
  'amount_must_not_be_zero',
  'amount_must_be_positive',
  'dimension_must_be_valid',
  'code_must_be_valid',
  'debit_account_not_found',
  'credit_account_not_found',
  'accounts_must_have_the_same_dimension',
  'transfer_must_have_the_same_dimension_as_accounts',
  'pending_transfer_not_found',
  'pending_transfer_not_pending',
  'pending_transfer_has_different_debit_account_id',
  'pending_transfer_has_different_credit_account_id',
  'pending_transfer_has_different_dimension',
  'pending_transfer_has_different_code',
  'exceeds_pending_transfer_amount',
  'pending_transfer_has_different_amount',
  'exists_with_different_flags',
  'exists_with_different_debit_account_id',
  'exists_with_different_credit_account_id',
  'exists_with_different_amount',
  'exists_with_different_pending_id',
  'exists_with_different_licence_id',
  'exists_with_different_purchase_order_reference',
  'exists_with_different_reference',
  'exists_with_different_timeout',
  'exists_with_different_code',
  'exists',
  'pending_transfer_already_posted',
  'pending_transfer_already_voided',
  'pending_transfer_expired',
  'overflows_debits_pending',
  'overflows_credits_pending',
  'overflows_debits_posted',
  'overflows_credits_posted',
  'overflows_debits',
  'overflows_credits',
  'exceeds_credits',
  'exceeds_debits',
] as const;
export type TransferResult = (typeof TRANSFER_RESULT_CODES)[number];

/** `ok` and `exists` both mean the transfer is in the ledger as asked. */
export function isTransferAccepted(result: TransferResult): boolean {
  return result === 'ok' || result === 'exists';
}

export type ParsedAmount = { readonly ok: true; readonly amount: bigint } | { readonly ok: false; readonly code: 'amount_must_be_an_integer' };

/**
 * Turns an amount from JSON into a bigint for the engine. Accepts a safe integer, a bigint or a
 * string of decimal digits with an optional minus sign (amounts above 2^53 must arrive as
 * strings, since JSON numbers above it lose precision before we see them). Negative and zero
 * amounts pass through on purpose: the engine refuses them with its own codes
 * (amount_must_be_positive, amount_must_not_be_zero), so they are reported in precedence order.
 */
export function parseAmount(value: unknown): ParsedAmount {
  if (typeof value === 'bigint') return { ok: true, amount: value };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { ok: true, amount: BigInt(value) } : { ok: false, code: 'amount_must_be_an_integer' };
  }
  if (typeof value === 'string' && /^-?[0-9]{1,40}$/.test(value)) return { ok: true, amount: BigInt(value) };
  return { ok: false, code: 'amount_must_be_an_integer' };
}
