import { randomBytes } from 'node:crypto';

/**
 * Identifiers are made in code and ordered by time (UUID version 7, RFC 9562): a client can choose
 * one before a retry, and rows sorted by id are sorted by creation. Ten lines do not justify a
 * dependency.
 */
export function newId(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  const milliseconds = BigInt(now.getTime());
  for (let index = 0; index < 6; index += 1) {
    bytes[index] = Number((milliseconds >> BigInt(8 * (5 - index))) & 0xffn);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
