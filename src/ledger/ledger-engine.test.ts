import { describe, expect, it } from 'vitest';
import { AMOUNT_MAX, type AccountInput } from './account.js';
import {
  TRANSFER_BATCH_MAX,
  createAccounts,
  createLedgerState,
  createTransfers,
  expirePendingTransfers,
  getAccount,
  getPendingStatus,
  getTransfer,
  listAccounts,
  listTransfers,
  restoreLedgerState,
  type LedgerState,
} from './ledger-engine.js';
import { verifyLedger } from './ledger-verification.js';
import { TIMEOUT_SECONDS_MAX, TRANSFER_RESULT_CODES, expiryTransferId, type TransferInput, type TransferResult } from './transfer.js';

const T0 = 1_800_000_000_000;

const ACCOUNTS: AccountInput[] = [
  { id: 'source', code: 'quota-source', dimension: 'units', ownerId: 'scope', flags: { creditsMustNotExceedDebits: true } },
  { id: 'pool', code: 'national-pool', dimension: 'units', ownerId: 'scope', flags: { debitsMustNotExceedCredits: true } },
  { id: 'licence', code: 'licence', dimension: 'units', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true } },
  { id: 'shipped', code: 'shipped', dimension: 'units', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true } },
  { id: 'tpp-licence', code: 'licence', dimension: 'tpp', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true } },
  // Unflagged accounts, to reach the overflow limits without funding them first.
  { id: 'open-a', code: 'cleared', dimension: 'units', ownerId: 'open' },
  { id: 'open-b', code: 'cleared', dimension: 'units', ownerId: 'open' },
  { id: 'open-c', code: 'cleared', dimension: 'units', ownerId: 'open' },
];

/** source → pool 1,000; pool → licence 100; a pending licence → shipped reservation of 10. */
function fundedState(): LedgerState {
  const state = createLedgerState();
  expect(createAccounts(state, ACCOUNTS, T0).results.every((result) => result === 'ok')).toBe(true);
  const setUp = createTransfers(
    state,
    [
      { id: 'fund-pool', debitAccountId: 'source', creditAccountId: 'pool', amount: 1000n, dimension: 'units', code: 'quota-issuance' },
      { id: 'fund-licence', debitAccountId: 'pool', creditAccountId: 'licence', amount: 100n, dimension: 'units', code: 'licence-issuance', licenceId: 'L1' },
      {
        id: 'reservation',
        debitAccountId: 'licence',
        creditAccountId: 'shipped',
        amount: 10n,
        dimension: 'units',
        code: 'shipment',
        flags: { pending: true },
        timeoutSeconds: 60,
        licenceId: 'L1',
        purchaseOrderReference: 'PO-1',
      },
    ],
    T0,
  );
  expect(setUp.results).toEqual(['ok', 'ok', 'ok']);
  return state;
}

function ordinary(id: string, fields: Partial<TransferInput> = {}): TransferInput {
  return { id, debitAccountId: 'licence', creditAccountId: 'shipped', amount: 1n, dimension: 'units', code: 'shipment', ...fields };
}

function post(id: string, pendingId: string, fields: Partial<TransferInput> = {}): TransferInput {
  return { id, pendingId, flags: { postPendingTransfer: true }, ...fields };
}

function voidOf(id: string, pendingId: string, fields: Partial<TransferInput> = {}): TransferInput {
  return { id, pendingId, flags: { voidPendingTransfer: true }, ...fields };
}

function balances(state: LedgerState): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const account of listAccounts(state)) {
    snapshot[account.id] = `${account.debitsPending}/${account.debitsPosted}/${account.creditsPending}/${account.creditsPosted}`;
  }
  return snapshot;
}

interface Example {
  /** Transfers submitted first (must all be accepted). */
  readonly before?: readonly TransferInput[];
  /** Advance the clock by this much before the batch, after `before`. */
  readonly laterMs?: number;
  readonly expireFirst?: boolean;
  readonly batch: readonly TransferInput[];
  /** Which result of the batch shows the code; the last one by default. */
  readonly at?: number;
}

