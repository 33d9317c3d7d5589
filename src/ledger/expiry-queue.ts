/**
 * The pending transfers that have a timeout, ordered by when they lapse: a binary min-heap on
 * (expiresAt, insertion sequence). The sequence breaks ties, so two ledgers fed the same
 * operations expire the same transfers in the same order. Kept in three parallel arrays so that
 * queueing a reservation allocates no object. Pure.
 *
 * Entries are never removed when a reservation is posted or voided: the engine skips an entry
 * whose transfer is no longer pending when it reaches the top (lazy deletion), which keeps
 * posting and voiding cheap.
 */
export interface ExpiryQueue {
  readonly expiresAt: number[];
  readonly sequences: number[];
  readonly transferIds: string[];
  nextSequence: number;
}

export function createExpiryQueue(): ExpiryQueue {
  return { expiresAt: [], sequences: [], transferIds: [], nextSequence: 0 };
}

export function expiryQueueSize(queue: ExpiryQueue): number {
  return queue.expiresAt.length;
}

/** When the earliest entry lapses, or null when the queue is empty. */
export function peekExpiresAt(queue: ExpiryQueue): number | null {
  return queue.expiresAt.length === 0 ? null : queue.expiresAt[0]!;
}

/** The transfer id of the earliest entry; the queue must not be empty. */
export function peekTransferId(queue: ExpiryQueue): string {
  const id = queue.transferIds[0];
  if (id === undefined) throw new RangeError('expiry queue is empty');
  return id;
}

function isBefore(queue: ExpiryQueue, left: number, right: number): boolean {
  const leftAt = queue.expiresAt[left]!;
  const rightAt = queue.expiresAt[right]!;
  return leftAt < rightAt || (leftAt === rightAt && queue.sequences[left]! < queue.sequences[right]!);
}

function swap(queue: ExpiryQueue, left: number, right: number): void {
  const at = queue.expiresAt[left]!;
  queue.expiresAt[left] = queue.expiresAt[right]!;
  queue.expiresAt[right] = at;
  const sequence = queue.sequences[left]!;
  queue.sequences[left] = queue.sequences[right]!;
  queue.sequences[right] = sequence;
  const id = queue.transferIds[left]!;
  queue.transferIds[left] = queue.transferIds[right]!;
  queue.transferIds[right] = id;
}

export function pushExpiry(queue: ExpiryQueue, expiresAt: number, transferId: string): void {
  queue.expiresAt.push(expiresAt);
  queue.sequences.push(queue.nextSequence);
  queue.transferIds.push(transferId);
  queue.nextSequence += 1;
  let index = queue.expiresAt.length - 1;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (!isBefore(queue, index, parent)) break;
    swap(queue, index, parent);
    index = parent;
  }
}

/** Removes the earliest entry; the queue must not be empty. */
export function popExpiry(queue: ExpiryQueue): void {
  const last = queue.expiresAt.length - 1;
  if (last < 0) throw new RangeError('expiry queue is empty');
  swap(queue, 0, last);
  queue.expiresAt.pop();
  queue.sequences.pop();
  queue.transferIds.pop();
  const size = last;
  let index = 0;
  for (;;) {
    const left = 2 * index + 1;
    const right = left + 1;
    let smallest = index;
    if (left < size && isBefore(queue, left, smallest)) smallest = left;
    if (right < size && isBefore(queue, right, smallest)) smallest = right;
    if (smallest === index) break;
    swap(queue, index, smallest);
    index = smallest;
  }
}
