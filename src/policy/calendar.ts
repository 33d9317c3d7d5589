/**
 * Dates and instants as policies use them. Dates (YYYY-MM-DD) are whole UTC days; instants are
 * normalised to one spelling (YYYY-MM-DDTHH:MM:SS.sssZ) so they compare as strings and hash the
 * same however the document wrote them. Pure: parsing only, never the clock.
 */

/** True when the text is a real calendar date: 2026-02-29 is not, 2028-02-29 is. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The UTC instant a document's date or date-time means, in one spelling; null when it is not a
 * real moment. A bare date means the start of that day in UTC.
 */
export function normaliseInstant(text: string): string | null {
  if (!isCalendarDate(text.slice(0, 10))) return null;
  const milliseconds = Date.parse(text.length === 10 ? `${text}T00:00:00.000Z` : text);
  if (Number.isNaN(milliseconds)) return null;
  return new Date(milliseconds).toISOString();
}

/** Milliseconds since the epoch of a normalised instant or a date; NaN when unreadable. */
export function instantMilliseconds(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00.000Z` : text);
}

/** The UTC calendar date of an instant given in milliseconds. */
export function utcDate(milliseconds: number): string {
  return new Date(milliseconds).toISOString().slice(0, 10);
}