const overflowPending: TransferInput = { id: 'max-pending', debitAccountId: 'open-a', creditAccountId: 'open-b', amount: AMOUNT_MAX, dimension: 'units', code: 'delivery', flags: { pending: true } };
const overflowPosted: TransferInput = { id: 'max-posted', debitAccountId: 'open-a', creditAccountId: 'open-b', amount: AMOUNT_MAX, dimension: 'units', code: 'delivery' };

/** One example per result code, each the smallest batch that produces it. */
const EXAMPLES: Record<TransferResult, Example> = {
  ok: { batch: [ordinary('t1')] },
  linked_event_failed: { batch: [ordinary('t1', { flags: { linked: true } }), ordinary('t2', { amount: 1000n })], at: 0 },
  linked_event_chain_open: { batch: [ordinary('t1', { flags: { linked: true } })] },
  id_must_not_be_empty: { batch: [ordinary('')] },
  id_must_not_be_reserved: { batch: [ordinary('~mine')] },
  flags_are_mutually_exclusive: { batch: [{ id: 't1', pendingId: 'reservation', flags: { postPendingTransfer: true, voidPendingTransfer: true } }] },
  debit_account_id_must_not_be_empty: { batch: [{ id: 't1', creditAccountId: 'shipped', amount: 1n, dimension: 'units', code: 'shipment' }] },
  credit_account_id_must_not_be_empty: { batch: [ordinary('t1', { creditAccountId: '' })] },
  accounts_must_be_different: { batch: [ordinary('t1', { creditAccountId: 'licence' })] },
  pending_id_must_be_empty: { batch: [ordinary('t1', { pendingId: 'reservation' })] },
  pending_id_must_not_be_empty: { batch: [{ id: 't1', flags: { postPendingTransfer: true } }] },
  pending_id_must_be_different: { batch: [post('t1', 't1')] },
  timeout_reserved_for_pending_transfer: { batch: [ordinary('t1', { timeoutSeconds: 5 })] },
  timeout_is_invalid: { batch: [ordinary('t1', { flags: { pending: true }, timeoutSeconds: 1.5 })] },
  amount_must_not_be_zero: { batch: [ordinary('t1', { amount: 0n })] },
  amount_must_be_positive: { batch: [ordinary('t1', { amount: -5n })] },
  dimension_must_be_valid: { batch: [ordinary('t1', { dimension: 'widgets' as never })] },
  code_must_be_valid: { batch: [ordinary('t1', { code: 'gift' as never })] },
  debit_account_not_found: { batch: [ordinary('t1', { debitAccountId: 'nowhere' })] },
  credit_account_not_found: { batch: [ordinary('t1', { creditAccountId: 'nowhere' })] },
  accounts_must_have_the_same_dimension: { batch: [ordinary('t1', { creditAccountId: 'tpp-licence' })] },
  transfer_must_have_the_same_dimension_as_accounts: { batch: [ordinary('t1', { dimension: 'tpp' })] },
  pending_transfer_not_found: { batch: [post('t1', 'nothing')] },
  pending_transfer_not_pending: { batch: [post('t1', 'fund-licence')] },
  pending_transfer_has_different_debit_account_id: { batch: [post('t1', 'reservation', { debitAccountId: 'pool' })] },
  pending_transfer_has_different_credit_account_id: { batch: [post('t1', 'reservation', { creditAccountId: 'pool' })] },
  pending_transfer_has_different_dimension: { batch: [post('t1', 'reservation', { dimension: 'tpp' })] },
  pending_transfer_has_different_code: { batch: [post('t1', 'reservation', { code: 'delivery' })] },
  exceeds_pending_transfer_amount: { batch: [post('t1', 'reservation', { amount: 11n })] },
  pending_transfer_has_different_amount: { batch: [voidOf('t1', 'reservation', { amount: 9n })] },
  exists_with_different_flags: { before: [ordinary('t1')], batch: [ordinary('t1', { flags: { pending: true } })] },
  exists_with_different_debit_account_id: { before: [ordinary('t1')], batch: [ordinary('t1', { debitAccountId: 'pool' })] },
  exists_with_different_credit_account_id: { before: [ordinary('t1')], batch: [ordinary('t1', { creditAccountId: 'pool' })] },
  exists_with_different_amount: { before: [ordinary('t1')], batch: [ordinary('t1', { amount: 2n })] },
  exists_with_different_pending_id: {
    before: [ordinary('r2', { flags: { pending: true }, amount: 10n, timeoutSeconds: 60, licenceId: 'L1', purchaseOrderReference: 'PO-1' }), post('t1', 'reservation')],
    batch: [post('t1', 'r2')],
  },
  exists_with_different_licence_id: { before: [ordinary('t1', { licenceId: 'L1' })], batch: [ordinary('t1', { licenceId: 'L2' })] },
  exists_with_different_purchase_order_reference: { before: [ordinary('t1')], batch: [ordinary('t1', { purchaseOrderReference: 'PO-9' })] },
  exists_with_different_reference: { before: [ordinary('t1', { reference: 'A' })], batch: [ordinary('t1')] },
  exists_with_different_timeout: { before: [ordinary('t1', { flags: { pending: true } })], batch: [ordinary('t1', { flags: { pending: true }, timeoutSeconds: 9 })] },
  exists_with_different_code: { before: [ordinary('t1')], batch: [ordinary('t1', { code: 'delivery' })] },
  exists: { before: [ordinary('t1')], batch: [ordinary('t1')] },
  pending_transfer_already_posted: { before: [post('p1', 'reservation')], batch: [post('p2', 'reservation')] },
  pending_transfer_already_voided: { before: [voidOf('v1', 'reservation')], batch: [post('p2', 'reservation')] },
  pending_transfer_expired: { laterMs: 60_000, expireFirst: true, batch: [voidOf('v1', 'reservation')] },
  overflows_debits_pending: { before: [overflowPending], batch: [{ ...overflowPending, id: 't1', creditAccountId: 'open-c', amount: 1n }] },
  overflows_credits_pending: { before: [overflowPending], batch: [{ ...overflowPending, id: 't1', debitAccountId: 'open-c', amount: 1n }] },
  overflows_debits_posted: { before: [overflowPosted], batch: [{ ...overflowPosted, id: 't1', creditAccountId: 'open-c', amount: 1n }] },
  overflows_credits_posted: { before: [overflowPosted], batch: [{ ...overflowPosted, id: 't1', debitAccountId: 'open-c', amount: 1n }] },
  overflows_debits: { before: [overflowPending], batch: [{ ...overflowPosted, id: 't1', creditAccountId: 'open-c', amount: 1n }] },
  overflows_credits: { before: [overflowPending], batch: [{ ...overflowPosted, id: 't1', debitAccountId: 'open-c', amount: 1n }] },
  exceeds_credits: { batch: [ordinary('t1', { amount: 91n })] },
  // The source was debited 1,000: it may take back at most that (an unflagged account pays here).
  exceeds_debits: { batch: [{ id: 't1', debitAccountId: 'open-a', creditAccountId: 'source', amount: 1001n, dimension: 'units', code: 'quota-withdrawal' }] },
};

