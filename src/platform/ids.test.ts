import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './ids.js';

describe('newId (UUID version 7)', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the time in its first 48 bits', () => {
    const at = new Date('2026-03-01T09:00:00.123Z');
    const id = newId(at);
    expect(id).toMatch(new RegExp(ID_PATTERN));
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('sorts by creation time and never repeats', () => {
    const ids = Array.from({ length: 5_000 }, (_, index) => newId(new Date(1_700_000_000_000 + index)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
