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

  it('agrees with a regular-expression reading on near-miss texts', () => {
    const pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
    const reference = (text: string): boolean => {
      const match = pattern.exec(text);
      if (match === null) return false;
      const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
      const zone = match[8]!;
      const zoneValid = zone === 'Z' || (Number(zone.slice(1, 3)) <= 23 && Number(zone.slice(4, 6)) <= 59);
      return days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59 && zoneValid;
    };
    const piece = (values: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...values);
    const text = fc
      .tuple(
        piece(['2026', '0000', '9999', '2024', '20x6']),
        piece(['-', '/']),
        piece(['01', '02', '12', '13', '00']),
        piece(['-']),
        piece(['01', '28', '29', '31', '32']),
        piece(['T', 't', ' ']),
        piece(['00', '23', '24']),
        piece([':']),
        piece(['00', '59', '60']),
        piece([':', '']),
        piece(['00', '59', '60', '5']),
        piece(['', '.', '.5', '.123456789', '.1234567890', '.12a']),
        piece(['Z', 'z', '+08:00', '-23:59', '+24:00', '+08:60', '+0800', '', 'ZZ', '+08:00x']),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (candidate) => {
        expect(parseSubmissionInstant(candidate) !== null, candidate).toBe(reference(candidate));
      }),
      { numRuns: 3000 },
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
