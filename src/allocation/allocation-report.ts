/**
 * The published report of an allocation: the result, its summary and its hashes, with keys in one
 * fixed order (short figures first, the long list of grants last, so that the head of the output
 * is readable), and its text form. Pure.
 */
import type { AllocationResult } from './allocation-result.js';
import type { AllocationSummary } from './allocation-summary.js';

export interface AllocationReport extends AllocationResult {
  readonly summary: AllocationSummary;
  readonly inputHash: string;
  /** Absent only while the report is being hashed. */
  readonly resultHash?: string;
}

export function buildAllocationReport(
  result: AllocationResult,
  summary: AllocationSummary,
  inputHash: string,
  resultHash: string | undefined,
): AllocationReport {
  const { method, inner, budget, minLot, granted, coefficient, level, categoryLevel, categories, pools, minLotRounds, grants } =
    result;
  const report: Record<string, unknown> = { method };
  // Copying field by field fixes the key order, whatever order the result was built in.
  if (inner !== undefined) report.inner = inner;
  report.budget = budget;
  if (minLot !== undefined) report.minLot = minLot;
  report.granted = granted;
  if (coefficient !== undefined) report.coefficient = coefficient;
  if (level !== undefined) report.level = level;
  if (categoryLevel !== undefined) report.categoryLevel = categoryLevel;
  if (categories !== undefined) report.categories = categories;
  report.summary = summary;
  report.pools = pools;
  if (minLotRounds !== undefined) report.minLotRounds = minLotRounds;
  report.inputHash = inputHash;
  if (resultHash !== undefined) report.resultHash = resultHash;
  report.grants = grants;
  return report as unknown as AllocationReport;
}

/**
 * JSON text: two-space indentation, except that each element of a list (a grant, a pool, a
 * category) sits on one line, so a million grants make a million lines, easy to diff and grep.
 * Deterministic: the same report always gives the same bytes.
 */
export function formatAllocationReport(report: AllocationReport): string {
  const parts: string[] = ['{\n'];
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  entries.forEach(([key, value], index) => {
    const comma = index < entries.length - 1 ? ',' : '';
    parts.push(`  ${JSON.stringify(key)}: `);
    if (Array.isArray(value)) {
      parts.push(key === 'grants' ? formatGrants(value as AllocationReport['grants']) : formatList(value), comma, '\n');
    } else {
      parts.push(JSON.stringify(value, null, 2).replaceAll('\n', '\n  '), comma, '\n');
    }
  });
  parts.push('}\n');
  return parts.join('');
}

function formatList(values: readonly unknown[]): string {
  if (values.length === 0) return '[]';
  return `[\n${values.map((value) => `    ${JSON.stringify(value)}`).join(',\n')}\n  ]`;
}

/**
 * The grants, one per line, from one native JSON.stringify of the whole list: a million calls
 * would take seconds. The text between two grants is always `},{"id":` and nothing else can
 * contain it: inside a string every `"` is escaped, and after a string value comes `,` or `}`,
 * never `id":`. So inserting a line break there is exact.
 */
function formatGrants(grants: AllocationReport['grants']): string {
  if (grants.length === 0) return '[]';
  const text = JSON.stringify(grants);
  return `[\n    ${text.slice(1, -1).replaceAll('},{"id":', '},\n    {"id":')}\n  ]`;
}
