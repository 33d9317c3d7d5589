/**
 * A policy prepared for evaluating many applications: holds in order of their start, end uses
 * as sets, categories as a map, and the quotas, caps and envelopes that apply to each item
 * looked up once per item (with the labels their sentences use) rather than once per application.
 * Compiling is pure and cheap; the per-item lookups are memoised inside the compiled value, which
 * changes no result.
 */
import type { OrganisationCategory } from '../registry/organisation.js';
import { normaliseHold, normalisePolicy } from './canonical-policy.js';
import { selectorLabel, selectorLabelChinese, selectorMatches } from './policy.js';
import type { ItemSelector } from './policy.js';
import type { CategoryRule, GroupCap, Hold, NationalQuota, Policy, PolicyItem, TechnicalEnvelope } from './policy.js';

/** A quota, cap or envelope with the labels its sentences name it by ("family H200", "H200 系列"). */
export interface Labelled<T> {
  entry: T;
  subject: string;
  subjectChinese: string;
}

/** What of the policy applies to one item. */
export interface ItemRules {
  envelopes: readonly Labelled<TechnicalEnvelope>[];
  quotas: readonly Labelled<NationalQuota>[];
  groupCaps: readonly Labelled<GroupCap>[];
}

export interface CompiledPolicy {
  readonly policy: Policy;
  /** SHA-256 of the canonical form, when the caller has it (see compute-policy-hash.ts). */
  readonly policyHash: string | null;
  /** Holds in order of their start; instants normalised, so they compare as text. */
  readonly holds: readonly Hold[];
  readonly allowedEndUses: ReadonlySet<string>;
  readonly deniedEndUses: ReadonlySet<string>;
  readonly categoryRules: ReadonlyMap<OrganisationCategory, CategoryRule>;
  rulesFor(item: PolicyItem): ItemRules;
}

function labelled<T extends { appliesTo: ItemSelector | null }>(entries: readonly T[], item: PolicyItem): Labelled<T>[] {
  return entries
    .filter((entry) => selectorMatches(entry.appliesTo, item))
    .map((entry) => ({ entry, subject: selectorLabel(entry.appliesTo), subjectChinese: selectorLabelChinese(entry.appliesTo) }));
}

export interface CompileOptions {
  /**
   * Holds placed since the version was published (stored apart from it, so they do not change
   * its hash). They are evaluated like the version's own; an evaluation then depends on them too,
   * and the holds rule names every hold in force in its references.
   */
  placedHolds?: readonly Hold[];
}

export function compilePolicy(policy: Policy, policyHash: string | null = null, options: CompileOptions = {}): CompiledPolicy {
  const normalised = normalisePolicy(policy);
  const placed = (options.placedHolds ?? []).map(normaliseHold);
  const holds = [...normalised.holds, ...placed].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const categoryRules = new Map<OrganisationCategory, CategoryRule>();
  for (const [category, rule] of Object.entries(normalised.categories) as [OrganisationCategory, CategoryRule][]) {
    categoryRules.set(category, rule);
  }
  // Keyed by the item object: items are values that do not change (a changed catalogue entry is
  // a new object), and a weak map lets the memo go with the catalogue.
  const memo = new WeakMap<PolicyItem, ItemRules>();
  return {
    policy: normalised,
    policyHash,
    holds,
    allowedEndUses: new Set(normalised.endUses.allowed),
    deniedEndUses: new Set(normalised.endUses.denied),
    categoryRules,
    rulesFor(item: PolicyItem): ItemRules {
      const known = memo.get(item);
      if (known !== undefined) return known;
      const rules: ItemRules = {
        envelopes: labelled(normalised.technicalEnvelopes, item),
        quotas: labelled(normalised.nationalQuotas, item),
        groupCaps: labelled(normalised.groupCaps, item),
      };
      memo.set(item, rules);
      return rules;
    },
  };
}
