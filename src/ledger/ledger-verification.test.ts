import { describe, expect, it } from 'vitest';
import type { Account } from './account.js';
import { createAccounts, createLedgerState, createTransfers, expirePendingTransfers, listAccounts, listTransfers } from './ledger-engine.js';
import { verifyLedger, type LedgerDiscrepancyKind } from './ledger-verification.js';
import { parseAmount, transferFlagsFromBits, TRANSFER_FLAG_EXPIRY, TRANSFER_FLAG_PENDING, TRANSFER_FLAG_POST_PENDING, TRANSFER_FLAG_VOID_PENDING, type Transfer } from './transfer.js';

const T0 = 1_800_000_000_000;

/** A small real ledger: funded licence, one reservation posted in part, one lapsed, one open. */
function ledger(): { accounts: Account[]; transfers: Transfer[] } {
  const state = createLedgerState();
  createAccounts(
    state,
    [
      { id: 'source', code: 'quota-source', dimension: 'units', ownerId: 's', flags: { creditsMustNotExceedDebits: true } },
      { id: 'licence', code: 'licence', dimension: 'units', ownerId: 'L', flags: { debitsMustNotExceedCredits: true } },
      { id: 'shipped', code: 'shipped', dimension: 'units', ownerId: 'L', flags: { debitsMustNotExceedCredits: true } },
      { id: 'tpp-licence', code: 'licence', dimension: 'tpp', ownerId: 'L', flags: { debitsMustNotExceedCredits: true } },
    ],
    T0,
  );
  const base = { debitAccountId: 'licence', creditAccountId: 'shipped', dimension: 'units', code: 'shipment' } as const;
  const results = createTransfers(
    state,
    [
      { id: 'fund', debitAccountId: 'source', creditAccountId: 'licence', amount: 100n, dimension: 'units', code: 'licence-issuance' },
      { ...base, id: 'res-1', amount: 10n, flags: { pending: true }, timeoutSeconds: 60 },
      { ...base, id: 'res-2', amount: 5n, flags: { pending: true }, timeoutSeconds: 1 },
      { ...base, id: 'res-3', amount: 7n, flags: { pending: true } },
      { id: 'ship-1', pendingId: 'res-1', amount: 6n, flags: { postPendingTransfer: true } },
    ],
    T0,
  ).results;
  expect(results.every((result) => result === 'ok')).toBe(true);
  expirePendingTransfers(state, T0 + 1000);
  return { accounts: [...listAccounts(state)].map((account) => ({ ...account })), transfers: [...listTransfers(state)] };
}

function kindOf(accounts: readonly Account[], transfers: readonly Transfer[]): LedgerDiscrepancyKind | 'ok' {
  const verification = verifyLedger(accounts, transfers);
  return verification.ok ? 'ok' : verification.discrepancy.kind;
}

function replace(transfers: readonly Transfer[], id: string, change: Partial<Transfer>): Transfer[] {
  return transfers.map((transfer) => (transfer.id === id ? { ...transfer, ...change } : transfer));
}

