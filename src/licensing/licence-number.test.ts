import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDigits, formatLicenceNumber, LICENCE_SERIAL_MAX, parseLicenceNumber } from './licence-number.js';

const years = fc.integer({ min: 1_000, max: 9_999 });
const serials = fc.integer({ min: 0, max: LICENCE_SERIAL_MAX });

/** The 14 digits after the prefix, as they stand in the number. */
function digitsOf(number: string): string {
  return number.replaceAll('-', '').slice(2);
}

describe('licence numbers', () => {
  it('formats GH-YYYY-NNNNNNNN-CC with ISO 7064 MOD 97-10 check digits', () => {
    const number = formatLicenceNumber(2026, 42);
    // The worked example of docs/licensing.md.
    expect(number).toBe('GH-2026-00000042-73');
    // Worked by hand: "1617" (G = 16, H = 17) + "2026" + "00000042" + "00" mod 97, from 98.
    let remainder = 0;
    for (const digit of '161720260000004200') remainder = (remainder * 10 + Number(digit)) % 97;
    expect(number.slice(-2)).toBe(String(98 - remainder).padStart(2, '0'));
    expect(checkDigits('202600000042')).toBe(number.slice(-2));
    // The whole number, check digits included, leaves remainder 1, as an IBAN does.
    expect(BigInt(`1617${digitsOf(number)}`) % 97n).toBe(1n);
  });

  it('reads its own output back, in any case and with or without dashes and spaces', () => {
    const number = formatLicenceNumber(2026, 12_345_678);
    const expected = { ok: true, year: 2026, serial: 12_345_678, number };
    expect(parseLicenceNumber(number)).toEqual(expected);
    expect(parseLicenceNumber(number.toLowerCase())).toEqual(expected);
    expect(parseLicenceNumber(number.replaceAll('-', ''))).toEqual(expected);
    expect(parseLicenceNumber(`  ${number.replaceAll('-', ' ').toLowerCase()} `)).toEqual(expected);
  });

  it('says what is wrong with the shape', () => {
    const cases: [string, RegExp][] = [
      ['', /is empty/],
      ['XX-2026-00000042-17', /must begin with GH/],
      ['GH-2026-0000O042-17', /character other than a digit/],
      ['GH-2026-0000042-17', /has 13 digits after GH; it needs 14/],
      ['GH-2026-000000042-17', /has 15 digits/],
      ['GH-0026-00000042-17', /names the year 0026/],
      ['G'.repeat(65), /is 65 characters long/],
    ];
    for (const [text, detail] of cases) {
      const parsed = parseLicenceNumber(text);
      expect(parsed).toMatchObject({ ok: false, reason: 'shape' });
      if (!parsed.ok) expect(parsed.detail).toMatch(detail);
    }
  });

  it('reports wrong check digits apart from a wrong shape', () => {
    const number = formatLicenceNumber(2026, 42);
    const wrong = `${number.slice(0, -2)}${String((Number(number.slice(-2)) + 1) % 100).padStart(2, '0')}`;
    expect(parseLicenceNumber(wrong)).toMatchObject({ ok: false, reason: 'check_digits' });
  });

  it('check digits lie between 02 and 98 for every year and serial', () => {
    fc.assert(
      fc.property(years, serials, (year, serial) => {
        const check = Number(formatLicenceNumber(year, serial).slice(-2));
        return check >= 2 && check <= 98;
      }),
    );
  });

  it('property: every number formatted parses back to its year and serial', () => {
    fc.assert(
      fc.property(years, serials, (year, serial) => {
        const number = formatLicenceNumber(year, serial);
        expect(parseLicenceNumber(number)).toEqual({ ok: true, year, serial, number });
      }),
    );
  });

  it('property: a single mistyped digit anywhere, check digits included, is always caught', () => {
    fc.assert(
      fc.property(years, serials, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (year, serial, position, shift) => {
        const digits = digitsOf(formatLicenceNumber(year, serial));
        const mistyped = String((Number(digits[position]) + shift) % 10);
        const typed = `GH${digits.slice(0, position)}${mistyped}${digits.slice(position + 1)}`;
        const parsed = parseLicenceNumber(typed);
        expect(parsed.ok).toBe(false);
        // A year typed below 1000 is a wrong shape; every other slip is caught by the check digits.
        if (!parsed.ok && parsed.reason === 'shape') expect(typed.slice(2, 3)).toBe('0');
      }),
      { numRuns: 2_000 },
    );
  });

  it('property: a swap of two adjacent different digits anywhere is always caught', () => {
    fc.assert(
      fc.property(years, serials, fc.integer({ min: 0, max: 12 }), (year, serial, position) => {
        const number = formatLicenceNumber(year, serial);
        const digits = digitsOf(number);
        const [a, b] = [digits[position]!, digits[position + 1]!];
        fc.pre(a !== b);
        const swapped = `GH${digits.slice(0, position)}${b}${a}${digits.slice(position + 2)}`;
        expect(parseLicenceNumber(swapped).ok).toBe(false);
        // The same swap typed with the dashes in place, where the two digits sit side by side.
        const dashed = number.split('');
        const indices = [...number.matchAll(/\d/g)].map((match) => match.index);
        const [first, second] = [indices[position]!, indices[position + 1]!];
        if (second === first + 1) {
          [dashed[first], dashed[second]] = [dashed[second]!, dashed[first]!];
          expect(parseLicenceNumber(dashed.join('')).ok).toBe(false);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('exhaustively: every single-digit slip and adjacent swap of one number is caught', () => {
    // The properties sample; this walks every slip of one number, so a regression cannot hide.
    const digits = digitsOf(formatLicenceNumber(2026, 90_817_263));
    let checked = 0;
    for (let position = 0; position < 14; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === digits[position]) continue;
        expect(parseLicenceNumber(`GH${digits.slice(0, position)}${digit}${digits.slice(position + 1)}`).ok).toBe(false);
        checked += 1;
      }
      if (position < 13 && digits[position] !== digits[position + 1]) {
        expect(parseLicenceNumber(`GH${digits.slice(0, position)}${digits[position + 1]!}${digits[position]!}${digits.slice(position + 2)}`).ok).toBe(false);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(126);
  });

  it('refuses to format what cannot be a number', () => {
    expect(() => formatLicenceNumber(999, 1)).toThrow(RangeError);
    expect(() => formatLicenceNumber(2026, LICENCE_SERIAL_MAX + 1)).toThrow(RangeError);
    expect(() => formatLicenceNumber(2026, 1.5)).toThrow(RangeError);
  });
});
