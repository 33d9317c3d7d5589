/**
 * The vendor's purchase-order coverage check: a licence number, the item and the quantity on the
 * order; the answer lists every check (permitted vendor, state, validity, purchase-order window,
 * item, units). Reserving units against the licence waits for the quota ledger.
 */
import { useState, type FormEvent } from 'react';
import { listAll } from '../../shared/api/client';
import type { Licence } from '../../shared/api/types';
import { ErrorNotice, Loading, NotAvailable, PageHeader } from '../../shared/components/feedback';
import { SelectField, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';
import { normaliseLicenceNumber } from '../../shared/licence-number';
import { useCaller } from '../../shared/session/session';
import { checkCoverage, type CoverageResult } from './coverage';

export function CoveragePage() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const caller = useCaller();
  const { registry } = useRegistry();
  const licences = useResource(() => listAll<Licence>('/licences'), []);
  const [number, setNumber] = useState('');
  const [itemId, setItemId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [reference, setReference] = useState('');
  const [result, setResult] = useState<(CoverageResult & { number: string; reference: string }) | null>(null);

  if (licences.status === 'failed') return <ErrorNotice error={licences.error} />;
  if (licences.data === undefined || registry === undefined) return <Loading />;
  const items = registry.items.filter((item) => item.origin === 'foreign');
  const chosenItem = itemId === '' ? (items[0]?.id ?? '') : itemId;
  const check = (event: FormEvent) => {
    event.preventDefault();
    const licence = licences.data?.items.find((candidate) => normaliseLicenceNumber(candidate.number) === normaliseLicenceNumber(number));
    setResult({ ...checkCoverage(licence, { itemId: chosenItem, quantity: Number(quantity) }, caller.organisation?.id ?? null, new Date()), number: number.trim(), reference: reference.trim() });
  };
  return (
    <div>
      <PageHeader title={t('coverage.title')} description={t('coverage.lead')} />
      <div className="columns">
        <form className="panel" onSubmit={check} aria-labelledby="coverage-form" data-testid="coverage-form">
          <h2 id="coverage-form">{t('coverage.form')}</h2>
          <TextField label={t('coverage.reference')} value={reference} onChange={(event) => setReference(event.target.value)} hint={t('coverage.referenceHint')} />
          <TextField label={t('licences.number')} required value={number} onChange={(event) => setNumber(event.target.value)} placeholder="GH-2026-00000001-02" data-testid="coverage-number" />
          <SelectField label={t('common.item')} value={chosenItem} onChange={(event) => setItemId(event.target.value)} choices={items.map((item) => ({ value: item.id, label: item.name }))} />
          <TextField label={t('coverage.quantity')} type="number" min={1} step={1} required value={quantity} onChange={(event) => setQuantity(event.target.value)} data-testid="coverage-quantity" />
          <button type="submit" className="primary" data-testid="coverage-check">
            {t('coverage.check')}
          </button>
        </form>
        <section className="panel" aria-labelledby="coverage-result" aria-live="polite">
          <h2 id="coverage-result">{t('coverage.result')}</h2>
          {result === null ? (
            <p className="muted">{t('coverage.noResult')}</p>
          ) : (
            <div data-testid="coverage-answer" data-covered={result.isCovered}>
              <p className={`notice ${result.isCovered ? 'notice-success' : 'notice-error'}`}>
                <strong>{result.isCovered ? t('coverage.covered') : t('coverage.notCovered')}</strong> {result.reference === '' ? null : t('coverage.forOrder', { reference: result.reference })}
              </p>
              <ul className="checks">
                {result.checks.map((entry) => (
                  <li key={entry.check} className={entry.isMet ? 'check-met' : 'check-failed'}>
                    <span aria-hidden="true">{entry.isMet ? '✓' : '✗'}</span> {t(`coverage.check.${entry.check}`)} — {entry.isMet ? t('coverage.met') : t('coverage.failed')}
                  </li>
                ))}
              </ul>
              {result.remainingUnits === null ? null : <p>{t('coverage.remaining', { units: formatNumber(result.remainingUnits) })}</p>}
              {result.purchaseOrderDeadline === null ? null : <p>{t('coverage.deadline', { at: formatDateTime(result.purchaseOrderDeadline) })}</p>}
              <p className="muted small">{t('coverage.remainingNote')}</p>
            </div>
          )}
        </section>
      </div>
      <NotAvailable title="coverage.reserveTitle" explanation="coverage.reserveMissing" />
      <p>
        <Link to="/licences">{t('coverage.myLicences', { count: licences.data.items.length })}</Link>
      </p>
    </div>
  );
}
