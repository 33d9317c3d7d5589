/**
 * The allocation rounds that decided the applicant's applications: each committed round's
 * published figures and the applicant's own grants; within a pro-rata round's window, the
 * applicant may withdraw an application from the round (its licence is surrendered and the units
 * go to the others at the re-run).
 */
import { useState, type FormEvent } from 'react';
import { api, listAll } from '../../shared/api/client';
import type { RoundListItem, RoundView } from '../../shared/api/types';
import { ErrorNotice, Loading } from '../../shared/components/feedback';
import { TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';

/** Rounds read in full here, newest first; older ones stay in the list of the API. */
const ROUNDS_SHOWN_MAX = 20;

async function loadRounds(): Promise<RoundView[]> {
  const { items } = await listAll<RoundListItem>('/rounds');
  const recent = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, ROUNDS_SHOWN_MAX);
  const rounds = await Promise.all(recent.map((round) => api.get<RoundView>(`/rounds/${encodeURIComponent(round.id)}`)));
  return rounds.filter((round) => round.grants.length > 0);
}

export function RoundGrants() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const { itemName } = useRegistry();
  const resource = useResource(loadRounds, []);
  if (resource.status === 'failed') return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading />;
  const now = new Date().toISOString();
  return (
    <section className="panel" aria-labelledby="my-rounds">
      <h2 id="my-rounds">{t('portal.rounds')}</h2>
      {resource.data.length === 0 ? <p>{t('portal.noRounds')}</p> : null}
      {resource.data.map((round) => (
        <article className="card" key={round.id} data-testid="my-round">
          <h3>{round.title}</h3>
          <p className="muted">
            {t('portal.roundFigures', { item: itemName(round.itemId), budget: formatNumber(round.budget), method: t(`method.${round.method}`), coefficient: round.commitment?.summary.coefficient ?? round.commitment?.summary.level ?? '—' })}
          </p>
          <ul className="figure-list">
            {round.grants.map((grant) => (
              <li key={grant.applicationId}>
                {t('portal.roundGrant', { units: formatNumber(grant.grantedUnits) })} <Link to={`/applications/${grant.applicationId}`}>{t('portal.openApplication')}</Link>
                {grant.licenceId === null ? null : (
                  <>
                    {' · '}
                    <Link to={`/licences/${grant.licenceId}`}>{t('application.openLicence')}</Link>
                  </>
                )}
                {grant.withdrawnAt !== null ? <span className="badge badge-muted">{t('portal.withdrawnAt', { at: formatDateTime(grant.withdrawnAt) })}</span> : null}
                {grant.withdrawnAt === null && grant.grantedUnits > 0 && round.state === 'committed' && round.withdrawalsCloseAt !== null && now < round.withdrawalsCloseAt ? <WithdrawForm round={round} applicationId={grant.applicationId} onDone={resource.reload} /> : null}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}

function WithdrawForm({ round, applicationId, onDone }: { round: RoundView; applicationId: string; onDone: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const withdraw = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/rounds/${encodeURIComponent(round.id)}/withdrawals`, { applicationId, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) }, round.version);
      onDone();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(event) => void withdraw(event)} aria-label={t('portal.withdrawFromRound')}>
      <TextField label={t('application.withdrawReason')} value={reason} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" className="danger" disabled={isBusy}>
        {t('portal.withdrawFromRound')}
      </button>
      <small className="muted">{t('portal.withdrawUntil', { at: formatDateTime(round.withdrawalsCloseAt) })}</small>
      <ErrorNotice error={error} />
    </form>
  );
}