function runExample(example: Example): { result: TransferResult; state: LedgerState; before: Record<string, string>; recordCount: number; newCount: number } {
  const state = fundedState();
  let now = T0;
  if (example.before !== undefined) {
    const outcome = createTransfers(state, example.before, now);
    expect(outcome.results.every((result) => result === 'ok')).toBe(true);
  }
  now += example.laterMs ?? 0;
  if (example.expireFirst === true) expirePendingTransfers(state, now);
  const before = balances(state);
  const recordCount = listTransfers(state).length;
  const outcome = createTransfers(state, example.batch, now);
  return { result: outcome.results[example.at ?? example.batch.length - 1]!, state, before, recordCount, newCount: outcome.newTransfers.length };
}

describe('createTransfers result codes', () => {
  it('has an example for every code, and no example for a code that does not exist', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...TRANSFER_RESULT_CODES].sort());
  });

  for (const code of TRANSFER_RESULT_CODES) {
    it(`returns ${code}`, () => {
      const { result, state, before, recordCount, newCount } = runExample(EXAMPLES[code]);
      expect(result).toBe(code);
      if (code !== 'ok') {
        // A refusal (and `exists`) changes nothing: no balance moves and nothing is recorded.
        expect(balances(state)).toEqual(before);
        expect(listTransfers(state).length).toBe(recordCount);
        expect(newCount).toBe(0);
      }
      expect(verifyLedger(listAccounts(state), listTransfers(state)).ok).toBe(true);
    });
  }

  it('refuses timeouts that are negative or above TIMEOUT_SECONDS_MAX', () => {
    const state = fundedState();
    const results = createTransfers(
      state,
      [ordinary('t1', { flags: { pending: true }, timeoutSeconds: -1 }), ordinary('t2', { flags: { pending: true }, timeoutSeconds: TIMEOUT_SECONDS_MAX + 1 })],
      T0,
    ).results;
    expect(results).toEqual(['timeout_is_invalid', 'timeout_is_invalid']);
  });

  it('refuses a pending transfer that also posts or voids', () => {
    const state = fundedState();
    const results = createTransfers(state, [{ id: 't1', pendingId: 'reservation', flags: { pending: true, voidPendingTransfer: true } }], T0).results;
    expect(results).toEqual(['flags_are_mutually_exclusive']);
  });

  it('treats an absent amount on an ordinary transfer as zero', () => {
    const state = fundedState();
    expect(createTransfers(state, [{ id: 't1', debitAccountId: 'licence', creditAccountId: 'shipped', dimension: 'units', code: 'shipment' }], T0).results).toEqual([
      'amount_must_not_be_zero',
    ]);
  });

  it('refuses a post of nothing: to release a reservation, void it', () => {
    const state = fundedState();
    expect(createTransfers(state, [post('t1', 'reservation', { amount: 0n })], T0).results).toEqual(['amount_must_not_be_zero']);
  });
});

