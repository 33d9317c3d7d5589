import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from './policy-document.js';
import { formatIssues } from './source-document.js';
import type { DocumentIssue } from './source-document.js';

const EXAMPLE = readFileSync(new URL('../../examples/policies/2026-accelerators.yaml', import.meta.url), 'utf8');

/** A small valid document; tests change one line of it. */
const MINIMAL = `id: test
title: Test policy
effectiveFrom: 2026-01-01
period:
  start: 2026-01-01
  end: 2026-12-31
nationalQuotas:
  - appliesTo: { family: H200 }
    units: 700000
    tpp: 11082400000
defaultAccess: review
categories:
  big-tech-platform: { access: allow, budgetShareBasisPoints: 6000 }
  state-backed: { access: review, budgetShareBasisPoints: 3000 }
adoptionCap:
  measure: tpp
  foreignShareMaxBasisPoints: 5000
licenceTerms:
  validityDays: 180
  purchaseOrderWindowDays: 30
  attestationIntervalDays: 90
holds:
  - id: H-1
    kind: suspension
    scope: { level: family, family: H200 }
    from: 2026-01-14
    until: 2026-01-28
    reasonCode: import-rules-pending
    reason: suspended while import conditions are drawn up
    placedBy: officer-li
`;

function issuesOf(text: string): DocumentIssue[] {
  const result = parsePolicyDocument(text);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.issues;
}