describe('verifyLedger', () => {
  it('accepts a ledger the engine produced, counting its rows', () => {
    const { accounts, transfers } = ledger();
    expect(verifyLedger(accounts, transfers)).toEqual({ ok: true, accountCount: 4, transferCount: 6 });
  });

  it('names the account and the field of a tampered balance', () => {
    const { accounts, transfers } = ledger();
    const licence = accounts.find((account) => account.id === 'licence')!;
    licence.creditsPosted += 1n;
    const verification = verifyLedger(accounts, transfers);
    expect(verification).toMatchObject({ ok: false, discrepancy: { kind: 'account_balance_mismatch', accountId: 'licence' } });
    if (!verification.ok) expect(verification.discrepancy.detail).toContain('creditsPosted');
  });

  it('detects each kind of broken log', () => {
    const { accounts, transfers } = ledger();
    const fund = transfers.find((transfer) => transfer.id === 'fund')!;
    const post = transfers.find((transfer) => transfer.id === 'ship-1')!;
    const expiry = transfers.find((transfer) => transfer.flags.expiry)!;
    const pending = transfers.find((transfer) => transfer.id === 'res-3')!;
    const cases: [LedgerDiscrepancyKind, Account[], Transfer[]][] = [
      ['duplicate_account_id', [...accounts, accounts[0]!], transfers],
      ['duplicate_transfer_id', accounts, [...transfers, fund]],
      ['transfer_flags_invalid', accounts, replace(transfers, 'ship-1', { flags: transferFlagsFromBits(TRANSFER_FLAG_POST_PENDING | TRANSFER_FLAG_VOID_PENDING) })],
      ['transfer_flags_invalid', accounts, replace(transfers, 'res-3', { flags: transferFlagsFromBits(TRANSFER_FLAG_PENDING | TRANSFER_FLAG_EXPIRY) })],
      ['transfer_flags_invalid', accounts, replace(transfers, 'fund', { pendingId: 'res-1' })],
      ['transfer_amount_not_positive', accounts, replace(transfers, 'fund', { amount: 0n })],
      ['transfer_account_not_found', accounts, replace(transfers, 'fund', { creditAccountId: 'ghost' })],
      ['transfer_accounts_not_different', accounts, replace(transfers, 'fund', { debitAccountId: 'licence' })],
      ['transfer_dimension_mismatch', accounts, replace(transfers, 'fund', { creditAccountId: 'tpp-licence' })],
      ['pending_transfer_not_found', accounts, transfers.filter((transfer) => transfer.id !== 'res-1')],
      ['pending_transfer_not_found', accounts, [post, ...transfers.filter((transfer) => transfer.id !== 'ship-1')]],
      ['pending_transfer_not_pending', accounts, replace(transfers, 'ship-1', { pendingId: 'fund' })],
      ['pending_transfer_resolved_twice', accounts, [...transfers, { ...post, id: 'ship-again', amount: 1n }]],
      ['resolution_does_not_match_pending_transfer', accounts, replace(transfers, 'ship-1', { amount: 11n })],
      ['resolution_does_not_match_pending_transfer', accounts, replace(transfers, expiry.id, { amount: 4n })],
      ['resolution_does_not_match_pending_transfer', accounts, replace(transfers, 'ship-1', { code: 'delivery' })],
      ['resolution_after_expiry', accounts, replace(transfers, 'ship-1', { timestamp: T0 + 60_000 })],
      ['expiry_before_timeout', accounts, replace(transfers, expiry.id, { timestamp: T0 + 999 })],
      ['expiry_before_timeout', accounts, [...transfers, { ...expiry, id: '~expiry:res-3', pendingId: 'res-3', amount: pending.amount }]],
      ['amount_overflow', accounts, replace(transfers, 'fund', { amount: 2n ** 63n })],
      ['account_limit_exceeded', accounts, replace(transfers, 'fund', { amount: 20n })],
      ['account_balance_mismatch', accounts, transfers.filter((transfer) => transfer.id !== 'ship-1')],
    ];
    for (const [kind, caseAccounts, caseTransfers] of cases) expect([kind, kindOf(caseAccounts, caseTransfers)]).toEqual([kind, kind]);
  });

  it('requires an account without transfers to carry zero totals', () => {
    const { accounts } = ledger();
    const lone = accounts.map((account) => ({ ...account, debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n }));
    expect(kindOf(lone, [])).toBe('ok');
    lone[0]!.debitsPosted = 5n;
    expect(kindOf(lone, [])).toBe('account_balance_mismatch');
  });
});

describe('parseAmount', () => {
  it('accepts safe integers, bigints and digit strings, and leaves the sign to the engine', () => {
    expect(parseAmount(5)).toEqual({ ok: true, amount: 5n });
    expect(parseAmount(-5)).toEqual({ ok: true, amount: -5n });
    expect(parseAmount(0)).toEqual({ ok: true, amount: 0n });
    expect(parseAmount(12n)).toEqual({ ok: true, amount: 12n });
    expect(parseAmount('9223372036854775807')).toEqual({ ok: true, amount: 2n ** 63n - 1n });
  });

  it('refuses fractions, unsafe numbers and anything else', () => {
    for (const value of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1.0', '1e3', '', ' 1', null, undefined, {}]) {
      expect(parseAmount(value)).toEqual({ ok: false, code: 'amount_must_be_an_integer' });
    }
  });
});
