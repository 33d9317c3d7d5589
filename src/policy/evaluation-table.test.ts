import { describe, expect, it } from 'vitest';
import { displayWidth, formatEvaluationTable } from './evaluation-table.js';
import { baseInput, basePolicy, evaluate } from './test-support/policy-fixtures.js';
import { H200 } from './test-support/policy-fixtures.js';

function limited() {
  const input = baseInput();
  input.nationalGranted = [{ itemId: H200.id, units: 699_500 }];
  return evaluate(basePolicy(), input);
}

describe('formatEvaluationTable', () => {
  it('lists every rule with its outcome, limit and sentence, and marks the binding one', () => {
    const table = formatEvaluationTable(limited(), 'english');
    const lines = table.split('\n');
    expect(lines[0]).toBe('policy test-policy, evaluated at 2026-03-02T09:00:00.000Z');
    expect(lines[1]).toBe('application APP-1: org-a asks for 1,000 units of nvidia-h200');
    expect(lines[3]).toMatch(/^rule +outcome +limit +explanation$/);
    const quota = lines.find((line) => line.startsWith('national quota'));
    expect(quota).toMatch(/^national quota +limit \* +500 +national quota \(family H200\): 500 of 700,000 units/);
    expect(lines.filter((line) => /^(policy in force|technical envelope|end use|domestic justification|category access|holds|national quota|category budget|group cap|adoption cap|domestic pairing) /.test(line))).toHaveLength(11);
    expect(table).toContain('outcome: limit; admissible: 500 of 1,000 units requested; bound by national quota');
    expect(table).toContain('* the rule whose limit sets the admissible quantity');
  });

  it('in Chinese, lines the columns up by display width', () => {
    const table = formatEvaluationTable(limited(), 'chinese');
    const lines = table.split('\n');
    expect(lines[3]).toMatch(/^规则 +结果 +上限 +说明$/);
    const rows = lines.filter((line) => line.includes('：') && /^(政策有效期|技术参数范围|国家配额|采用率上限) /.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    // The explanation column starts at the same display column on every row; each explanation
    // begins with its rule's label, which is also the first column.
    const explanationColumn = (line: string) => {
      const label = line.slice(0, line.indexOf(' '));
      return displayWidth(line.slice(0, line.indexOf(label, label.length)));
    };
    const columns = new Set(rows.map(explanationColumn));
    expect(columns.size).toBe(1);
    expect(table).toContain('国家配额（H200 系列）：剩余 500 台（共 700,000 台）');
    expect(table).toContain('结果：限量；可批准数量：申请 1,000 台，可批准 500 台；受国家配额约束');
  });

  it('counts Chinese characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('国家配额')).toBe(8);
    expect(displayWidth('62.4%（上限 50%）')).toBe(17);
  });
});
