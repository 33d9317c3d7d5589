/**
 * Names for ids: items and organisations, which every role may read, loaded once per page load
 * and shared by every screen (records carry ids; people read names).
 */
import { useCallback } from 'react';
import { listAll } from '../api/client';
import type { ControlledItem, Organisation } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useResource } from './use-resource';

export interface Registry {
  items: ControlledItem[];
  organisations: Organisation[];
  itemsById: Map<string, ControlledItem>;
  organisationsById: Map<string, Organisation>;
}

let cached: Promise<Registry> | null = null;

export function loadRegistry(): Promise<Registry> {
  if (cached === null) {
    cached = Promise.all([listAll<ControlledItem>('/items'), listAll<Organisation>('/organisations')]).then(([items, organisations]) => ({
      items: items.items,
      organisations: organisations.items,
      itemsById: new Map(items.items.map((item) => [item.id, item])),
      organisationsById: new Map(organisations.items.map((organisation) => [organisation.id, organisation])),
    }));
    // A failed load is tried again by the next page rather than remembered.
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

/** Forget the names, e.g. after a new organisation was registered. */
export function forgetRegistry(): void {
  cached = null;
}

export function useRegistry() {
  const resource = useResource(loadRegistry, []);
  const { language } = useI18n();
  const registry = resource.data;
  const itemName = useCallback((id: string) => registry?.itemsById.get(id)?.name ?? id, [registry]);
  const organisationName = useCallback(
    (id: string) => {
      const organisation = registry?.organisationsById.get(id);
      if (organisation === undefined) return id;
      return language === 'zh' && organisation.chineseName !== null ? organisation.chineseName : organisation.legalName;
    },
    [registry, language],
  );
  return { resource, registry, itemName, organisationName };
}
