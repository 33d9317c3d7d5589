import { describe, expect, it } from 'vitest';
import { accountId, licenceAccounts, licenceBalance, quotaScopeAccounts, roundAccounts } from './chart-of-accounts.js';
import {
  createAccounts,
  createLedgerState,
  createTransfers,
  expirePendingTransfers,
  getAccount,
  getPendingStatus,
  listAccounts,
  listTransfers,
  type LedgerState,
} from './ledger-engine.js';
import {
  amountsFor,
  cancelReservationTransfers,
  clearTransfers,
  closeRoundTransfers,
  deliverTransfers,
  fundRoundTransfers,
  issueLicenceTransfers,
  issueQuotaTransfers,
  linkedChain,
  reservationTimeoutSeconds,
  reserveTransfers,
  returnUnusedTransfers,
  shipTransfers,
  withdrawQuotaTransfers,
} from './ledger-flows.js';
import { verifyLedger } from './ledger-verification.js';
import type { TransferInput, TransferResult } from './transfer.js';

const T0 = 1_800_000_000_000;
const SCOPE = '2026/H200';
const ROUND = 'round-1';
const LICENCE = 'GH-2026-000123-7';
const H200_TPP = 15_832n;

function submit(state: LedgerState, transfers: readonly TransferInput[], now: number): TransferResult[] {
  return createTransfers(state, transfers, now).results;
}

function allOk(count: number): TransferResult[] {
  return Array.from({ length: count }, () => 'ok');
}

/** A scope with 700,000 units of national quota, a round of 400,000 and a licence of 30,000. */
function issuedLicence(): LedgerState {
  const state = createLedgerState();
  const accounts = [...quotaScopeAccounts(SCOPE), ...roundAccounts(ROUND), ...licenceAccounts(LICENCE)];
  expect(createAccounts(state, accounts, T0).results).toEqual(allOk(accounts.length));
  expect(submit(state, issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: amountsFor(700_000n, H200_TPP), reference: 'policy-hash' }), T0)).toEqual(allOk(2));
  expect(submit(state, fundRoundTransfers({ movementId: 'fund-round', scopeId: SCOPE, roundId: ROUND, amounts: amountsFor(400_000n, H200_TPP) }), T0)).toEqual(allOk(2));
  expect(
    submit(state, issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'round', roundId: ROUND }, units: 30_000n, tppPerUnit: H200_TPP }), T0),
  ).toEqual(allOk(2));
  return state;
}

function balanceOf(state: LedgerState) {
  return licenceBalance((id) => getAccount(state, id), LICENCE);
}

