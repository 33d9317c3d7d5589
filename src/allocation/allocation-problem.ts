/**
 * An allocation problem: a budget of whole units, a method, and the applications that share it.
 * This file holds the types and the one validator that turns untrusted JSON into a problem or a
 * list of problems with it, each naming its field ("applications[3].demand"). Pure.
 *
 * Every number is a safe integer (at most 2^53 − 1), and so are the sums the allocator forms
 * (total demand, total weight, total share): that is what lets it decide with exact integers.
 */
import { parseSubmissionInstant } from './submission-time.js';

export const ALLOCATION_METHODS = ['fcfs', 'pro-rata', 'max-min', 'weighted', 'tiered'] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

/** The methods that can fill one tier; a tier inside a tier would mean nothing. */
export const INNER_ALLOCATION_METHODS = ['fcfs', 'pro-rata', 'max-min', 'weighted'] as const;
export type InnerAllocationMethod = (typeof INNER_ALLOCATION_METHODS)[number];

export const DEFAULT_INNER_METHOD: InnerAllocationMethod = 'pro-rata';

export interface AllocationApplication {
  readonly id: string;
  /** Units asked for. */
  readonly demand: number;
  /** The most the rules admit (the evaluation's admissible quantity); absent means no cap. */
  readonly cap?: number;
  /** Weight under the weighted method (e.g. historical imports); absent means 1. */
  readonly weight?: number;
  /** Priority tier under the tiered method, 1 first; absent means after every numbered tier. */
  readonly tier?: number;
  /** The applicant's category; required when the problem has category shares. */
  readonly category?: string;
  /** ISO-8601 date-time with an offset; orders first come, first served and breaks ties. */
  readonly submittedAt?: string;
  /** Whether the applicant has had no grant before; only reported (new-entrant share). */
  readonly isNewEntrant?: boolean;
}

export interface AllocationProblem {
  readonly budget: number;
  readonly method: AllocationMethod;
  /** The method inside each tier; only with method "tiered"; default "pro-rata". */
  readonly inner?: InnerAllocationMethod;
  /** Grants above 0 and below this become 0 and the rest is allocated again. */
  readonly minLot?: number;
  /** Integer shares per category; the budget is first split among categories by them. */
  readonly categoryShares?: Readonly<Record<string, number>>;
  readonly applications: readonly AllocationApplication[];
}

export interface ValidationIssue {
  /** Path of the offending field, e.g. "applications[3].demand"; "" for the document itself. */
  readonly field: string;
  readonly message: string;
}

export type AllocationProblemValidation =
  | { readonly ok: true; readonly problem: AllocationProblem }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Limits on every list, so that a hostile or mistaken input fails early and clearly. */
export const APPLICATIONS_MAX = 10_000_000;
export const CATEGORIES_MAX = 10_000;
export const TEXT_LENGTH_MAX = 256;
/** Past this many, further issues are summarised in one line rather than listed. */
export const ISSUES_MAX = 100;

const PROBLEM_FIELDS: ReadonlySet<string> = new Set([
  'budget',
  'method',
  'inner',
  'minLot',
  'categoryShares',
  'applications',
]);
const APPLICATION_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'demand',
  'cap',
  'weight',
  'tier',
  'category',
  'submittedAt',
  'isNewEntrant',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeChoices(choices: readonly string[]): string {
  return choices.map((choice) => JSON.stringify(choice)).join(', ');
}

class IssueList {
  readonly issues: ValidationIssue[] = [];
  private omittedCount = 0;

  add(field: string, message: string): void {
    if (this.issues.length < ISSUES_MAX) this.issues.push({ field, message });
    else this.omittedCount += 1;
  }

  /** The issues, with one closing line counting those not listed. */
  list(): readonly ValidationIssue[] {
    if (this.omittedCount === 0) return this.issues;
    return [...this.issues, { field: '', message: `${this.omittedCount} more problems not listed` }];
  }
}

/** Checks an integer field; returns it when valid, or undefined after recording an issue. */
function checkInteger(value: unknown, field: string, minimum: number, issues: IssueList): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    issues.add(field, `must be an integer ≥ ${minimum}`);
    return undefined;
  }
  if (value > Number.MAX_SAFE_INTEGER) {
    issues.add(field, `must be at most ${Number.MAX_SAFE_INTEGER} (2^53 − 1)`);
    return undefined;
  }
  return value;
}

function checkText(value: unknown, field: string, issues: IssueList): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > TEXT_LENGTH_MAX) {
    issues.add(field, `must be a string of 1 to ${TEXT_LENGTH_MAX} characters`);
    return undefined;
  }
  return value;
}

function checkUnknownFields(
  object: Record<string, unknown>,
  known: ReadonlySet<string>,
  prefix: string,
  issues: IssueList,
): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) issues.add(`${prefix}${key}`, 'is not a known field');
  }
}

function checkCategoryShares(value: unknown, issues: IssueList): Map<string, number> | undefined {
  if (!isPlainObject(value)) {
    issues.add('categoryShares', 'must be an object of category → integer share');
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length > CATEGORIES_MAX) {
    issues.add('categoryShares', `must have at most ${CATEGORIES_MAX} categories`);
    return undefined;
  }
  const shares = new Map<string, number>();
  let shareTotal = 0;
  for (const key of keys) {
    const field = `categoryShares.${key}`;
    if (key.length === 0 || key.length > TEXT_LENGTH_MAX) {
      issues.add(field, `category names must have 1 to ${TEXT_LENGTH_MAX} characters`);
      continue;
    }
    const share = checkInteger(value[key], field, 0, issues);
    if (share === undefined) continue;
    shares.set(key, share);
    shareTotal += share;
  }
  if (shareTotal > Number.MAX_SAFE_INTEGER) {
    issues.add('categoryShares', `the shares must add up to at most ${Number.MAX_SAFE_INTEGER}`);
  }
  return shares;
}

