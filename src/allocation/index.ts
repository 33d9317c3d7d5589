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
// Allocation rounds: their types here; the use cases (open-round.ts, preview-round.ts,
// commit-round.ts, withdraw-from-round.ts, commit-rerun.ts, cancel-round.ts, get-rounds.ts) and
// the routes (rounds.routes.ts) are imported from their own files, like the policy routes, so that
// whoever needs only the pure allocator through this file does not load the database use cases
// of four modules with it.
export type { AllocationRound, RoundState, RoundSettings, RoundSummary, RoundPreview, RoundCommitment, RoundRerun, RoundGrant, FinalFigures } from './round.js';
export { ROUND_STATES } from './round.js';
