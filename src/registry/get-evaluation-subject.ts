/**
 * Use case: what the policy evaluation needs to know about an applicant from the registry — the
 * organisation, every member of its group (the group head and everything beneath it), its latest
 * fleet declaration, and the catalogue. Read by the applicant itself or by the regulator.
 */
import type { Actor } from '../platform/actor.js';
import { authorise } from '../platform/authorisation.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import type { FleetDeclaration } from './fleet-declaration.js';
import type { ControlledItem } from './item.js';
import type { Organisation } from './organisation.js';
import { findLatestFleetDeclaration, findOrganisation, listItems, readParentLinks } from './registry.store.js';

export interface EvaluationSubject {
  organisation: Organisation;
  groupMemberIds: string[];
  /** The organisations above it in its group, nearest first, up to the head. */
  groupAncestorIds: string[];
  fleet: FleetDeclaration | null;
  items: ControlledItem[];
}

/** The catalogue is small (tens of entries); this bound keeps a runaway read from looping on. */
const CATALOGUE_PAGES_MAX = 100;

export async function getEvaluationSubject(context: AppContext, actor: Actor, organisationId: string): Promise<EvaluationSubject> {
  authorise(actor, 'fleet.read', organisationId);
  const db = context.database.db;
  const organisation = await findOrganisation(db, organisationId);
  if (organisation === undefined) throw new DomainError('organisation_not_found', `no organisation ${organisationId}`, { field: 'organisationId' });
  const links = await readParentLinks(db);
  const latest = await findLatestFleetDeclaration(db, organisationId);
  const items: ControlledItem[] = [];
  let afterId: string | undefined;
  for (let page = 0; page < CATALOGUE_PAGES_MAX; page += 1) {
    const rows = await listItems(db, afterId === undefined ? { limit: 500 } : { limit: 500, afterId });
    items.push(...rows);
    if (rows.length < 500) break;
    afterId = rows.at(-1)!.id;
  }
  return { organisation, groupMemberIds: groupMembers(organisationId, links), groupAncestorIds: groupAncestors(organisationId, links), fleet: latest ?? null, items };
}

/** The parents of an organisation, nearest first, up to its group's head. */
export function groupAncestors(organisationId: string, parents: ReadonlyMap<string, string | null>): string[] {
  const ancestors: string[] = [];
  let current = parents.get(organisationId) ?? null;
  // Bounded: organisation updates refuse cycles, and no real group is a hundred levels deep.
  while (current !== null && ancestors.length < 100 && current !== organisationId && !ancestors.includes(current)) {
    ancestors.push(current);
    current = parents.get(current) ?? null;
  }
  return ancestors;
}

/**
 * Every organisation in the same group: find the head by walking up the parents, then take every
 * organisation whose own walk ends at that head. Group caps add up across all of them.
 */
export function groupMembers(organisationId: string, parents: ReadonlyMap<string, string | null>): string[] {
  const headOf = (id: string): string => {
    let current = id;
    // Bounded: organisation updates refuse cycles, and no real group is a hundred levels deep.
    for (let depth = 0; depth < 100; depth += 1) {
      const parent = parents.get(current);
      if (parent === null || parent === undefined) return current;
      current = parent;
    }
    return current;
  };
  const head = headOf(organisationId);
  return [...parents.keys()].filter((id) => headOf(id) === head).sort();
}
