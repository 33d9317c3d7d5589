import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalPolicyJson } from './canonical-policy.js';
import { policyHash } from './compute-policy-hash.js';
import { parsePolicyDocument } from './policy-document.js';
import type { Policy } from './policy.js';
import { basePolicy } from './test-support/policy-fixtures.js';

const EXAMPLE = readFileSync(new URL('../../examples/policies/2026-accelerators.yaml', import.meta.url), 'utf8');

function parse(text: string): Policy {
  const result = parsePolicyDocument(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('canonical JSON', () => {
  it('sorts keys, writes no whitespace and keeps integers in plain digits', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: -0, y: 11_082_400_000 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":11082400000,"z":0}}');
  });

  it('refuses what has no canonical form: fractions, undefined', () => {
    expect(() => canonicalJson({ share: 0.5 })).toThrow(/safe integers/);
    expect(() => canonicalJson({ share: undefined })).toThrow(/undefined/);
  });

  it('writes text in Unicode NFC, so composed and decomposed accents hash alike', () => {
    expect(canonicalJson('Cafe\u0301')).toBe(canonicalJson('Caf\u00e9'));
  });

  it('is itself a policy document that parses back to the same policy', () => {
    const policy = parse(EXAMPLE);
    expect(parse(canonicalPolicyJson(policy))).toEqual(policy);
  });
});

describe('the policy hash', () => {
  const policy = parse(EXAMPLE);

  it('is 64 lower-case hex digits', () => {
    expect(policyHash(policy)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not change when the document reorders keys, lists that are sets, or respells dates', () => {
    const reordered = structuredClone(policy);
    reordered.holds.reverse();
    reordered.nationalQuotas.reverse();
    reordered.endUses.allowed.reverse();
    reordered.holds[0]!.from = reordered.holds[0]!.from.replace('T00:00:00.000Z', 'T08:00:00+08:00');
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as unknown as Policy;
    expect(policyHash(shuffled)).toBe(policyHash(policy));
  });

  it('changes when any number changes, even by one unit', () => {
    const changed = structuredClone(policy);
    changed.nationalQuotas[0]!.units = (changed.nationalQuotas[0]!.units ?? 0) + 1;
    expect(policyHash(changed)).not.toBe(policyHash(policy));
  });

  it('changes when licence conditions change order: a licence prints them numbered', () => {
    const changed = structuredClone(policy);
    changed.licenceTerms.conditions.reverse();
    expect(policyHash(changed)).not.toBe(policyHash(policy));
  });

  it('tells apart any two different basis-point caps (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const first: Policy = { ...basePolicy(), adoptionCap: { measure: 'tpp', foreignShareMaxBasisPoints: a } };
        const second: Policy = { ...basePolicy(), adoptionCap: { measure: 'tpp', foreignShareMaxBasisPoints: b } };
        expect(policyHash(first) === policyHash(second)).toBe(a === b);
      }),
      { numRuns: 200 },
    );
  });
});
