/**
 * Use case for the evaluation: the units granted by licences issued in a period, per licence, for
 * group caps, the national quota and category budgets.
 *
 * A grant is a licence as it was issued: its quantity, at the moment it was issued. Licences later
 * revoked, expired or suspended still count, on purpose: a quota period's caps limit what the
 * regulator grants in the period, and revoking a licence does not un-grant it (otherwise revoking
 * and re-issuing could take a group past its cap). Units a revoked or expired licence never used
 * go back to the national pool through the quota ledger, which accounts for them separately.
 * Amendments do not change a licence's quantity, so they do not change its grant either.
 *
 * No actor: this is a building block of use cases that have already authorised their caller
 * (evaluating an application, previewing an allocation round). It takes a database or the
 * caller's transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database-tables.js';
import { DomainError } from '../platform/errors.js';
import { listGrants, type GrantRow } from './licensing.store.js';

export interface GrantsQuery {
  /** Start of the period, inclusive: a date (the start of that day, UTC) or an instant. */
  from: string;
  /** End of the period, exclusive: a date (the start of that day, UTC) or an instant. */
  until: string;
  /** Only licences of these organisations (e.g. every member of a group). */
  organisationIds?: readonly string[];
  /** Only licences of organisations in this category (their category today). */
  category?: string;
}

export type GrantInPeriod = GrantRow;

export async function grantsInPeriod(db: Kysely<Database>, query: GrantsQuery): Promise<GrantInPeriod[]> {
  const fromIso = instant(query.from, 'from');
  const untilIso = instant(query.until, 'until');
  if (untilIso <= fromIso || (query.organisationIds !== undefined && query.organisationIds.length === 0)) return [];
  return listGrants(db, {
    fromIso,
    untilIso,
    ...(query.organisationIds === undefined ? {} : { organisationIds: [...new Set(query.organisationIds)] }),
    ...(query.category === undefined ? {} : { category: query.category }),
  });
}

/** One spelling of an instant, so that it compares as text with the stored ones. */
function instant(text: string, field: string): string {
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const milliseconds = Date.parse(isDate ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(milliseconds) || (!isDate && !/^\d{4}-\d{2}-\d{2}T/.test(text))) {
    throw new DomainError('validation_failed', `${field} must be a date (YYYY-MM-DD) or an ISO-8601 instant, not "${text}"`, { field });
  }
  return new Date(milliseconds).toISOString();
}
