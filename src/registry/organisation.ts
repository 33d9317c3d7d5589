import { pinyin } from 'pinyin-pro';
/**
 * Organisations that apply for, sell or clear controlled items. Pure: types and rules only.
 */

/**
 * The categories a policy sets budget shares and access for. The list is closed so that a policy
 * naming an unknown category is refused instead of silently matching nobody.
 */
export const ORGANISATION_CATEGORIES = [
  'big-tech-platform',
  'cloud-provider',
  'state-backed',
  'telecom-operator',
  'research-institute',
  'small-firm',
  'vendor',
  'customs-authority',
  'regulator',
  'other',
] as const;
export type OrganisationCategory = (typeof ORGANISATION_CATEGORIES)[number];

export const ORGANISATION_STATUSES = ['active', 'suspended', 'dissolved'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

export interface Organisation {
  id: string;
  legalName: string;
  /** Name in Simplified Chinese, where it has one. */
  chineseName: string | null;
  /** Pinyin of the Chinese name, for search and screening. */
  pinyinName: string | null;
  aliases: string[];
  category: OrganisationCategory;
  /**
   * The group the organisation belongs to: the id of its parent organisation, or null for a
   * group's head or a standalone firm. Group caps add up over every member of a group.
   */
  parentId: string | null;
  status: OrganisationStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The pinyin of a Chinese name, as screening and search use it: toneless, syllables separated by
 * spaces, e.g. 字节跳动 → "zi jie tiao dong".
 */
export function pinyinOf(chineseName: string): string {
  return pinyin(chineseName, { toneType: 'none', type: 'string', nonZh: 'consecutive' }).replace(/\s+/g, ' ').trim();
}

/**
 * An organisation may not be its own ancestor: a cycle would make "the group" meaningless and
 * group caps unsummable. `parentOf` returns the parent id of an organisation, or null.
 */
export function wouldCreateGroupCycle(organisationId: string, proposedParentId: string, parentOf: (id: string) => string | null | undefined): boolean {
  let current: string | null | undefined = proposedParentId;
  // Bounded walk: a group deeper than this is refused as a cycle rather than looping forever.
  for (let depth = 0; depth < 100 && current !== null && current !== undefined; depth += 1) {
    if (current === organisationId) return true;
    current = parentOf(current);
  }
  return current !== null && current !== undefined;
}
