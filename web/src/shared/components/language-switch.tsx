/** English ↔ 简体中文, remembered in this browser. */
import { LANGUAGES, useI18n } from '../i18n/i18n';

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((option) => (
        <button key={option} type="button" lang={option === 'zh' ? 'zh-CN' : 'en'} aria-pressed={language === option} onClick={() => setLanguage(option)} data-testid={`language-${option}`}>
          {t(`language.${option}`)}
        </button>
      ))}
    </div>
  );
}