describe('chart of accounts', () => {
  it('derives ids and gives every account but the quota source a floor at zero', () => {
    expect(accountId('licence', LICENCE, 'tpp')).toBe('licence/GH-2026-000123-7/tpp');
    const accounts = [...quotaScopeAccounts(SCOPE), ...roundAccounts(ROUND), ...licenceAccounts(LICENCE)];
    expect(accounts).toHaveLength(14);
    for (const account of accounts) {
      expect(account.flags).toEqual(
        account.code === 'quota-source'
          ? { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true }
          : { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
      );
    }
  });
});

describe('the quota flow, units and TPP together', () => {
  it('issues quota, funds a round and issues a licence, TPP exactly units × TPP per unit', () => {
    const state = issuedLicence();
    expect(getAccount(state, accountId('quota-source', SCOPE, 'tpp'))).toMatchObject({ debitsPosted: 700_000n * H200_TPP });
    // 700,000 × 15,832 = 11,082,400,000: beyond 32 bits, held exactly.
    expect(getAccount(state, accountId('national-pool', SCOPE, 'tpp'))?.creditsPosted).toBe(11_082_400_000n);
    expect(balanceOf(state).units).toEqual({
      granted: 30_000n,
      reserved: 0n,
      available: 30_000n,
      shipped: 0n,
      awaitingClearance: 0n,
      awaitingDelivery: 0n,
      delivered: 0n,
      returned: 0n,
    });
    expect(balanceOf(state).tpp.available).toBe(30_000n * H200_TPP);
  });

  it('reserves, ships part, clears and delivers, tracking the licence balance at each step', () => {
    const state = issuedLicence();
    const timeoutSeconds = reservationTimeoutSeconds(T0 + 30 * 86_400_000, T0)!;
    expect(
      submit(state, reserveTransfers({ reservationId: 'res-1', licenceId: LICENCE, units: 10_000n, tppPerUnit: H200_TPP, timeoutSeconds, purchaseOrderReference: 'PO-1' }), T0),
    ).toEqual(allOk(2));
    expect(balanceOf(state).units).toMatchObject({ reserved: 10_000n, available: 20_000n });
    expect(balanceOf(state).tpp).toMatchObject({ reserved: 10_000n * H200_TPP, available: 20_000n * H200_TPP });

    // The vendor ships 6,000 of the 10,000: the other 4,000 return to the licence.
    expect(submit(state, shipTransfers({ movementId: 'ship-1', reservationId: 'res-1', units: 6_000n, tppPerUnit: H200_TPP, reference: 'AWB-1' }), T0 + 1000)).toEqual(allOk(2));
    expect(balanceOf(state).units).toMatchObject({ reserved: 0n, available: 24_000n, shipped: 6_000n, awaitingClearance: 6_000n });

    expect(submit(state, clearTransfers({ movementId: 'clear-1', licenceId: LICENCE, units: 6_000n, tppPerUnit: H200_TPP, reference: 'customs-1' }), T0 + 2000)).toEqual(allOk(2));
    expect(submit(state, deliverTransfers({ movementId: 'deliver-1', licenceId: LICENCE, units: 5_000n, tppPerUnit: H200_TPP }), T0 + 3000)).toEqual(allOk(2));
    // Customs cannot clear more than was shipped, nor can more be delivered than was cleared.
    expect(submit(state, clearTransfers({ movementId: 'clear-2', licenceId: LICENCE, units: 1n, tppPerUnit: H200_TPP }), T0 + 3000)).toEqual([
      'exceeds_credits',
      'linked_event_failed',
    ]);
    expect(submit(state, deliverTransfers({ movementId: 'deliver-2', licenceId: LICENCE, units: 1_001n, tppPerUnit: H200_TPP }), T0 + 3000)).toEqual([
      'exceeds_credits',
      'linked_event_failed',
    ]);
    expect(balanceOf(state).units).toEqual({
      granted: 30_000n,
      reserved: 0n,
      available: 24_000n,
      shipped: 6_000n,
      awaitingClearance: 0n,
      awaitingDelivery: 1_000n,
      delivered: 5_000n,
      returned: 0n,
    });
    expect(balanceOf(state).tpp.delivered).toBe(5_000n * H200_TPP);
    expect(verifyLedger(listAccounts(state), listTransfers(state))).toMatchObject({ ok: true });
  });

  it('cancels a reservation and lets another lapse at the approval-to-PO window', () => {
    const state = issuedLicence();
    expect(
      submit(
        state,
        [
          ...reserveTransfers({ reservationId: 'res-c', licenceId: LICENCE, units: 5_000n, tppPerUnit: H200_TPP, timeoutSeconds: 3600, purchaseOrderReference: 'PO-C' }),
          ...reserveTransfers({ reservationId: 'res-x', licenceId: LICENCE, units: 3_000n, tppPerUnit: H200_TPP, timeoutSeconds: 60, purchaseOrderReference: 'PO-X' }),
        ],
        T0,
      ),
    ).toEqual(allOk(4));
    expect(submit(state, cancelReservationTransfers({ movementId: 'cancel-c', reservationId: 'res-c' }), T0 + 1000)).toEqual(allOk(2));
    expect(balanceOf(state).units).toMatchObject({ reserved: 3_000n, available: 27_000n });

    const expired = expirePendingTransfers(state, T0 + 60_000);
    expect(expired.newTransfers.map((transfer) => transfer.pendingId).sort()).toEqual(['res-x:tpp', 'res-x:units']);
    expect(balanceOf(state).units).toMatchObject({ reserved: 0n, available: 30_000n });
    // Shipping against the lapsed reservation is refused, in both dimensions.
    expect(submit(state, shipTransfers({ movementId: 'ship-x', reservationId: 'res-x', tppPerUnit: H200_TPP }), T0 + 61_000)).toEqual([
      'pending_transfer_expired',
      'linked_event_failed',
    ]);
    expect(reservationTimeoutSeconds(T0, T0)).toBeNull();
    expect(reservationTimeoutSeconds(T0 + 1500, T0)).toBe(2);
  });

  it('refuses a reservation beyond the licence balance in either dimension, moving neither', () => {
    const state = issuedLicence();
    expect(
      submit(state, reserveTransfers({ reservationId: 'too-many', licenceId: LICENCE, units: 30_001n, tppPerUnit: H200_TPP, timeoutSeconds: 60, purchaseOrderReference: 'PO' }), T0),
    ).toEqual(['exceeds_credits', 'linked_event_failed']);
    // Units fit but TPP does not (an item with more TPP per unit than the licence was issued for).
    expect(
      submit(state, reserveTransfers({ reservationId: 'too-fast', licenceId: LICENCE, units: 30_000n, tppPerUnit: H200_TPP + 1n, timeoutSeconds: 60, purchaseOrderReference: 'PO' }), T0),
    ).toEqual(['linked_event_failed', 'exceeds_credits']);
    expect(balanceOf(state).units).toMatchObject({ reserved: 0n, available: 30_000n });
    expect(balanceOf(state).tpp).toMatchObject({ reserved: 0n, available: 30_000n * H200_TPP });
  });

  it('refuses a licence when the pool holds the units but not the TPP', () => {
    const state = createLedgerState();
    createAccounts(state, [...quotaScopeAccounts(SCOPE), ...licenceAccounts(LICENCE)], T0);
    // The policy caps TPP separately: 1,000 units but only enough TPP for 500 H200s.
    submit(state, issueQuotaTransfers({ movementId: 'quota', scopeId: SCOPE, amounts: { units: 1_000n, tpp: 500n * H200_TPP } }), T0);
    expect(
      submit(state, issueLicenceTransfers({ movementId: 'issue', licenceId: LICENCE, source: { kind: 'pool', scopeId: SCOPE }, units: 600n, tppPerUnit: H200_TPP }), T0),
    ).toEqual(['linked_event_failed', 'exceeds_credits']);
    expect(getAccount(state, accountId('licence', LICENCE, 'units'))?.creditsPosted).toBe(0n);
  });

  it('returns what a revoked licence did not use to the pool, voiding open reservations in the same chain', () => {
    const state = issuedLicence();
    submit(state, reserveTransfers({ reservationId: 'res-1', licenceId: LICENCE, units: 10_000n, tppPerUnit: H200_TPP, timeoutSeconds: 3600, purchaseOrderReference: 'PO-1' }), T0);
    submit(state, shipTransfers({ movementId: 'ship-1', reservationId: 'res-1', units: 4_000n, tppPerUnit: H200_TPP }), T0);
    submit(state, reserveTransfers({ reservationId: 'res-2', licenceId: LICENCE, units: 2_000n, tppPerUnit: H200_TPP, timeoutSeconds: 3600, purchaseOrderReference: 'PO-2' }), T0);
    const poolBefore = getAccount(state, accountId('national-pool', SCOPE, 'units'))!.creditsPosted;

    const transfers = returnUnusedTransfers({ movementId: 'revoke', licenceId: LICENCE, scopeId: SCOPE, balance: balanceOf(state), pendingReservationIds: ['res-2'] });
    expect(transfers.map((transfer) => transfer.flags?.linked)).toEqual([true, true, true, false]);
    expect(submit(state, transfers, T0 + 1000)).toEqual(allOk(4));
    expect(getPendingStatus(state, 'res-2:units')).toBe('voided');
    expect(balanceOf(state).units).toEqual({
      granted: 30_000n,
      reserved: 0n,
      available: 0n,
      shipped: 4_000n,
      awaitingClearance: 4_000n,
      awaitingDelivery: 0n,
      delivered: 0n,
      returned: 26_000n,
    });
    expect(balanceOf(state).tpp.returned).toBe(26_000n * H200_TPP);
    expect(getAccount(state, accountId('national-pool', SCOPE, 'units'))!.creditsPosted - poolBefore).toBe(26_000n);
    // A retry of the same revocation is harmless, and there is nothing left to return.
    expect(submit(state, transfers, T0 + 2000)).toEqual(['exists', 'exists', 'exists', 'exists']);
    expect(returnUnusedTransfers({ movementId: 'again', licenceId: LICENCE, scopeId: SCOPE, balance: balanceOf(state), pendingReservationIds: [] })).toEqual([]);
    expect(verifyLedger(listAccounts(state), listTransfers(state))).toMatchObject({ ok: true });
  });

  it('moves nothing when the balance read for a revocation is stale', () => {
    const state = issuedLicence();
    const staleBalance = balanceOf(state);
    // A vendor reserves after the balance was read: the return would take reserved units.
    submit(state, reserveTransfers({ reservationId: 'late', licenceId: LICENCE, units: 1_000n, tppPerUnit: H200_TPP, timeoutSeconds: 3600, purchaseOrderReference: 'PO-L' }), T0);
    const before = balanceOf(state);
    const stale = returnUnusedTransfers({ movementId: 'revoke', licenceId: LICENCE, scopeId: SCOPE, balance: staleBalance, pendingReservationIds: [] });
    expect(submit(state, stale, T0)).toEqual(['exceeds_credits', 'linked_event_failed']);
    // A reservation shipped since the read: voiding it fails, and so does the whole chain.
    submit(state, shipTransfers({ movementId: 'ship-late', reservationId: 'late', tppPerUnit: H200_TPP }), T0);
    const shipped = returnUnusedTransfers({ movementId: 'revoke-2', licenceId: LICENCE, scopeId: SCOPE, balance: before, pendingReservationIds: ['late'] });
    expect(submit(state, shipped, T0)).toEqual(['pending_transfer_already_posted', 'linked_event_failed', 'linked_event_failed', 'linked_event_failed']);
    expect(balanceOf(state).units).toMatchObject({ available: 29_000n, shipped: 1_000n, returned: 0n });
  });

  it('closes a round and withdraws quota, never below what was issued', () => {
    const state = issuedLicence();
    expect(submit(state, closeRoundTransfers({ movementId: 'close', scopeId: SCOPE, roundId: ROUND, amounts: amountsFor(370_000n, H200_TPP) }), T0)).toEqual(allOk(2));
    expect(getAccount(state, accountId('round-budget', ROUND, 'units'))).toMatchObject({ creditsPosted: 400_000n, debitsPosted: 400_000n });
    // The pool now holds 300,000 + 370,000 = 670,000; all may be withdrawn, not one unit more.
    expect(submit(state, withdrawQuotaTransfers({ movementId: 'withdraw', scopeId: SCOPE, amounts: amountsFor(670_001n, H200_TPP) }), T0)).toEqual([
      'exceeds_credits',
      'linked_event_failed',
    ]);
    expect(submit(state, withdrawQuotaTransfers({ movementId: 'withdraw', scopeId: SCOPE, amounts: amountsFor(670_000n, H200_TPP) }), T0)).toEqual(allOk(2));
    expect(verifyLedger(listAccounts(state), listTransfers(state))).toMatchObject({ ok: true });
  });

  it('joins movements into one chain with linkedChain', () => {
    const chain = linkedChain([
      cancelReservationTransfers({ movementId: 'a', reservationId: 'r1' }),
      cancelReservationTransfers({ movementId: 'b', reservationId: 'r2' }),
    ]);
    expect(chain.map((transfer) => [transfer.id, transfer.flags?.linked])).toEqual([
      ['a:units', true],
      ['a:tpp', true],
      ['b:units', true],
      ['b:tpp', false],
    ]);
  });
});
