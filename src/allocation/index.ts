/**
 * The allocation module's public face: other modules and the front doors (cli/, web/) use only
 * what is exported here.
 */
export { allocate } from './allocate.js';
export {
  ALLOCATION_METHODS,
  APPLICATIONS_MAX,
  DEFAULT_INNER_METHOD,
  INNER_ALLOCATION_METHODS,
  validateAllocationProblem,
  type AllocationApplication,
  type AllocationMethod,
  type AllocationProblem,
  type AllocationProblemValidation,
  type InnerAllocationMethod,
  type ValidationIssue,
} from './allocation-problem.js';
export type {
  AllocationGrant,
  AllocationPool,
  AllocationResult,
  BoundBy,
  CategoryBudget,
  MinimumLotRound,
} from './allocation-result.js';
export { summariseAllocation, type AllocationSummary } from './allocation-summary.js';
export { buildAllocationReport, formatAllocationReport, type AllocationReport } from './allocation-report.js';
export { canonicalJson } from './canonical-json.js';
export { hashCanonicalJson } from './compute-allocation-hashes.js';
export { runAllocation, type AllocationRun } from './run-allocation.js';
