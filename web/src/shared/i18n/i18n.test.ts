/**
 * Every string exists in both languages: the same keys, none empty, the same {parameters}; every
 * value of a closed vocabulary the app shows (states, decisions, reasons, categories, rules,
 * outcomes, roles) has its words; and no screen writes English (or Chinese) directly in its markup
 * instead of through a key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALLOCATION_METHODS, APPLICATION_STATES, BOUND_BY, CATEGORIES, DECISIONS, EXCLUSION_REASONS, LICENCE_STATES, RECOMMENDATION_REASONS, MOVEMENT_KINDS, RESERVATION_STATES, ROLES, ROUND_STATES, RULE_NAMES, RULE_OUTCOMES } from '../vocabulary';
import { en, type MessageKey } from './en';
import { translate } from './i18n';
import { zh } from './zh';

const parameters = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('messages', () => {
  it('has the same keys in English and Chinese', () => {
    const english = Object.keys(en).sort();
    const chinese = Object.keys(zh).sort();
    expect(english.filter((key) => !chinese.includes(key)), 'missing in zh.ts').toEqual([]);
    expect(chinese.filter((key) => !english.includes(key)), 'missing in en.ts').toEqual([]);
  });

  it('has no empty message, and the same parameters in both languages', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(en[key].trim(), `en ${key}`).not.toBe('');
      expect(zh[key].trim(), `zh ${key}`).not.toBe('');
      expect(parameters(zh[key]), `parameters of ${key}`).toEqual(parameters(en[key]));
    }
  });

  it('translates Chinese messages into Chinese (not English left in place)', () => {
    // Names that are the same in both (language names, the product) are the only exceptions.
    const sameInBoth = new Set<MessageKey>(['language.en', 'language.zh']);
    const untranslated = (Object.keys(en) as MessageKey[]).filter((key) => !sameInBoth.has(key) && !/[\u4e00-\u9fff]/.test(zh[key]));
    expect(untranslated).toEqual([]);
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translate('en', 'table.pageOf', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(translate('zh', 'table.pageOf', { page: 2, pages: 5 })).toBe('第 2 页，共 5 页');
    expect(translate('en', 'table.pageOf', { page: 2 })).toBe('Page 2 of {pages}');
  });

  it('has words for every value of each closed vocabulary', () => {
    const expected = [
      ...APPLICATION_STATES.map((value) => `applicationState.${value}`),
      ...LICENCE_STATES.map((value) => `licenceState.${value}`),
      ...DECISIONS.map((value) => `decision.${value}`),
      ...RECOMMENDATION_REASONS.map((value) => `reason.${value}`),
      ...CATEGORIES.map((value) => `category.${value}`),
      ...RULE_NAMES.map((value) => `rule.${value}`),
      ...RULE_OUTCOMES.map((value) => `outcome.${value}`),
      ...ROLES.map((value) => `role.${value}`),
      ...ALLOCATION_METHODS.flatMap((value) => [`method.${value}`, `method.${value}.means`]),
      ...ROUND_STATES.map((value) => `roundState.${value}`),
      ...EXCLUSION_REASONS.map((value) => `exclusion.${value}`),
      ...BOUND_BY.map((value) => `boundBy.${value}`),
      ...RESERVATION_STATES.map((value) => `reservationState.${value}`),
      ...MOVEMENT_KINDS.map((value) => `movementKind.${value}`),
    ];
    expect(expected.filter((key) => !(key in en))).toEqual([]);
  });
});

/** Text in markup that is not UI language: machine values and examples, each with its reason. */
const ALLOWED_LITERALS = new Set([
  // A licence number shown as it must be typed.
  'GH-2026-…',
  'GH-2026-00000001-02',
  // An audit subject type, as the API names it.
  'licence',
]);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

describe('screens', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const files = sourceFiles(root);

  it('finds the screens to check', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it('write no words directly in their markup: every string comes from en.ts and zh.ts', () => {
    const findings: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // Text between a tag's end and the next tag, with no code in it.
      // (A `>` of `=>` or `->` is code, and so is text with operators or type annotations.)
      // Also text after an expression: `{value} units<`.
      for (const match of text.matchAll(/(?:(?<![=-])>|\})([^<>{}()=;:?`,'"|&]*[A-Za-z\u4e00-\u9fff][^<>{}()=;:?`,'"|&]*)</g)) {
        const literal = (match[1] ?? '').trim();
        if (literal !== '' && !ALLOWED_LITERALS.has(literal)) findings.push(`${file.slice(root.length)}: text "${literal}"`);
      }
      // Attributes people read.
      for (const match of text.matchAll(/\b(aria-label|placeholder|title|alt)="([^"]*)"/g)) {
        const literal = match[2] ?? '';
        // A message key handed to a component that translates it is not text.
        if (/[A-Za-z\u4e00-\u9fff]/.test(literal) && !ALLOWED_LITERALS.has(literal) && !(literal in en)) findings.push(`${file.slice(root.length)}: ${match[1]}="${literal}"`);
      }
    }
    expect(findings).toEqual([]);
  });
});
