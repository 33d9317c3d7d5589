/**
 * Invariants of the evaluation over many generated policies and applications:
 *  - the admissible quantity never exceeds the request nor any single rule's limit, and is the
 *    smallest of them;
 *  - more domestic compute never lowers it;
 *  - more prior grants (of controlled foreign items) never raise it;
 *  - the adoption cap's closed form is the largest quantity that keeps the share within the cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compiled-policy.js';
import { evaluateApplication } from './evaluation.js';
import type { EvaluationInput, Grant } from './evaluation.js';
import type { Policy } from './policy.js';
import { ASCEND, H20, H200, baseInput, basePolicy } from './test-support/policy-fixtures.js';

const RUNS = 300;

const policyArbitrary: fc.Arbitrary<Policy> = fc
  .record({
    capBasisPoints: fc.integer({ min: 0, max: 10_000 }),
    measure: fc.constantFrom('tpp' as const, 'units' as const),
    hasAdoptionCap: fc.boolean(),
    pairing: fc.option(fc.record({ domesticUnits: fc.integer({ min: 1, max: 5 }), perForeignUnits: fc.integer({ min: 1, max: 5 }) }), { nil: null }),
    groupCapUnits: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: null }),
    quotaUnits: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
    quotaTpp: fc.option(fc.integer({ min: 0, max: 20_000_000_000 }), { nil: null }),
    shareBasisPoints: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
  })
  .map((choice) => {
    const policy = basePolicy();
    policy.adoptionCap = choice.hasAdoptionCap ? { measure: choice.measure, foreignShareMaxBasisPoints: choice.capBasisPoints } : null;
    policy.domesticPairing = choice.pairing;
    policy.groupCaps = choice.groupCapUnits === null ? [] : [{ appliesTo: null, unitsMax: choice.groupCapUnits }];
    // A quota needs at least one dimension.
    policy.nationalQuotas[0] = { appliesTo: { family: 'H200' }, units: choice.quotaUnits ?? (choice.quotaTpp === null ? 0 : null), tpp: choice.quotaTpp };
    policy.categories['big-tech-platform']!.budgetShareBasisPoints = choice.shareBasisPoints;
    return policy;
  });

const dateArbitrary = fc.integer({ min: 0, max: 180 }).map((day) => new Date(Date.UTC(2025, 11, 1) + day * 86_400_000).toISOString());

const foreignGrantArbitrary: fc.Arbitrary<Grant> = fc.record({
  organisationId: fc.constantFrom('org-a', 'org-b'),
  itemId: fc.constantFrom(H200.id, H20.id),
  units: fc.integer({ min: 1, max: 100_000 }),
  grantedAt: dateArbitrary,
});

const inputArbitrary: fc.Arbitrary<EvaluationInput> = fc
  .record({
    quantity: fc.integer({ min: 1, max: 500_000 }),
    hasFleet: fc.boolean(),
    domesticUnits: fc.integer({ min: 0, max: 1_000_000 }),
    foreignUnits: fc.integer({ min: 0, max: 1_000_000 }),
    committed: fc.integer({ min: 0, max: 1_000_000 }),
    asOfDay: fc.integer({ min: 0, max: 120 }),
    grants: fc.array(foreignGrantArbitrary, { maxLength: 5 }),
    nationalExtra: fc.integer({ min: 0, max: 800_000 }),
    categoryShareOfNational: fc.integer({ min: 0, max: 100 }),
    isTelecom: fc.boolean(),
  })
  .map((choice) => {
    const input = baseInput();
    input.application = { ...input.application, quantity: choice.quantity };
    input.groupMemberIds = ['org-a', 'org-b'];
    input.organisation = { ...input.organisation, category: choice.isTelecom ? 'telecom-operator' : 'big-tech-platform' };
    input.fleet = choice.hasFleet
      ? {
          asOf: new Date(Date.UTC(2025, 11, 1) + choice.asOfDay * 86_400_000).toISOString().slice(0, 10),
          holdings: [
            { itemId: ASCEND.id, installedUnits: choice.domesticUnits },
            { itemId: H20.id, installedUnits: choice.foreignUnits },
          ],
          domesticUnitsCommitted: choice.committed,
        }
      : null;
    input.grants = choice.grants;
    // National usage includes the group's own grants, and the category's usage is part of it.
    const grantedH200 = choice.grants.filter((grant) => grant.itemId === H200.id).reduce((sum, grant) => sum + grant.units, 0);
    const national = grantedH200 + choice.nationalExtra;
    input.nationalGranted = [{ itemId: H200.id, units: national }];
    input.categoryGranted = [{ itemId: H200.id, units: Math.floor((national * choice.categoryShareOfNational) / 100) }];
    return input;
  });

function admissible(policy: Policy, input: EvaluationInput): number {
  return evaluateApplication(compilePolicy(policy), input, { withSentences: false }).admissibleUnits;
}

describe('evaluation invariants', () => {
  it('the admissible quantity never exceeds the request or any single rule’s limit, and is the smallest', () => {
    fc.assert(
      fc.property(policyArbitrary, inputArbitrary, (policy, input) => {
        const evaluation = evaluateApplication(compilePolicy(policy), input);
        const limits = evaluation.rules.flatMap((result) => (result.limitUnits === null ? [] : [result.limitUnits]));
        expect(evaluation.admissibleUnits).toBeGreaterThanOrEqual(0);
        expect(evaluation.admissibleUnits).toBeLessThanOrEqual(input.application.quantity);
        for (const limit of limits) expect(evaluation.admissibleUnits).toBeLessThanOrEqual(limit);
        expect(evaluation.admissibleUnits).toBe(Math.min(input.application.quantity, ...limits));
        expect(Number.isSafeInteger(evaluation.admissibleUnits)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('more domestic compute never lowers it', () => {
    fc.assert(
      fc.property(policyArbitrary, inputArbitrary, fc.integer({ min: 1, max: 1_000_000 }), (policy, input, extraUnits) => {
        fc.pre(input.fleet !== null);
        const fleet = input.fleet;
        const more: EvaluationInput = {
          ...input,
          fleet: { ...fleet, holdings: fleet.holdings.map((entry) => (entry.itemId === ASCEND.id ? { ...entry, installedUnits: entry.installedUnits + extraUnits } : entry)) },
        };
        expect(admissible(policy, more)).toBeGreaterThanOrEqual(admissible(policy, input));
      }),
      { numRuns: RUNS },
    );
  });

  it('more committed domestic units never lower it', () => {
    fc.assert(
      fc.property(policyArbitrary, inputArbitrary, fc.integer({ min: 1, max: 1_000_000 }), (policy, input, extraUnits) => {
        fc.pre(input.fleet !== null);
        const more: EvaluationInput = { ...input, fleet: { ...input.fleet, domesticUnitsCommitted: input.fleet.domesticUnitsCommitted + extraUnits } };
        expect(admissible(policy, more)).toBeGreaterThanOrEqual(admissible(policy, input));
      }),
      { numRuns: RUNS },
    );
  });

  // Grants of controlled foreign items, the ones licences are issued for. (A grant of a domestic
  // item would add domestic compute and could rightly raise the adoption cap's limit.)
  it('more prior grants never raise it', () => {
    fc.assert(
      fc.property(policyArbitrary, inputArbitrary, foreignGrantArbitrary, fc.boolean(), (policy, input, extra, isSameCategory) => {
        const national = input.nationalGranted[0]!.units + (extra.itemId === H200.id ? extra.units : 0);
        const category = input.categoryGranted[0]!.units + (extra.itemId === H200.id && isSameCategory ? extra.units : 0);
        const more: EvaluationInput = {
          ...input,
          grants: [...input.grants, extra],
          nationalGranted: [{ itemId: H200.id, units: national }],
          categoryGranted: [{ itemId: H200.id, units: category }],
        };
        expect(admissible(policy, more)).toBeLessThanOrEqual(admissible(policy, input));
      }),
      { numRuns: RUNS },
    );
  });

  it('more national grants of the item alone never raise it', () => {
    fc.assert(
      fc.property(policyArbitrary, inputArbitrary, fc.integer({ min: 1, max: 500_000 }), (policy, input, extraUnits) => {
        const more: EvaluationInput = { ...input, nationalGranted: [{ itemId: H200.id, units: input.nationalGranted[0]!.units + extraUnits }] };
        expect(admissible(policy, more)).toBeLessThanOrEqual(admissible(policy, input));
      }),
      { numRuns: RUNS },
    );
  });

  it('the adoption cap admits exactly the largest quantity that keeps the share within the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom('tpp' as const, 'units' as const),
        (capBasisPoints, domesticUnits, foreignUnits, measure) => {
          const policy = basePolicy();
          policy.adoptionCap = { measure, foreignShareMaxBasisPoints: capBasisPoints };
          const input = baseInput();
          input.fleet = {
            asOf: '2025-12-31',
            holdings: [
              { itemId: ASCEND.id, installedUnits: domesticUnits },
              { itemId: H20.id, installedUnits: foreignUnits },
            ],
            domesticUnitsCommitted: 0,
          };
          const result = evaluateApplication(compilePolicy(policy), input).rules.find((rule) => rule.rule === 'adoption-cap')!;
          const limit = BigInt(result.limitUnits!);
          const weight = (tpp: number) => BigInt(measure === 'tpp' ? tpp : 1);
          const domestic = BigInt(domesticUnits) * weight(ASCEND.tpp);
          const foreign = BigInt(foreignUnits) * weight(H20.tpp);
          const unit = weight(H200.tpp);
          const p = BigInt(capBasisPoints);
          const q = 10_000n;
          // Within the cap: q·(F + x·t) ≤ p·(D + F + x·t), exactly, in integers.
          const isWithin = (x: bigint) => q * (foreign + x * unit) <= p * (domestic + foreign + x * unit);
          if (limit > 0n) expect(isWithin(limit)).toBe(true);
          expect(isWithin(limit + 1n)).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('leaving out the sentences changes no outcome and no number', () => {
    fc.assert(
      fc.property(policyArbitrary, inputArbitrary, (policy, input) => {
        const compiled = compilePolicy(policy);
        const full = evaluateApplication(compiled, input);
        const bare = evaluateApplication(compiled, input, { withSentences: false });
        expect(bare.admissibleUnits).toBe(full.admissibleUnits);
        expect(bare.rules.map((result) => [result.rule, result.outcome, result.limitUnits, result.figures])).toEqual(
          full.rules.map((result) => [result.rule, result.outcome, result.limitUnits, result.figures]),
        );
      }),
      { numRuns: 100 },
    );
  });
});
