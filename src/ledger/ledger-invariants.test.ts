/**
 * Property tests: random sequences of batches (ordinary and pending transfers, partial and full
 * posts, voids, linked chains, retries, reused ids), with a clock that moves and expiry sweeps in
 * between, checked after every step against the ledger's invariants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AMOUNT_MAX, DIMENSIONS, type Account, type AccountInput } from './account.js';
import {
  createAccounts,
  createLedgerState,
  createTransfers,
  expirePendingTransfers,
  getPendingStatus,
  listAccounts,
  listTransfers,
  restoreLedgerState,
  type LedgerState,
} from './ledger-engine.js';
import { verifyLedger } from './ledger-verification.js';
import { isTransferAccepted, type TransferInput, type TransferResult } from './transfer.js';

const T0 = 1_800_000_000_000;

const ACCOUNTS: AccountInput[] = [
  { id: 'u-source', code: 'quota-source', dimension: 'units', ownerId: 's', flags: { creditsMustNotExceedDebits: true } },
  { id: 'u-pool', code: 'national-pool', dimension: 'units', ownerId: 's', flags: { debitsMustNotExceedCredits: true } },
  { id: 'u-licence', code: 'licence', dimension: 'units', ownerId: 'L', flags: { debitsMustNotExceedCredits: true } },
  { id: 'u-shipped', code: 'shipped', dimension: 'units', ownerId: 'L', flags: { debitsMustNotExceedCredits: true } },
  { id: 'u-open', code: 'cleared', dimension: 'units', ownerId: 'L' },
  { id: 't-source', code: 'quota-source', dimension: 'tpp', ownerId: 's', flags: { creditsMustNotExceedDebits: true } },
  { id: 't-pool', code: 'national-pool', dimension: 'tpp', ownerId: 's', flags: { debitsMustNotExceedCredits: true } },
  { id: 't-licence', code: 'licence', dimension: 'tpp', ownerId: 'L', flags: { debitsMustNotExceedCredits: true } },
];
const DIMENSION_OF = new Map(ACCOUNTS.map((account) => [account.id, account.dimension]));

type Operation =
  | {
      kind: 'transfer';
      debit: number;
      credit: number;
      amount: bigint;
      isPending: boolean;
      timeoutSeconds: number;
      isLinked: boolean;
      reuseId: number | null;
      hasReference: boolean;
    }
  | { kind: 'post' | 'void'; pending: number; amount: bigint | null; isLinked: boolean; reuseId: number | null }
  | { kind: 'retry'; which: number; isLinked: boolean };

interface Step {
  operations: Operation[];
  advanceMs: number;
  expireLimit: number | null;
  isRetried: boolean;
}

const amountArbitrary = fc.oneof({ weight: 10, arbitrary: fc.bigInt(1n, 40n) }, { weight: 1, arbitrary: fc.constantFrom(0n, -3n) });
const reuseArbitrary = fc.option(fc.nat(), { freq: 8 });

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      debit: fc.nat(ACCOUNTS.length - 1),
      credit: fc.nat(ACCOUNTS.length - 1),
      amount: amountArbitrary,
      isPending: fc.boolean(),
      timeoutSeconds: fc.constantFrom(0, 1, 2, 3),
      isLinked: fc.boolean(),
      reuseId: reuseArbitrary,
      hasReference: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('post' as const, 'void' as const),
      pending: fc.nat(),
      amount: fc.option(amountArbitrary, { freq: 2 }),
      isLinked: fc.boolean(),
      reuseId: reuseArbitrary,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retry' as const), which: fc.nat(), isLinked: fc.boolean() }) },
);

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  operations: fc.array(operationArbitrary, { minLength: 1, maxLength: 8 }),
  advanceMs: fc.constantFrom(0, 300, 999, 1000, 1500, 2500),
  expireLimit: fc.option(fc.integer({ min: 1, max: 4 }), { freq: 2 }),
  isRetried: fc.boolean(),
});

/** Turns generated operations into transfer inputs, remembering ids for later references. */
class Scenario {
  readonly submitted: TransferInput[] = [];
  readonly pendingIds: string[] = [];
  readonly allIds: string[] = [];
  private nextId = 0;

  private pickId(reuseId: number | null): string {
    if (reuseId !== null && this.allIds.length > 0) return this.allIds[reuseId % this.allIds.length]!;
    const id = `t${this.nextId++}`;
    this.allIds.push(id);
    return id;
  }

