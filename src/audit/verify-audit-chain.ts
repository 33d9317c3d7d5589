/**
 * Walks the whole chain in pages and reports the first entry that breaks it: a changed byte, a
 * removed or inserted entry, or entries cut from the end (the head row remembers the last one).
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { DatabaseHandle } from '../platform/database.js';
import { GENESIS_HASH, verifyChainSegment, type AuditEntry, type ChainBreak } from './audit-event.js';
import { readChainHead, readEntryPagesForVerification } from './audit.store.js';

const PAGE_ROWS = 5_000;

export type ChainVerification = { ok: true; entries: number; headHash: string } | { ok: false; entries: number; break: ChainBreak };

export async function verifyAuditChain(database: Pick<DatabaseHandle, 'db' | 'sqlite'>, actor: Actor): Promise<ChainVerification> {
  authorise(actor, 'audit.read');
  const head = await readChainHead(database.db);
  let lastHash = GENESIS_HASH;
  let lastSequence = 0;
  // `for await` walks a synchronous iterable (the SQLite fast path) as well as an asynchronous one.
  const pages = readEntryPagesForVerification(database.sqlite, database.db, PAGE_ROWS) as AsyncIterable<AuditEntry[]>;
  for await (const page of pages) {
    const checked = verifyChainSegment(page, lastHash, lastSequence);
    if (!checked.ok) return { ok: false, entries: lastSequence, break: checked.break };
    lastHash = checked.lastHash;
    lastSequence = checked.lastSequence;
  }
  if (head.lastSequence !== lastSequence || head.lastHash !== lastHash) {
    return { ok: false, entries: lastSequence, break: { reason: 'head_mismatch', sequence: lastSequence } };
  }
  return { ok: true, entries: lastSequence, headHash: lastHash };
}