describe('result precedence', () => {
  it('reports the earliest code when several apply', () => {
    const state = fundedState();
    const results = createTransfers(
      state,
      [
        ordinary('', { amount: 0n }),
        ordinary('~x', { creditAccountId: 'licence' }),
        ordinary('t1', { creditAccountId: 'licence', amount: -1n }),
        ordinary('t2', { amount: -1n, debitAccountId: 'nowhere' }),
        ordinary('t3', { debitAccountId: 'nowhere', creditAccountId: 'tpp-licence' }),
        ordinary('t4', { amount: 1000n, creditAccountId: 'tpp-licence' }),
      ],
      T0,
    ).results;
    expect(results).toEqual([
      'id_must_not_be_empty',
      'id_must_not_be_reserved',
      'accounts_must_be_different',
      'amount_must_be_positive',
      'debit_account_not_found',
      'accounts_must_have_the_same_dimension',
    ]);
  });

  it('answers exists to a retry even when the balance could no longer pay for it', () => {
    const state = fundedState();
    expect(createTransfers(state, [ordinary('t1', { amount: 90n })], T0).results).toEqual(['ok']);
    expect(createTransfers(state, [ordinary('t1', { amount: 90n })], T0).results).toEqual(['exists']);
    expect(createTransfers(state, [ordinary('t2', { amount: 1n })], T0).results).toEqual(['exceeds_credits']);
  });

  it('answers exists to a retried post, not pending_transfer_already_posted', () => {
    const state = fundedState();
    expect(createTransfers(state, [post('p1', 'reservation', { amount: 4n })], T0).results).toEqual(['ok']);
    expect(createTransfers(state, [post('p1', 'reservation', { amount: 4n })], T0).results).toEqual(['exists']);
    expect(createTransfers(state, [post('p1', 'reservation')], T0).results).toEqual(['exists_with_different_amount']);
    expect(createTransfers(state, [post('p2', 'reservation', { amount: 4n })], T0).results).toEqual(['pending_transfer_already_posted']);
  });

  it('checks the pending amount before the pending transfer status', () => {
    const state = fundedState();
    createTransfers(state, [post('p1', 'reservation')], T0);
    expect(createTransfers(state, [post('p2', 'reservation', { amount: 11n })], T0).results).toEqual(['exceeds_pending_transfer_amount']);
  });

  it('answers exists to a retried post after its reservation would have lapsed', () => {
    const state = fundedState();
    createTransfers(state, [post('p1', 'reservation')], T0);
    expect(createTransfers(state, [post('p1', 'reservation')], T0 + 120_000).results).toEqual(['exists']);
  });
});

