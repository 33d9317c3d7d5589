import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEntry, verifyChainSegment, type AuditEntry } from './audit-event.js';

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= length; sequence += 1) {
    const unhashed = {
      sequence,
      id: `id-${sequence}`,
      occurredAt: '2026-03-01T00:00:00.000Z',
      actorId: 'a',
      actorRole: 'operator',
      eventType: 'item.created',
      subjectType: 'item',
      subjectId: `s-${sequence}`,
      beforeJson: null,
      afterJson: JSON.stringify({ n: sequence }),
      previousHash,
    };
    const entry = { ...unhashed, hash: hashAuditEntry(unhashed) };
    entries.push(entry);
    previousHash = entry.hash;
  }
  return entries;
}

describe('audit hash chain (pure)', () => {
  it('accepts an intact chain and returns its head', () => {
    const entries = chain(5);
    expect(verifyChainSegment(entries, GENESIS_HASH, 0)).toEqual({ ok: true, lastHash: entries[4]!.hash, lastSequence: 5 });
  });

  it('hashes deterministically and differently for different content', () => {
    const [first] = chain(1);
    expect(hashAuditEntry(first!)).toBe(first!.hash);
    expect(hashAuditEntry({ ...first!, afterJson: '{"n":2}' })).not.toBe(first!.hash);
  });

  it('names the altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, afterJson: '{"n":300}' };
    expect(verifyChainSegment(entries, GENESIS_HASH, 0)).toEqual({ ok: false, break: { reason: 'hash_mismatch', sequence: 3, id: 'id-3' } });
  });

  it('notices a removed entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyChainSegment(entries, GENESIS_HASH, 0)).toEqual({ ok: false, break: { reason: 'sequence_gap', sequence: 3, expectedSequence: 2 } });
  });

  it('notices an entry recomputed but not relinked', () => {
    const entries = chain(3);
    const forged = { ...entries[1]!, afterJson: '{"forged":true}' };
    entries[1] = { ...forged, hash: hashAuditEntry(forged) };
    expect(verifyChainSegment(entries, GENESIS_HASH, 0)).toMatchObject({ ok: false, break: { reason: 'previous_hash_mismatch', sequence: 3 } });
  });
});
