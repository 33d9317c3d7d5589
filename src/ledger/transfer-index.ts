/**
 * The ledger's index of transfers by id, with each pending transfer's status beside it. Pure.
 *
 * Why not a Map: measured on the 2-core machine this project targets, a V8 Map keyed by string
 * ids costs 0.4–1.2 µs per insert once it holds about a million transfers (each lookup walks a
 * bucket chain through cold memory, and every growth re-inserts every entry), which alone
 * exceeds the engine's budget of 1 µs per transfer. This index is an open-addressing table with
 * linear probing over one Int32Array of (entry, hash) pairs: the entry is the record's position
 * plus one (so that zero means empty), the hash is the 32-bit hash of its id. A probe finds both
 * in one cache line and reads a record only on a hash match, and growth never re-hashes a string.
 *
 * Records are kept in commit order in `records`; `statuses` holds, per record, whether it is a
 * pending transfer and where it stands. Removal is only of the newest record (a rolled-back
 * linked chain), which keeps positions stable and commit order intact.
 *
 * The hash is FNV-1a over UTF-16 code units: fast, not keyed. Ids chosen to collide could make
 * probes long; the API should issue ids itself or accept only UUIDv7/ULID shapes (docs/ledger.md).
 */
import { assert } from '../platform/assert.js';
import type { Transfer } from './transfer.js';

/** Status of the record at a position: not a pending transfer, or a pending one's state. */
export const STATUS_NOT_PENDING = 0;
export const STATUS_PENDING = 1;
export const STATUS_POSTED = 2;
export const STATUS_VOIDED = 3;
export const STATUS_EXPIRED = 4;

/**
 * The most transfers one in-memory index holds (2^27, about 134 million): the slot table then
 * take 2 GiB. A durable writer keeps a working set far below this and reads older transfers from
 * its store when a batch names them.
 */
export const TRANSFER_INDEX_CAPACITY_MAX = 2 ** 27;

const INITIAL_SLOT_COUNT = 1024;

export interface TransferIndex {
  /**
   * Two numbers per slot: at 2 × slot the record position + 1 (0 marks an empty slot), at
   * 2 × slot + 1 the id hash of that record. The slot count is a power of two.
   */
  table: Int32Array;
  /** The slot count minus one. */
  mask: number;
  /** Every transfer, in commit order. */
  readonly records: Transfer[];
  /** One STATUS_* per record position. */
  statuses: Uint8Array;
}

export function createTransferIndex(): TransferIndex {
  return {
    table: new Int32Array(2 * INITIAL_SLOT_COUNT),
    mask: INITIAL_SLOT_COUNT - 1,
    records: [],
    statuses: new Uint8Array(INITIAL_SLOT_COUNT / 2),
  };
}

/** FNV-1a, 32 bits, over the id's UTF-16 code units. */
export function hashTransferId(id: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let position = 0; position < id.length; position++) {
    hash = Math.imul(hash ^ id.charCodeAt(position), 0x01000193);
  }
  return hash | 0;
}

/** The position of the transfer with this id, or −1. `hash` must be hashTransferId(id). */
export function findTransferPosition(index: TransferIndex, id: string, hash: number): number {
  const table = index.table;
  const mask = index.mask;
  // Bounded: the table is at most half full, so an empty slot always ends the probe.
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = table[2 * slot]!;
    if (entry === 0) return -1;
    if (table[2 * slot + 1] === hash && index.records[entry - 1]!.id === id) return entry - 1;
  }
}

export function transferCount(index: TransferIndex): number {
  return index.records.length;
}

export function transferAt(index: TransferIndex, position: number): Transfer {
  const record = index.records[position];
  assert(record !== undefined, 'transfer position is in range');
  return record;
}

/**
 * Adds a transfer whose id is not in the index yet (the caller looked it up) and returns its
 * position. `status` is STATUS_PENDING for a pending transfer, STATUS_NOT_PENDING otherwise.
 */
export function appendTransfer(index: TransferIndex, record: Transfer, hash: number, status: number): number {
  const position = index.records.length;
  if ((position + 1) * 2 > index.mask + 1) grow(index);
  const table = index.table;
  const mask = index.mask;
  let slot = hash & mask;
  while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
  table[2 * slot] = position + 1;
  table[2 * slot + 1] = hash;
  index.records.push(record);
  index.statuses[position] = status;
  return position;
}

function grow(index: TransferIndex): void {
  const slotCount = (index.mask + 1) * 2;
  assert(slotCount / 2 <= TRANSFER_INDEX_CAPACITY_MAX, 'transfer index is full (TRANSFER_INDEX_CAPACITY_MAX)');
  const oldTable = index.table;
  const table = new Int32Array(2 * slotCount);
  const mask = slotCount - 1;
  for (let oldSlot = 0; 2 * oldSlot < oldTable.length; oldSlot++) {
    const entry = oldTable[2 * oldSlot]!;
    if (entry === 0) continue;
    const hash = oldTable[2 * oldSlot + 1]!;
    let slot = hash & mask;
    while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
    table[2 * slot] = entry;
    table[2 * slot + 1] = hash;
  }
  const statuses = new Uint8Array(slotCount / 2);
  statuses.set(index.statuses);
  index.table = table;
  index.mask = mask;
  index.statuses = statuses;
}

/**
 * Removes the newest transfer, which must have this id (a linked chain rolls back newest first).
 * Uses backward-shift deletion, so linear probing needs no tombstones. With newest-first removal
 * an entry rarely (perhaps never) has to move, but the general algorithm is kept so that
 * correctness does not rest on that subtle property of growth order.
 */
export function removeNewestTransfer(index: TransferIndex, id: string): void {
  const position = index.records.length - 1;
  assert(position >= 0 && index.records[position]!.id === id, 'only the newest transfer is removed');
  const table = index.table;
  const mask = index.mask;
  let slot = hashTransferId(id) & mask;
  while (table[2 * slot] !== position + 1) {
    assert(table[2 * slot] !== 0, 'the newest transfer is in the index');
    slot = (slot + 1) & mask;
  }
  // Close the gap: move back each following entry whose ideal slot is not in (gap, entry].
  let gap = slot;
  for (let next = (gap + 1) & mask; table[2 * next] !== 0; next = (next + 1) & mask) {
    const ideal = table[2 * next + 1]! & mask;
    const staysPut = gap <= next ? gap < ideal && ideal <= next : gap < ideal || ideal <= next;
    if (staysPut) continue;
    table[2 * gap] = table[2 * next]!;
    table[2 * gap + 1] = table[2 * next + 1]!;
    gap = next;
  }
  table[2 * gap] = 0;
  table[2 * gap + 1] = 0;
  index.statuses[position] = STATUS_NOT_PENDING;
  index.records.pop();
}

export function statusAt(index: TransferIndex, position: number): number {
  return index.statuses[position]!;
}

export function setStatusAt(index: TransferIndex, position: number, status: number): void {
  index.statuses[position] = status;
}