describe('pending transfers', () => {
  it('reserves against the available balance and counts pending debits, not pending credits', () => {
    const state = fundedState();
    // licence: 100 credited, 10 reserved, so 90 remain; a second reservation of 91 is refused.
    expect(createTransfers(state, [ordinary('r2', { amount: 91n, flags: { pending: true } })], T0).results).toEqual(['exceeds_credits']);
    expect(createTransfers(state, [ordinary('r2', { amount: 90n, flags: { pending: true } })], T0).results).toEqual(['ok']);
    // shipped has 100 pending credits but nothing posted: it cannot pass anything on yet.
    expect(
      createTransfers(state, [{ id: 'c1', debitAccountId: 'shipped', creditAccountId: 'open-a', amount: 1n, dimension: 'units', code: 'customs-clearance' }], T0).results,
    ).toEqual(['exceeds_credits']);
  });

  it('posts part of a reservation and releases the rest', () => {
    const state = fundedState();
    const outcome = createTransfers(state, [post('p1', 'reservation', { amount: 6n })], T0 + 1000);
    expect(outcome.results).toEqual(['ok']);
    expect(getAccount(state, 'licence')).toMatchObject({ debitsPending: 0n, debitsPosted: 6n, creditsPosted: 100n });
    expect(getAccount(state, 'shipped')).toMatchObject({ creditsPending: 0n, creditsPosted: 6n });
    expect(getPendingStatus(state, 'reservation')).toBe('posted');
    // The post inherits the reservation's accounts, code and references.
    expect(getTransfer(state, 'p1')).toMatchObject({
      debitAccountId: 'licence',
      creditAccountId: 'shipped',
      code: 'shipment',
      amount: 6n,
      pendingId: 'reservation',
      purchaseOrderReference: 'PO-1',
      licenceId: 'L1',
      timestamp: T0 + 1000,
    });
    expect(outcome.changedAccountIds.sort()).toEqual(['licence', 'shipped']);
  });

  it('posts the whole reservation when the amount is omitted', () => {
    const state = fundedState();
    createTransfers(state, [post('p1', 'reservation')], T0);
    expect(getTransfer(state, 'p1')?.amount).toBe(10n);
    expect(getAccount(state, 'shipped')).toMatchObject({ creditsPending: 0n, creditsPosted: 10n });
  });

  it('voids a reservation, giving the whole amount back', () => {
    const state = fundedState();
    expect(createTransfers(state, [voidOf('v1', 'reservation', { amount: 10n })], T0).results).toEqual(['ok']);
    expect(getAccount(state, 'licence')).toMatchObject({ debitsPending: 0n, debitsPosted: 0n });
    expect(getPendingStatus(state, 'reservation')).toBe('voided');
    expect(createTransfers(state, [voidOf('v2', 'reservation')], T0).results).toEqual(['pending_transfer_already_voided']);
  });

  it('creates, posts and resolves in one batch, each transfer seeing the ones before it', () => {
    const state = fundedState();
    const results = createTransfers(state, [ordinary('r2', { flags: { pending: true }, amount: 50n }), post('p2', 'r2', { amount: 20n }), voidOf('v2', 'r2')], T0).results;
    expect(results).toEqual(['ok', 'ok', 'pending_transfer_already_posted']);
  });
});

