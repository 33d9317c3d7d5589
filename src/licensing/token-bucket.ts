/**
 * A small in-process rate limiter for the public licence check: one token bucket per client
 * address. Each bucket holds up to `capacity` tokens and regains `refillPerSecond` of them per
 * second; a request takes one token or is refused with the seconds to wait until one is back.
 * Pure: the time is passed in (from the injected clock), so tests move it instead of sleeping.
 *
 * Why in-process: it protects one server from a client hammering it without a dependency or a
 * shared store. Several server processes each keep their own buckets, so a client may reach
 * the sum of their rates; a deployment that needs one shared limit puts it in front (a proxy).
 * Memory is bounded: at most `clientsMax` buckets are kept; when full, buckets that have
 * refilled completely (idle clients) are forgotten first, then the oldest.
 */

export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  clientsMax: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.capacity >= 1 && options.refillPerSecond > 0 && options.clientsMax >= 1)) {
      throw new RangeError('a token bucket needs capacity ≥ 1, a positive refill rate and room for one client');
    }
  }

  /** Takes one token for `client` at `nowMs`, or says how long to wait. */
  take(client: string, nowMs: number): TakeResult {
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      this.makeRoom(nowMs);
      bucket = { tokens: this.options.capacity, updatedMs: nowMs };
      this.buckets.set(client, bucket);
    } else {
      this.refill(bucket, nowMs);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    const secondsToNextToken = (1 - bucket.tokens) / this.options.refillPerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(secondsToNextToken)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, nowMs: number): void {
    // A clock that moved backwards (a manual clock reset) refills nothing rather than going negative.
    const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + (elapsedMs / 1_000) * this.options.refillPerSecond);
    bucket.updatedMs = nowMs;
  }

  private makeRoom(nowMs: number): void {
    if (this.buckets.size < this.options.clientsMax) return;
    const fullAfterMs = (this.options.capacity / this.options.refillPerSecond) * 1_000;
    for (const [client, bucket] of this.buckets) {
      if (nowMs - bucket.updatedMs >= fullAfterMs) this.buckets.delete(client);
    }
    // Still full of busy clients: forget the oldest (a Map iterates in insertion order).
    while (this.buckets.size >= this.options.clientsMax) {
      const oldest = this.buckets.keys().next();
      if (oldest.done === true) break;
      this.buckets.delete(oldest.value);
    }
  }
}
