/**
 * Priority tiers. Pure.
 *
 * The rule, in plain words: tier 1 is served first, then tier 2, and so on; applications without
 * a tier come after every numbered tier. Each tier divides, by the inner method, what the earlier
 * tiers left of the budget; a tier receives nothing until every earlier tier's claims are met.
 */

export interface TierGroup {
  /** The tier number; null for the applications without a tier. */
  readonly tier: number | null;
  readonly members: Uint32Array;
}

/** Marks "no tier" in the per-application tier array (tiers are integers ≥ 1). */
export const NO_TIER = 0;

/** Tier numbers up to this are counted in an array; larger ones (rare) in a map. */
const DIRECT_TIER_MAX = 4096;

/** Splits members by tier, in serving order: ascending tier numbers, then those without a tier. */
export function groupByTier(members: Uint32Array, tiers: Float64Array): TierGroup[] {
  // Tiers are usually a handful of small numbers: count them in an array indexed by tier
  // (a map lookup per application costs more than the allocation itself at a million).
  let tierMax = 0;
  for (let position = 0; position < members.length; position += 1) tierMax = Math.max(tierMax, tiers[members[position]!]!);
  if (tierMax <= DIRECT_TIER_MAX) return groupBySmallTier(members, tiers, tierMax);
  return groupByAnyTier(members, tiers);
}

function groupBySmallTier(members: Uint32Array, tiers: Float64Array, tierMax: number): TierGroup[] {
  const counts = new Uint32Array(tierMax + 1);
  for (let position = 0; position < members.length; position += 1) counts[tiers[members[position]!]!]! += 1;
  const groups: (Uint32Array | undefined)[] = Array.from(counts, (count) => (count > 0 ? new Uint32Array(count) : undefined));
  const filled = new Uint32Array(tierMax + 1);
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    const tier = tiers[member]!;
    groups[tier]![filled[tier]!] = member;
    filled[tier]! += 1;
  }
  const ordered: TierGroup[] = [];
  for (let tier = 1; tier <= tierMax; tier += 1) {
    const group = groups[tier];
    if (group !== undefined) ordered.push({ tier, members: group });
  }
  const untiered = groups[NO_TIER];
  if (untiered !== undefined) ordered.push({ tier: null, members: untiered });
  return ordered;
}

function groupByAnyTier(members: Uint32Array, tiers: Float64Array): TierGroup[] {
  const countByTier = new Map<number, number>();
  for (let position = 0; position < members.length; position += 1) {
    const tier = tiers[members[position]!]!;
    countByTier.set(tier, (countByTier.get(tier) ?? 0) + 1);
  }
  const order = [...countByTier.keys()].sort((a, b) => {
    if (a === NO_TIER || b === NO_TIER) return a === b ? 0 : a === NO_TIER ? 1 : -1;
    return a - b;
  });
  const groupByNumber = new Map<number, { members: Uint32Array; filled: number }>();
  for (const tier of order) groupByNumber.set(tier, { members: new Uint32Array(countByTier.get(tier)!), filled: 0 });
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    const group = groupByNumber.get(tiers[member]!)!;
    group.members[group.filled] = member;
    group.filled += 1;
  }
  return order.map((tier) => ({ tier: tier === NO_TIER ? null : tier, members: groupByNumber.get(tier)!.members }));
}
