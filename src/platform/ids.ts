import { randomFillSync } from 'node:crypto';

/**
 * Identifiers are made in code and ordered by time (UUID version 7, RFC 9562): a client can choose
 * one before a retry, and rows sorted by id are sorted by creation. A few lines do not justify a
 * dependency. Random bytes are drawn from the system generator in pools, since one system call per
 * id costs more than everything else an audit entry needs.
 */
const POOL_IDS = 1_024;
const pool = Buffer.alloc(16 * POOL_IDS);
let poolOffset = pool.length;
const HEX: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function newId(now: Date = new Date()): string {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += 16;
  const milliseconds = now.getTime();
  // 48-bit big-endian milliseconds: the high 16 bits and the low 32 bits separately, so that no
  // intermediate value exceeds what a double holds exactly.
  const high = Math.floor(milliseconds / 2 ** 32);
  const low = milliseconds >>> 0;
  const bytes = [
    (high >>> 8) & 0xff,
    high & 0xff,
    (low >>> 24) & 0xff,
    (low >>> 16) & 0xff,
    (low >>> 8) & 0xff,
    low & 0xff,
    (pool[start + 6]! & 0x0f) | 0x70, // version 7
    pool[start + 7]!,
    (pool[start + 8]! & 0x3f) | 0x80, // RFC 9562 variant
    pool[start + 9]!,
    pool[start + 10]!,
    pool[start + 11]!,
    pool[start + 12]!,
    pool[start + 13]!,
    pool[start + 14]!,
    pool[start + 15]!,
  ];
  let text = '';
  for (let index = 0; index < 16; index += 1) {
    if (index === 4 || index === 6 || index === 8 || index === 10) text += '-';
    text += HEX[bytes[index]!]!;
  }
  return text;
}

export const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
