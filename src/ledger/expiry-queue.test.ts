import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createExpiryQueue, expiryQueueSize, peekExpiresAt, peekTransferId, popExpiry, pushExpiry } from './expiry-queue.js';

describe('expiry queue', () => {
  it('returns entries by time, ties in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const queue = createExpiryQueue();
        times.forEach((time, position) => pushExpiry(queue, time, `t${position}`));
        const expected = times.map((time, position) => ({ time, id: `t${position}`, position })).sort((a, b) => a.time - b.time || a.position - b.position);
        const popped: { time: number; id: string }[] = [];
        while (expiryQueueSize(queue) > 0) {
          popped.push({ time: peekExpiresAt(queue)!, id: peekTransferId(queue) });
          popExpiry(queue);
        }
        expect(popped).toEqual(expected.map(({ time, id }) => ({ time, id })));
        expect(peekExpiresAt(queue)).toBeNull();
      }),
    );
  });

  it('refuses to pop an empty queue', () => {
    expect(() => popExpiry(createExpiryQueue())).toThrow(RangeError);
  });
});
