/**
 * Policies, items and evaluation inputs for tests: one small policy in which every rule is on,
 * and builders that change one thing at a time so each test says what it is about.
 */
import { compilePolicy } from '../compiled-policy.js';
import type { CompiledPolicy } from '../compiled-policy.js';
import { evaluateApplication } from '../evaluation.js';
import type { Evaluation, EvaluationInput, RuleName, RuleResult } from '../evaluation.js';
import type { Policy, PolicyItem } from '../policy.js';

export const H200: PolicyItem = {
  id: 'nvidia-h200',
  name: 'NVIDIA H200',
  family: 'H200',
  classificationCode: '3A090.a',
  origin: 'foreign',
  tpp: 15_832,
  memoryBandwidthGbPerSecond: 4_800,
};
export const H20: PolicyItem = {
  id: 'nvidia-h20',
  name: 'NVIDIA H20',
  family: 'H20',
  classificationCode: '3A991',
  origin: 'foreign',
  tpp: 2_368,
  memoryBandwidthGbPerSecond: 4_000,
};
export const B200: PolicyItem = {
  id: 'nvidia-b200',
  name: 'NVIDIA B200',
  family: 'B200',
  classificationCode: '3A090.a',
  origin: 'foreign',
  tpp: 36_000,
  memoryBandwidthGbPerSecond: 8_000,
};
export const ASCEND: PolicyItem = {
  id: 'huawei-ascend-910c',
  name: 'Huawei Ascend 910C',
  family: 'Ascend 910',
  classificationCode: '3A090.a',
  origin: 'domestic',
  tpp: 12_800,
  memoryBandwidthGbPerSecond: 3_200,
};

export const ITEMS: ReadonlyMap<string, PolicyItem> = new Map([H200, H20, B200, ASCEND].map((item) => [item.id, item]));

export function basePolicy(): Policy {
  return {
    id: 'test-policy',
    title: 'Test policy',
    effectiveFrom: '2026-01-01',
    period: { start: '2026-01-01', end: '2026-12-31' },
    nationalQuotas: [
      { appliesTo: { family: 'H200' }, units: 700_000, tpp: 700_000 * 15_832 },
      { appliesTo: { family: 'H20' }, units: 100_000, tpp: null },
      { appliesTo: { family: 'Ascend 910' }, units: 1_000_000, tpp: null },
    ],
    defaultAccess: 'review',
    categories: {
      'big-tech-platform': { access: 'allow', budgetShareBasisPoints: 6_000, note: null, noteChinese: null },
      'telecom-operator': { access: 'review', budgetShareBasisPoints: 500, note: 'tight control', noteChinese: '从严管控' },
      vendor: { access: 'deny', budgetShareBasisPoints: null, note: null, noteChinese: null },
    },
    groupCaps: [{ appliesTo: null, unitsMax: 200_000 }],
    adoptionCap: { measure: 'tpp', foreignShareMaxBasisPoints: 5_000 },
    domesticPairing: { domesticUnits: 1, perForeignUnits: 2 },
    technicalEnvelopes: [{ appliesTo: { classificationCode: '3A090.a' }, tppBelow: 21_000, memoryBandwidthGbPerSecondBelow: 6_500 }],
    endUses: { allowed: ['ai-training', 'ai-inference'], denied: ['military'], domesticJustificationRequired: true },
    licenceTerms: { validityDays: 180, purchaseOrderWindowDays: 30, attestationIntervalDays: 90, conditions: ['Install only at the named facility.'] },
    holds: [],
  };
}

/**
 * A platform company with a fleet that leaves room under every rule for a request of 1,000 H200
 * units: domestic compute 200,000 × 12,800, no foreign compute, 100,000 domestic units committed.
 */
export function baseInput(): EvaluationInput {
  return {
    application: {
      id: 'APP-1',
      organisationId: 'org-a',
      itemId: H200.id,
      quantity: 1_000,
      endUse: 'ai-training',
      domesticJustification: 'Domestic accelerators cannot run our training stack this year.',
      region: 'CN-BJ',
    },
    organisation: { id: 'org-a', category: 'big-tech-platform', parentId: null },
    groupMemberIds: ['org-a'],
    fleet: { asOf: '2025-12-31', holdings: [{ itemId: ASCEND.id, installedUnits: 200_000 }], domesticUnitsCommitted: 100_000 },
    grants: [],
    nationalGranted: [],
    categoryGranted: [],
    items: ITEMS,
    now: '2026-03-02T09:00:00.000Z',
  };
}

export function evaluate(policy: Policy, input: EvaluationInput): Evaluation {
  return evaluateApplication(compilePolicy(policy), input);
}

export function compiled(policy: Policy = basePolicy()): CompiledPolicy {
  return compilePolicy(policy);
}

/** The one result of a rule; fails the test when the rule reported none or several. */
export function ruleOf(evaluation: Evaluation, name: RuleName): RuleResult {
  const results = evaluation.rules.filter((result) => result.rule === name);
  if (results.length !== 1) throw new Error(`expected one ${name} result, got ${results.length}`);
  return results[0]!;
}
