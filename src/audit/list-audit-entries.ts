/** Use case: an auditor reads the log, oldest first, optionally for one subject. */
import type { AppContext } from '../platform/context.js';
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AuditEntry } from './audit-event.js';
import { queryEntries } from './audit.store.js';

export interface AuditListing {
  entries: AuditEntry[];
  /** The sequence to continue after, or null at the end. */
  nextAfterSequence: number | null;
}

export async function listAuditEntries(
  context: AppContext,
  actor: Actor,
  query: { subjectType?: string; subjectId?: string; afterSequence?: number; limit: number },
): Promise<AuditListing> {
  authorise(actor, 'audit.read');
  const rows = await queryEntries(context.database.db, { ...query, afterSequence: query.afterSequence ?? 0, limit: query.limit + 1 });
  const hasMore = rows.length > query.limit;
  const entries = hasMore ? rows.slice(0, query.limit) : rows;
  return { entries, nextAfterSequence: hasMore ? (entries.at(-1)?.sequence ?? null) : null };
}

/**
 * The history of some subjects (an application and its licence, say), oldest first, for a
 * timeline. The caller has already decided the actor may see those subjects.
 */
export async function readSubjectTimeline(context: AppContext, subjects: readonly { subjectType: string; subjectId: string }[], limit: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (const subject of subjects) entries.push(...(await queryEntries(context.database.db, { ...subject, afterSequence: 0, limit })));
  return entries.sort((left, right) => left.sequence - right.sequence).slice(0, limit);
}
