/**
 * Customs: verify a licence by its number (the public check, GET /api/v1/licences/verify/{number}):
 * is the number genuine, is the licence valid and active now, for which item and licensee, and how
 * many units it still covers.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/client';
import type { LicenceVerification } from '../../shared/api/types';
import { ErrorNotice, PageHeader } from '../../shared/components/feedback';
import { TextField } from '../../shared/components/fields';
import { LicenceStateBadge } from '../../shared/components/state-badge';
import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/en';

export function VerifyPage() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<LicenceVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.get<LicenceVerification>(`/licences/verify/${encodeURIComponent(number.trim())}`));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const checks: [MessageKey, boolean][] =
    result === null
      ? []
      : [
          ['verify.wellFormed', result.isWellFormed],
          ['verify.known', result.isKnown],
          ['verify.valid', result.isValid],
          ['verify.active', result.isActive],
        ];
  return (
    <div>
      <PageHeader title={t('verify.title')} description={t('verify.lead')} />
      <div className="columns">
        <form className="panel" onSubmit={(event) => void verify(event)} aria-labelledby="verify-form" role="search">
          <h2 id="verify-form">{t('verify.form')}</h2>
          <TextField label={t('licences.number')} required value={number} onChange={(event) => setNumber(event.target.value)} placeholder="GH-2026-00000001-02" hint={t('verify.hint')} data-testid="verify-number" />
          <button type="submit" className="primary" disabled={isBusy} data-testid="verify">
            {t('verify.submit')}
          </button>
          <ErrorNotice error={error} />
        </form>
        <section className="panel" aria-labelledby="verify-result" aria-live="polite">
          <h2 id="verify-result">{t('verify.result')}</h2>
          {result === null ? (
            <p className="muted">{t('verify.noResult')}</p>
          ) : (
            <div data-testid="verify-answer" data-in-force={result.isInForce}>
              <p className={`notice ${result.isInForce ? 'notice-success' : 'notice-error'}`}>
                <strong>{result.isInForce ? t('verify.inForce') : t('verify.notInForce')}</strong> <span className="mono">{result.number}</span>
              </p>
              <ul className="checks">
                {checks.map(([label, isMet]) => (
                  <li key={label} className={isMet ? 'check-met' : 'check-failed'}>
                    <span aria-hidden="true">{isMet ? '✓' : '✗'}</span> {t(label)} — {isMet ? t('common.yes') : t('common.no')}
                  </li>
                ))}
              </ul>
              {result.isKnown ? (
                <dl className="facts">
                  <dt>{t('common.state')}</dt>
                  <dd>{result.state === null ? '—' : <LicenceStateBadge state={result.state} />}</dd>
                  <dt>{t('common.item')}</dt>
                  <dd>{result.itemName ?? '—'}</dd>
                  <dt>{t('licences.licensee')}</dt>
                  <dd>{result.licenseeLegalName ?? '—'}</dd>
                  <dt>{t('verify.remaining')}</dt>
                  <dd data-testid="verify-remaining">{result.remainingUnits === null ? '—' : formatNumber(result.remainingUnits)}</dd>
                  <dt>{t('licence.validity')}</dt>
                  <dd>{t('common.range', { from: formatDateTime(result.validFrom), to: formatDateTime(result.validUntil) })}</dd>
                </dl>
              ) : null}
              <p className="muted small">{t('verify.checkedAt', { at: formatDateTime(result.checkedAt) })}</p>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
