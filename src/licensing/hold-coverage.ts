/**
 * Which holds bear on a licence. A suspension hold stops new licences in its scope while it is in
 * force; this is the rule issuance checks. Pure.
 *
 * A hold is in force at `now` when from ≤ now < until (until null: until lifted). It covers a
 * licence when its scope names the licence's item (by id), the item's family, the licensee, an
 * organisation above the licensee in its group (a hold placed on a group's head covers every
 * member, as the policy evaluation reads it), the licensee's category, the region of the facility
 * the units go to, or is global.
 */
import type { Hold, HoldKind } from '../policy/index.js';

export interface HoldSubject {
  itemId: string;
  family: string;
  organisationId: string;
  /** The licensee's parent, its parent, and so on up to the group's head; empty for a standalone firm. */
  groupOrganisationIds?: readonly string[];
  category: string;
  /** The region of the facility the units go to, or null when the licence names none. */
  region: string | null;
}

/**
 * The holds of `kind` in force at `now`, whatever they cover: when there are none, nothing needs
 * to be read to know that none covers a licence (a reservation skips reading the licence's group,
 * facility and category then).
 */
export function holdsInForceAt(holds: readonly Hold[], now: Date, kind: HoldKind): Hold[] {
  const instant = now.getTime();
  return holds.filter((hold) => hold.kind === kind && isInForce(hold, instant));
}

/** The holds of `kind` in force at `now` that cover the subject, in the order given. */
export function holdsCovering(holds: readonly Hold[], subject: HoldSubject, now: Date, kind: HoldKind): Hold[] {
  const instant = now.getTime();
  return holds.filter((hold) => hold.kind === kind && isInForce(hold, instant) && covers(hold, subject));
}

function isInForce(hold: Hold, instant: number): boolean {
  // Holds arrive normalised (UTC instants), but a policy document may write a bare date, which
  // means the start of that day in UTC; reading both as instants keeps this rule independent of it.
  const from = instantOf(hold.from);
  const until = hold.until === null ? null : instantOf(hold.until);
  return from <= instant && (until === null || instant < until);
}

function instantOf(text: string): number {
  const milliseconds = Date.parse(text.length === 10 ? `${text}T00:00:00.000Z` : text);
  // An unreadable instant is a bug upstream (policies are validated); treat it as in force, the
  // safe side for a suspension, rather than silently ignoring the hold.
  return Number.isNaN(milliseconds) ? 0 : milliseconds;
}

function covers(hold: Hold, subject: HoldSubject): boolean {
  const scope = hold.scope;
  switch (scope.level) {
    case 'global':
      return true;
    case 'item':
      return scope.item === subject.itemId;
    case 'family':
      return scope.family === subject.family;
    case 'category':
      return scope.category === subject.category;
    case 'organisation':
      return scope.organisation === subject.organisationId || (subject.groupOrganisationIds ?? []).includes(scope.organisation);
    case 'region':
      return subject.region !== null && scope.region === subject.region;
  }
}

/** How a hold's scope reads in a refusal: "item …", "family H200", "every licence". */
export function describeHoldScope(hold: Hold): string {
  const scope = hold.scope;
  switch (scope.level) {
    case 'global':
      return 'every new licence';
    case 'item':
      return `item ${scope.item}`;
    case 'family':
      return `the ${scope.family} family`;
    case 'category':
      return `the ${scope.category} category`;
    case 'organisation':
      return `organisation ${scope.organisation}`;
    case 'region':
      return `region ${scope.region}`;
  }
}
