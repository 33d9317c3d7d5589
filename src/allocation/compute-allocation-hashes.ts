/**
 * SHA-256 hashes that tie a published result to its input: inputHash over the canonical JSON of
 * the problem as submitted, resultHash over the canonical JSON of the whole report except
 * resultHash itself (so it covers inputHash too). Lower-case hex. Not pure (node:crypto), which is
 * why it lives apart from the allocator.
 */
import { createHash } from 'node:crypto';
import { writeCanonicalJson } from './canonical-json.js';

/** Chunks are gathered to about this size before each hash update: fewer calls, bounded memory. */
const HASH_CHUNK_CHARACTERS = 1 << 16;

export function hashCanonicalJson(value: unknown): string {
  const hash = createHash('sha256');
  let pending: string[] = [];
  let pendingLength = 0;
  writeCanonicalJson(value, (chunk) => {
    pending.push(chunk);
    pendingLength += chunk.length;
    if (pendingLength >= HASH_CHUNK_CHARACTERS) {
      hash.update(pending.join(''), 'utf8');
      pending = [];
      pendingLength = 0;
    }
  });
  hash.update(pending.join(''), 'utf8');
  return hash.digest('hex');
}
