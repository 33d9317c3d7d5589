/**
 * The evaluation of an application, rule by rule: each rule's outcome, the most units it admits,
 * whether it is the one that bound, and its explanation with the figures, in the reader's
 * language (the server writes every sentence in English and in Chinese).
 */
import type { RuleOutcome, RuleResult } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { isRuleName } from '../vocabulary';

export interface EvaluationLike {
  requestedUnits: number;
  admissibleUnits: number;
  outcome: string;
  isDecisionDelayed: boolean;
  english: string;
  chinese: string;
  evaluatedAt: string;
  policyHash: string | null;
  rules: readonly (Pick<RuleResult, 'subject' | 'limitUnits' | 'isBinding' | 'english' | 'chinese'> & { rule: string; outcome: string })[];
}

const OUTCOME_CLASS: Record<RuleOutcome, string> = { pass: 'badge-ok', limit: 'badge-warn', review: 'badge-info', hold: 'badge-warn', deny: 'badge-bad' };

function isOutcome(value: string): value is RuleOutcome {
  return Object.hasOwn(OUTCOME_CLASS, value);
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const { t } = useI18n();
  if (!isOutcome(outcome)) return <span className="badge badge-muted">{outcome}</span>;
  return <span className={`badge ${OUTCOME_CLASS[outcome]}`}>{t(`outcome.${outcome}`)}</span>;
}

export function EvaluationView({ evaluation, caption }: { evaluation: EvaluationLike; caption: string }) {
  const { t, language, formatNumber, formatDateTime } = useI18n();
  return (
    <section className="evaluation" aria-label={caption} data-testid="evaluation">
      <p className="evaluation-summary">
        <OutcomeBadge outcome={evaluation.outcome} />{' '}
        <strong data-testid="admissible-units">{t('evaluation.admissible', { admissible: formatNumber(evaluation.admissibleUnits), requested: formatNumber(evaluation.requestedUnits) })}</strong>
      </p>
      <p data-testid="evaluation-sentence">{language === 'zh' ? evaluation.chinese : evaluation.english}</p>
      {evaluation.isDecisionDelayed ? <p className="notice notice-warn">{t('evaluation.decisionDelayed')}</p> : null}
      <div className="table-box">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('evaluation.rule')}</th>
              <th scope="col">{t('evaluation.outcome')}</th>
              <th scope="col" className="numeric">
                {t('evaluation.limit')}
              </th>
              <th scope="col">{t('evaluation.explanation')}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.rules.map((rule) => (
              <tr key={`${rule.rule}-${rule.subject}`} className={rule.isBinding ? 'binding' : undefined}>
                <th scope="row">
                  {isRuleName(rule.rule) ? t(`rule.${rule.rule}`) : rule.rule}
                  {rule.subject === '' ? null : <div className="muted small">{rule.subject}</div>}
                  {rule.isBinding ? <div className="badge badge-warn">{t('evaluation.binding')}</div> : null}
                </th>
                <td>
                  <OutcomeBadge outcome={rule.outcome} />
                </td>
                <td className="numeric">{rule.limitUnits === null ? '—' : formatNumber(rule.limitUnits)}</td>
                <td>{language === 'zh' ? rule.chinese : rule.english}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('evaluation.evaluatedAt', { at: formatDateTime(evaluation.evaluatedAt), hash: (evaluation.policyHash ?? '—').slice(0, 12) })}</p>
    </section>
  );
}
