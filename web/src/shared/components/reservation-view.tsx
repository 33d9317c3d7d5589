/**
 * A reservation and how far its shipment has come (reserved → shipped → cleared → delivered), as
 * the vendor, customs and the licensee see it. Its state follows from the quota ledger.
 */
import type { Reservation, ReservationState } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router/router';

const STEPS: readonly ReservationState[] = ['reserved', 'shipped', 'cleared', 'delivered'];
const STATE_CLASS: Record<ReservationState, string> = { reserved: 'badge-info', shipped: 'badge-info', cleared: 'badge-info', delivered: 'badge-ok', cancelled: 'badge-muted', expired: 'badge-muted' };

export function ReservationStateBadge({ state }: { state: ReservationState }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATE_CLASS[state]}`} data-state={state}>
      {t(`reservationState.${state}`)}
    </span>
  );
}

export function ReservationView({ reservation, licenceNumber }: { reservation: Reservation; licenceNumber?: string | undefined }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const reached = STEPS.indexOf(reservation.state);
  return (
    <div className="card" data-testid="reservation" data-state={reservation.state}>
      <h3>
        {t('reservation.title', { reference: reservation.purchaseOrderReference })} <ReservationStateBadge state={reservation.state} />
      </h3>
      <ol className="steps" aria-label={t('reservation.progress')}>
        {STEPS.map((step, index) => (
          <li key={step} className={reached >= index ? 'step-done' : undefined} aria-current={reached === index ? 'step' : undefined}>
            {t(`reservationState.${step}`)}
          </li>
        ))}
      </ol>
      <dl className="facts">
        <dt>{t('reservation.id')}</dt>
        <dd className="mono" data-testid="reservation-id">
          {reservation.id}
        </dd>
        <dt>{t('application.licence')}</dt>
        <dd>
          <Link to={`/licences/${reservation.licenceId}`} className="mono">
            {licenceNumber ?? reservation.licenceId}
          </Link>
        </dd>
        <dt>{t('reservation.reserved')}</dt>
        <dd>{t('reservation.units', { units: formatNumber(reservation.quantity), at: formatDateTime(reservation.reservedAt) })}</dd>
        <dt>{t('reservation.shipped')}</dt>
        <dd data-testid="reservation-shipped">{formatNumber(reservation.shippedQuantity)}</dd>
        {reservation.expiresAt === null ? null : (
          <>
            <dt>{t('reservation.expires')}</dt>
            <dd>{formatDateTime(reservation.expiresAt)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
