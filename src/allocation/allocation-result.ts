/**
 * What an allocation publishes. Every field is plain JSON, and objects are built with their keys
 * in one fixed order, so that the same problem always prints the same bytes. Pure: types only.
 */
import type { AllocationMethod, InnerAllocationMethod } from './allocation-problem.js';

/**
 * Which constraint decided a grant, in this order of precedence:
 *  - "min-lot": its grant fell below the minimum lot, so it was set to 0 and the rest reallocated;
 *  - "budget": it received less than its claim, because the budget ran out;
 *  - "cap": it received its claim, and its cap was below its demand;
 *  - "demand": it received everything it asked for.
 */
export type BoundBy = 'demand' | 'cap' | 'budget' | 'min-lot';

export interface AllocationGrant {
  readonly id: string;
  readonly units: number;
  readonly boundBy: BoundBy;
}

/**
 * One budget divided by one method among one set of applications: the whole problem, one tier,
 * one category, or one tier of one category.
 */
export interface AllocationPool {
  /** Present when the problem has category shares. */
  readonly category?: string;
  /** Present under the tiered method; null for the applications without a tier (served last). */
  readonly tier?: number | null;
  readonly budget: number;
  /** Total claim of the pool's applications (claim = min(demand, cap)). */
  readonly claim: number;
  readonly granted: number;
  /** Pro rata: budget / claim as an exact fraction ("3/4"), or "1" when every claim fits. */
  readonly coefficient?: string;
  /** Max-min and weighted: the water level λ as an exact fraction; null when every claim fits. */
  readonly level?: string | null;
}

export interface CategoryBudget {
  readonly category: string;
  readonly share: number;
  /** Total claim of the category's applications. */
  readonly claim: number;
  /** Units the category received from the split; never more than its claim. */
  readonly budget: number;
}

export interface MinimumLotRound {
  /** 1 for the first allocation, 2 for the first reallocation, … */
  readonly round: number;
  /** Ids of the applications whose grant in this round was above 0 and below the minimum lot. */
  readonly removed: readonly string[];
}

export interface AllocationResult {
  readonly method: AllocationMethod;
  readonly inner?: InnerAllocationMethod;
  readonly budget: number;
  readonly minLot?: number;
  /** Total units granted: min(budget, total claim) when no minimum lot removes anything. */
  readonly granted: number;
  /** Pro rata without tiers or categories: the one allocation coefficient. */
  readonly coefficient?: string;
  /** Max-min or weighted without tiers or categories: the one water level. */
  readonly level?: string | null;
  /** With category shares: the level of the split, in units per unit of share; null if every category's claim fits. */
  readonly categoryLevel?: string | null;
  readonly categories?: readonly CategoryBudget[];
  readonly pools: readonly AllocationPool[];
  /** With a minimum lot: the rounds that removed applications (empty when none did). */
  readonly minLotRounds?: readonly MinimumLotRound[];
  /** One grant per application, in input order. */
  readonly grants: readonly AllocationGrant[];
}
