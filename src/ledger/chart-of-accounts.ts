/**
 * The chart of accounts: which accounts exist, what they are called, which limits they carry, and
 * what a licence's accounts say about it. Pure. docs/ledger.md draws the accounts and the flow.
 *
 * Every logical account exists once per dimension (units and TPP), with the same code and owner.
 * Every account except the quota source is credit-normal: value arrives as a credit and leaves as
 * a debit, and `debitsMustNotExceedCredits` keeps its balance from going below zero. The quota
 * source is the one account that goes negative, because double entry needs a counterpart for the
 * quota a policy brings into being; its `creditsMustNotExceedDebits` flag keeps a withdrawal of
 * quota from exceeding what was issued.
 */
import { assert } from '../platform/assert.js';
import { DIMENSIONS, type Account, type AccountCode, type AccountFlags, type AccountInput, type Dimension } from './account.js';

/** The limit each kind of account carries: the accounting rule a regulator would ask about. */
export const ACCOUNT_CODE_FLAGS: Readonly<Record<AccountCode, AccountFlags>> = {
  'quota-source': { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true },
  'national-pool': { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  'round-budget': { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  licence: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  shipped: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  cleared: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  delivered: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
};

/**
 * Account ids are derived, so every party computes the same id without a lookup:
 * "<code>/<owner id>/<dimension>", e.g. "licence/GH-2026-000123-7/units". The code and the
 * dimension come from closed lists, so the id parses back unambiguously even if the owner id
 * contains a slash.
 */
export function accountId(code: AccountCode, ownerId: string, dimension: Dimension): string {
  return `${code}/${ownerId}/${dimension}`;
}

/** The input that creates one account of the chart, with the limits the chart prescribes. */
export function chartAccount(code: AccountCode, ownerId: string, dimension: Dimension): AccountInput {
  return { id: accountId(code, ownerId, dimension), code, dimension, ownerId, flags: ACCOUNT_CODE_FLAGS[code] };
}

function inBothDimensions(codes: readonly AccountCode[], ownerId: string): AccountInput[] {
  const inputs: AccountInput[] = [];
  for (const code of codes) for (const dimension of DIMENSIONS) inputs.push(chartAccount(code, ownerId, dimension));
  return inputs;
}

/**
 * The accounts of one quota scope: the source a policy issues its quota from and the national
 * pool it issues to. A scope is what a national quota is set for, e.g. one item family in one
 * policy period ("2026/H200"); the caller names it.
 */
export function quotaScopeAccounts(scopeId: string): AccountInput[] {
  return inBothDimensions(['quota-source', 'national-pool'], scopeId);
}

/** The budget account of one allocation round. */
export function roundAccounts(roundId: string): AccountInput[] {
  return inBothDimensions(['round-budget'], roundId);
}

/**
 * The four accounts of a licence, each in both dimensions. Per licence rather than per
 * organisation so that every unit can be traced to the licence it moved under, which is what
 * customs and the attestation checks compare against.
 */
export function licenceAccounts(licenceId: string): AccountInput[] {
  return inBothDimensions(['licence', 'shipped', 'cleared', 'delivered'], licenceId);
}

/** Where a licence's units (or TPP) stand, all derived from its four accounts. */
export interface LicenceDimensionBalance {
  /** Everything ever issued to the licence. */
  readonly granted: bigint;
  /** Held by vendors' reservations (pending transfers) not yet shipped, voided or lapsed. */
  readonly reserved: bigint;
  /** What a new reservation may still take: granted − shipped − returned − reserved. */
  readonly available: bigint;
  /** Everything ever shipped under the licence. */
  readonly shipped: bigint;
  /** Shipped and not yet cleared by customs. */
  readonly awaitingClearance: bigint;
  /** Cleared by customs and not yet delivered. */
  readonly awaitingDelivery: bigint;
  /** Delivered to the licensee's facility. */
  readonly delivered: bigint;
  /** Given back to the national pool when the licence expired or was revoked. */
  readonly returned: bigint;
}

export interface LicenceBalance {
  readonly units: LicenceDimensionBalance;
  readonly tpp: LicenceDimensionBalance;
}

/**
 * What a new reservation may still take from a licence account: granted − shipped − returned −
 * reserved, i.e. its posted credits less its posted and pending debits. The one definition, used
 * by the balance below and by the public licence check, which reads only this account.
 */
export function availableOnLicenceAccount(account: Pick<Account, 'creditsPosted' | 'debitsPosted' | 'debitsPending'>): bigint {
  return account.creditsPosted - account.debitsPosted - account.debitsPending;
}

function licenceDimensionBalance(findAccount: (accountId: string) => Readonly<Account> | undefined, licenceId: string, dimension: Dimension): LicenceDimensionBalance {
  const licence = findAccount(accountId('licence', licenceId, dimension));
  const shipped = findAccount(accountId('shipped', licenceId, dimension));
  const cleared = findAccount(accountId('cleared', licenceId, dimension));
  const delivered = findAccount(accountId('delivered', licenceId, dimension));
  assert(licence !== undefined && shipped !== undefined && cleared !== undefined && delivered !== undefined, `licence ${licenceId} has its ${dimension} accounts`);
  // Every posted debit of a licence account is either a shipment (credited to its shipped
  // account) or a return to the pool, so the returns are what the shipments do not explain.
  return {
    granted: licence.creditsPosted,
    reserved: licence.debitsPending,
    available: availableOnLicenceAccount(licence),
    shipped: shipped.creditsPosted,
    awaitingClearance: shipped.creditsPosted - shipped.debitsPosted,
    awaitingDelivery: cleared.creditsPosted - cleared.debitsPosted,
    delivered: delivered.creditsPosted - delivered.debitsPosted,
    returned: licence.debitsPosted - shipped.creditsPosted,
  };
}

/**
 * A licence's balance in both dimensions. `findAccount` looks an account up by id (e.g.
 * `(id) => getAccount(state, id)`, or a map of rows a store read); the licence's eight accounts
 * must exist.
 */
export function licenceBalance(findAccount: (accountId: string) => Readonly<Account> | undefined, licenceId: string): LicenceBalance {
  return {
    units: licenceDimensionBalance(findAccount, licenceId, 'units'),
    tpp: licenceDimensionBalance(findAccount, licenceId, 'tpp'),
  };
}
