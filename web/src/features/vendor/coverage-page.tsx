/**
 * The vendor's purchase-order check (POST /api/v1/coverage-checks): for the buyer, the item, the
 * quantity and the delivery date, which licences the vendor may sell against cover it and how many
 * units each has available in the quota ledger; then a reservation of units on one of them for the
 * purchase order, which lapses when the licence's purchase-order window closes.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/client';
import type { Coverage, Reservation } from '../../shared/api/types';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { SelectField, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { ReservationView } from '../../shared/components/reservation-view';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';

const BUYER_CATEGORIES = ['vendor', 'customs-authority', 'regulator'];

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

export function CoveragePage() {
  const { t, formatNumber, formatDate } = useI18n();
  const { registry, organisationName } = useRegistry();
  const [organisationId, setOrganisationId] = useState('');
  const [itemId, setItemId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [deliveryDate, setDeliveryDate] = useState(tomorrow);
  const [reference, setReference] = useState('');
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const [reserved, setReserved] = useState<{ reservation: Reservation; number: string } | null>(null);

  if (registry === undefined) return <Loading />;
  const buyers = registry.organisations.filter((organisation) => !BUYER_CATEGORIES.includes(organisation.category));
  const items = registry.items.filter((item) => item.origin === 'foreign');
  const buyer = organisationId === '' ? (buyers[0]?.id ?? '') : organisationId;
  const item = itemId === '' ? (items[0]?.id ?? '') : itemId;

  const check = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCoverage(null);
    setReserved(null);
    try {
      setCoverage(await api.post<Coverage>('/coverage-checks', { organisationId: buyer, itemId: item, quantity: Number(quantity), deliveryDate }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('coverage.title')} description={t('coverage.lead')} />
      <div className="columns">
        <form className="panel" onSubmit={(event) => void check(event)} aria-labelledby="coverage-form" data-testid="coverage-form">
          <h2 id="coverage-form">{t('coverage.form')}</h2>
          <SelectField label={t('coverage.buyer')} value={buyer} onChange={(event) => setOrganisationId(event.target.value)} choices={buyers.map((organisation) => ({ value: organisation.id, label: organisationName(organisation.id) }))} data-testid="coverage-buyer" />
          <SelectField label={t('common.item')} value={item} onChange={(event) => setItemId(event.target.value)} choices={items.map((entry) => ({ value: entry.id, label: entry.name }))} />
          <TextField label={t('coverage.quantity')} type="number" min={1} step={1} required value={quantity} onChange={(event) => setQuantity(event.target.value)} data-testid="coverage-quantity" />
          <TextField label={t('coverage.deliveryDate')} type="date" required value={deliveryDate} onChange={(event) => setDeliveryDate(event.target.value)} />
          <TextField label={t('coverage.reference')} required value={reference} onChange={(event) => setReference(event.target.value)} hint={t('coverage.referenceHint')} data-testid="coverage-reference" />
          <button type="submit" className="primary" disabled={isBusy} data-testid="coverage-check">
            {t('coverage.check')}
          </button>
          <ErrorNotice error={error} />
        </form>
        <section className="panel" aria-labelledby="coverage-result" aria-live="polite">
          <h2 id="coverage-result">{t('coverage.result')}</h2>
          {coverage === null ? (
            <p className="muted">{t('coverage.noResult')}</p>
          ) : (
            <div data-testid="coverage-answer" data-covered={coverage.isCovered}>
              <p className={`notice ${coverage.isCovered ? 'notice-success' : 'notice-error'}`}>
                <strong>{coverage.isCovered ? t('coverage.covered') : t('coverage.notCovered')}</strong> {t('coverage.available', { available: formatNumber(coverage.availableUnits), quantity: formatNumber(coverage.quantity) })}
              </p>
              {coverage.licences.length === 0 ? (
                <p>{t('coverage.noLicences')}</p>
              ) : (
                <div className="table-box">
                  <table data-testid="coverage-licences">
                    <caption>{t('coverage.licences')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('licences.number')}</th>
                        <th scope="col" className="numeric">{t('coverage.availableUnits')}</th>
                        <th scope="col">{t('licences.validUntil')}</th>
                        <th scope="col">{t('coverage.reserve')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {coverage.licences.map((licence) => (
                        <tr key={licence.licenceId}>
                          <th scope="row">
                            <Link to={`/licences/${licence.licenceId}`} className="mono">
                              {licence.number}
                            </Link>
                          </th>
                          <td className="numeric">{formatNumber(licence.availableUnits)}</td>
                          <td>{formatDate(licence.validUntil)}</td>
                          <td>
                            <ReserveForm
                              licenceId={licence.licenceId}
                              number={licence.number}
                              reference={reference}
                              defaultQuantity={Math.min(coverage.quantity, licence.availableUnits)}
                              onReserved={(reservation) => {
                                setReserved({ reservation, number: licence.number });
                              }}
                            />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          )}
          {reserved === null ? null : (
            <>
              <p className="notice notice-success">{t('coverage.reservedNotice')}</p>
              <ReservationView reservation={reserved.reservation} licenceNumber={reserved.number} />
              <Link to={`/vendor/shipments?id=${encodeURIComponent(reserved.reservation.id)}`} data-testid="open-reservation">
                {t('coverage.shipIt')}
              </Link>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function ReserveForm({ licenceId, number, reference, defaultQuantity, onReserved }: { licenceId: string; number: string; reference: string; defaultQuantity: number; onReserved: (reservation: Reservation) => void }) {
  const { t } = useI18n();
  const [quantity, setQuantity] = useState(String(Math.max(1, defaultQuantity)));
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const reserve = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onReserved(await api.post<Reservation>('/reservations', { licenceId, purchaseOrderReference: reference.trim(), quantity: Number(quantity) }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(event) => void reserve(event)} aria-label={t('coverage.reserveOn', { number })}>
      <TextField label={t('coverage.reserveUnits')} type="number" min={1} step={1} required value={quantity} onChange={(event) => setQuantity(event.target.value)} />
      <button type="submit" disabled={isBusy || reference.trim() === ''} data-testid="reserve">
        {t('coverage.reserve')}
      </button>
      {reference.trim() === '' ? <small className="muted">{t('coverage.referenceFirst')}</small> : null}
      <ErrorNotice error={error} />
    </form>
  );
}
