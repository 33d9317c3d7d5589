/**
 * The canonical form of a policy: the text whose SHA-256 identifies a policy version. Two
 * documents that say the same thing (keys in another order, holds listed in another order, a
 * date written as 2026-01-05 or 2026-01-05T08:00:00+08:00) have the same canonical form.
 *
 * Rules, so that anyone can recompute a hash from a published document:
 *  - object keys sorted by UTF-16 code units, no whitespace, every absent section written as null;
 *  - numbers are safe integers written in plain digits (-0 is 0);
 *  - text in Unicode NFC;
 *  - instants as YYYY-MM-DDTHH:MM:SS.sssZ (UTC); dates as YYYY-MM-DD;
 *  - lists that are sets (quotas, group caps, envelopes, end uses, holds) sorted; licence
 *    conditions keep their order, because a licence prints them numbered.
 * Pure: the hash itself is in compute-policy-hash.ts, which may use node:crypto.
 */
import { assert } from '../platform/assert.js';
import { normaliseInstant } from './calendar.js';
import type { Hold, HoldScope, ItemSelector, Policy } from './policy.js';

export function selectorKey(selector: ItemSelector | null): string {
  if (selector === null) return '';
  if ('item' in selector) return `item:${selector.item}`;
  if ('family' in selector) return `family:${selector.family}`;
  return `classificationCode:${selector.classificationCode}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normaliseSelector<S extends ItemSelector>(selector: S): S {
  // Rebuilt with its one key so that a hand-made selector carrying extra keys hashes the same.
  if ('item' in selector) return { item: selector.item } as S;
  if ('family' in selector) return { family: selector.family } as S;
  return { classificationCode: selector.classificationCode } as S;
}

function normaliseScope(scope: HoldScope): HoldScope {
  switch (scope.level) {
    case 'global':
      return { level: 'global' };
    case 'item':
      return { level: 'item', item: scope.item };
    case 'family':
      return { level: 'family', family: scope.family };
    case 'category':
      return { level: 'category', category: scope.category };
    case 'organisation':
      return { level: 'organisation', organisation: scope.organisation };
    case 'region':
      return { level: 'region', region: scope.region };
  }
}

/** A hold with its instants in the one UTC spelling and its scope rebuilt from its level. */
export function normaliseHold(hold: Hold): Hold {
  const from = normaliseInstant(hold.from);
  assert(from !== null, `hold ${hold.id}: from is not an instant: ${hold.from}`);
  const until = hold.until === null ? null : normaliseInstant(hold.until);
  assert(hold.until === null || until !== null, `hold ${hold.id}: until is not an instant: ${String(hold.until)}`);
  return { ...hold, scope: normaliseScope(hold.scope), from, until };
}

/** The same policy with instants normalised and set-like lists sorted. Idempotent. */
export function normalisePolicy(policy: Policy): Policy {
  return {
    ...policy,
    nationalQuotas: policy.nationalQuotas
      .map((quota) => ({ ...quota, appliesTo: normaliseSelector(quota.appliesTo) }))
      .sort((a, b) => compareText(selectorKey(a.appliesTo), selectorKey(b.appliesTo))),
    groupCaps: policy.groupCaps
      .map((cap) => ({ ...cap, appliesTo: cap.appliesTo === null ? null : normaliseSelector(cap.appliesTo) }))
      .sort((a, b) => compareText(selectorKey(a.appliesTo), selectorKey(b.appliesTo)) || a.unitsMax - b.unitsMax),
    technicalEnvelopes: policy.technicalEnvelopes
      .map((envelope) => ({ ...envelope, appliesTo: envelope.appliesTo === null ? null : normaliseSelector(envelope.appliesTo) }))
      .sort(
        (a, b) =>
          compareText(selectorKey(a.appliesTo), selectorKey(b.appliesTo)) ||
          (a.tppBelow ?? -1) - (b.tppBelow ?? -1) ||
          (a.memoryBandwidthGbPerSecondBelow ?? -1) - (b.memoryBandwidthGbPerSecondBelow ?? -1),
      ),
    endUses: {
      ...policy.endUses,
      allowed: [...policy.endUses.allowed].sort(compareText),
      denied: [...policy.endUses.denied].sort(compareText),
    },
    holds: policy.holds.map(normaliseHold).sort((a, b) => compareText(a.id, b.id)),
  };
}

/** The canonical JSON text of a policy (see the rules at the top of this file). */
export function canonicalPolicyJson(policy: Policy): string {
  return canonicalJson(normalisePolicy(policy));
}

/** JSON with sorted keys, safe integers only and NFC text; undefined is a programmer error. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      assert(Number.isSafeInteger(value), `canonical JSON holds safe integers only, not ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value.normalize('NFC'));
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .map(([key, field]) => {
          assert(field !== undefined, `canonical JSON: field ${key} is undefined; absent sections are null`);
          return [key.normalize('NFC'), field] as const;
        })
        .sort(([a], [b]) => compareText(a, b));
      return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
    }
    default:
      assert(false, `canonical JSON cannot hold a ${typeof value}`);
  }
}
