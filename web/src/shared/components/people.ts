/**
 * Names for user ids: the regulator's directory (GET /api/v1/users), which only the regulator's
 * roles and auditors may read. Others see ids shortened (and themselves as "you"): an applicant
 * does not enumerate people. Loaded once per signed-in user and page load.
 */
import { useCallback } from 'react';
import { listAll } from '../api/client';
import type { DirectoryEntry } from '../api/types';
import { isRegulator, useCaller } from '../session/session';
import { useResource } from './use-resource';

let cached: { userId: string; people: Promise<Map<string, DirectoryEntry>> } | null = null;

function loadPeople(userId: string): Promise<Map<string, DirectoryEntry>> {
  if (cached === null || cached.userId !== userId) {
    const people = listAll<DirectoryEntry>('/users').then((page) => new Map(page.items.map((entry) => [entry.id, entry])));
    cached = { userId, people };
    // A failed load is tried again by the next page rather than remembered.
    people.catch(() => {
      if (cached?.people === people) cached = null;
    });
  }
  return cached.people;
}

/** A short form of an id that has no name to show. */
export function shortId(id: string): string {
  return id.length > 14 ? `…${id.slice(-8)}` : id;
}

export function usePeople() {
  const caller = useCaller();
  const mayRead = isRegulator(caller.role);
  const resource = useResource(() => (mayRead ? loadPeople(caller.user.id) : Promise.resolve(new Map<string, DirectoryEntry>())), [caller.user.id, mayRead]);
  const people = resource.data;
  /** The person's name, else the id shortened. */
  const personName = useCallback((id: string) => people?.get(id)?.displayName ?? shortId(id), [people]);
  return { personName };
}
