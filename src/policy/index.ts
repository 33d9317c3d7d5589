/**
 * The policy module's public face: other modules (the policy store and routes, publishing,
 * applications, allocation) and the command line use these, never the files behind them.
 */
export type {
  Access,
  AdoptionCap,
  AdoptionMeasure,
  CategoryRule,
  DomesticPairing,
  EndUses,
  GroupCap,
  Hold,
  HoldKind,
  HoldScope,
  HoldScopeLevel,
  ItemSelector,
  LicenceTerms,
  NationalQuota,
  Policy,
  PolicyItem,
  PolicyPeriod,
  QuotaSelector,
  TechnicalEnvelope,
} from './policy.js';
export { ACCESS_LEVELS, ADOPTION_MEASURES, BASIS_POINTS_WHOLE, HOLD_KINDS, HOLD_SCOPE_LEVELS } from './policy.js';
export { PolicyDocumentSchema } from './policy.schema.js';
export type { PolicyDocument } from './policy.schema.js';
export type { DocumentIssue, ReadResult } from './source-document.js';
export { formatIssues } from './source-document.js';
export { parsePolicyDocument } from './policy-document.js';
export { canonicalPolicyJson, normaliseHold, normalisePolicy } from './canonical-policy.js';
export { policyHash } from './compute-policy-hash.js';
export { findPublishedPolicy } from './get-published-policy.js';
export { diffPolicies } from './policy-diff.js';
export type { PolicyChange } from './policy-diff.js';
export { compilePolicy } from './compiled-policy.js';
export type { CompiledPolicy, CompileOptions, ItemRules, Labelled } from './compiled-policy.js';
export { evaluateApplication, RULE_NAMES, RULE_OUTCOMES } from './evaluation.js';
export type {
  Application,
  EvaluatedOrganisation,
  Evaluation,
  EvaluationInput,
  EvaluationOptions,
  EvaluatedFleet,
  Grant,
  ItemUnits,
  RuleName,
  RuleOutcome,
  RuleResult,
} from './evaluation.js';
export { EvaluationCaseSchema, parseEvaluationCase } from './evaluation-case.js';
export { formatEvaluationTable, LANGUAGES } from './evaluation-table.js';
export type { Language } from './evaluation-table.js';
