/**
 * Submission times decide first come, first served and break ties, so they are compared as
 * instants, exactly: "2026-01-05T09:00:00+08:00" is earlier than "2026-01-05T02:00:00.5Z".
 * A time without an offset is rejected because it names no instant.
 *
 * Accepted form: YYYY-MM-DDTHH:MM:SS, an optional fraction of 1 to 9 digits, then Z or ±HH:MM.
 * Pure; parsed by hand rather than with Date because Date keeps milliseconds only and maps the
 * years 0–99 to 1900–1999.
 */

/** An instant as whole seconds since 1970-01-01T00:00:00Z and nanoseconds within the second. */
export interface SubmissionInstant {
  readonly epochSeconds: number;
  readonly nanoseconds: number;
}

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

const SECONDS_PER_DAY = 86_400;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's days_from_civil),
 * in integers only.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Returns the instant, or null when the text is not a valid date-time with an offset. */
export function parseSubmissionInstant(text: string): SubmissionInstant | null {
  const match = INSTANT_PATTERN.exec(text);
  if (match === null) return null;
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, offsetText] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // Leap seconds (:60) are refused: the instant they name is ambiguous in epoch seconds.
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetSeconds = 0;
  if (offsetText !== undefined && offsetText !== 'Z') {
    const offsetHours = Number(offsetText.slice(1, 3));
    const offsetMinutes = Number(offsetText.slice(4, 6));
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (offsetText.startsWith('-') ? -1 : 1);
  }
  const nanoseconds = fractionText === undefined ? 0 : Number(fractionText.padEnd(9, '0'));
  const epochSeconds =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetSeconds;
  return { epochSeconds, nanoseconds };
}
