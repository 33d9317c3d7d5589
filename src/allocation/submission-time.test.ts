import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSubmissionInstant } from './submission-time.js';

describe('parseSubmissionInstant', () => {
  it('compares instants across offsets', () => {
    expect(parseSubmissionInstant('2026-01-05T09:00:00+08:00')).toEqual({ epochSeconds: Date.UTC(2026, 0, 5, 1) / 1000, nanoseconds: 0 });
    expect(parseSubmissionInstant('2026-01-05T01:00:00Z')).toEqual(parseSubmissionInstant('2026-01-05T09:00:00+08:00'));
    expect(parseSubmissionInstant('2026-01-04T20:30:00-04:30')).toEqual(parseSubmissionInstant('2026-01-05T01:00:00Z'));
  });

  it('keeps nanoseconds', () => {
    expect(parseSubmissionInstant('2026-01-05T01:00:00.000000001Z')!.nanoseconds).toBe(1);
    expect(parseSubmissionInstant('2026-01-05T01:00:00.5Z')!.nanoseconds).toBe(500_000_000);
  });

  it('agrees with Date on whole milliseconds in the years 1000–9999', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const instant = parseSubmissionInstant(date.toISOString())!;
        expect(instant.epochSeconds * 1000 + instant.nanoseconds / 1_000_000).toBe(date.getTime());
      }),
    );
  });

  it('refuses what names no instant or no real date', () => {
    for (const text of [
      '2026-01-05T01:00:00', // no offset
      '2026-01-05',
      '2026-02-29T00:00:00Z', // 2026 is not a leap year
      '2026-13-01T00:00:00Z',
      '2026-01-05T24:00:00Z',
      '2026-01-05T23:59:60Z',
      '2026-01-05T01:00:00.1234567891Z', // more than nanoseconds
      '2026-01-05t01:00:00z',
      '2026-01-05T01:00:00+24:00',
      ' 2026-01-05T01:00:00Z',
    ]) {
      expect(parseSubmissionInstant(text), text).toBeNull();
    }
    expect(parseSubmissionInstant('2024-02-29T00:00:00Z')).not.toBeNull();
  });
});
