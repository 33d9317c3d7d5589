/**
 * SHA-256 hashes that tie a published result to its input: inputHash over the canonical JSON of
 * the problem as submitted, resultHash over the canonical JSON of the whole report except
 * resultHash itself (so it covers inputHash too). Lower-case hex. Not pure (node:crypto), which is
 * why it lives apart from the allocator.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export function hashCanonicalJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
