import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compiled-policy.js';
import { parseEvaluationCase } from './evaluation-case.js';
import { evaluateApplication } from './evaluation.js';
import type { Evaluation } from './evaluation.js';
import { parsePolicyDocument } from './policy-document.js';
import { formatIssues } from './source-document.js';
import type { DocumentIssue } from './source-document.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);

function readExample(path: string): string {
  return readFileSync(new URL(path, EXAMPLES), 'utf8');
}

const CASE = readExample('cases/platform-h200-adoption-cap.json');

function issuesOf(text: string): DocumentIssue[] {
  const result = parseEvaluationCase(text);
  if (result.ok) throw new Error('expected the case to be refused');
  return result.issues;
}

// The case as plain JSON, to change one field at a time; the parser is what checks its shape.
type PlainJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function edited(change: (value: PlainJson) => void): string {
  const value = JSON.parse(CASE);
  change(value);
  return JSON.stringify(value, null, 2);
}

function lineOf(text: string, fragment: string): number {
  return text.split('\n').findIndex((line) => line.includes(fragment)) + 1;
}

describe('evaluation cases', () => {
  it('reads a case into an evaluation input, normalising instants', () => {
    const result = parseEvaluationCase(CASE);
    if (!result.ok) throw new Error(formatIssues('case', result.issues).join('\n'));
    const input = result.value;
    expect(input.now).toBe('2026-03-02T09:00:00.000Z');
    expect(input.application).toMatchObject({ id: 'APP-2026-000104', organisationId: 'org-bytedance', quantity: 100_000 });
    expect(input.groupMemberIds).toEqual(['org-bytedance', 'org-volcano-engine']);
    expect(input.grants[0]).toEqual({ organisationId: 'org-bytedance', itemId: 'nvidia-h200-sxm-141gb', units: 50_000, grantedAt: '2026-01-29T10:00:00.000Z' });
    expect(input.items.get('huawei-ascend-910c')?.origin).toBe('domestic');
  });

  it('makes a group of one when the case lists no group', () => {
    const text = edited((value) => {
      delete value['groupMembers'];
      value['grants'] = value['grants'].filter((grant: { organisation: string }) => grant.organisation === 'org-bytedance');
    });
    const result = parseEvaluationCase(text);
    if (!result.ok) throw new Error(formatIssues('case', result.issues).join('\n'));
    expect(result.value.groupMemberIds).toEqual(['org-bytedance']);
  });

  it('refuses an item that the case does not describe', () => {
    const text = edited((value) => (value['application'].item = 'nvidia-h100'));
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, '"item": "nvidia-h100"'), column: 13, field: 'application.item', reason: 'nvidia-h100 is not among the case\'s items' }]);
  });

  it('refuses a grant to an organisation outside the group', () => {
    const text = edited((value) => (value['grants'][1].organisation = 'org-elsewhere'));
    expect(issuesOf(text)).toEqual([{ line: lineOf(text, 'org-elsewhere'), column: 23, field: 'grants[1].organisation', reason: 'org-elsewhere is not a member of the group' }]);
  });

  it('refuses category grants larger than the national grants they are part of', () => {
    const text = edited((value) => (value['categoryGranted'][0].units = 500_000));
    expect(issuesOf(text)).toEqual([
      { line: lineOf(text, '"units": 500000'), column: 16, field: 'categoryGranted[0].units', reason: 'more than the 400000 units granted nationally for nvidia-h200-sxm-141gb' },
    ]);
  });

  it('refuses a quantity of zero and an unknown field, each on its line', () => {
    const text = edited((value) => {
      value['application'].quantity = 0;
      value['application'].priority = 'high';
    });
    expect(issuesOf(text).map((issue) => `${issue.line}: ${issue.field}: ${issue.reason}`)).toEqual([
      `${lineOf(text, '"quantity": 0')}: application.quantity: must be at least 1`,
      `${lineOf(text, '"priority"')}: application.priority: unknown field`,
    ]);
  });

  it('refuses a group that leaves out the organisation itself', () => {
    const text = edited((value) => (value['groupMembers'] = ['org-volcano-engine']));
    expect(issuesOf(text)).toContainEqual(expect.objectContaining({ field: 'groupMembers', reason: 'must include the organisation itself (org-bytedance)' }));
  });
});

describe('the examples', () => {
  const policyResult = parsePolicyDocument(readExample('policies/2026-accelerators.yaml'));
  if (!policyResult.ok) throw new Error(formatIssues('2026-accelerators.yaml', policyResult.issues).join('\n'));
  const policy = compilePolicy(policyResult.value);

  function evaluateExample(name: string): Evaluation {
    const input = parseEvaluationCase(readExample(`cases/${name}`));
    if (!input.ok) throw new Error(formatIssues(name, input.issues).join('\n'));
    return evaluateApplication(policy, input.value);
  }

  it('every example case is valid', () => {
    const names = readdirSync(new URL('cases/', EXAMPLES)).filter((name) => name.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) expect(parseEvaluationCase(readExample(`cases/${name}`)).ok).toBe(true);
  });

  it.each([
    // [case, outcome, admissible, binding rules]
    ['platform-h200-adoption-cap.json', 'limit', 85_664, ['adoption-cap']],
    ['telecom-h200-review.json', 'review', 11_440, ['adoption-cap']],
    ['research-military-denied.json', 'deny', 0, ['end-use', 'domestic-justification', 'adoption-cap', 'domestic-pairing']],
    ['small-firm-block.json', 'hold', 3_000, ['domestic-pairing']],
    ['cloud-b200-outside-envelope.json', 'deny', 0, ['technical-envelope', 'national-quota']],
    ['platform-h200-january-suspension.json', 'hold', 0, ['holds']],
  ])('%s: %s, %i admissible', (name, outcome, admissible, binding) => {
    const evaluation = evaluateExample(name);
    expect(evaluation.outcome).toBe(outcome);
    expect(evaluation.admissibleUnits).toBe(admissible);
    expect(evaluation.rules.filter((result) => result.isBinding).map((result) => result.rule)).toEqual(binding);
  });

  it('the lapsed January suspension does not hold up a March application', () => {
    const evaluation = evaluateExample('platform-h200-adoption-cap.json');
    expect(evaluation.rules.find((result) => result.rule === 'holds')?.outcome).toBe('pass');
  });

  it('the telecom case reads as the reported regime would', () => {
    const evaluation = evaluateExample('telecom-h200-review.json');
    const adoption = evaluation.rules.find((result) => result.rule === 'adoption-cap');
    expect(adoption?.english).toBe('adoption cap: foreign share after grant would be 62.4 % (cap 50 %); at most 11,440 units keep it under the cap');
    expect(adoption?.chinese).toBe('采用率上限：授予后外国芯片算力占比将为 62.4%（上限 50%）；最多 11,440 台可保持在上限以内');
  });
});
