/**
 * A policy prepared for evaluating many applications: holds in order of their start, end uses
 * as sets, categories as a map, and the quotas, caps and envelopes that apply to each item
 * looked up once per item rather than once per application. Compiling is pure and cheap; the
 * per-item lookups are memoised inside the compiled value, which changes no result.
 */
import type { OrganisationCategory } from '../registry/organisation.js';
import { normalisePolicy } from './canonical-policy.js';
import { selectorMatches } from './policy.js';
import type { CategoryRule, GroupCap, Hold, NationalQuota, Policy, PolicyItem, TechnicalEnvelope } from './policy.js';

/** What of the policy applies to one item. */
export interface ItemRules {
  envelopes: readonly TechnicalEnvelope[];
  quotas: readonly NationalQuota[];
  groupCaps: readonly GroupCap[];
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

/** The memo is bounded: a catalogue has hundreds of items, never this many. */
const ITEM_RULES_MEMO_ENTRIES_MAX = 10_000;

export function compilePolicy(policy: Policy, policyHash: string | null = null): CompiledPolicy {
  const normalised = normalisePolicy(policy);
  const holds = [...normalised.holds].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const categoryRules = new Map<OrganisationCategory, CategoryRule>();
  for (const [category, rule] of Object.entries(normalised.categories) as [OrganisationCategory, CategoryRule][]) {
    categoryRules.set(category, rule);
  }
  const memo = new Map<string, ItemRules>();
  return {
    policy: normalised,
    policyHash,
    holds,
    allowedEndUses: new Set(normalised.endUses.allowed),
    deniedEndUses: new Set(normalised.endUses.denied),
    categoryRules,
    rulesFor(item: PolicyItem): ItemRules {
      // The key holds every field a selector can match on, so an item that changed family or
      // classification is looked up afresh.
      const key = `${item.id}\u0000${item.family}\u0000${item.classificationCode}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      const rules: ItemRules = {
        envelopes: normalised.technicalEnvelopes.filter((envelope) => selectorMatches(envelope.appliesTo, item)),
        quotas: normalised.nationalQuotas.filter((quota) => selectorMatches(quota.appliesTo, item)),
        groupCaps: normalised.groupCaps.filter((cap) => selectorMatches(cap.appliesTo, item)),
      };
      if (memo.size >= ITEM_RULES_MEMO_ENTRIES_MAX) memo.clear();
      memo.set(key, rules);
      return rules;
    },
  };
}