describe('expiry', () => {
  it('lapses a reservation at its timeout, not before, and records the expiry', () => {
    const state = fundedState();
    expect(expirePendingTransfers(state, T0 + 59_999).newTransfers).toEqual([]);
    // Before the sweep, a lapsed reservation can no longer be resolved, but still holds its units.
    expect(createTransfers(state, [post('p1', 'reservation')], T0 + 60_000).results).toEqual(['pending_transfer_expired']);
    expect(getAccount(state, 'licence')?.debitsPending).toBe(10n);

    const outcome = expirePendingTransfers(state, T0 + 61_000);
    expect(outcome.newTransfers).toHaveLength(1);
    expect(outcome.newTransfers[0]).toMatchObject({
      id: expiryTransferId('reservation'),
      pendingId: 'reservation',
      amount: 10n,
      timestamp: T0 + 61_000,
      flags: { voidPendingTransfer: true, expiry: true, pending: false, postPendingTransfer: false, linked: false },
    });
    expect(outcome.changedAccountIds.sort()).toEqual(['licence', 'shipped']);
    expect(outcome.hasMore).toBe(false);
    expect(getPendingStatus(state, 'reservation')).toBe('expired');
    expect(getAccount(state, 'licence')).toMatchObject({ debitsPending: 0n, debitsPosted: 0n });
    expect(createTransfers(state, [voidOf('v1', 'reservation')], T0 + 61_000).results).toEqual(['pending_transfer_expired']);
    // A second sweep finds nothing.
    expect(expirePendingTransfers(state, T0 + 999_000).newTransfers).toEqual([]);
    expect(verifyLedger(listAccounts(state), listTransfers(state)).ok).toBe(true);
  });

  it('never expires a reservation that was posted or has no timeout', () => {
    const state = fundedState();
    createTransfers(state, [post('p1', 'reservation'), ordinary('r2', { flags: { pending: true }, amount: 5n })], T0);
    expect(expirePendingTransfers(state, T0 + 10 ** 10).newTransfers).toEqual([]);
    expect(getPendingStatus(state, 'r2')).toBe('pending');
  });

  it('expires oldest first, at most `limit` per call, and says when more remain', () => {
    const state = fundedState();
    createTransfers(
      state,
      [
        ordinary('r-late', { flags: { pending: true }, timeoutSeconds: 30 }),
        ordinary('r-early', { flags: { pending: true }, timeoutSeconds: 10 }),
        ordinary('r-mid', { flags: { pending: true }, timeoutSeconds: 20 }),
      ],
      T0,
    );
    const first = expirePendingTransfers(state, T0 + 100_000, 2);
    expect(first.newTransfers.map((transfer) => transfer.pendingId)).toEqual(['r-early', 'r-mid']);
    expect(first.hasMore).toBe(true);
    const second = expirePendingTransfers(state, T0 + 100_000, 2);
    expect(second.newTransfers.map((transfer) => transfer.pendingId)).toEqual(['r-late', 'reservation']);
    expect(second.hasMore).toBe(false);
  });

  it('uses the timeout of the transfer that was committed, not of a rolled-back attempt with the same id', () => {
    const state = fundedState();
    // First attempt: linked to a failing transfer, so rolled back; its queue entry is stale.
    const failed = createTransfers(state, [ordinary('r2', { flags: { pending: true, linked: true }, timeoutSeconds: 10 }), ordinary('x', { amount: 1000n })], T0);
    expect(failed.results).toEqual(['linked_event_failed', 'exceeds_credits']);
    expect(getTransfer(state, 'r2')).toBeUndefined();
    // The retry succeeds later; it lapses 10 s after the retry, not after the first attempt.
    expect(createTransfers(state, [ordinary('r2', { flags: { pending: true }, timeoutSeconds: 10 })], T0 + 5000).results).toEqual(['ok']);
    expect(expirePendingTransfers(state, T0 + 12_000).newTransfers).toEqual([]);
    expect(getPendingStatus(state, 'r2')).toBe('pending');
    expect(expirePendingTransfers(state, T0 + 15_000).newTransfers.map((transfer) => transfer.pendingId)).toContain('r2');
  });
});

