import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { SignInLimiter } from './sign-in-limiter.js';

const limits = { perLogin: { capacity: 3, refillIntervalMs: 60_000 }, perAddress: { capacity: 5, refillIntervalMs: 10_000 }, bucketsMax: 100 };

describe('sign-in limiter', () => {
  it('allows a login its capacity, then refuses with the wait until one attempt comes back', () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const limiter = new SignInLimiter(clock, limits);
    for (let attempt = 0; attempt < 3; attempt += 1) expect(limiter.attempt('ann', `10.0.0.${attempt}`)).toEqual({ isAllowed: true });
    expect(limiter.attempt('ann', '10.0.0.9')).toEqual({ isAllowed: false, retryAfterSeconds: 60 });
    clock.advanceMs(45_000);
    expect(limiter.attempt('ann', '10.0.0.9')).toEqual({ isAllowed: false, retryAfterSeconds: 15 });
    clock.advanceMs(15_000);
    expect(limiter.attempt('ann', '10.0.0.9')).toEqual({ isAllowed: true });
    expect(limiter.attempt('ann', '10.0.0.9').isAllowed).toBe(false);
  });

  it('counts a login case-insensitively, so ANN and ann share one allowance', () => {
    const limiter = new SignInLimiter(new ManualClock('2026-03-01T00:00:00Z'), limits);
    for (const login of ['ann', 'ANN', ' Ann ']) expect(limiter.attempt(login, `a-${login}`).isAllowed).toBe(true);
    expect(limiter.attempt('aNn', 'other').isAllowed).toBe(false);
  });

  it('limits one address across many logins, and takes nothing from a login when its address is refused', () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const limiter = new SignInLimiter(clock, limits);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(limiter.attempt(`user-${attempt}`, '192.0.2.1').isAllowed).toBe(true);
    expect(limiter.attempt('victim', '192.0.2.1')).toEqual({ isAllowed: false, retryAfterSeconds: 10 });
    // The refused attempt took nothing from the victim's own allowance.
    for (let attempt = 0; attempt < 3; attempt += 1) expect(limiter.attempt('victim', `198.51.100.${attempt}`).isAllowed).toBe(true);
    expect(limiter.attempt('victim', '198.51.100.200').isAllowed).toBe(false);
  });

  it('keeps at most bucketsMax buckets, and a flood of new ones does not push out a drained one', () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const limiter = new SignInLimiter(clock, { ...limits, bucketsMax: 6 });
    for (let attempt = 0; attempt < 3; attempt += 1) expect(limiter.attempt('guessed', 'attacker').isAllowed).toBe(true);
    for (let index = 0; index < 50; index += 1) {
      expect(limiter.attempt(`login-${index}`, `address-${index}`).isAllowed).toBe(true);
      expect(limiter.size).toBeLessThanOrEqual(6);
    }
    expect(limiter.attempt('guessed', 'fresh-address')).toEqual({ isAllowed: false, retryAfterSeconds: 60 });
  });
});
