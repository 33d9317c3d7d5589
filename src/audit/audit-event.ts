/**
 * The audit log: every state change, with actor, time and before/after, hash-chained. This file is
 * pure: the closed catalogue of event types and the hash rule, which `gatehouse audit verify` and
 * any outside auditor can reimplement from this description:
 *
 *   hash = SHA-256( previousHash + "\n" + JSON.stringify([sequence, id, occurredAt, actorId,
 *                   actorRole, eventType, subjectType, subjectId, beforeJson, afterJson]) )
 *
 * where beforeJson and afterJson are the stored JSON texts (or null) and the first entry's
 * previousHash is 64 zeros. Hashing the stored text itself means changing any byte of a stored
 * entry breaks the chain at that entry.
 */
import { hash } from 'node:crypto';

/** Closed: an event type not listed here cannot be written. Add, never rename. */
export const AUDIT_EVENT_TYPES = [
  'item.created',
  'item.updated',
  'organisation.created',
  'organisation.updated',
  'facility.created',
  'facility.updated',
  'fleet-declaration.created',
  'fleet-declaration.updated',
  'registry.imported',
  'demo.seeded',
  'application.created',
  'application.updated',
  'application.submitted',
  'application.taken-for-review',
  'application.information-requested',
  'application.recommended',
  'application.first-approval',
  'application.decided',
  'application.withdrawn',
  'policy.published',
  'hold.placed',
  'hold.lifted',
  'user.created',
  'api-token.created',
  'api-token.revoked',
  'user.password-set',
  'session.started',
  'session.ended',
  'licence.issued',
  'licence.amended',
  'licence.suspended',
  'licence.reinstated',
  'licence.revoked',
  'licence.expired',
  'round.opened',
  'round.previewed',
  'round.committed',
  'round.withdrawal',
  'round.rerun',
  'round.cancelled',
  'ledger.accounts-created',
  'ledger.transfers-committed',
  'shipment.shipped',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const GENESIS_HASH = '0'.repeat(64);

/** What a use case records; the audit module adds sequence, id, time, actor and the chain. */
export interface AuditEvent {
  eventType: AuditEventType;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  sequence: number;
  id: string;
  occurredAt: string;
  actorId: string;
  actorRole: string;
  eventType: string;
  subjectType: string;
  subjectId: string;
  beforeJson: string | null;
  afterJson: string | null;
  previousHash: string;
  hash: string;
}

export type UnhashedAuditEntry = Omit<AuditEntry, 'hash'>;

export function hashAuditEntry(entry: UnhashedAuditEntry): string {
  const body = JSON.stringify([
    entry.sequence,
    entry.id,
    entry.occurredAt,
    entry.actorId,
    entry.actorRole,
    entry.eventType,
    entry.subjectType,
    entry.subjectId,
    entry.beforeJson,
    entry.afterJson,
  ]);
  return hash('sha256', `${entry.previousHash}\n${body}`, 'hex');
}

export function toStoredJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export type ChainBreak =
  | { reason: 'sequence_gap'; sequence: number; expectedSequence: number }
  | { reason: 'previous_hash_mismatch'; sequence: number; id: string }
  | { reason: 'hash_mismatch'; sequence: number; id: string }
  | { reason: 'head_mismatch'; sequence: number };

/**
 * Checks one page of the chain, continuing from `previousHash` and `previousSequence`. Returns the
 * first break, or the hash and sequence to continue the next page from.
 */
export function verifyChainSegment(
  entries: readonly AuditEntry[],
  previousHash: string,
  previousSequence: number,
): { ok: true; lastHash: string; lastSequence: number } | { ok: false; break: ChainBreak } {
  let runningHash = previousHash;
  let runningSequence = previousSequence;
  for (const entry of entries) {
    if (entry.sequence !== runningSequence + 1) {
      return { ok: false, break: { reason: 'sequence_gap', sequence: entry.sequence, expectedSequence: runningSequence + 1 } };
    }
    if (entry.previousHash !== runningHash) {
      return { ok: false, break: { reason: 'previous_hash_mismatch', sequence: entry.sequence, id: entry.id } };
    }
    if (hashAuditEntry(entry) !== entry.hash) {
      return { ok: false, break: { reason: 'hash_mismatch', sequence: entry.sequence, id: entry.id } };
    }
    runningHash = entry.hash;
    runningSequence = entry.sequence;
  }
  return { ok: true, lastHash: runningHash, lastSequence: runningSequence };
}

export function describeChainBreak(chainBreak: ChainBreak): string {
  switch (chainBreak.reason) {
    case 'sequence_gap':
      return `entry ${chainBreak.expectedSequence} is missing (next stored entry is ${chainBreak.sequence})`;
    case 'previous_hash_mismatch':
      return `entry ${chainBreak.sequence} (${chainBreak.id}) does not link to the entry before it`;
    case 'hash_mismatch':
      return `entry ${chainBreak.sequence} (${chainBreak.id}) was altered: its hash does not match its content`;
    case 'head_mismatch':
      return `the chain ends at entry ${chainBreak.sequence} but the recorded head says otherwise (entries removed from the end?)`;
  }
}
