/**
 * Ledger accounts, modelled on TigerBeetle's: an account carries four exact running totals
 * (pending and posted debits and credits) and flags that bound them. Pure: types and rules only.
 *
 * Amounts are `bigint`. Quantities are whole units or whole TPP, and TPP totals grow past 2^53
 * quickly once several periods of issuance pile up on one account (a `number` would then round
 * silently). Every running total is kept at or below AMOUNT_MAX = 2^63 − 1 so that it fits a
 * signed 64-bit column (SQLite INTEGER, PostgreSQL int8); a transfer that would exceed it is
 * refused with an `overflows_*` code.
 */

/**
 * The two dimensions every movement of controlled items is counted in. TigerBeetle calls this
 * the ledger: a transfer only moves value between accounts of the same dimension, so units and
 * TPP never mix. They move together through a linked pair of transfers (see ledger-flows.ts).
 */
export const DIMENSIONS = ['units', 'tpp'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * What an account stands for: the chart of accounts (docs/ledger.md explains each one).
 * - quota-source: where a policy's quota comes from. The only account whose balance goes below
 *   zero, because double entry needs a counterpart for value that enters the ledger.
 * - national-pool: the quota the policy granted and no round or licence holds yet.
 * - round-budget: the budget of one allocation round, drawn from the pool.
 * - licence: units granted to a licence and not yet shipped (reservations are pending debits).
 * - shipped: units shipped under a licence and not yet cleared by customs.
 * - cleared: units cleared by customs and not yet delivered to the licensee's facility.
 * - delivered: units delivered to the licensee's facility.
 */
export const ACCOUNT_CODES = [
  'quota-source',
  'national-pool',
  'round-budget',
  'licence',
  'shipped',
  'cleared',
  'delivered',
] as const;
export type AccountCode = (typeof ACCOUNT_CODES)[number];

/** The largest running total an account may carry: a signed 64-bit integer column holds it. */
export const AMOUNT_MAX = 2n ** 63n - 1n;

export interface AccountFlags {
  /**
   * TigerBeetle semantics: a new debit is refused unless
   * debitsPending + debitsPosted + amount ≤ creditsPosted. Pending credits do not count, because
   * they may still be voided. Set on every account whose balance must not go negative.
   */
  readonly debitsMustNotExceedCredits: boolean;
  /** The mirror image: creditsPending + creditsPosted + amount ≤ debitsPosted. */
  readonly creditsMustNotExceedDebits: boolean;
}

/** What a caller submits to create an account. Balances always start at zero. */
export interface AccountInput {
  readonly id: string;
  readonly code: AccountCode;
  readonly dimension: Dimension;
  /** What the account belongs to: a licence id, an allocation round id, a quota scope id. */
  readonly ownerId: string;
  readonly flags?: Partial<AccountFlags>;
}

/**
 * An account as the ledger holds it. The identity fields never change; the four totals are
 * changed only by the ledger engine (they are mutable here so that the engine updates them in
 * place, without allocating a new account per transfer).
 */
export interface Account {
  readonly id: string;
  readonly code: AccountCode;
  readonly dimension: Dimension;
  readonly ownerId: string;
  readonly flags: AccountFlags;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
  /** Milliseconds since the Unix epoch, from the clock value passed to createAccounts. */
  readonly timestamp: number;
}

/**
 * Results of creating an account, in order of precedence: when several apply, the first listed
 * is returned. `exists` means an identical account already exists, and callers treat it as `ok`
 * (a retry is harmless).
 */
export const ACCOUNT_RESULT_CODES = [
  'ok',
  'id_must_not_be_empty',
  'flags_are_mutually_exclusive',
  'dimension_must_be_valid',
  'code_must_be_valid',
  'owner_id_must_not_be_empty',
  'exists_with_different_flags',
  'exists_with_different_dimension',
  'exists_with_different_code',
  'exists_with_different_owner_id',
  'exists',
] as const;
export type AccountResult = (typeof ACCOUNT_RESULT_CODES)[number];

const ACCOUNT_CODE_SET: ReadonlySet<string> = new Set(ACCOUNT_CODES);

export function isDimension(value: unknown): value is Dimension {
  // Two direct comparisons: cheaper than a set lookup on the ledger's hot path.
  return value === 'units' || value === 'tpp';
}

export function isAccountCode(value: unknown): value is AccountCode {
  return typeof value === 'string' && ACCOUNT_CODE_SET.has(value);
}

/** The four combinations of account flags, shared so that accounts do not each allocate one. */
const ACCOUNT_FLAG_COMBINATIONS: readonly AccountFlags[] = [
  Object.freeze({ debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false }),
  Object.freeze({ debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false }),
  Object.freeze({ debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true }),
  Object.freeze({ debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true }),
];

export function normaliseAccountFlags(flags: Partial<AccountFlags> | undefined): AccountFlags {
  const index = (flags?.debitsMustNotExceedCredits === true ? 1 : 0) | (flags?.creditsMustNotExceedDebits === true ? 2 : 0);
  return ACCOUNT_FLAG_COMBINATIONS[index]!;
}

/**
 * Validates an account on its own, before the ledger looks for an existing one. Both limits at
 * once are refused, as in TigerBeetle: such an account could never move anything but could be
 * mistaken for a working one.
 */
export function validateAccountInput(input: AccountInput): AccountResult {
  if (typeof input.id !== 'string' || input.id.length === 0) return 'id_must_not_be_empty';
  const flags = normaliseAccountFlags(input.flags);
  if (flags.debitsMustNotExceedCredits && flags.creditsMustNotExceedDebits) return 'flags_are_mutually_exclusive';
  if (!isDimension(input.dimension)) return 'dimension_must_be_valid';
  if (!isAccountCode(input.code)) return 'code_must_be_valid';
  if (typeof input.ownerId !== 'string' || input.ownerId.length === 0) return 'owner_id_must_not_be_empty';
  return 'ok';
}

/** Compares a valid input with the account already stored under its id. */
export function compareWithExistingAccount(input: AccountInput, existing: Account): AccountResult {
  const flags = normaliseAccountFlags(input.flags);
  if (
    flags.debitsMustNotExceedCredits !== existing.flags.debitsMustNotExceedCredits ||
    flags.creditsMustNotExceedDebits !== existing.flags.creditsMustNotExceedDebits
  ) {
    return 'exists_with_different_flags';
  }
  if (input.dimension !== existing.dimension) return 'exists_with_different_dimension';
  if (input.code !== existing.code) return 'exists_with_different_code';
  if (input.ownerId !== existing.ownerId) return 'exists_with_different_owner_id';
  return 'exists';
}

/** The net balance on the credit side, posted only: what a credit-normal account holds. */
export function postedCreditBalance(account: Account): bigint {
  return account.creditsPosted - account.debitsPosted;
}

/**
 * What a credit-normal account can still give: posted credits less posted and pending debits.
 * This is exactly the headroom the debitsMustNotExceedCredits flag leaves.
 */
export function availableCreditBalance(account: Account): bigint {
  return account.creditsPosted - account.debitsPosted - account.debitsPending;
}
