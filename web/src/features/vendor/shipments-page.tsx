/**
 * The vendor's reservations: shipping (whole or part, with serial numbers), cancelling before
 * shipping, recording delivery. The API reads a reservation by its id and has no list of a
 * vendor's reservations yet, so the page shows those this browser made and opens any other by id.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/client';
import type { Licence, Reservation } from '../../shared/api/types';
import { ErrorNotice, Loading, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { TextArea, TextField } from '../../shared/components/fields';
import { ReservationView } from '../../shared/components/reservation-view';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/en';
import { useRouter } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { rememberedReservations, rememberReservation } from './remembered-reservations';

export function ShipmentsPage() {
  const { t } = useI18n();
  const caller = useCaller();
  const { location, navigate } = useRouter();
  const opened = location.query.get('id');
  const [lookup, setLookup] = useState(opened ?? '');
  const ids = opened === null ? rememberedReservations(caller.user.id) : [opened, ...rememberedReservations(caller.user.id).filter((id) => id !== opened)];
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (lookup.trim() !== '') navigate(`/vendor/shipments?id=${encodeURIComponent(lookup.trim())}`);
  };
  return (
    <div>
      <PageHeader title={t('shipments.title')} description={t('shipments.lead')} />
      <form className="filters" onSubmit={open} role="search" aria-label={t('shipments.openById')}>
        <TextField label={t('reservation.id')} value={lookup} onChange={(event) => setLookup(event.target.value)} />
        <button type="submit">{t('shipments.open')}</button>
      </form>
      <p className="muted small">{t('shipments.listNote')}</p>
      {ids.length === 0 ? <p>{t('shipments.none')}</p> : null}
      {ids.map((id) => (
        <ReservationCard key={id} id={id} isVendor={caller.role === 'vendor'} onSeen={() => rememberReservation(caller.user.id, id)} />
      ))}
    </div>
  );
}

async function loadReservation(id: string) {
  const reservation = await api.get<Reservation>(`/reservations/${encodeURIComponent(id)}`);
  const licence = await api.get<Licence>(`/licences/${encodeURIComponent(reservation.licenceId)}`).catch(() => null);
  return { reservation, licence };
}

function ReservationCard({ id, isVendor, onSeen }: { id: string; isVendor: boolean; onSeen: () => void }) {
  const { t } = useI18n();
  const resource = useResource(async () => {
    const loaded = await loadReservation(id);
    onSeen();
    return loaded;
  }, [id]);
  const [done, setDone] = useState<MessageKey | null>(null);
  if (resource.status === 'failed' && resource.data === undefined) return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading />;
  const { reservation, licence } = resource.data;
  const after = (message: MessageKey) => {
    setDone(message);
    resource.reload();
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