/**
 * Validates untrusted JSON (already parsed) as an allocation problem. On success the problem is
 * the input itself, typed: every object in it has been checked to hold only known fields of the
 * right types, so nothing needs copying (a million applications would cost time and memory).
 */
export function validateAllocationProblem(input: unknown): AllocationProblemValidation {
  const issues = new IssueList();
  if (!isPlainObject(input)) {
    issues.add('', 'must be a JSON object with budget, method and applications');
    return { ok: false, issues: issues.list() };
  }
  checkUnknownFields(input, PROBLEM_FIELDS, '', issues);

  if (input.budget === undefined) issues.add('budget', 'is required');
  else checkInteger(input.budget, 'budget', 0, issues);

  let method: string | undefined;
  if (input.method === undefined) issues.add('method', 'is required');
  else if (typeof input.method !== 'string' || !(ALLOCATION_METHODS as readonly string[]).includes(input.method)) {
    issues.add('method', `must be one of ${describeChoices(ALLOCATION_METHODS)}`);
  } else method = input.method;

  if (input.inner !== undefined) {
    if (typeof input.inner !== 'string' || !(INNER_ALLOCATION_METHODS as readonly string[]).includes(input.inner)) {
      issues.add('inner', `must be one of ${describeChoices(INNER_ALLOCATION_METHODS)}`);
    } else if (method !== undefined && method !== 'tiered') {
      // Accepting it silently would let a reader believe it had an effect.
      issues.add('inner', 'is only allowed with method "tiered"');
    }
  }

  if (input.minLot !== undefined) checkInteger(input.minLot, 'minLot', 0, issues);

  const shares = input.categoryShares === undefined ? undefined : checkCategoryShares(input.categoryShares, issues);
  const hasCategoryShares = input.categoryShares !== undefined;

  if (input.applications === undefined) {
    issues.add('applications', 'is required');
  } else if (!Array.isArray(input.applications)) {
    issues.add('applications', 'must be an array');
  } else if (input.applications.length > APPLICATIONS_MAX) {
    issues.add('applications', `must have at most ${APPLICATIONS_MAX} entries`);
  } else {
    checkApplications(input.applications as readonly unknown[], hasCategoryShares, shares, issues);
  }

  if (issues.issues.length > 0) return { ok: false, issues: issues.list() };
  return { ok: true, problem: input as unknown as AllocationProblem };
}

function checkApplications(
  applications: readonly unknown[],
  hasCategoryShares: boolean,
  shares: Map<string, number> | undefined,
  issues: IssueList,
): void {
  const firstIndexById = new Map<string, number>();
  let demandTotal = 0;
  let weightTotal = 0;
  for (let index = 0; index < applications.length; index += 1) {
    const application = applications[index];
    const prefix = `applications[${index}]`;
    if (!isPlainObject(application)) {
      issues.add(prefix, 'must be an object with id and demand');
      continue;
    }
    checkUnknownFields(application, APPLICATION_FIELDS, `${prefix}.`, issues);

    if (application.id === undefined) issues.add(`${prefix}.id`, 'is required');
    else {
      const id = checkText(application.id, `${prefix}.id`, issues);
      if (id !== undefined) {
        const firstIndex = firstIndexById.get(id);
        if (firstIndex === undefined) firstIndexById.set(id, index);
        else issues.add(`${prefix}.id`, `duplicates applications[${firstIndex}].id (${JSON.stringify(id)})`);
      }
    }

    if (application.demand === undefined) issues.add(`${prefix}.demand`, 'is required');
    else demandTotal += checkInteger(application.demand, `${prefix}.demand`, 0, issues) ?? 0;

    if (application.cap !== undefined) checkInteger(application.cap, `${prefix}.cap`, 0, issues);
    if (application.weight !== undefined) weightTotal += checkInteger(application.weight, `${prefix}.weight`, 1, issues) ?? 0;
    else weightTotal += 1;
    if (application.tier !== undefined) checkInteger(application.tier, `${prefix}.tier`, 1, issues);

    if (application.category !== undefined) {
      const category = checkText(application.category, `${prefix}.category`, issues);
      if (category !== undefined && shares !== undefined && !shares.has(category)) {
        issues.add(`${prefix}.category`, `${JSON.stringify(category)} has no share in categoryShares`);
      }
    } else if (hasCategoryShares) {
      issues.add(`${prefix}.category`, 'is required when categoryShares is given');
    }

    if (application.submittedAt !== undefined) {
      if (typeof application.submittedAt !== 'string' || parseSubmissionInstant(application.submittedAt) === null) {
        issues.add(
          `${prefix}.submittedAt`,
          'must be an ISO-8601 date-time with an offset, e.g. "2026-01-15T09:30:00Z" or "2026-01-15T17:30:00.25+08:00"',
        );
      }
    }
    if (application.isNewEntrant !== undefined && typeof application.isNewEntrant !== 'boolean') {
      issues.add(`${prefix}.isNewEntrant`, 'must be true or false');
    }
  }
  // Sums of safe integers stay exact up to 2^53; past that the allocator could not be exact.
  if (demandTotal > Number.MAX_SAFE_INTEGER) {
    issues.add('applications', `the demands must add up to at most ${Number.MAX_SAFE_INTEGER}`);
  }
  if (weightTotal > Number.MAX_SAFE_INTEGER) {
    issues.add('applications', `the weights must add up to at most ${Number.MAX_SAFE_INTEGER}`);
  }
}
