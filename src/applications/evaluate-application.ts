/**
 * Use case: evaluate a request — a stored application or a draft being typed — against the
 * policy in force, with the applicant's registry facts and the grants made so far. The pure
 * evaluation (src/policy) does the deciding; this file only gathers its inputs.
 *
 * Grants are the licences issued: in the policy period for the period rules (national quota,
 * category budget, group cap, domestic pairing), and since the fleet declaration for the adoption
 * cap (the declaration is deemed to include what was granted before its date).
 */
import { grantsInPeriod } from '../licensing/index.js';
import { getPolicyInForce, type PolicyInForce } from '../policy/get-policy-versions.js';
import { evaluateApplication, type Evaluation, type ItemUnits, type PolicyItem } from '../policy/index.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import { getEvaluationSubject, getFacility } from '../registry/index.js';
import type { StoredEvaluation } from './application.js';

export interface EvaluationRequest {
  applicationId: string | null;
  organisationId: string;
  itemId: string;
  facilityId: string | null;
  quantity: number;
  endUse: string;
  domesticJustification: string | null;
}

export interface EvaluationResult {
  evaluation: Evaluation;
  inForce: PolicyInForce;
  /** True when the applicant's category is under manual review (two approvers needed). */
  isCategoryUnderReview: boolean;
}

export async function evaluateRequest(context: AppContext, actor: Actor, request: EvaluationRequest): Promise<EvaluationResult> {
  const inForce = await getPolicyInForce(context, actor);
  const subject = await getEvaluationSubject(context, actor, request.organisationId);
  const items = new Map<string, PolicyItem>(subject.items.map((item) => [item.id, item]));
  if (!items.has(request.itemId)) throw new DomainError('unknown_reference', `no controlled item ${request.itemId}`, { field: 'itemId' });
  const facility = request.facilityId === null ? null : await getFacility(context, actor, request.facilityId);
  if (facility !== null && facility.organisationId !== request.organisationId) {
    throw new DomainError('invalid_value', 'the facility belongs to another organisation', { field: 'facilityId' });
  }
  const policy = inForce.compiled.policy;
  const now = context.clock.now().toISOString();
  const periodFrom = `${policy.period.start}T00:00:00.000Z`;
  const periodUntil = nextDayStart(policy.period.end);
  const fleetFrom = subject.fleet === null ? periodFrom : `${subject.fleet.asOf}T00:00:00.000Z`;
  const earliest = fleetFrom < periodFrom ? fleetFrom : periodFrom;
  const db = context.database.db;
  const groupGrants = await grantsInPeriod(db, { from: earliest, until: periodUntil, organisationIds: subject.groupMemberIds });
  const national = await grantsInPeriod(db, { from: periodFrom, until: periodUntil });
  const category = await grantsInPeriod(db, { from: periodFrom, until: periodUntil, category: subject.organisation.category });
  const evaluation = evaluateApplication(inForce.compiled, {
    application: {
      id: request.applicationId,
      organisationId: request.organisationId,
      itemId: request.itemId,
      quantity: request.quantity,
      endUse: request.endUse,
      domesticJustification: request.domesticJustification,
      region: facility?.region ?? null,
    },
    organisation: subject.organisation,
    groupMemberIds: subject.groupMemberIds,
    groupAncestorIds: subject.groupAncestorIds,
    fleet: subject.fleet,
    grants: groupGrants,
    nationalGranted: sumByItem(national),
    categoryGranted: sumByItem(category),
    items,
    now,
  });
  const categoryRule = inForce.compiled.categoryRules.get(subject.organisation.category);
  const access = categoryRule?.access ?? policy.defaultAccess;
  return { evaluation, inForce, isCategoryUnderReview: access === 'review' };
}

export function toStoredEvaluation(evaluation: Evaluation): StoredEvaluation {
  return {
    policyHash: evaluation.policyHash,
    evaluatedAt: evaluation.evaluatedAt,
    requestedUnits: evaluation.requestedUnits,
    admissibleUnits: evaluation.admissibleUnits,
    outcome: evaluation.outcome,
    isDecisionDelayed: evaluation.isDecisionDelayed,
    english: evaluation.english,
    chinese: evaluation.chinese,
    rules: evaluation.rules.map((rule) => ({ ...rule })),
  };
}

function sumByItem(grants: readonly { itemId: string; units: number }[]): ItemUnits[] {
  const byItem = new Map<string, number>();
  for (const grant of grants) byItem.set(grant.itemId, (byItem.get(grant.itemId) ?? 0) + grant.units);
  return [...byItem].map(([itemId, units]) => ({ itemId, units }));
}

function nextDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString();
}
