/**
 * Which transfers share a row of the log: every movement the flows build (a units transfer and
 * its TPP twin) does, in a chain too, and nothing else does; a twin rebuilt from its row is the
 * transfer the engine made, field for field.
 */
import { describe, expect, it } from 'vitest';
import { createAccounts, createLedgerState, createTransfers } from './ledger-engine.js';
import { licenceAccounts, quotaScopeAccounts } from './chart-of-accounts.js';
import { amountsFor, cancelReservationTransfers, issueLicenceTransfers, issueQuotaTransfers, linkedChain, reserveTransfers, shipTransfers } from './ledger-flows.js';
import { isTwinOf, movementIdOfPair, movementRowsOf, twinFromRow, twinIdOf, unitsIdOfTwin } from './movement-rows.js';
import { transferFlagBits, type Transfer, type TransferInput } from './transfer.js';

const NOW = Date.parse('2026-03-01T09:00:00.000Z');
const TPP = 15_832n;

/** The transfers the engine makes of these inputs, each batch applied in turn. */
function made(...batches: TransferInput[][]): Transfer[] {
  const state = createLedgerState();
  createAccounts(state, [...quotaScopeAccounts('scope'), ...licenceAccounts('L1')], NOW);
  const transfers: Transfer[] = [];
  for (const batch of batches) {
    const outcome = createTransfers(state, batch, NOW);
    expect(outcome.results.every((result) => result === 'ok')).toBe(true);
    transfers.push(...outcome.newTransfers);
  }
  return transfers;
}

const quota = issueQuotaTransfers({ movementId: 'quota', scopeId: 'scope', amounts: amountsFor(1_000n, TPP) });
const issue = issueLicenceTransfers({ movementId: 'issue', licenceId: 'L1', source: { kind: 'pool', scopeId: 'scope' }, units: 100n, tppPerUnit: TPP });
const reserve = (id: string) => reserveTransfers({ reservationId: id, licenceId: 'L1', units: 10n, tppPerUnit: TPP, timeoutSeconds: 3_600, purchaseOrderReference: `PO-${id}` });

describe('movement rows', () => {
  it('puts each movement of the flows in one row: issue, reservation, shipment, cancellation', () => {
    const transfers = made(quota, issue, reserve('r1'), reserve('r2'), shipTransfers({ movementId: 's1', reservationId: 'r1', units: 4n, tppPerUnit: TPP }), cancelReservationTransfers({ movementId: 'c2', reservationId: 'r2' }));
    const rows = movementRowsOf(transfers);
    expect(transfers).toHaveLength(12);
    expect(rows.map((row) => [row.transfer.id, row.twin?.id])).toEqual([
      ['quota:units', 'quota:tpp'],
      ['issue:units', 'issue:tpp'],
      ['r1:units', 'r1:tpp'],
      ['r2:units', 'r2:tpp'],
      ['s1:units', 's1:tpp'],
      ['c2:units', 'c2:tpp'],
    ]);
  });

  it('pairs the movements of a linked chain, each twin keeping its own linked flag', () => {
    const chain = linkedChain([reserve('r3'), reserve('r4')]);
    const transfers = made(quota, issue, chain);
    const rows = movementRowsOf(transfers.slice(4));
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => [row.transfer.flags.linked, row.twin?.flags.linked])).toEqual([
      [true, true],
      [true, false],
    ]);
  });

  it('rebuilds a twin from its row exactly as the engine made it', () => {
    const transfers = made(quota, issue, reserve('r1'), shipTransfers({ movementId: 's1', reservationId: 'r1', units: 4n, tppPerUnit: TPP }));
    for (const row of movementRowsOf(transfers)) {
      expect(row.twin).not.toBeNull();
      expect(twinFromRow(row.transfer, { amount: row.twin!.amount, flagBits: transferFlagBits(row.twin!.flags) })).toEqual(row.twin);
    }
  });

  it('leaves a transfer alone when the next one is not its twin in every shared field', () => {
    const [units, tpp] = made(quota, issue, reserve('r1')).slice(4) as [Transfer, Transfer];
    expect(isTwinOf(units, tpp)).toBe(true);
    const unlike: Partial<Transfer>[] = [
      { id: 'other:tpp' },
      { dimension: 'units' },
      { debitAccountId: 'licence/L2/tpp' },
      { creditAccountId: 'shipped/L2/tpp' },
      { pendingId: 'r0:tpp' },
      { code: 'delivery' },
      { timeoutSeconds: 60 },
      { expiresAt: NOW },
      { licenceId: 'L2' },
      { purchaseOrderReference: 'PO-other' },
      { reference: 'vendor' },
      { timestamp: NOW + 1 },
      { flags: { ...tpp.flags, pending: false } },
    ];
    for (const change of unlike) {
      const other = { ...tpp, ...change };
      expect(isTwinOf(units, other), JSON.stringify(change)).toBe(false);
      expect(movementRowsOf([units, other]).map((row) => row.twin)).toEqual([null, null]);
    }
    // In the wrong order, or a units transfer followed by another units transfer.
    expect(movementRowsOf([tpp, units]).map((row) => row.twin)).toEqual([null, null]);
    expect(movementRowsOf([units, units]).map((row) => row.twin)).toEqual([null, null]);
  });

  it('names the twin and the units row of an id only for the ids of a movement', () => {
    expect(twinIdOf('r1:units')).toBe('r1:tpp');
    expect(twinIdOf('r1:tpp')).toBeNull();
    expect(unitsIdOfTwin('r1:tpp')).toBe('r1:units');
    expect(unitsIdOfTwin('r1:units')).toBeNull();
    expect(unitsIdOfTwin('plain')).toBeNull();
  });

  it('names a pair of ids by its movement only when they are exactly a units transfer then its twin', () => {
    expect(movementIdOfPair(['r1:units', 'r1:tpp'])).toBe('r1');
    expect(movementIdOfPair(['a:b:units', 'a:b:tpp'])).toBe('a:b');
    expect(movementIdOfPair(['r1:tpp', 'r1:units'])).toBeNull();
    expect(movementIdOfPair(['r1:units', 'r2:tpp'])).toBeNull();
    expect(movementIdOfPair(['r1:units'])).toBeNull();
    expect(movementIdOfPair([])).toBeNull();
    expect(movementIdOfPair(['r1:units', 'r1:tpp', 'r2:units'])).toBeNull();
    expect(movementIdOfPair(['x', 'x:tpp'])).toBeNull();
  });
});
