/**
 * Licence numbers: `GH-YYYY-NNNNNNNN-CC` — the prefix, the year of issue, an 8-digit serial
 * (per year, from 1) and two check digits. Pure.
 *
 * The check digits follow ISO 7064 MOD 97-10, the scheme of the IBAN: the number is read as one
 * string of digits, the prefix's letters written as IBAN writes them (A = 10 … Z = 35, so "GH" is
 * "1617"), followed by the year, the serial and the check digits. A number is genuine when that
 * whole string, taken as an integer, leaves remainder 1 when divided by 97. To issue one, compute
 * N = prefix + year + serial and choose CC = 98 − (N × 100 mod 97), which lies between 02 and 98.
 *
 * Why this scheme: 97 is a prime larger than any change a single mistyped digit (d × 10^k, with
 * 0 < |d| ≤ 9) or a swap of two adjacent digits (9 × (a − b) × 10^k) can make to the integer, so
 * neither can ever leave the remainder at 1. Both are caught anywhere in the number, check digits
 * included. A customs officer typing a number from paper makes exactly these mistakes.
 */

export const LICENCE_NUMBER_PREFIX = 'GH';
/** The prefix's letters as IBAN writes them: G = 16, H = 17. */
const PREFIX_DIGITS = '1617';
export const LICENCE_SERIAL_MAX = 99_999_999;
export const LICENCE_YEAR_MIN = 1_000;
export const LICENCE_YEAR_MAX = 9_999;
/** Longer input is refused before any work is done on it (the verify route is public). */
const INPUT_LENGTH_MAX = 64;

export type LicenceNumberProblem = 'shape' | 'check_digits';

export type ParsedLicenceNumber =
  | { ok: true; year: number; serial: number; /** The canonical spelling, `GH-YYYY-NNNNNNNN-CC`. */ number: string }
  | { ok: false; reason: LicenceNumberProblem; detail: string };

export const LICENCE_NUMBER_EXAMPLE = formatLicenceNumber(2026, 42);

/** The canonical licence number of a year's serial. Out-of-range input is a programmer error. */
export function formatLicenceNumber(year: number, serial: number): string {
  if (!Number.isInteger(year) || year < LICENCE_YEAR_MIN || year > LICENCE_YEAR_MAX) throw new RangeError(`licence year must be 4 digits, got ${year}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > LICENCE_SERIAL_MAX) throw new RangeError(`licence serial must be 0–${LICENCE_SERIAL_MAX}, got ${serial}`);
  const yearText = String(year);
  const serialText = String(serial).padStart(8, '0');
  return `${LICENCE_NUMBER_PREFIX}-${yearText}-${serialText}-${checkDigits(yearText + serialText)}`;
}

/** The two check digits for a year and serial written as 12 digits. */
export function checkDigits(yearAndSerial: string): string {
  const remainder = mod97(`${PREFIX_DIGITS}${yearAndSerial}00`);
  return String(98 - remainder).padStart(2, '0');
}

/**
 * Reads a licence number as people type it: lower case, without dashes, with spaces, or with
 * surrounding blanks all read the same. Says whether the shape is wrong (and how) or the check
 * digits do not match (a digit mistyped or two swapped).
 */
export function parseLicenceNumber(text: string): ParsedLicenceNumber {
  if (text.length > INPUT_LENGTH_MAX) return shape(`is ${text.length} characters long; a licence number has 19, such as ${LICENCE_NUMBER_EXAMPLE}`);
  const compact = text.trim().toUpperCase().replace(/[-\s]/g, '');
  if (compact.length === 0) return shape(`is empty; a licence number looks like ${LICENCE_NUMBER_EXAMPLE}`);
  if (!compact.startsWith(LICENCE_NUMBER_PREFIX)) return shape(`must begin with ${LICENCE_NUMBER_PREFIX}, as in ${LICENCE_NUMBER_EXAMPLE}`);
  const digits = compact.slice(LICENCE_NUMBER_PREFIX.length);
  if (!/^\d*$/.test(digits)) return shape(`holds a character other than a digit after ${LICENCE_NUMBER_PREFIX}; a licence number looks like ${LICENCE_NUMBER_EXAMPLE}`);
  if (digits.length !== 14) {
    return shape(`has ${digits.length} digits after ${LICENCE_NUMBER_PREFIX}; it needs 14 (4 for the year, 8 for the serial, 2 check digits), as in ${LICENCE_NUMBER_EXAMPLE}`);
  }
  const year = Number(digits.slice(0, 4));
  if (year < LICENCE_YEAR_MIN) return shape(`names the year ${digits.slice(0, 4)}, which no licence is issued in`);
  if (mod97(PREFIX_DIGITS + digits) !== 1) {
    return { ok: false, reason: 'check_digits', detail: 'the check digits do not match the rest of the number: a digit is mistyped or two digits are swapped' };
  }
  const serial = Number(digits.slice(4, 12));
  return { ok: true, year, serial, number: `${LICENCE_NUMBER_PREFIX}-${digits.slice(0, 4)}-${digits.slice(4, 12)}-${digits.slice(12)}` };
}

/** The remainder of a string of decimal digits divided by 97, digit by digit (no big integers). */
function mod97(digits: string): number {
  let remainder = 0;
  for (let index = 0; index < digits.length; index += 1) {
    remainder = (remainder * 10 + digits.charCodeAt(index) - 48) % 97;
  }
  return remainder;
}

function shape(detail: string): ParsedLicenceNumber {
  return { ok: false, reason: 'shape', detail: `the licence number ${detail}` };
}
