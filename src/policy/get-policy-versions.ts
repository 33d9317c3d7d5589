/**
 * Use cases that read policy versions: list, one by hash, the one in force now (with the holds
 * placed since it was published), and what changed between two versions.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { compilePolicy, type CompiledPolicy } from './compiled-policy.js';
import { diffPolicies, type PolicyChange } from './policy-diff.js';
import type { Hold } from './policy.js';
import { findPolicyVersion, findVersionInForce, listHolds, listPolicyVersions, type PlacedHold, type PolicyVersion } from './policy.store.js';

export interface PolicyInForce {
  version: PolicyVersion;
  /** The version's own holds and those placed since; a lifted hold ends when it was lifted. */
  holds: Hold[];
  compiled: CompiledPolicy;
}

export async function listPolicies(context: AppContext, actor: Actor, request: { limit: number; before?: string | undefined }): Promise<PolicyVersion[]> {
  authorise(actor, 'policy.read');
  return listPolicyVersions(context.database.db, request.limit, request.before);
}

export async function getPolicyVersion(context: AppContext, actor: Actor, hash: string): Promise<PolicyVersion> {
  authorise(actor, 'policy.read');
  const version = await findPolicyVersion(context.database.db, hash);
  if (version === undefined) throw new DomainError('policy_not_found', `no policy version ${hash}`, { field: 'hash' });
  return version;
}

/**
 * The policy in force at the clock's now, compiled for evaluation. Holds placed between versions
 * are added to the version's own; the evaluation then cites them like any other hold.
 */
export async function getPolicyInForce(context: AppContext, actor: Actor): Promise<PolicyInForce> {
  authorise(actor, 'policy.read');
  const now = context.clock.now();
  const version = await findVersionInForce(context.database.db, now.toISOString().slice(0, 10));
  if (version === undefined) throw new DomainError('no_policy_in_force', `no published policy is in force on ${now.toISOString().slice(0, 10)}`);
  const placed = (await listHolds(context.database.db, version.policyId)).filter(isEffective).map(asHold);
  return { version, holds: [...version.policy.holds, ...placed], compiled: compilePolicy(version.policy, version.hash, { placedHolds: placed }) };
}

export async function diffPolicyVersions(context: AppContext, actor: Actor, fromHash: string, toHash: string): Promise<PolicyChange[]> {
  const [from, to] = [await getPolicyVersion(context, actor, fromHash), await getPolicyVersion(context, actor, toHash)];
  return diffPolicies(from.policy, to.policy);
}

/** A hold lifted before it started never took effect. */
function isEffective(hold: PlacedHold): boolean {
  return hold.until === null || hold.from < hold.until;
}

function asHold(hold: PlacedHold): Hold {
  return { id: hold.id, kind: hold.kind, scope: hold.scope, from: hold.from, until: hold.until, reasonCode: hold.reasonCode, reason: hold.reason, reasonChinese: hold.reasonChinese, placedBy: hold.placedBy };
}
