/**
 * A published policy version's content by its hash, read in the caller's transaction: what other
 * modules read while they change something under that version (issuing a licence draws on the
 * version's national quota). A published version never changes, so the read needs no lock.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database-tables.js';
import type { Policy } from './policy.js';
import { findPolicyVersion } from './policy.store.js';

/** The policy of the version with this hash, or undefined when no such version is stored. */
export async function findPublishedPolicy(trx: Kysely<Database>, hash: string): Promise<Policy | undefined> {
  return (await findPolicyVersion(trx, hash))?.policy;
}
