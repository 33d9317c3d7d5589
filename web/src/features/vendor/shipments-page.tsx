/**
 * The vendor's reservations, as the server lists them (GET /api/v1/reservations: its
 * organisation's, newest first, by state), and one opened to act on: shipping (whole or part,
 * with serial numbers), cancelling before shipping, recording delivery. Any reservation also opens
 * by its id.
 */
import { useState, type FormEvent } from 'react';
import { api, listAll } from '../../shared/api/client';
import type { Licence, Reservation, ReservationState } from '../../shared/api/types';
import { ErrorNotice, Loading, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { SelectField, TextArea, TextField } from '../../shared/components/fields';
import { ReservationStateBadge, ReservationView } from '../../shared/components/reservation-view';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/en';
import { Link, useRouter } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { RESERVATION_STATES } from '../../shared/vocabulary';

/** Pages of 200 read at most: the first 1,000 reservations of a state, newest first. */
const PAGES_MAX = 5;

async function loadList(state: ReservationState | '') {
  const [reservations, licences] = await Promise.all([listAll<Reservation>('/reservations', state === '' ? {} : { state }, PAGES_MAX), listAll<Licence>('/licences', {}, PAGES_MAX)]);
  return { reservations, numbers: new Map(licences.items.map((licence) => [licence.id, licence.number])) };
}

export function ShipmentsPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const caller = useCaller();
  const { location, navigate } = useRouter();
  const opened = location.query.get('id');
  const [lookup, setLookup] = useState(opened ?? '');
  const [state, setState] = useState<ReservationState | ''>('');
  const list = useResource(() => loadList(state), [state]);
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (lookup.trim() !== '') navigate(`/vendor/shipments?id=${encodeURIComponent(lookup.trim())}`);
  };
  const reservations = list.data?.reservations.items ?? [];
  return (
    <div>
      <PageHeader title={t('shipments.title')} description={t('shipments.lead')} />
      <form className="filters" onSubmit={open} role="search" aria-label={t('shipments.openById')}>
        <TextField label={t('reservation.id')} value={lookup} onChange={(event) => setLookup(event.target.value)} />
        <button type="submit">{t('shipments.open')}</button>
      </form>
      {opened === null ? null : <ReservationCard key={opened} id={opened} isVendor={caller.role === 'vendor'} onChanged={list.reload} />}
      <section className="panel" aria-labelledby="reservations-title">
        <h2 id="reservations-title">{t('shipments.tableCaption')}</h2>
        <p className="muted small">{t('shipments.listNote')}</p>
        <div className="filters">
          <SelectField
            label={t('shipments.filterState')}
            value={state}
            onChange={(event) => setState(event.target.value as ReservationState | '')}
            choices={[{ value: '', label: t('shipments.allStates') }, ...RESERVATION_STATES.map((value) => ({ value, label: t(`reservationState.${value}`) }))]}
            data-testid="shipments-state"
          />
        </div>
        {list.status === 'failed' ? <ErrorNotice error={list.error} /> : null}
        {list.data === undefined ? (
          list.status === 'failed' ? null : <Loading />
        ) : reservations.length === 0 ? (
          <p data-testid="shipments-none">{t('shipments.none')}</p>
        ) : (
          <div className="table-box">
            <table data-testid="shipments-table">
              <caption>{t('shipments.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('licence.movementOrder')}</th>
                  <th scope="col">{t('application.licence')}</th>
                  <th scope="col" className="numeric">{t('shipments.quantityColumn')}</th>
                  <th scope="col" className="numeric">{t('shipments.shippedColumn')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col">{t('shipments.reservedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {reservations.map((reservation) => (
                  <tr key={reservation.id} data-id={reservation.id} data-state={reservation.state} aria-current={reservation.id === opened ? 'true' : undefined}>
                    <th scope="row">
                      <Link to={`/vendor/shipments?id=${encodeURIComponent(reservation.id)}`} aria-label={t('shipments.openReservation', { reference: reservation.purchaseOrderReference })}>
                        {reservation.purchaseOrderReference}
                      </Link>
                    </th>
                    <td>
                      <Link to={`/licences/${encodeURIComponent(reservation.licenceId)}`} className="mono">
                        {list.data?.numbers.get(reservation.licenceId) ?? reservation.licenceId}
                      </Link>
                    </td>
                    <td className="numeric">{formatNumber(reservation.quantity)}</td>
                    <td className="numeric">{formatNumber(reservation.shippedQuantity)}</td>
                    <td>
                      <ReservationStateBadge state={reservation.state} />
                    </td>
                    <td>{formatDate(reservation.reservedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.data?.reservations.isComplete === false ? <p className="notice notice-warn">{t('shipments.incomplete')}</p> : null}
      </section>
    </div>
  );
}

async function loadReservation(id: string) {
  const reservation = await api.get<Reservation>(`/reservations/${encodeURIComponent(id)}`);
  const licence = await api.get<Licence>(`/licences/${encodeURIComponent(reservation.licenceId)}`).catch(() => null);
  return { reservation, licence };
}

function ReservationCard({ id, isVendor, onChanged }: { id: string; isVendor: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const resource = useResource(() => loadReservation(id), [id]);
  const [done, setDone] = useState<MessageKey | null>(null);
  if (resource.status === 'failed' && resource.data === undefined) return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading />;
  const { reservation, licence } = resource.data;
  const after = (message: MessageKey) => {
    setDone(message);
    resource.reload();
    onChanged();
  };
  return (
    <section className="panel" aria-label={t('reservation.title', { reference: reservation.purchaseOrderReference })}>
      {done === null ? null : <SuccessNotice>{t(done)}</SuccessNotice>}
      <ReservationView reservation={reservation} licenceNumber={licence?.number} />
      {isVendor && reservation.state === 'reserved' ? <ShipForm reservation={reservation} onDone={after} /> : null}
      {isVendor && reservation.state === 'cleared' ? <StepButton reservation={reservation} step="delivery" label="shipments.recordDelivery" message="shipments.delivered" onDone={after} /> : null}
      {isVendor && reservation.state === 'reserved' ? <StepButton reservation={reservation} step="cancellation" label="shipments.cancel" message="shipments.cancelled" onDone={after} isDanger /> : null}
      {reservation.state === 'shipped' ? <p className="muted">{t('shipments.awaitingCustoms')}</p> : null}
    </section>
  );
}

function ShipForm({ reservation, onDone }: { reservation: Reservation; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const [quantity, setQuantity] = useState(String(reservation.quantity));
  const [serials, setSerials] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const ship = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const serialNumbers = serials
      .split(/[\s,;]+/)
      .map((serial) => serial.trim())
      .filter((serial) => serial !== '');
    try {
      await api.post(`/reservations/${encodeURIComponent(reservation.id)}/shipment`, { quantity: Number(quantity), ...(serialNumbers.length === 0 ? {} : { serialNumbers }) });
      onDone('shipments.shipped');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(event) => void ship(event)} data-testid="ship-form">
      <h3>{t('shipments.shipTitle')}</h3>
      <TextField label={t('shipments.quantity')} type="number" min={1} max={reservation.quantity} step={1} required value={quantity} onChange={(event) => setQuantity(event.target.value)} hint={t('shipments.quantityHint')} />
      <TextArea label={t('shipments.serials')} value={serials} onChange={(event) => setSerials(event.target.value)} hint={t('shipments.serialsHint')} />
      <button type="submit" className="primary" disabled={isBusy} data-testid="ship">
        {t('shipments.ship')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function StepButton({ reservation, step, label, message, onDone, isDanger = false }: { reservation: Reservation; step: 'delivery' | 'cancellation'; label: MessageKey; message: MessageKey; onDone: (message: MessageKey) => void; isDanger?: boolean }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/reservations/${encodeURIComponent(reservation.id)}/${step}`, {});
      onDone(message);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="button-row">
      <button type="button" className={isDanger ? 'danger' : 'primary'} disabled={isBusy} onClick={() => void run()} data-testid={`reservation-${step}`}>
        {t(label)}
      </button>
      <ErrorNotice error={error} />
    </div>
  );
}
