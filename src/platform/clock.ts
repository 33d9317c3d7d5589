/**
 * Time comes from an injected clock, so that tests can move it (expiry, timeouts, holds) and the
 * server and the CLI agree on one source.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; for tests and simulations. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advanceMs(milliseconds: number): void {
    this.current += milliseconds;
  }

  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
