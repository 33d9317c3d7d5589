/**
 * The allocate use case behind `gatehouse allocate`: JSON text in, a validated problem, its
 * allocation, summary and hashes out, as a report and its text. No store and no clock: an
 * allocation is a pure function of its input, so this only adds the hashes (node:crypto).
 */
import { allocate } from './allocate.js';
import { validateAllocationProblem, type ValidationIssue } from './allocation-problem.js';
import { buildAllocationReport, formatAllocationReport, type AllocationReport } from './allocation-report.js';
import { summariseAllocation } from './allocation-summary.js';
import { hashCanonicalJson } from './compute-allocation-hashes.js';

export type AllocationRun =
  | { readonly ok: true; readonly report: AllocationReport; readonly text: string }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function runAllocation(inputText: string): AllocationRun {
  let input: unknown;
  try {
    input = JSON.parse(inputText);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ field: '', message: `is not valid JSON (${reason})` }] };
  }
  const validation = validateAllocationProblem(input);
  if (!validation.ok) return validation;
  const problem = validation.problem;
  const result = allocate(problem);
  const summary = summariseAllocation(problem, result);
  const inputHash = hashCanonicalJson(problem);
  const resultHash = hashCanonicalJson(buildAllocationReport(result, summary, inputHash, undefined));
  const report = buildAllocationReport(result, summary, inputHash, resultHash);
  return { ok: true, report, text: formatAllocationReport(report) };
}
