import { describe, expect, it } from 'vitest';
import { diffPolicies } from './policy-diff.js';
import type { Policy } from './policy.js';
import { basePolicy } from './test-support/policy-fixtures.js';

function changed(change: (policy: Policy) => void): Policy {
  const policy = basePolicy();
  change(policy);
  return policy;
}

function sentences(after: Policy): string[] {
  return diffPolicies(basePolicy(), after).map((entry) => entry.english);
}

describe('diffPolicies', () => {
  it('finds nothing between a policy and itself, or a reordering of it', () => {
    expect(diffPolicies(basePolicy(), basePolicy())).toEqual([]);
    expect(sentences(changed((p) => p.nationalQuotas.reverse()))).toEqual([]);
  });

  it('says a quota changed, with the numbers', () => {
    const after = changed((p) => {
      p.nationalQuotas[0]!.units = 800_000;
    });
    expect(diffPolicies(basePolicy(), after)).toEqual([
      { field: 'nationalQuotas[family H200].units', kind: 'changed', english: 'national quota for family H200 changed from 700,000 units to 800,000 units' },
    ]);
  });

  it('says a quota was added or removed', () => {
    const after = changed((p) => {
      p.nationalQuotas = p.nationalQuotas.filter((quota) => !('family' in quota.appliesTo && quota.appliesTo.family === 'H20'));
      p.nationalQuotas.push({ appliesTo: { family: 'MI325X' }, units: 50_000, tpp: null });
    });
    expect(sentences(after)).toEqual([
      'national quota for family H20 removed (was 100,000 units, none)',
      'national quota for family MI325X added: 50,000 units, none',
    ]);
  });

  it('says shares and access changed in per cent and words', () => {
    const after = changed((p) => {
      p.categories['big-tech-platform']!.budgetShareBasisPoints = 5_500;
      p.categories['telecom-operator']!.access = 'deny';
    });
    expect(sentences(after)).toEqual([
      'category big-tech-platform: budget share changed from 60 % to 55 %',
      'category telecom-operator: access changed from review to deny',
    ]);
  });

  it('says the adoption cap was set, changed or removed', () => {
    expect(sentences(changed((p) => (p.adoptionCap = { measure: 'tpp', foreignShareMaxBasisPoints: 4_250 })))).toEqual([
      'adoption cap changed from 50 % to 42.5 %',
    ]);
    expect(sentences(changed((p) => (p.adoptionCap = null)))).toEqual(['adoption cap removed (was 50 % foreign share, measured in TPP)']);
  });

  it('says which end uses are now allowed or denied', () => {
    const after = changed((p) => {
      p.endUses.denied.push('surveillance');
      p.endUses.allowed = ['ai-training'];
    });
    expect(sentences(after)).toEqual(['end use ai-inference is no longer allowed', 'end use surveillance is now denied']);
  });

  it('says a hold was placed, and when one is lifted', () => {
    const placed = changed((p) => {
      p.holds.push({
        id: 'H-9',
        kind: 'suspension',
        scope: { level: 'family', family: 'H200' },
        from: '2026-01-14',
        until: null,
        reasonCode: 'import-rules-pending',
        reason: 'imports suspended',
        reasonChinese: null,
        placedBy: 'officer-li',
      });
    });
    expect(sentences(placed)).toEqual(['hold H-9 added: suspension on family H200 from 2026-01-14, with no end (import-rules-pending: imports suspended)']);
    const lifted = structuredClone(placed);
    lifted.holds[0]!.until = '2026-01-28';
    expect(diffPolicies(placed, lifted).map((entry) => entry.english)).toEqual(['hold H-9 now ends 2026-01-28']);
  });

  it('says licence terms changed', () => {
    const after = changed((p) => {
      p.licenceTerms.purchaseOrderWindowDays = 45;
      p.licenceTerms.conditions.push('Report every shipment within 5 days.');
    });
    expect(sentences(after)).toEqual([
      'approval-to-purchase-order window changed from 30 days to 45 days',
      'licence condition added: "Report every shipment within 5 days."',
    ]);
  });
});
