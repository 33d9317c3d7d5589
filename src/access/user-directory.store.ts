/** The directory of users: who is who, for showing names instead of ids. Read-only. */
import type { Kysely } from 'kysely';
import type { Role } from '../platform/actor.js';
import type { Database } from '../platform/database-tables.js';

export interface DirectoryEntry {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  status: 'active' | 'disabled';
}

export interface DirectoryFilter {
  afterId?: string | undefined;
  limit: number;
  role?: Role | undefined;
  organisationId?: string | undefined;
}

/** Users in id order after `afterId` (no password hashes, no tokens). */
export async function listDirectoryEntries(db: Kysely<Database>, filter: DirectoryFilter): Promise<DirectoryEntry[]> {
  let query = db.selectFrom('users').select(['id', 'login', 'display_name', 'role', 'organisation_id', 'status']).orderBy('id').limit(filter.limit);
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
  if (filter.role !== undefined) query = query.where('role', '=', filter.role);
  if (filter.organisationId !== undefined) query = query.where('organisation_id', '=', filter.organisationId);
  const rows = await query.execute();
  return rows.map((row) => ({ id: row.id, login: row.login, displayName: row.display_name, role: row.role as Role, organisationId: row.organisation_id, status: row.status === 'disabled' ? 'disabled' : 'active' }));
}
