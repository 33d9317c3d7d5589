/**
 * Optimistic concurrency: every record carries a version, sent as a strong ETag. An update must
 * send If-Match with the ETag it read; a stale one is refused with 412, a missing one with 428, so
 * that two officers editing the same record never overwrite each other silently.
 */
import { DomainError } from '../errors.js';

export function etagFor(version: number): string {
  return `"${version}"`;
}

export function expectedVersion(ifMatch: string | string[] | undefined): number {
  const header = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  if (header === undefined || header.trim() === '') {
    throw new DomainError('precondition_required', 'send If-Match with the ETag of the version you read', { field: 'If-Match' });
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (match === null) {
    throw new DomainError('validation_failed', 'If-Match must be an ETag this server issued, such as "3"', { field: 'If-Match' });
  }
  return Number(match[1]);
}
