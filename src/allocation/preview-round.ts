/**
 * Use case: an approver previews a round — a dry run of what committing it now would grant, with
 * the same budget under every other method beside it and the data the round builder charts. It
 * changes no application and issues no licence; it stores the preview on the round (open →
 * previewed, or a fresh preview of a previewed round), because the commitment must grant exactly
 * what was previewed: it refuses if any included application, its evaluation or the set of
 * applications has changed since (round_changed_since_preview).
 *
 * planRound, shared with the commitment, gathers the round's inputs afresh: the policy in force
 * (still the round's version, else policy_superseded), the applications approved in principle
 * for the item up to the cut-off, each evaluated now against the policy in force (its admissible
 * quantity caps it), its organisation's category and group, and whether it is a new entrant.
 */
import { evaluateRequest, roundCandidates } from '../applications/index.js';
import { grantsInPeriod } from '../licensing/index.js';
import { getPolicyInForce, type PolicyInForce } from '../policy/get-policy-versions.js';
import type { Evaluation } from '../policy/index.js';
import type { Actor } from '../platform/actor.js';
import { assert } from '../platform/assert.js';
import { authorise } from '../platform/authorisation.js';
import { inTransaction, type AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { getEvaluationSubject } from '../registry/index.js';
import { ALLOCATION_METHODS, type AllocationProblem } from './allocation-problem.js';
import type { AllocationReport } from './allocation-report.js';
import { canonicalJson } from './canonical-json.js';
import {
  buildRoundProblem,
  categorySharesOf,
  checkSharedLimits,
  compareMethod,
  includedCandidates,
  roundChart,
  roundExclusions,
  roundLines,
  ROUND_APPLICATIONS_MAX,
  summariseRound,
  type AllocationRound,
  type RoundCandidate,
  type RoundExclusion,
  type RoundLine,
  type RoundPreview,
  type RoundSummary,
  type SharedLimitCheck,
  type SharedLimitUse,
} from './round.js';
import { loadRound, saveRound } from './rounds.workflow.js';
import { runAllocation } from './run-allocation.js';

/** Grants since this date count as a licence "before the round" (earlier than any licence). */
const HISTORY_FROM = '2000-01-01';

export interface RoundPlan {
  inForce: PolicyInForce;
  /** Every application approved in principle, included or not. */
  candidates: RoundCandidate[];
  included: RoundCandidate[];
  excluded: RoundExclusion[];
  categoryShares: Record<string, number> | null;
  problem: AllocationProblem;
  report: AllocationReport;
  summary: RoundSummary;
  lines: RoundLine[];
  sharedLimits: SharedLimitCheck[];
  evaluations: Map<string, Evaluation>;
}

export async function previewRound(context: AppContext, actor: Actor, id: string, expectedVersion: number): Promise<AllocationRound> {
  authorise(actor, 'round.manage');
  const before = await loadRound(context.database.db, actor, id, 'preview');
  const plan = await planRound(context, actor, before);
  const comparison = ALLOCATION_METHODS.map((method) => compareMethod(allocateRound(buildRoundProblem(method, before.budget, before.settings, plan.included, plan.categoryShares)), plan.included));
  const now = context.clock.now();
  const blockers = commitBlockers(before, plan, now);
  const preview: RoundPreview = {
    previewedAt: now.toISOString(),
    previewedBy: actor.id,
    policyHash: plan.inForce.version.hash,
    problem: plan.problem,
    report: plan.report,
    summary: plan.summary,
    lines: plan.lines,
    excluded: plan.excluded,
    sharedLimits: plan.sharedLimits,
    comparison,
    chart: roundChart(plan.included, comparison),
    applicationVersions: Object.fromEntries(plan.included.map((candidate) => [candidate.applicationId, candidate.applicationVersion])),
    blockers,
  };
  return inTransaction(context, async (trx) => {
    const current = await loadRound(trx, actor, id, 'preview', expectedVersion);
    return saveRound(trx, actor, now, current, { ...current, state: 'previewed', preview }, 'round.previewed');
  });
}

/** Why committing the plan now would be refused, in words; the commitment enforces each. */
export function commitBlockers(round: AllocationRound, plan: RoundPlan, now: Date): string[] {
  const blockers: string[] = [];
  if (now.toISOString() < round.cutOff) blockers.push(`the cut-off ${round.cutOff} has not passed`);
  if (plan.included.length === 0) blockers.push('the round includes no application');
  for (const check of plan.sharedLimits) {
    if (check.isExceeded) blockers.push(describeExceeded(check));
  }
  return blockers;
}

export function describeExceeded(check: SharedLimitCheck): string {
  return `${check.rule}${check.subject === '' ? '' : ` (${check.subject})`} for ${check.scope}: applications ${check.applicationIds.join(', ')} would together receive ${check.grantedUnits} units, above the ${check.limitUnits} it admits`;
}

/** The allocation of a round's problem, exactly as `gatehouse allocate` computes it from the JSON. */
export function allocateRound(problem: AllocationProblem): AllocationReport {
  const run = runAllocation(canonicalJson(problem));
  // A round builds its problem from validated records; an invalid one is a defect here.
  if (!run.ok) assert(false, `a round built an invalid allocation problem: ${run.issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`);
  return run.report;
}

export async function planRound(context: AppContext, actor: Actor, round: AllocationRound): Promise<RoundPlan> {
  const inForce = await getPolicyInForce(context, actor);
  if (inForce.version.hash !== round.policyHash) {
    throw new DomainError('policy_superseded', `round ${round.id} was opened under policy ${round.policyHash}; policy ${inForce.version.hash} is in force now. Cancel the round and open a new one`, {
      extensions: { roundPolicyHash: round.policyHash, policyHashInForce: inForce.version.hash },
    });
  }
  const applications = await roundCandidates(context.database.db, { itemId: round.itemId, cutOff: round.cutOff, limit: ROUND_APPLICATIONS_MAX });
  if (applications.length > ROUND_APPLICATIONS_MAX) {
    throw new DomainError('invalid_value', `more than ${ROUND_APPLICATIONS_MAX} applications are approved in principle up to the cut-off; move the cut-off earlier`, { field: 'cutOff' });
  }
  const now = context.clock.now().toISOString();
  const db = context.database.db;
  const organisations = new Map<string, { name: string; category: string; groupId: string; isNewEntrant: boolean; historicalUnits: number }>();
  const candidates: RoundCandidate[] = [];
  const evaluations = new Map<string, Evaluation>();
  const suspended: string[] = [];
  const suspendingHoldIds = new Set<string>();
  for (const application of applications) {
    const { evaluation } = await evaluateRequest(context, actor, { ...application, applicationId: application.id });
    evaluations.set(application.id, evaluation);
    const holdsRule = evaluation.rules.find((rule) => rule.rule === 'holds');
    // A suspension in force admits nothing: the round is refused rather than deferring everyone quietly.
    if (holdsRule?.outcome === 'hold' && holdsRule.limitUnits === 0) {
      suspended.push(`application ${application.id} (${holdsRule.english})`);
      for (const holdId of holdsRule.references) suspendingHoldIds.add(holdId);
    }
    let organisation = organisations.get(application.organisationId);
    if (organisation === undefined) {
      const subject = await getEvaluationSubject(context, actor, application.organisationId);
      const prior = await grantsInPeriod(db, { from: HISTORY_FROM, until: now, organisationIds: [application.organisationId] });
      organisation = {
        name: subject.organisation.legalName,
        category: subject.organisation.category,
        groupId: [...subject.groupMemberIds].sort()[0] ?? application.organisationId,
        isNewEntrant: prior.length === 0,
        historicalUnits: prior.filter((grant) => grant.itemId === round.itemId).reduce((sum, grant) => sum + grant.units, 0),
      };
      organisations.set(application.organisationId, organisation);
    }
    candidates.push({
      applicationId: application.id,
      applicationVersion: application.version,
      organisationId: application.organisationId,
      organisationName: organisation.name,
      category: organisation.category,
      groupId: organisation.groupId,
      state: application.state,
      // Every application approved in principle has been submitted.
      submittedAt: application.submittedAt ?? round.cutOff,
      requested: application.quantity,
      admissible: evaluation.admissibleUnits,
      firstApprovalUnits: application.firstApproval?.quantity ?? null,
      isNewEntrant: organisation.isNewEntrant,
      historicalUnits: organisation.historicalUnits,
      reviewerId: application.reviewerId,
      firstApproverId: application.firstApproval?.approverId ?? null,
      limits: sharedLimitsOf(evaluation, organisation.category, organisation.groupId, application.organisationId),
      exclusion: exclusionOf(application.needsSecondApprover && application.firstApproval === null, evaluation),
    });
  }
  if (suspended.length > 0) {
    throw new DomainError('hold_in_force', `no licence may be issued while a suspension is in force; it covers ${suspended.join('; ')}`, { extensions: { holds: [...suspendingHoldIds].sort() } });
  }
  const categoryShares = round.settings.useCategoryShares ? categorySharesOf(inForce.compiled.categoryRules) : null;
  const marked = includedCandidates(candidates, categoryShares);
  const included = marked.filter((candidate) => candidate.exclusion === null);
  const problem = buildRoundProblem(round.method, round.budget, round.settings, included, categoryShares);
  const report = allocateRound(problem);
  const unitsById = new Map(report.grants.map((grant) => [grant.id, grant.units]));
  return {
    inForce,
    candidates: marked,
    included,
    excluded: roundExclusions(marked),
    categoryShares,
    problem,
    report,
    summary: summariseRound(report, included),
    lines: roundLines(included, report),
    sharedLimits: checkSharedLimits(included, unitsById),
    evaluations,
  };
}

function exclusionOf(needsFirstApproval: boolean, evaluation: Evaluation): RoundCandidate['exclusion'] {
  if (needsFirstApproval) return { reason: 'needs-first-approval', detail: 'its category needs two approvers and no first approval has been given; the round would be the only signature' };
  if (evaluation.isDecisionDelayed) return { reason: 'decision-delayed', detail: `a block hold delays its decision: ${evaluation.rules.find((rule) => rule.rule === 'holds')?.english ?? ''}` };
  if (evaluation.outcome === 'deny') return { reason: 'denied-by-policy', detail: evaluation.english };
  return null;
}

/** The limits of an evaluation that other applications of the round may share, with their scopes. */
function sharedLimitsOf(evaluation: Evaluation, category: string, groupId: string, organisationId: string): SharedLimitUse[] {
  const scopes: Partial<Record<string, string>> = {
    'national-quota': 'the national quota',
    'category-budget': `category ${category}`,
    'group-cap': `group ${groupId}`,
    'adoption-cap': `organisation ${organisationId}`,
    'domestic-pairing': `organisation ${organisationId}`,
  };
  return evaluation.rules.flatMap((rule) => {
    const scope = scopes[rule.rule];
    return scope === undefined || rule.limitUnits === null ? [] : [{ rule: rule.rule, subject: rule.subject, scope, limitUnits: rule.limitUnits }];
  });
}
