/**
 * Slows password guessing: each sign-in attempt takes a token from the bucket of the login it
 * names and from the bucket of the address it comes from, and is refused (429, with Retry-After)
 * when either is empty. Buckets refill steadily, so a user who mistypes a few times waits a minute,
 * and a guesser gets a handful of tries a minute per login and per address.
 *
 * In process and in memory, by design small: several server processes each keep their own
 * buckets (a guesser spread over them gets each one's allowance), and a restart forgets them. The
 * number of buckets is bounded; when it is reached, full buckets (which limit nothing) are dropped
 * first, then the one nearest to full. Time comes from the injected clock, so tests move it.
 */
import type { Clock } from '../platform/clock.js';

export interface BucketRule {
  /** Attempts allowed at once. */
  capacity: number;
  /** One attempt comes back every this many milliseconds. */
  refillIntervalMs: number;
}

export interface SignInLimits {
  perLogin: BucketRule;
  perAddress: BucketRule;
  /** Most buckets kept in memory, logins and addresses together. */
  bucketsMax: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perLogin: { capacity: 5, refillIntervalMs: 60_000 },
  perAddress: { capacity: 20, refillIntervalMs: 6_000 },
  bucketsMax: 10_000,
};

interface Bucket {
  tokens: number;
  updatedAtMs: number;
  rule: BucketRule;
}

export type LimiterVerdict = { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number };

export class SignInLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  /** Takes one attempt from both buckets, or from neither when either is empty. */
  attempt(login: string, address: string): LimiterVerdict {
    const nowMs = this.clock.now().getTime();
    const keys: [string, BucketRule][] = [
      [`login:${login.trim().toLowerCase()}`, this.limits.perLogin],
      [`address:${address}`, this.limits.perAddress],
    ];
    const buckets = keys.map(([key, rule]) => this.refilled(key, rule, nowMs));
    const waitMs = Math.max(0, ...buckets.map((bucket) => (bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) * bucket.rule.refillIntervalMs))));
    if (waitMs > 0) return { isAllowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    for (const bucket of buckets) bucket.tokens -= 1;
    return { isAllowed: true };
  }

  /** How many buckets are held; for tests of the bound. */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, rule: BucketRule, nowMs: number): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.makeRoom(nowMs);
      bucket = { tokens: rule.capacity, updatedAtMs: nowMs, rule };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + elapsedMs / rule.refillIntervalMs);
    bucket.updatedAtMs = nowMs;
    return bucket;
  }

  private makeRoom(nowMs: number): void {
    if (this.buckets.size < this.limits.bucketsMax) return;
    let leastLimiting: { key: string; tokens: number } | null = null;
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + (nowMs - bucket.updatedAtMs) / bucket.rule.refillIntervalMs;
      if (tokens >= bucket.rule.capacity) this.buckets.delete(key);
      else if (leastLimiting === null || tokens / bucket.rule.capacity > leastLimiting.tokens) leastLimiting = { key, tokens: tokens / bucket.rule.capacity };
    }
    // Still full: every bucket limits someone. Drop the one nearest to full, so that a flood of new
    // logins or addresses cannot push out the drained bucket of a login under attack.
    if (this.buckets.size >= this.limits.bucketsMax && leastLimiting !== null) this.buckets.delete(leastLimiting.key);
  }
}
