/**
 * Numbers in sentences, the same in English and Chinese text: digits grouped by thousands with
 * commas (31,200), percentages from exact integers. Written by hand rather than with Intl because
 * evaluation formats several numbers per application and must stay fast, and because the output
 * must not depend on the ICU data a Node build happens to carry.
 */

/** 31200 → "31,200"; -1500 → "-1,500". Integers only. */
export function formatInteger(value: number): string {
  if (value < 0) return `-${formatInteger(-value)}`;
  if (value < 1000) return String(value);
  // Groups of three from the right, by arithmetic: this runs for every number of every sentence.
  let grouped = '';
  let rest = value;
  while (rest >= 1000) {
    const group = rest % 1000;
    grouped = `,${group < 10 ? '00' : group < 100 ? '0' : ''}${group}${grouped}`;
    rest = Math.floor(rest / 1000);
  }
  return `${rest}${grouped}`;
}

/** 5000 → "50", 3333 → "33.33", 1250 → "12.5": basis points as a percentage, exact. */
export function formatBasisPoints(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const hundredths = basisPoints % 100;
  if (hundredths === 0) return formatInteger(whole);
  const decimals = String(hundredths).padStart(2, '0');
  return `${formatInteger(whole)}.${decimals.endsWith('0') ? decimals.slice(0, 1) : decimals}`;
}

/** 624 → "62.4": a percentage held in tenths of a per cent, always with one decimal. */
export function formatTenthsOfPercent(tenths: number): string {
  return `${formatInteger(Math.floor(tenths / 10))}.${tenths % 10}`;
}
