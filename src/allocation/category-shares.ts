/**
 * Category budgets. Pure.
 *
 * The rule, in plain words: before any application is looked at, the budget is divided among
 * the categories in proportion to their shares, but no category receives more than its
 * applications claim in total; what a category cannot use flows to the others, again in
 * proportion to their shares. That is weighted water-filling with the share as the weight and
 * the category's total claim as its claim (see water-filling.ts), in whole units: leftover units
 * go to the largest remainders, equal remainders by category name (Unicode code point order).
 * A category with share 0 receives nothing, even when the others leave units unused: a share of
 * 0 is a policy decision, not an omission. Each category's budget is then divided among its own
 * applications by the problem's method.
 */
import { assert } from '../platform/assert.js';
import { INDEX_ORDER } from './tie-order.js';
import { fillToWaterLevel, type WaterLevel } from './water-filling.js';

export interface CategorySplit {
  /** Units per category, by category index (categories in name order). */
  readonly budgets: Float64Array;
  /** The level of the split (units per unit of share), or null when every category's claim fits. */
  readonly level: WaterLevel | null;
}

/**
 * Divides `budget` among categories, given per category index (indices follow the category
 * names in code point order, so comparing indices compares names).
 */
export function splitBudgetAmongCategories(claims: Float64Array, shares: Float64Array, budget: number): CategorySplit {
  assert(claims.length === shares.length, 'one claim and one share per category');
  const budgets = new Float64Array(claims.length);
  let sharingCount = 0;
  for (let category = 0; category < shares.length; category += 1) if (shares[category]! > 0) sharingCount += 1;
  const sharing = new Uint32Array(sharingCount);
  let filled = 0;
  for (let category = 0; category < shares.length; category += 1) {
    if (shares[category]! > 0) {
      sharing[filled] = category;
      filled += 1;
    }
  }
  const outcome = fillToWaterLevel({
    members: sharing,
    claims,
    weights: shares,
    rule: 'weight',
    budget,
    tieOrder: INDEX_ORDER,
    units: budgets,
  });
  return { budgets, level: outcome.level };
}

/** Splits members by category index; `categoryOf` gives each application's category index. */
export function groupByCategory(members: Uint32Array, categoryOf: Uint32Array, categoryCount: number): Uint32Array[] {
  const counts = new Uint32Array(categoryCount);
  for (let position = 0; position < members.length; position += 1) counts[categoryOf[members[position]!]!]! += 1;
  const groups = Array.from(counts, (count) => new Uint32Array(count));
  const filled = new Uint32Array(categoryCount);
  for (let position = 0; position < members.length; position += 1) {
    const member = members[position]!;
    const category = categoryOf[member]!;
    groups[category]![filled[category]!] = member;
    filled[category]! += 1;
  }
  return groups;
}
