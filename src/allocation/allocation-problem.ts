/**
 * An allocation problem: a budget of whole units, a method, and the applications that share it.
 * This file holds the types and the one validator that turns untrusted JSON into a problem or a
 * list of problems with it, each naming its field ("applications[3].demand"). Pure.
 *
 * Every number is a safe integer (at most 2^53 − 1), and so are the sums the allocator forms
 * (total demand, total weight, total share): that is what lets it decide with exact integers.
 */
import { parseSubmissionInstantInto, type SubmissionInstant } from './submission-time.js';

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

/** Why a value is not an integer ≥ minimum within the safe range, or undefined when it is one. */
function integerProblem(value: unknown, minimum: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) return `must be an integer ≥ ${minimum}`;
  if (value > Number.MAX_SAFE_INTEGER) return `must be at most ${Number.MAX_SAFE_INTEGER} (2^53 − 1)`;
  return undefined;
}

/** Checks an integer field; returns it when valid, or undefined after recording an issue. */
function checkInteger(value: unknown, field: string, minimum: number, issues: IssueList): number | undefined {
  const problem = integerProblem(value, minimum);
  if (problem === undefined) return value as number;
  issues.add(field, problem);
  return undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= TEXT_LENGTH_MAX;
}

const TEXT_PROBLEM = `must be a string of 1 to ${TEXT_LENGTH_MAX} characters`;

function checkUnknownFields(
  object: Record<string, unknown>,
  known: ReadonlySet<string>,
  prefix: string,
  issues: IssueList,
): void {
  for (const key in object) {
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

/**
 * Checks every application. Field paths ("applications[3].demand") are built only when an issue
 * is recorded: building them for each of a million applications would cost more than the checks.
 */
function checkApplications(
  applications: readonly unknown[],
  hasCategoryShares: boolean,
  shares: Map<string, number> | undefined,
  issues: IssueList,
): void {
  const firstIndexOfDuplicate = findDuplicateIds(applications);
  const instant: SubmissionInstant = { epochSeconds: 0, nanoseconds: 0 };
  const field = (index: number, name: string): string => `applications[${index}].${name}`;
  let demandTotal = 0;
  let weightTotal = 0;
  for (let index = 0; index < applications.length; index += 1) {
    const application = applications[index];
    if (!isPlainObject(application)) {
      issues.add(`applications[${index}]`, 'must be an object with id and demand');
      continue;
    }
    for (const key in application) {
      if (!APPLICATION_FIELDS.has(key)) issues.add(field(index, key), 'is not a known field');
    }

    const { id, demand, cap, weight, tier, category, submittedAt, isNewEntrant } = application;
    if (id === undefined) issues.add(field(index, 'id'), 'is required');
    else if (!isText(id)) issues.add(field(index, 'id'), TEXT_PROBLEM);
    else {
      const firstIndex = firstIndexOfDuplicate.get(index);
      if (firstIndex !== undefined) issues.add(field(index, 'id'), `duplicates applications[${firstIndex}].id (${JSON.stringify(id)})`);
    }

    if (demand === undefined) issues.add(field(index, 'demand'), 'is required');
    else {
      const problem = integerProblem(demand, 0);
      if (problem === undefined) demandTotal += demand as number;
      else issues.add(field(index, 'demand'), problem);
    }
    if (cap !== undefined) {
      const problem = integerProblem(cap, 0);
      if (problem !== undefined) issues.add(field(index, 'cap'), problem);
    }
    if (weight === undefined) weightTotal += 1;
    else {
      const problem = integerProblem(weight, 1);
      if (problem === undefined) weightTotal += weight as number;
      else issues.add(field(index, 'weight'), problem);
    }
    if (tier !== undefined) {
      const problem = integerProblem(tier, 1);
      if (problem !== undefined) issues.add(field(index, 'tier'), problem);
    }

    if (category !== undefined) {
      if (!isText(category)) issues.add(field(index, 'category'), TEXT_PROBLEM);
      else if (shares !== undefined && !shares.has(category)) {
        issues.add(field(index, 'category'), `${JSON.stringify(category)} has no share in categoryShares`);
      }
    } else if (hasCategoryShares) {
      issues.add(field(index, 'category'), 'is required when categoryShares is given');
    }

    if (submittedAt !== undefined && (typeof submittedAt !== 'string' || !parseSubmissionInstantInto(submittedAt, instant))) {
      issues.add(
        field(index, 'submittedAt'),
        'must be an ISO-8601 date-time with an offset, e.g. "2026-01-15T09:30:00Z" or "2026-01-15T17:30:00.25+08:00"',
      );
    }
    if (isNewEntrant !== undefined && typeof isNewEntrant !== 'boolean') {
      issues.add(field(index, 'isNewEntrant'), 'must be true or false');
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

/**
 * Positions below 2^24 (16,777,216 > APPLICATIONS_MAX) and a 29-bit hash fit together in one
 * double exactly: hash × 2^24 + position < 2^53.
 */
const POSITION_FACTOR = 2 ** 24;

/** FNV-1a over UTF-16 code units, cut to 29 bits: only used to find candidate duplicates. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 3;
}

/**
 * For each application whose id repeats an earlier one: its position → the first position with
 * that id. A Map of a million ids costs most of a second here; instead each id's hash and
 * position are packed in one number (hash × 2^24 + position), the numbers are sorted, and only
 * neighbours with equal hashes have their ids compared.
 */
function findDuplicateIds(applications: readonly unknown[]): Map<number, number> {
  const ids: (string | undefined)[] = new Array<string | undefined>(applications.length);
  let textCount = 0;
  for (let index = 0; index < applications.length; index += 1) {
    const application = applications[index];
    const id = isPlainObject(application) && isText(application.id) ? application.id : undefined;
    ids[index] = id;
    if (id !== undefined) textCount += 1;
  }
  const keys = new Float64Array(textCount);
  let filled = 0;
  for (let index = 0; index < applications.length; index += 1) {
    const id = ids[index];
    if (id === undefined) continue;
    keys[filled] = hashText(id) * POSITION_FACTOR + index;
    filled += 1;
  }
  keys.sort();
  const firstIndexOfDuplicate = new Map<number, number>();
  for (let start = 0; start < keys.length; ) {
    // A run of equal hashes, positions ascending within it.
    const hash = Math.floor(keys[start]! / POSITION_FACTOR);
    let end = start + 1;
    while (end < keys.length && Math.floor(keys[end]! / POSITION_FACTOR) === hash) end += 1;
    for (let later = start + 1; later < end; later += 1) {
      const position = keys[later]! - hash * POSITION_FACTOR;
      for (let earlier = start; earlier < later; earlier += 1) {
        const earlierPosition = keys[earlier]! - hash * POSITION_FACTOR;
        // Positions ascend within the run, so the first match is the id's first appearance.
        if (ids[earlierPosition] === ids[position]) {
          firstIndexOfDuplicate.set(position, earlierPosition);
          break;
        }
      }
    }
    start = end;
  }
  return firstIndexOfDuplicate;
}
