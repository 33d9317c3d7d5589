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
  const lines: string[] = ['{'];
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  entries.forEach(([key, value], index) => {
    const comma = index < entries.length - 1 ? ',' : '';
    if (Array.isArray(value)) {
      if (value.length === 0) {
        lines.push(`  ${JSON.stringify(key)}: []${comma}`);
        return;
      }
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((element, elementIndex) => {
        lines.push(`    ${JSON.stringify(element)}${elementIndex < value.length - 1 ? ',' : ''}`);
      });
      lines.push(`  ]${comma}`);
    } else {
      const text = JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
      lines.push(`  ${JSON.stringify(key)}: ${text}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
