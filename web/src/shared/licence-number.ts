/** Licence numbers as people type them: case, spaces and dashes do not matter (GH-2026-00000001-02). */
export function normaliseLicenceNumber(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '');
}

export function matchesLicenceNumber(number: string, search: string): boolean {
  const wanted = normaliseLicenceNumber(search);
  return wanted === '' || normaliseLicenceNumber(number).includes(wanted);
}