function replaceLine(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the document has no "${from}"`);
  return text.replace(from, to);
}

function lineOf(text: string, fragment: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(fragment));
  if (index < 0) throw new Error(`no line with "${fragment}"`);
  return index + 1;
}

describe('a valid document', () => {
  it('the 2026 example policy is valid and says what the regime says', () => {
    const result = parsePolicyDocument(EXAMPLE);
    if (!result.ok) throw new Error(formatIssues('example', result.issues).join('\n'));
    const policy = result.value;
    expect(policy.nationalQuotas).toContainEqual({ appliesTo: { family: 'H200' }, units: 700_000, tpp: 11_082_400_000 });
    expect(policy.categories['big-tech-platform']?.access).toBe('allow');
    expect(policy.categories['state-backed']?.access).toBe('review');
    expect(policy.categories['telecom-operator']?.access).toBe('review');
    expect(policy.endUses.denied).toContain('military');
    expect(policy.adoptionCap).toEqual({ measure: 'tpp', foreignShareMaxBasisPoints: 5_000 });
    expect(policy.technicalEnvelopes).toEqual([{ appliesTo: { classificationCode: '3A090.a' }, tppBelow: 21_000, memoryBandwidthGbPerSecondBelow: 6_500 }]);
    const january = policy.holds.find((hold) => hold.id === 'H-2026-001');
    expect(january).toMatchObject({ kind: 'suspension', from: '2026-01-14T00:00:00.000Z', until: '2026-01-28T00:00:00.000Z' });
  });

  it('fills in what a document leaves out', () => {
    const result = parsePolicyDocument(MINIMAL);
    if (!result.ok) throw new Error(formatIssues('minimal', result.issues).join('\n'));
    expect(result.value.groupCaps).toEqual([]);
    expect(result.value.domesticPairing).toBeNull();
    expect(result.value.endUses).toEqual({ allowed: [], denied: [], domesticJustificationRequired: false });
    expect(result.value.licenceTerms.conditions).toEqual([]);
    expect(result.value.categories['state-backed']).toEqual({ access: 'review', budgetShareBasisPoints: 3_000, note: null, noteChinese: null });
  });

  it('reads JSON as well as YAML', () => {
    const yaml = parsePolicyDocument(MINIMAL);
    if (!yaml.ok) throw new Error('minimal document refused');
    const json = parsePolicyDocument(JSON.stringify(yaml.value, null, 2));
    expect(json).toEqual(yaml);
  });

  it('accepts a share total of exactly 100 %', () => {
    const text = replaceLine(MINIMAL, 'budgetShareBasisPoints: 3000', 'budgetShareBasisPoints: 4000');
    expect(parsePolicyDocument(text).ok).toBe(true);
  });
});

describe('refused documents name the line and the field', () => {
  it('an unknown field', () => {
    const text = replaceLine(MINIMAL, 'defaultAccess: review', 'defaultAccess: review\nmaximumFun: 11');
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'maximumFun'), column: 1, field: 'maximumFun', reason: 'unknown field' }]);
  });

  it('an unknown field deep inside a list', () => {
    const text = replaceLine(MINIMAL, '    reasonCode: import-rules-pending', '    reasonCode: import-rules-pending\n    severity: high');
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'severity'), column: 5, field: 'holds[0].severity', reason: 'unknown field' }]);
  });

  it('an unknown organisation category, with the categories there are', () => {
    const text = replaceLine(MINIMAL, '  state-backed:', '  state-owned:');
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ line: lineOf(text, 'state-owned'), field: 'categories.state-owned' });
    expect(issue?.reason).toMatch(/^not an organisation category; the categories are big-tech-platform, /);
  });

  it('category shares above 100 %', () => {
    const text = replaceLine(MINIMAL, 'budgetShareBasisPoints: 3000', 'budgetShareBasisPoints: 4500');
    expect(issuesOf(text)).toEqual([
      { line: lineOf(text, 'categories:'), column: 1, field: 'categories', reason: 'budget shares add up to 10,500 basis points (105 %), more than 100 %' },
    ]);
  });

  it('a negative quota', () => {
    const text = replaceLine(MINIMAL, 'units: 700000', 'units: -5');
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'units: -5'), column: 12, field: 'nationalQuotas[0].units', reason: 'must not be negative' }]);
  });

  it('a quota that is not a whole number', () => {
    const text = replaceLine(MINIMAL, 'units: 700000', 'units: 700000.5');
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'units: 700000.5'), column: 12, field: 'nationalQuotas[0].units', reason: 'must be a whole number' }]);
  });

  it('overlapping holds of the same scope and kind', () => {
    const second = `  - id: H-2
    kind: suspension
    scope: { level: family, family: H200 }
    from: 2026-01-20
    reasonCode: import-rules-pending
    reason: another suspension
    placedBy: officer-wang
`;
    const text = MINIMAL + second;
    expect(issuesOf(text)).toEqual([
      { line: lineOf(text, 'from: 2026-01-20'), column: 11, field: 'holds[1].from', reason: 'overlaps hold H-1 (holds[0]), a suspension on the same scope' },
    ]);
  });

  it('holds of the same scope may overlap when their kinds differ, or follow each other', () => {
    const block = `  - id: H-2
    kind: block
    scope: { level: family, family: H200 }
    from: 2026-01-20
    reasonCode: gauging-demand
    reason: gauging demand
    placedBy: officer-wang
  - id: H-3
    kind: suspension
    scope: { level: family, family: H200 }
    from: 2026-01-28
    reasonCode: import-rules-pending
    reason: suspended again from the day the first one ends
    placedBy: officer-wang
`;
    expect(parsePolicyDocument(MINIMAL + block).ok).toBe(true);
  });

  it('a period that ends before it starts', () => {
    const text = replaceLine(MINIMAL, 'end: 2026-12-31', 'end: 2025-12-31');
    expect(issuesOf(text)).toContainEqual({
      line: lineOf(text, 'end: 2025-12-31'),
      column: 8,
      field: 'period.end',
      reason: 'the period ends (2025-12-31) before it starts (2026-01-01)',
    });
  });

  it.each([
    ['above 1', '10001'],
    ['below 0', '-1'],
  ])('an adoption cap %s', (_case, value) => {
    const text = replaceLine(MINIMAL, 'foreignShareMaxBasisPoints: 5000', `foreignShareMaxBasisPoints: ${value}`);
    expect(issuesOf(text)).toEqual([
      {
        line: lineOf(text, 'foreignShareMaxBasisPoints'),
        column: 31,
        field: 'adoptionCap.foreignShareMaxBasisPoints',
        reason: 'the adoption cap is a share within [0, 1]: write it as 0 to 10,000 basis points',
      },
    ]);
  });

  it('a date that is not in the calendar', () => {
    const text = replaceLine(MINIMAL, 'effectiveFrom: 2026-01-01', 'effectiveFrom: 2026-02-30');
    expect(issuesOf(text)).toEqual([{ line: 3, column: 16, field: 'effectiveFrom', reason: '2026-02-30 is not a calendar date' }]);
  });

  it('a missing required field points at the mapping that should hold it', () => {
    const text = replaceLine(MINIMAL, '  validityDays: 180\n', '');
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'licenceTerms:'), column: 1, field: 'licenceTerms.validityDays', reason: 'required field is missing' }]);
  });

  it('a required field written as null', () => {
    const text = replaceLine(MINIMAL, 'title: Test policy', 'title: null');
    expect(issuesOf(text)).toEqual([{ line: 2, column: 1, field: 'title', reason: 'must not be null' }]);
  });

  it('a value outside a closed list names the list', () => {
    const text = replaceLine(MINIMAL, 'defaultAccess: review', 'defaultAccess: maybe');
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'defaultAccess'), column: 16, field: 'defaultAccess', reason: 'must be one of: allow, review, deny' }]);
  });

  it('a hold scope that names the wrong target', () => {
    const text = replaceLine(MINIMAL, 'scope: { level: family, family: H200 }', 'scope: { level: family, item: nvidia-h200 }');
    const issues = issuesOf(text);
    expect(issues.map((issue) => [issue.field, issue.reason])).toEqual([
      ['holds[0].scope', 'a scope of level family needs the field family'],
      ['holds[0].scope.item', 'does not belong to a scope of level family'],
    ]);
    expect(issues.every((issue) => issue.line === lineOf(text, 'scope:'))).toBe(true);
  });

  it('a hold that ends before it starts', () => {
    const text = replaceLine(MINIMAL, 'until: 2026-01-28', 'until: 2026-01-10');
    expect(issuesOf(text)).toEqual([
      { line: lineOf(text, 'until:'), column: 12, field: 'holds[0].until', reason: 'the hold ends (2026-01-10) before or when it starts (2026-01-14)' },
    ]);
  });

  it('a quota selector with two keys', () => {
    const text = replaceLine(MINIMAL, '{ family: H200 }\n    units', '{ family: H200, item: nvidia-h200 }\n    units');
    expect(issuesOf(text)).toEqual([
      { line: lineOf(text, 'appliesTo'), column: 16, field: 'nationalQuotas[0].appliesTo', reason: 'name exactly one of item, family' },
    ]);
  });

  it('end uses both allowed and denied', () => {
    const text = `${MINIMAL}endUses:\n  allowed: [ai-training, military]\n  denied: [military]\n`;
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'denied:'), column: 12, field: 'endUses.denied[0]', reason: 'military is both allowed and denied' }]);
  });

  it('a duplicate key, which YAML would otherwise let the second one win', () => {
    const text = replaceLine(MINIMAL, 'defaultAccess: review', 'defaultAccess: review\ndefaultAccess: deny');
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ line: lineOf(text, 'defaultAccess: deny'), field: '(document)' });
    expect(issue?.reason).toMatch(/unique/i);
  });

  it('text that is not YAML at all', () => {
    const [issue] = issuesOf('id: [unclosed\n');
    expect(issue?.field).toBe('(document)');
    expect(issue?.line).toBeGreaterThanOrEqual(1);
  });

  it('an empty document', () => {
    expect(issuesOf('')).toEqual([{ line: 1, column: 1, field: '(document)', reason: 'the document is empty' }]);
  });

  it('JSON errors carry JSON line numbers', () => {
    const text = '{\n  "id": "test",\n  "title": 42\n}\n';
    expect(issuesOf(text)).toContainEqual({ line: 3, column: 12, field: 'title', reason: 'must be text' });
  });
});

describe('one run reports every problem', () => {
  it('reports shape problems and cross-field problems together', () => {
    const text = replaceLine(replaceLine(MINIMAL, 'units: 700000', 'units: -5'), 'budgetShareBasisPoints: 3000', 'budgetShareBasisPoints: 4500');
    expect(issuesOf(text).map((issue) => issue.field)).toEqual(['nationalQuotas[0].units', 'categories']);
  });

  it('does not trip over a malformed section when checking the others', () => {
    const text = replaceLine(replaceLine(MINIMAL, 'period:\n  start: 2026-01-01\n  end: 2026-12-31', 'period: 5'), 'budgetShareBasisPoints: 3000', 'budgetShareBasisPoints: 4500');
    expect(issuesOf(text).map((issue) => [issue.field, issue.reason])).toEqual([
      ['period', 'must be a mapping of fields'],
      ['categories', 'budget shares add up to 10,500 basis points (105 %), more than 100 %'],
    ]);
  });
});

describe('formatIssues', () => {
  it('prints FILE:LINE: field: reason in document order', () => {
    const text = replaceLine(replaceLine(MINIMAL, 'units: 700000', 'units: -5'), 'validityDays: 180', 'validityDays: 0');
    expect(formatIssues('policy.yaml', issuesOf(text))).toEqual([
      `policy.yaml:${lineOf(text, 'units: -5')}: nationalQuotas[0].units: must not be negative`,
      `policy.yaml:${lineOf(text, 'validityDays')}: licenceTerms.validityDays: must be at least 1`,
    ]);
  });
});
