/**
 * English and Simplified Chinese. Every string the app shows is a key of `en` (en.ts); `zh`
 * (zh.ts) must have the same keys, which the type checker and i18n.test.ts both hold it to.
 * Parameters are written {name} in a message and filled by t(key, { name }).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];
export const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, zh };

const STORAGE_KEY = 'gatehouse.language';

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** Whole numbers with grouping, e.g. 700,000. */
  formatNumber: (value: number) => string;
  /** A percentage from a fraction (0.5 → "50.0 %"). */
  formatPercent: (fraction: number, digits?: number) => string;
  /** A date (YYYY-MM-DD) or instant, as a date in the reader's language. */
  formatDate: (value: string | null) => string;
  /** An instant with its time, in UTC (the server's times are UTC). */
  formatDateTime: (value: string | null) => string;
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const template = MESSAGES[language][key];
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage may be unavailable (private mode); the browser's language decides.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; the choice still holds for this page.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(language, 'app.title');
  }, [language]);
  const value = useMemo<I18n>(() => {
    const locale = language === 'zh' ? 'zh-CN' : 'en-GB';
    const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const dates = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    const times = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
    const parse = (text: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
    return {
      language,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      formatNumber: (value) => numbers.format(value),
      formatPercent: (fraction, digits = 1) => `${(fraction * 100).toFixed(digits)} %`,
      formatDate: (text) => (text === null ? '—' : dates.format(parse(text))),
      formatDateTime: (text) => (text === null ? '—' : times.format(parse(text))),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n outside I18nProvider');
  return value;
}
