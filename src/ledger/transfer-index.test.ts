import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transfer } from './transfer.js';
import { transferFlagsFromBits } from './transfer.js';
import {
  STATUS_NOT_PENDING,
  STATUS_PENDING,
  appendTransfer,
  createTransferIndex,
  findTransferPosition,
  hashTransferId,
  removeNewestTransfer,
  statusAt,
  transferCount,
  type TransferIndex,
} from './transfer-index.js';

function record(id: string): Transfer {
  return {
    id,
    debitAccountId: 'a',
    creditAccountId: 'b',
    amount: 1n,
    pendingId: null,
    dimension: 'units',
    code: 'delivery',
    flags: transferFlagsFromBits(0),
    timeoutSeconds: 0,
    expiresAt: null,
    licenceId: null,
    purchaseOrderReference: null,
    reference: null,
    timestamp: 0,
  };
}

function find(index: TransferIndex, id: string): number {
  return findTransferPosition(index, id, hashTransferId(id));
}

/** Ids whose hashes share their low bits, so they collide in a table of 1,024 slots. */
function collidingIds(count: number): string[] {
  const byBucket = new Map<number, string[]>();
  for (let candidate = 0; ; candidate++) {
    const id = `c${candidate}`;
    const bucket = hashTransferId(id) & 1023;
    const ids = byBucket.get(bucket) ?? [];
    ids.push(id);
    byBucket.set(bucket, ids);
    if (ids.length === count) return ids;
  }
}

describe('transfer index', () => {
  it('finds what was appended, in commit order, through a run of colliding ids', () => {
    const index = createTransferIndex();
    const ids = collidingIds(6);
    ids.forEach((id, position) => expect(appendTransfer(index, record(id), hashTransferId(id), STATUS_NOT_PENDING)).toBe(position));
    ids.forEach((id, position) => expect(find(index, id)).toBe(position));
    expect(find(index, 'absent')).toBe(-1);
    // Remove newest first; the others stay findable after each backward shift.
    for (let remaining = ids.length; remaining > 0; remaining--) {
      removeNewestTransfer(index, ids[remaining - 1]!);
      expect(find(index, ids[remaining - 1]!)).toBe(-1);
      for (let position = 0; position < remaining - 1; position++) expect(find(index, ids[position]!)).toBe(position);
    }
    expect(transferCount(index)).toBe(0);
  });

  it('unwinds newest first after growth, keeping every other transfer findable', () => {
    const index = createTransferIndex();
    const ids = Array.from({ length: 2000 }, (_, position) => `u-${position}`);
    for (const id of ids) appendTransfer(index, record(id), hashTransferId(id), STATUS_NOT_PENDING);
    const misplaced: string[] = [];
    for (let remaining = ids.length; remaining > 0; remaining--) {
      removeNewestTransfer(index, ids[remaining - 1]!);
      for (let position = remaining - 2; position >= 0 && position >= remaining - 50; position--) {
        if (find(index, ids[position]!) !== position) misplaced.push(`${ids[position]} after removing ${ids[remaining - 1]}`);
      }
    }
    expect(misplaced).toEqual([]);
    for (let position = 0; position < ids.length; position += 97) expect(find(index, ids[position]!)).toBe(-1);
  });

  it('shifts back an entry that probed past the removed one', () => {
    // Appends and growth alone do not seem to produce this layout, so it is built by hand: R (the
    // newest, ideal slot b) sits at b + 1, and E (ideal slot b + 1) had to probe past it to b + 2.
    const index = createTransferIndex();
    const mask = index.mask;
    const idealOf = (id: string): number => hashTransferId(id) & mask;
    let e = '';
    let r = '';
    let a = '';
    for (let candidate = 0; a === '' || r === '' || e === ''; candidate++) {
      const id = `x${candidate}`;
      if (idealOf(id) === 10 && a === '') a = id;
      else if (idealOf(id) === 10 && r === '') r = id;
      else if (idealOf(id) === 11 && e === '') e = id;
    }
    index.records.push(record(a), record(e), record(r));
    const place = (slot: number, position: number, id: string): void => {
      index.table[2 * slot] = position + 1;
      index.table[2 * slot + 1] = hashTransferId(id);
    };
    place(10, 0, a);
    place(11, 2, r);
    place(12, 1, e);
    expect([find(index, a), find(index, e), find(index, r)]).toEqual([0, 1, 2]);
    removeNewestTransfer(index, r);
    expect([find(index, a), find(index, e), find(index, r)]).toEqual([0, 1, -1]);
    expect(index.table[2 * 11]).toBe(2);
    expect(index.table[2 * 12]).toBe(0);
  });

  it('refuses to remove anything but the newest transfer', () => {
    const index = createTransferIndex();
    appendTransfer(index, record('a'), hashTransferId('a'), STATUS_NOT_PENDING);
    appendTransfer(index, record('b'), hashTransferId('b'), STATUS_NOT_PENDING);
    expect(() => removeNewestTransfer(index, 'a')).toThrow(/newest/);
  });

  it('agrees with a Map over random appends and removals, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: fc.nat(3000).map((value) => ({ append: `id-${value}` })) }, { weight: 1, arbitrary: fc.constant({ append: null }) }), {
          // Long enough to grow the table twice: only after a growth can the newest transfer sit
          // inside a probe run, which is when removal has to shift entries back.
          minLength: 1200,
          maxLength: 2000,
        }),
        (operations) => {
          const index = createTransferIndex();
          const model = new Map<string, number>();
          const order: string[] = [];
          for (const operation of operations) {
            if (operation.append === null) {
              const newest = order.pop();
              if (newest === undefined) continue;
              removeNewestTransfer(index, newest);
              model.delete(newest);
            } else if (!model.has(operation.append)) {
              const pending = order.length % 2 === 0 ? STATUS_PENDING : STATUS_NOT_PENDING;
              model.set(operation.append, appendTransfer(index, record(operation.append), hashTransferId(operation.append), pending));
              order.push(operation.append);
            }
          }
          expect(transferCount(index)).toBe(model.size);
          for (const [id, position] of model) {
            expect(find(index, id)).toBe(position);
            expect(statusAt(index, position)).toBe(position % 2 === 0 ? STATUS_PENDING : STATUS_NOT_PENDING);
          }
          for (let value = 0; value < 50; value++) if (!model.has(`id-${value}`)) expect(find(index, `id-${value}`)).toBe(-1);
        },
      ),
      { numRuns: 25 },
    );
  });
});