describe('linked chains', () => {
  it('applies a chain whole', () => {
    const state = fundedState();
    const outcome = createTransfers(state, [ordinary('a', { flags: { linked: true } }), ordinary('b', { flags: { linked: true } }), ordinary('c')], T0);
    expect(outcome.results).toEqual(['ok', 'ok', 'ok']);
    expect(outcome.newTransfers.map((transfer) => transfer.id)).toEqual(['a', 'b', 'c']);
    expect(getAccount(state, 'shipped')?.creditsPosted).toBe(3n);
  });

  it('rolls back a chain whose member fails, and carries on after it', () => {
    const state = fundedState();
    const before = balances(state);
    const outcome = createTransfers(
      state,
      [
        ordinary('a', { flags: { linked: true } }),
        post('b', 'reservation', { flags: { linked: true, postPendingTransfer: true } }),
        ordinary('c', { flags: { linked: true }, amount: 1000n }),
        ordinary('d'),
        ordinary('e'),
      ],
      T0,
    );
    expect(outcome.results).toEqual(['linked_event_failed', 'linked_event_failed', 'exceeds_credits', 'linked_event_failed', 'ok']);
    expect(getTransfer(state, 'a')).toBeUndefined();
    expect(getTransfer(state, 'b')).toBeUndefined();
    expect(getPendingStatus(state, 'reservation')).toBe('pending');
    expect(outcome.newTransfers.map((transfer) => transfer.id)).toEqual(['e']);
    const expected = { ...before, licence: '10/1/0/100', shipped: '0/0/10/1' };
    expect(balances(state)).toEqual(expected);
    expect(outcome.changedAccountIds.sort()).toEqual(['licence', 'shipped']);
  });

  it('rolls back a pending transfer created and posted inside a failed chain', () => {
    const state = fundedState();
    const before = balances(state);
    const outcome = createTransfers(
      state,
      [ordinary('r2', { flags: { pending: true, linked: true }, amount: 30n }), post('p2', 'r2', { flags: { linked: true, postPendingTransfer: true } }), voidOf('v2', 'r2')],
      T0,
    );
    expect(outcome.results).toEqual(['linked_event_failed', 'linked_event_failed', 'pending_transfer_already_posted']);
    expect(balances(state)).toEqual(before);
    expect(getTransfer(state, 'r2')).toBeUndefined();
    expect(verifyLedger(listAccounts(state), listTransfers(state)).ok).toBe(true);
  });

  it('fails a chain left open at the end of the batch', () => {
    const state = fundedState();
    const before = balances(state);
    const outcome = createTransfers(state, [ordinary('solo'), ordinary('a', { flags: { linked: true } }), ordinary('b', { flags: { linked: true } })], T0);
    expect(outcome.results).toEqual(['ok', 'linked_event_failed', 'linked_event_chain_open']);
    expect(balances(state)).toEqual({ ...before, licence: '10/1/0/100', shipped: '0/0/10/1' });
  });

  it('answers exists for every member when a committed chain is retried, and moves nothing', () => {
    const state = fundedState();
    const chain = [ordinary('a', { flags: { linked: true } }), post('b', 'reservation', { flags: { linked: true, postPendingTransfer: true } }), ordinary('c')];
    expect(createTransfers(state, chain, T0).results).toEqual(['ok', 'ok', 'ok']);
    const before = balances(state);
    const retry = createTransfers(state, chain, T0 + 1);
    expect(retry.results).toEqual(['exists', 'exists', 'exists']);
    expect(retry.newTransfers).toEqual([]);
    expect(retry.changedAccountIds).toEqual([]);
    expect(balances(state)).toEqual(before);
  });

  it('fails a chain with a member that exists with different fields', () => {
    const state = fundedState();
    createTransfers(state, [ordinary('a')], T0);
    const outcome = createTransfers(state, [ordinary('a', { flags: { linked: true }, amount: 2n }), ordinary('b')], T0);
    expect(outcome.results).toEqual(['exists_with_different_flags', 'linked_event_failed']);
  });
});

describe('accounts', () => {
  it('returns a code for each refusal and exists for a retry', () => {
    const state = createLedgerState();
    const outcome = createAccounts(
      state,
      [
        { id: 'a', code: 'licence', dimension: 'units', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true } },
        { id: 'a', code: 'licence', dimension: 'units', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true } },
        { id: 'a', code: 'licence', dimension: 'units', ownerId: 'L1' },
        { id: 'a', code: 'licence', dimension: 'tpp', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true } },
        { id: 'a', code: 'shipped', dimension: 'units', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true } },
        { id: 'a', code: 'licence', dimension: 'units', ownerId: 'L2', flags: { debitsMustNotExceedCredits: true } },
        { id: '', code: 'licence', dimension: 'units', ownerId: 'L1' },
        { id: 'b', code: 'licence', dimension: 'units', ownerId: 'L1', flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true } },
        { id: 'b', code: 'licence', dimension: 'litres' as never, ownerId: 'L1' },
        { id: 'b', code: 'wallet' as never, dimension: 'units', ownerId: 'L1' },
        { id: 'b', code: 'licence', dimension: 'units', ownerId: '' },
      ],
      T0,
    );
    expect(outcome.results).toEqual([
      'ok',
      'exists',
      'exists_with_different_flags',
      'exists_with_different_dimension',
      'exists_with_different_code',
      'exists_with_different_owner_id',
      'id_must_not_be_empty',
      'flags_are_mutually_exclusive',
      'dimension_must_be_valid',
      'code_must_be_valid',
      'owner_id_must_not_be_empty',
    ]);
    expect(outcome.newAccounts.map((account) => account.id)).toEqual(['a']);
    expect(getAccount(state, 'a')).toMatchObject({ debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n, timestamp: T0 });
  });
});