  build(operation: Operation): TransferInput {
    switch (operation.kind) {
      case 'transfer': {
        const debit = ACCOUNTS[operation.debit]!;
        const credit = ACCOUNTS[operation.credit]!;
        const input: TransferInput = {
          id: this.pickId(operation.reuseId),
          debitAccountId: debit.id,
          creditAccountId: credit.id,
          amount: operation.amount,
          dimension: debit.dimension,
          code: operation.isPending ? 'shipment' : 'licence-issuance',
          flags: { pending: operation.isPending, linked: operation.isLinked },
          ...(operation.isPending ? { timeoutSeconds: operation.timeoutSeconds } : {}),
          ...(operation.hasReference ? { reference: 'ref' } : {}),
        };
        if (operation.isPending) this.pendingIds.push(input.id);
        this.submitted.push(input);
        return input;
      }
      case 'post':
      case 'void': {
        const pendingId = this.pendingIds.length === 0 ? 'missing' : this.pendingIds[operation.pending % this.pendingIds.length]!;
        const input: TransferInput = {
          id: this.pickId(operation.reuseId),
          pendingId,
          flags: operation.kind === 'post' ? { postPendingTransfer: true, linked: operation.isLinked } : { voidPendingTransfer: true, linked: operation.isLinked },
          ...(operation.amount === null ? {} : { amount: operation.amount }),
        };
        this.submitted.push(input);
        return input;
      }
      case 'retry': {
        if (this.submitted.length === 0) return this.build({ kind: 'post', pending: 0, amount: null, isLinked: operation.isLinked, reuseId: null });
        const original = this.submitted[operation.which % this.submitted.length]!;
        return original;
      }
    }
  }
}

function fundedState(): LedgerState {
  const state = createLedgerState();
  createAccounts(state, ACCOUNTS, T0);
  const funding: TransferInput[] = [
    { id: 'fund-u-pool', debitAccountId: 'u-source', creditAccountId: 'u-pool', amount: 200n, dimension: 'units', code: 'quota-issuance' },
    { id: 'fund-u-licence', debitAccountId: 'u-pool', creditAccountId: 'u-licence', amount: 100n, dimension: 'units', code: 'licence-issuance' },
    { id: 'fund-t-pool', debitAccountId: 't-source', creditAccountId: 't-pool', amount: 200n, dimension: 'tpp', code: 'quota-issuance' },
    { id: 'fund-t-licence', debitAccountId: 't-pool', creditAccountId: 't-licence', amount: 100n, dimension: 'tpp', code: 'licence-issuance' },
  ];
  expect(createTransfers(state, funding, T0).results.every((result) => result === 'ok')).toBe(true);
  return state;
}

function snapshot(state: LedgerState): string {
  return [...listAccounts(state)].map((account) => `${account.id}:${account.debitsPending}/${account.debitsPosted}/${account.creditsPending}/${account.creditsPosted}`).join(' ');
}

/** The invariants that must hold after every operation, checked directly on the state. */
function expectInvariants(state: LedgerState): void {
  const sums = new Map(DIMENSIONS.map((dimension) => [dimension, { pending: 0n, posted: 0n }]));
  for (const account of listAccounts(state)) {
    for (const total of [account.debitsPending, account.debitsPosted, account.creditsPending, account.creditsPosted]) {
      expect(total >= 0n && total <= AMOUNT_MAX).toBe(true);
    }
    if (account.flags.debitsMustNotExceedCredits) expect(account.debitsPending + account.debitsPosted <= account.creditsPosted).toBe(true);
    if (account.flags.creditsMustNotExceedDebits) expect(account.creditsPending + account.creditsPosted <= account.debitsPosted).toBe(true);
    const sum = sums.get(account.dimension)!;
    sum.pending += account.debitsPending - account.creditsPending;
    sum.posted += account.debitsPosted - account.creditsPosted;
  }
  for (const sum of sums.values()) expect(sum).toEqual({ pending: 0n, posted: 0n });
  const verification = verifyLedger(listAccounts(state), listTransfers(state));
  expect(verification).toMatchObject({ ok: true });
}

/** Each linked chain of the batch is accepted whole or not at all. */
function expectChainsAtomic(batch: readonly TransferInput[], results: readonly TransferResult[]): void {
  let chain: number[] = [];
  for (let index = 0; index < batch.length; index++) {
    chain.push(index);
    const isLinked = batch[index]!.flags?.linked === true;
    if (!isLinked || index === batch.length - 1) {
      const accepted = chain.map((member) => isTransferAccepted(results[member]!));
      if (isLinked) expect(accepted.every((value) => !value)).toBe(true); // open chain at the end
      else expect(accepted.every((value) => value) || accepted.every((value) => !value)).toBe(true);
      chain = [];
    }
  }
}

function runBatch(state: LedgerState, batch: readonly TransferInput[], now: number): TransferResult[] {
  const statusesBefore = batch.map((input) => (input.pendingId === undefined ? undefined : getPendingStatus(state, input.pendingId)));
  const idsBefore = new Set(listTransfers(state).map((transfer) => transfer.id));
  const outcome = createTransfers(state, batch, now);
  expect(outcome.results).toHaveLength(batch.length);
  // Exactly the `ok` transfers are new records, and the changed accounts are exactly theirs.
  expect(outcome.newTransfers).toHaveLength(outcome.results.filter((result) => result === 'ok').length);
  const touched = new Set(outcome.newTransfers.flatMap((transfer) => [transfer.debitAccountId, transfer.creditAccountId]));
  expect(new Set(outcome.changedAccountIds)).toEqual(touched);
  expect(outcome.changedAccountIds).toHaveLength(touched.size);
  expectChainsAtomic(batch, outcome.results);
  batch.forEach((input, index) => {
    // A pending transfer resolved before the batch is never resolved again by a new transfer.
    const statusBefore = statusesBefore[index];
    if (statusBefore !== undefined && statusBefore !== 'pending' && !idsBefore.has(input.id)) expect(outcome.results[index]).not.toBe('ok');
    // Whatever the ledger accepted is in it under that id, with the dimension of its accounts.
    if (outcome.results[index] === 'ok') {
      const record = outcome.newTransfers.find((transfer) => transfer.id === input.id);
      expect(record).toBeDefined();
      expect(DIMENSION_OF.get(record!.debitAccountId)).toBe(record!.dimension);
    }
  });
  return outcome.results;
}

