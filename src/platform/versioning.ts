/**
 * Optimistic concurrency for versioned records: an update names the version it read; if the
 * record has moved on since, the update is refused rather than silently overwriting a colleague.
 */
import { DomainError } from './errors.js';

export interface Versioned {
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function ensureVersion(current: Versioned, expectedVersion: number, subject: string): void {
  if (current.version !== expectedVersion) {
    throw new DomainError('version_conflict', `the ${subject} is at version ${current.version}, not ${expectedVersion}; read it again and reapply your change`, {
      field: 'If-Match',
      extensions: { currentVersion: current.version },
    });
  }
}

/** The record after a change: the next version, stamped with the time of the change. */
export function nextVersionOf<T extends Versioned>(current: T, changes: Partial<T>, now: Date): T {
  return { ...current, ...changes, version: current.version + 1, updatedAt: now.toISOString() };
}

/** Drops keys whose value is undefined, so that a patch never erases a field it did not name. */
export function definedOnly<T extends object>(patch: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The record changed between our read and our write (another transaction won the race). */
export function concurrentChange(subject: string): DomainError {
  return new DomainError('version_conflict', `the ${subject} was changed by someone else while this change was being made; read it again`, { field: 'If-Match' });
}
