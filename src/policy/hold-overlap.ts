/**
 * Two holds of the same kind on the same scope at the same time would make lifting one of them
 * ambiguous, so a new hold may not overlap one already in the policy or placed since. Pure.
 * Windows are half-open: [from, until), until null meaning "until lifted".
 */
import { holdScopeKey, type Hold } from './policy.js';

export function findOverlappingHold(candidate: Hold, existing: readonly Hold[]): Hold | undefined {
  const key = holdScopeKey(candidate.scope);
  return existing.find(
    (hold) =>
      hold.id !== candidate.id &&
      hold.kind === candidate.kind &&
      holdScopeKey(hold.scope) === key &&
      (hold.until === null || candidate.from < hold.until) &&
      (candidate.until === null || hold.from < candidate.until),
  );
}
