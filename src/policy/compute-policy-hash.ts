/**
 * The identity of a policy version: the SHA-256 of its canonical JSON (canonical-policy.ts), in
 * lower-case hex. Kept apart from the pure files because it uses node:crypto; the file name
 * follows the verb-noun pattern that the dependency rules allow to do so.
 */
import { createHash } from 'node:crypto';
import { canonicalPolicyJson } from './canonical-policy.js';
import type { Policy } from './policy.js';

export function policyHash(policy: Policy): string {
  return createHash('sha256').update(canonicalPolicyJson(policy), 'utf8').digest('hex');
}
