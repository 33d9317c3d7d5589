/**
 * Fleet declarations: an organisation's installed accelerators by item at a date, and the domestic
 * units it has committed to procure in the period. They are the basis of the adoption percentage
 * and the domestic pairing rule. Pure: types and rules only.
 */
export interface FleetHolding {
  itemId: string;
  installedUnits: number;
}

export interface FleetDeclaration {
  id: string;
  organisationId: string;
  /** The date the installed counts are true at. */
  asOf: string;
  periodStart: string;
  periodEnd: string;
  domesticUnitsCommitted: number;
  holdings: FleetHolding[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The rules a declaration must keep beyond its shape: the period runs forwards, and each item is
 * declared once (two lines for one item would make the installed count ambiguous).
 */
export function checkFleetDeclaration(declaration: Pick<FleetDeclaration, 'periodStart' | 'periodEnd' | 'asOf' | 'holdings'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCalendarDate(declaration.asOf)) problems.push({ field: 'asOf', message: 'is not a calendar date' });
  if (!isCalendarDate(declaration.periodStart)) problems.push({ field: 'periodStart', message: 'is not a calendar date' });
  if (!isCalendarDate(declaration.periodEnd)) problems.push({ field: 'periodEnd', message: 'is not a calendar date' });
  if (declaration.periodEnd < declaration.periodStart) {
    problems.push({ field: 'periodEnd', message: `ends (${declaration.periodEnd}) before the period starts (${declaration.periodStart})` });
  }
  const seen = new Set<string>();
  declaration.holdings.forEach((holding, index) => {
    if (seen.has(holding.itemId)) problems.push({ field: `holdings.${index}.itemId`, message: 'declares the same item twice' });
    seen.add(holding.itemId);
  });
  return problems;
}

/** A real day of the calendar, not merely the YYYY-MM-DD shape (2026-02-30 is refused). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
