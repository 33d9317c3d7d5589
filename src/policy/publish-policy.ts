/**
 * Use case: a policy-admin publishes a policy document as an immutable version, identified by the
 * SHA-256 of its canonical form. Publishing the same content again returns the version already
 * stored (a retry is harmless). A version is never edited: a change is a new version, effective
 * no earlier than the latest version of the same policy line, so history is never rewritten.
 */
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../audit/index.js';
import type { Database } from '../platform/database-tables.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { canonicalPolicyJson } from './canonical-policy.js';
import { policyHash } from './compute-policy-hash.js';
import { parsePolicyDocument } from './policy-document.js';
import type { Policy } from './policy.js';
import { findLatestVersionOfLine, findPolicyVersion, insertPolicyVersion, type PolicyVersion } from './policy.store.js';
import type { DocumentIssue } from './source-document.js';

/** A document larger than this is not a policy; refusing it early keeps parsing bounded. */
export const POLICY_TEXT_CHARACTERS_MAX = 1_000_000;

export interface PublishedPolicy {
  version: PolicyVersion;
  /** False when the same content was already published (the stored version is returned). */
  isNew: boolean;
}

export function validatePolicyText(text: string): { ok: true; value: Policy } | { ok: false; issues: DocumentIssue[] } {
  if (text.length > POLICY_TEXT_CHARACTERS_MAX) {
    return { ok: false, issues: [{ line: 1, column: 1, field: '(document)', reason: `is longer than ${POLICY_TEXT_CHARACTERS_MAX} characters` }] };
  }
  return parsePolicyDocument(text);
}

export function invalidPolicy(issues: readonly DocumentIssue[]): DomainError {
  const first = issues[0]!;
  return new DomainError('invalid_policy', `line ${first.line}: ${first.field}: ${first.reason}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, {
    field: first.field,
    extensions: { errors: issues.slice(0, 50).map((issue) => ({ line: issue.line, column: issue.column, field: issue.field, message: issue.reason })) },
  });
}

export async function publishPolicy(context: AppContext, actor: Actor, text: string): Promise<PublishedPolicy> {
  authorise(actor, 'policy.publish');
  const parsed = validatePolicyText(text);
  if (!parsed.ok) throw invalidPolicy(parsed.issues);
  return inTransaction(context, (trx) => addPolicyVersion(trx, actor, context.clock.now(), text, parsed.value));
}

/** The publication itself, inside the caller's transaction (the demo seeds with it). */
export async function addPolicyVersion(trx: Kysely<Database>, actor: Actor, now: Date, text: string, policy: Policy): Promise<PublishedPolicy> {
  const hash = policyHash(policy);
  const existing = await findPolicyVersion(trx, hash);
  if (existing !== undefined) return { version: existing, isNew: false };
  const latest = await findLatestVersionOfLine(trx, policy.id);
  if (latest !== undefined && policy.effectiveFrom < latest.effectiveFrom) {
    throw new DomainError('policy_superseded', `version ${latest.hash.slice(0, 12)} of ${policy.id} is effective from ${latest.effectiveFrom}; a new version cannot take effect earlier (${policy.effectiveFrom})`, {
      field: 'effectiveFrom',
    });
  }
  const version: PolicyVersion = {
    hash,
    policyId: policy.id,
    title: policy.title,
    effectiveFrom: policy.effectiveFrom,
    periodStart: policy.period.start,
    periodEnd: policy.period.end,
    policy: JSON.parse(canonicalPolicyJson(policy)) as PolicyVersion['policy'],
    sourceText: text,
    publishedAt: now.toISOString(),
    publishedBy: actor.id,
  };
  await insertPolicyVersion(trx, version, canonicalPolicyJson(policy));
  await recordAuditEvent(trx, actor, now, {
    eventType: 'policy.published',
    subjectType: 'policy-version',
    subjectId: hash,
    before: latest === undefined ? null : { hash: latest.hash, effectiveFrom: latest.effectiveFrom },
    after: { hash, policyId: policy.id, title: policy.title, effectiveFrom: policy.effectiveFrom },
  });
  return { version, isNew: true };
}
