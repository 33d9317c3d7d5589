import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, writeCanonicalJson } from './canonical-json.js';
import { runAllocation } from './run-allocation.js';
import { problemArbitrary } from './test-support/problem-arbitrary.js';

/** An independent canonical form: keys sorted recursively, then plain JSON.stringify. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The same JSON with every object's keys in a shuffled order and some spacing. */
function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((element, index) => reorderKeys(element, seed + index));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const rotated = [...keys.slice(seed % Math.max(keys.length, 1)), ...keys.slice(0, seed % Math.max(keys.length, 1))].reverse();
    return Object.fromEntries(rotated.map((key) => [key, reorderKeys((value as Record<string, unknown>)[key], seed + 1)]));
  }
  return value;
}

const example = JSON.stringify({
  budget: 10,
  method: 'max-min',
  applications: [
    { id: 'a', demand: 2 },
    { id: 'b', demand: 5 },
    { id: 'c', demand: 8, cap: 6 },
    { id: 'd', demand: 9 },
  ],
});

describe('runAllocation', () => {
  it('prints a report whose hashes anyone can recompute', () => {
    const run = runAllocation(example);
    if (!run.ok) throw new Error('expected success');
    const report = JSON.parse(run.text) as Record<string, unknown>;
    expect(report.inputHash).toBe(sha256(JSON.stringify(sortKeys(JSON.parse(example)))));
    const { resultHash, ...withoutResultHash } = report;
    expect(resultHash).toBe(sha256(JSON.stringify(sortKeys(withoutResultHash))));
    expect(Object.keys(report)).toEqual(['method', 'budget', 'granted', 'level', 'summary', 'pools', 'inputHash', 'resultHash', 'grants']);
    expect(run.text.split('\n').filter((line) => line.startsWith('    {"id"'))).toEqual([
      '    {"id":"a","units":2,"boundBy":"demand"},',
      '    {"id":"b","units":3,"boundBy":"budget"},',
      '    {"id":"c","units":3,"boundBy":"budget"},',
      '    {"id":"d","units":2,"boundBy":"budget"}',
    ]);
  });

  it('gives byte-identical output for the same problem, whatever its key order and spacing', () => {
    fc.assert(
      fc.property(
        fc.oneof(problemArbitrary({ withCategories: true, withMinLot: true }), problemArbitrary()),
        fc.nat(50),
        (problem, seed) => {
          const first = runAllocation(JSON.stringify(problem));
          const again = runAllocation(JSON.stringify(problem));
          const reordered = runAllocation(JSON.stringify(reorderKeys(problem, seed), null, seed % 3));
          if (!first.ok || !again.ok || !reordered.ok) throw new Error('expected success');
          expect(again.text).toBe(first.text);
          expect(reordered.text).toBe(first.text);
          expect(JSON.parse(first.text)).toEqual(first.report);
          expect(first.text.split('\n').filter((line) => line.startsWith('    {"id":'))).toHaveLength(problem.applications.length);
          expect(first.report.inputHash).toBe(sha256(canonicalJson(problem)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('handles ids and categories that look like JSON or like "__proto__"', () => {
    const text = JSON.stringify({
      budget: 5,
      method: 'max-min',
      categoryShares: JSON.parse('{"__proto__": 2, "},{\\"id\\":": 1}') as Record<string, number>,
      applications: [
        { id: '},{"id":"x"', demand: 3, category: '__proto__' },
        { id: '{"id":', demand: 3, category: '},{"id":' },
      ],
    });
    expect(text).toContain('"__proto__":2');
    const run = runAllocation(text);
    if (!run.ok) throw new Error(`expected success: ${JSON.stringify(run.issues)}`);
    expect(JSON.parse(run.text)).toEqual(run.report);
    expect(run.report.grants.map((grant) => grant.units)).toEqual([3, 2]);
    expect(run.report.inputHash).toBe(sha256(canonicalJson(JSON.parse(text))));
  });

  it('changes the hashes when the input changes', () => {
    const first = runAllocation(example);
    const changed = runAllocation(example.replace('"budget":10', '"budget":11'));
    if (!first.ok || !changed.ok) throw new Error('expected success');
    expect(changed.report.inputHash).not.toBe(first.report.inputHash);
    expect(changed.report.resultHash).not.toBe(first.report.resultHash);
  });

  it('reports invalid JSON and invalid problems as issues', () => {
    const broken = runAllocation('{"budget": 10,');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.issues[0]!.message).toMatch(/^is not valid JSON/);
    expect(runAllocation('{"budget": -1, "method": "fcfs", "applications": []}')).toEqual({
      ok: false,
      issues: [{ field: 'budget', message: 'must be an integer ≥ 0' }],
    });
  });
});

function canonicalByTokens(value: unknown): string {
  const chunks: string[] = [];
  writeCanonicalJson(value, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

describe('canonicalJson', () => {
  it('writes the same text as the token-by-token writer, for problems and reports', () => {
    fc.assert(
      fc.property(fc.oneof(problemArbitrary({ withCategories: true, withMinLot: true }), problemArbitrary()), (problem) => {
        expect(canonicalJson(problem)).toBe(canonicalByTokens(problem));
        const run = runAllocation(JSON.stringify(problem));
        if (!run.ok) throw new Error('expected success');
        expect(canonicalJson(run.report)).toBe(canonicalByTokens(run.report));
      }),
      { numRuns: 200 },
    );
    // Parsed from text: in an object literal, "__proto__" would set the prototype instead.
    const parsed = JSON.parse('{"__proto__": 1, "b": [{"z": 1, "a": null}], "a": "x", "é": true, "\\ud83d\\ude00": 2, "\\uffff": -0}') as unknown;
    expect(canonicalJson(parsed)).toBe(canonicalByTokens(parsed));
    expect(canonicalJson(parsed)).toBe('{"__proto__":1,"a":"x","b":[{"a":null,"z":1}],"é":true,"\u{1f600}":2,"\uffff":0}');
  });

  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], '\u{1f600}': 0, '\uffff': 1 })).toBe('{"a":[true,null,"x"],"b":1,"\u{1f600}":0,"\uffff":1}');
    expect(() => canonicalJson({ a: 0.5 })).toThrow(/safe integers/);
  });
});