describe('exact amounts', () => {
  it('moves amounts beyond 2^53 exactly and stops at AMOUNT_MAX', () => {
    const state = createLedgerState();
    createAccounts(
      state,
      [
        { id: 'source', code: 'quota-source', dimension: 'tpp', ownerId: 's', flags: { creditsMustNotExceedDebits: true } },
        { id: 'pool', code: 'national-pool', dimension: 'tpp', ownerId: 's', flags: { debitsMustNotExceedCredits: true } },
      ],
      T0,
    );
    const big = 2n ** 53n + 1n;
    const results = createTransfers(
      state,
      [
        { id: 'a', debitAccountId: 'source', creditAccountId: 'pool', amount: big, dimension: 'tpp', code: 'quota-issuance' },
        { id: 'b', debitAccountId: 'source', creditAccountId: 'pool', amount: big, dimension: 'tpp', code: 'quota-issuance' },
        { id: 'c', debitAccountId: 'source', creditAccountId: 'pool', amount: AMOUNT_MAX - 2n * big, dimension: 'tpp', code: 'quota-issuance' },
        { id: 'd', debitAccountId: 'source', creditAccountId: 'pool', amount: 1n, dimension: 'tpp', code: 'quota-issuance' },
      ],
      T0,
    ).results;
    expect(results).toEqual(['ok', 'ok', 'ok', 'overflows_debits_posted']);
    expect(getAccount(state, 'pool')?.creditsPosted).toBe(AMOUNT_MAX);
  });
});

describe('restoreLedgerState', () => {
  it('rebuilds statuses and the expiry queue from stored rows', () => {
    const state = fundedState();
    createTransfers(
      state,
      [
        ordinary('r-posted', { flags: { pending: true }, timeoutSeconds: 5 }),
        ordinary('r-voided', { flags: { pending: true }, timeoutSeconds: 5 }),
        ordinary('r-open', { flags: { pending: true }, timeoutSeconds: 5 }),
        post('p', 'r-posted'),
        voidOf('v', 'r-voided'),
      ],
      T0,
    );
    const restored = restoreLedgerState(
      [...listAccounts(state)].map((account) => ({ ...account })),
      [...listTransfers(state)].reverse(),
    );
    expect(getPendingStatus(restored, 'r-posted')).toBe('posted');
    expect(getPendingStatus(restored, 'r-voided')).toBe('voided');
    expect(getPendingStatus(restored, 'r-open')).toBe('pending');
    expect(getPendingStatus(restored, 'reservation')).toBe('pending');
    expect(balances(restored)).toEqual(balances(state));
    const expired = expirePendingTransfers(restored, T0 + 5000);
    expect(expired.newTransfers.map((transfer) => transfer.pendingId)).toEqual(['r-open']);
    expect(createTransfers(restored, [post('p', 'r-posted')], T0).results).toEqual(['exists']);
  });
});

describe('limits', () => {
  it('refuses a batch above TRANSFER_BATCH_MAX as a programmer error', () => {
    const state = fundedState();
    const batch = Array.from({ length: TRANSFER_BATCH_MAX + 1 }, (_, index) => ordinary(`t${index}`));
    expect(() => createTransfers(state, batch, T0)).toThrow(/TRANSFER_BATCH_MAX/);
  });

  it('refuses a clock value that is not whole milliseconds', () => {
    const state = fundedState();
    expect(() => createTransfers(state, [ordinary('t1')], 1.5)).toThrow(/now/);
  });

  it('refuses an amount that is not a bigint as a programmer error', () => {
    const state = fundedState();
    expect(() => createTransfers(state, [ordinary('t1', { amount: 5 as never })], T0)).toThrow(/bigint/);
  });
});
