/**
 * Use case: the regulator's directory of users, so that screens name the reviewer, the approvers
 * and the actors of a timeline instead of showing ids. The regulator's roles and auditors only:
 * an applicant, vendor or customs officer does not enumerate people, its own organisation's or
 * another's.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { decodeCursor, toPage, type Page } from '../platform/http/paging.js';
import type { Role } from '../platform/actor.js';
import { listDirectoryEntries, type DirectoryEntry } from './user-directory.store.js';

export type { DirectoryEntry };

export async function listUsers(context: AppContext, actor: Actor, request: { limit: number; cursor?: string | undefined; role?: Role | undefined; organisationId?: string | undefined }): Promise<Page<DirectoryEntry>> {
  authorise(actor, 'user.read');
  const rows = await listDirectoryEntries(context.database.db, { afterId: decodeCursor(request.cursor), limit: request.limit + 1, role: request.role, organisationId: request.organisationId });
  return toPage(rows, request.limit);
}
