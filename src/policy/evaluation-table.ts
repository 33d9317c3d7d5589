/**
 * An evaluation as a table for a terminal (`gatehouse evaluate --table`), in English or in
 * Simplified Chinese. Columns are padded by display width, so Chinese characters, which take two
 * columns in a terminal, line up. Pure.
 */
import type { Evaluation } from './evaluation.js';
import { OUTCOME_LABELS, RULE_LABELS } from './evaluation-text.js';
import { formatInteger } from './number-format.js';

export const LANGUAGES = ['english', 'chinese'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Columns a character takes in a terminal: two for East Asian wide and full-width characters. */
function characterWidth(codePoint: number): number {
  const isWide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return isWide ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += characterWidth(character.codePointAt(0) ?? 0);
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

const HEADINGS: Record<Language, { rule: string; outcome: string; limit: string; explanation: string; none: string }> = {
  english: { rule: 'rule', outcome: 'outcome', limit: 'limit', explanation: 'explanation', none: '—' },
  chinese: { rule: '规则', outcome: '结果', limit: '上限', explanation: '说明', none: '—' },
};

export function formatEvaluationTable(evaluation: Evaluation, language: Language): string {
  const index = language === 'english' ? 0 : 1;
  const headings = HEADINGS[language];
  const rows = evaluation.rules.map((result) => [
    RULE_LABELS[result.rule]![index],
    `${OUTCOME_LABELS[result.outcome]![index]}${result.isBinding ? ' *' : ''}`,
    result.limitUnits === null ? headings.none : formatInteger(result.limitUnits),
    language === 'english' ? result.english : result.chinese,
  ]);
  const header = [headings.rule, headings.outcome, headings.limit, headings.explanation];
  const widths = header.map((heading, column) => Math.max(displayWidth(heading), ...rows.map((row) => displayWidth(row[column] ?? ''))));
  // The last column is left ragged: padding it would only add trailing spaces.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : pad(cell, widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width, column) => '─'.repeat(column === widths.length - 1 ? Math.min(width, 40) : width)).join('  ');

  const outcome = `${OUTCOME_LABELS[evaluation.outcome]![index]}`;
  const lines =
    language === 'english'
      ? [
          `policy ${evaluation.policyId}${evaluation.policyHash === null ? '' : ` (${evaluation.policyHash.slice(0, 16)}…)`}, evaluated at ${evaluation.evaluatedAt}`,
          `application ${evaluation.applicationId ?? '(not filed)'}: ${evaluation.organisationId} asks for ${formatInteger(evaluation.requestedUnits)} units of ${evaluation.itemId}`,
          '',
        ]
      : [
          `政策 ${evaluation.policyId}${evaluation.policyHash === null ? '' : `（${evaluation.policyHash.slice(0, 16)}…）`}，评估时间 ${evaluation.evaluatedAt}`,
          `申请 ${evaluation.applicationId ?? '（未提交）'}：${evaluation.organisationId} 申请 ${evaluation.itemId} ${formatInteger(evaluation.requestedUnits)} 台`,
          '',
        ];
  lines.push(line(header), rule, ...rows.map(line), '');
  lines.push(
    language === 'english'
      ? `outcome: ${outcome}; ${evaluation.english}${evaluation.rules.some((result) => result.isBinding) ? '\n* the rule whose limit sets the admissible quantity' : ''}`
      : `结果：${outcome}；${evaluation.chinese}${evaluation.rules.some((result) => result.isBinding) ? '\n* 决定可批准数量的规则' : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