describe('ledger invariants over random operation sequences', () => {
  it('keeps limits, zero sums, idempotent retries, single resolution and a verifiable log', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 12 }), (steps) => {
        const state = fundedState();
        const scenario = new Scenario();
        let now = T0;
        for (const step of steps) {
          const batch = step.operations.map((operation) => scenario.build(operation));
          const results = runBatch(state, batch, now);
          expectInvariants(state);

          if (step.isRetried) {
            const before = snapshot(state);
            const retryResults = runBatch(state, batch, now);
            // Everything accepted the first time is acknowledged, not applied again.
            results.forEach((result, index) => {
              if (isTransferAccepted(result)) expect(retryResults[index]).toBe('exists');
            });
            if (!retryResults.includes('ok')) expect(snapshot(state)).toBe(before);
            expectInvariants(state);
          }

          now += step.advanceMs;
          if (step.expireLimit !== null) {
            const expiry = expirePendingTransfers(state, now, step.expireLimit);
            expect(expiry.newTransfers.length).toBeLessThanOrEqual(step.expireLimit);
            for (const record of expiry.newTransfers) {
              expect(record.flags.expiry && record.flags.voidPendingTransfer).toBe(true);
              expect(getPendingStatus(state, record.pendingId!)).toBe('expired');
            }
            if (!expiry.hasMore) {
              // Nothing that lapsed by `now` is still pending.
              for (const transfer of listTransfers(state)) {
                if (transfer.flags.pending && transfer.expiresAt !== null && transfer.expiresAt <= now) {
                  expect(getPendingStatus(state, transfer.id)).not.toBe('pending');
                }
              }
            }
            expectInvariants(state);
          }
        }

        // Each pending transfer is resolved at most once in the log.
        const resolutions = new Map<string, number>();
        for (const transfer of listTransfers(state)) {
          if (transfer.pendingId !== null) resolutions.set(transfer.pendingId, (resolutions.get(transfer.pendingId) ?? 0) + 1);
        }
        for (const count of resolutions.values()) expect(count).toBe(1);

        // A ledger restored from its rows behaves exactly like the live one.
        const restored = restoreLedgerState(
          [...listAccounts(state)].map((account) => ({ ...account })),
          listTransfers(state),
        );
        for (const pendingId of scenario.pendingIds) expect(getPendingStatus(restored, pendingId)).toBe(getPendingStatus(state, pendingId));
        const probe = scenario.submitted.slice(-8);
        expect(createTransfers(restored, probe, now).results).toEqual(createTransfers(state, probe, now).results);
        expect(snapshot(restored)).toBe(snapshot(state));
      }),
      { numRuns: 150 },
    );
  });

  it('detects any tampered account total', () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { minLength: 1, maxLength: 6 }),
        fc.nat(ACCOUNTS.length - 1),
        fc.constantFrom('debitsPending', 'debitsPosted', 'creditsPending', 'creditsPosted'),
        fc.constantFrom(-2n, -1n, 1n, 2n, 1000n),
        (steps, accountIndex, field, delta) => {
          const state = fundedState();
          const scenario = new Scenario();
          let now = T0;
          for (const step of steps) {
            createTransfers(state, step.operations.map((operation) => scenario.build(operation)), now);
            now += step.advanceMs;
            if (step.expireLimit !== null) expirePendingTransfers(state, now, step.expireLimit);
          }
          const accounts: Account[] = [...listAccounts(state)].map((account) => ({ ...account }));
          const target = accounts[accountIndex]!;
          target[field] = target[field] + delta;
          const verification = verifyLedger(accounts, listTransfers(state));
          expect(verification.ok).toBe(false);
          if (!verification.ok) expect(verification.discrepancy).toMatchObject({ kind: 'account_balance_mismatch', accountId: target.id });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('detects a tampered amount on any posted transfer', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 6 }), fc.nat(), fc.constantFrom(-1n, 1n, 7n), (steps, pick, delta) => {
        const state = fundedState();
        const scenario = new Scenario();
        let now = T0;
        for (const step of steps) {
          createTransfers(state, step.operations.map((operation) => scenario.build(operation)), now);
          now += step.advanceMs;
        }
        const transfers = [...listTransfers(state)];
        const posted = transfers.map((transfer, position) => ({ transfer, position })).filter(({ transfer }) => !transfer.flags.pending && transfer.pendingId === null);
        const chosen = posted[pick % posted.length]!;
        transfers[chosen.position] = { ...chosen.transfer, amount: chosen.transfer.amount + delta };
        expect(verifyLedger(listAccounts(state), transfers).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
