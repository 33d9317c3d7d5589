/**
 * Customs clearance: open a shipment by its reservation id (from the shipping papers), see the
 * licence it was shipped against and how many units, and record the clearance with the customs
 * declaration's reference.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/client';
import type { Licence, Reservation } from '../../shared/api/types';
import { ErrorNotice, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { TextField } from '../../shared/components/fields';
import { ReservationView } from '../../shared/components/reservation-view';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';

export function ClearancePage() {
  const { t } = useI18n();
  const [id, setId] = useState('');
  const [found, setFound] = useState<{ reservation: Reservation; licence: Licence | null } | null>(null);
  const [declaration, setDeclaration] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isCleared, setCleared] = useState(false);
  const [isBusy, setBusy] = useState(false);

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFound(null);
    setCleared(false);
    try {
      const reservation = await api.get<Reservation>(`/reservations/${encodeURIComponent(id.trim())}`);
      const licence = await api.get<Licence>(`/licences/${encodeURIComponent(reservation.licenceId)}`).catch(() => null);
      setFound({ reservation, licence });
    } catch (caught) {
      setError(caught);
    }
  };
  const clear = async (event: FormEvent) => {
    event.preventDefault();
    if (found === null) return;
    setBusy(true);
    setError(null);
    try {
      const reservation = await api.post<Reservation>(`/reservations/${encodeURIComponent(found.reservation.id)}/clearance`, { declarationReference: declaration.trim() });
      setFound({ ...found, reservation });
      setCleared(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('clearance.title')} description={t('clearance.lead')} />
      <div className="columns">
        <form className="panel" onSubmit={(event) => void open(event)} role="search" aria-labelledby="clearance-open">
          <h2 id="clearance-open">{t('clearance.open')}</h2>
          <TextField label={t('reservation.id')} required value={id} onChange={(event) => setId(event.target.value)} hint={t('clearance.idHint')} data-testid="clearance-id" />
          <button type="submit" data-testid="clearance-find">
            {t('shipments.open')}
          </button>
        </form>
        <section className="panel" aria-labelledby="clearance-shipment" aria-live="polite">
          <h2 id="clearance-shipment">{t('clearance.shipment')}</h2>
          <ErrorNotice error={error} />
          {isCleared ? <SuccessNotice>{t('clearance.cleared')}</SuccessNotice> : null}
          {found === null ? (
            <p className="muted">{t('clearance.none')}</p>
          ) : (
            <>
              <ReservationView reservation={found.reservation} licenceNumber={found.licence?.number} />
              {found.licence === null ? null : (
                <p>
                  <Link to={`/licences/${found.licence.id}`}>{t('clearance.licence', { number: found.licence.number })}</Link>
                </p>
              )}
              {found.reservation.state === 'shipped' ? (
                <form onSubmit={(event) => void clear(event)} data-testid="clearance-form">
                  <TextField label={t('clearance.declaration')} required value={declaration} onChange={(event) => setDeclaration(event.target.value)} />
                  <button type="submit" className="primary" disabled={isBusy} data-testid="clear">
                    {t('clearance.record')}
                  </button>
                </form>
              ) : (
                <p className="muted">{t('clearance.notShipped')}</p>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
