/**
 * The audit log, oldest first, a page at a time (with a filter by subject), and the verification
 * of the whole hash chain: the server walks it and names the first entry altered, missing or
 * unlinked.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/client';
import type { AuditPage as AuditEntries, AuditVerification } from '../../shared/api/types';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { TextField } from '../../shared/components/fields';
import { useResource } from '../../shared/components/use-resource';
import { usePeople } from '../../shared/components/people';
import { useI18n } from '../../shared/i18n/i18n';

/** Entries per page; the server allows up to 500. */
const PAGE_SIZE = 100;

export function AuditPage() {
  const { t, formatDateTime } = useI18n();
  const { personName } = usePeople();
  const [subjectType, setSubjectType] = useState('');
  const [subjectId, setSubjectId] = useState('');
  const [filters, setFilters] = useState({ subjectType: '', subjectId: '' });
  /** The afterSequence of each page visited, so that "previous" goes back exactly. */
  const [cursors, setCursors] = useState<number[]>([0]);
  const after = cursors[cursors.length - 1] ?? 0;
  const entries = useResource(() => api.get<AuditEntries>('/audit/entries', { limit: PAGE_SIZE, afterSequence: after, subjectType: filters.subjectType, subjectId: filters.subjectId }), [after, filters]);
  const [verification, setVerification] = useState<{ result: AuditVerification | null; error: unknown; isBusy: boolean }>({ result: null, error: null, isBusy: false });

  const verify = async () => {
    setVerification({ result: null, error: null, isBusy: true });
    try {
      setVerification({ result: await api.get<AuditVerification>('/audit/verification'), error: null, isBusy: false });
    } catch (error) {
      setVerification({ result: null, error, isBusy: false });
    }
  };
  const applyFilters = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ subjectType: subjectType.trim(), subjectId: subjectId.trim() });
    setCursors([0]);
  };

  return (
    <div>
      <PageHeader title={t('audit.title')} description={t('audit.lead')} />
      <section className="panel" aria-labelledby="chain">
        <h2 id="chain">{t('audit.chain')}</h2>
        <button type="button" className="primary" onClick={() => void verify()} disabled={verification.isBusy} data-testid="verify-chain">
          {verification.isBusy ? t('audit.verifying') : t('audit.verify')}
        </button>
        <ErrorNotice error={verification.error} />
        {verification.result === null ? null : verification.result.ok ? (
          <p className="notice notice-success" data-testid="chain-result" data-ok="true">
            {t('audit.intact', { entries: verification.result.entries, hash: verification.result.headHash ?? '' })}
          </p>
        ) : (
          <p className="notice notice-error" data-testid="chain-result" data-ok="false">
            {t('audit.broken', { sequence: verification.result.break?.sequence ?? '?', entries: verification.result.entries })} {verification.result.message ?? ''}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="entries">
        <h2 id="entries">{t('audit.entries')}</h2>
        <form className="filters" onSubmit={applyFilters} aria-label={t('audit.filter')}>
          <TextField label={t('audit.subjectType')} value={subjectType} onChange={(event) => setSubjectType(event.target.value)} placeholder="licence" />
          <TextField label={t('audit.subjectId')} value={subjectId} onChange={(event) => setSubjectId(event.target.value)} />
          <button type="submit">{t('audit.apply')}</button>
        </form>
        {entries.status === 'failed' ? <ErrorNotice error={entries.error} /> : null}
        {entries.data === undefined ? (
          <Loading />
        ) : (
          <>
            <div className="table-box">
              <table data-testid="audit-table">
                <caption>{t('audit.caption', { count: entries.data.entries.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="numeric">{t('audit.sequence')}</th>
                    <th scope="col">{t('audit.occurredAt')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('audit.event')}</th>
                    <th scope="col">{t('audit.subject')}</th>
                    <th scope="col">{t('audit.hash')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.data.entries.map((entry) => (
                    <tr key={entry.id}>
                      <td className="numeric">{entry.sequence}</td>
                      <td>{formatDateTime(entry.occurredAt)}</td>
                      <td>
                        <span title={entry.actorId}>{personName(entry.actorId)}</span> <span className="muted">({entry.actorRole})</span>
                      </td>
                      <td>
                        <details>
                          <summary className="mono">{entry.eventType}</summary>
                          <pre className="code small">{t('audit.before')} {entry.beforeJson ?? 'null'}</pre>
                          <pre className="code small">{t('audit.after')} {entry.afterJson ?? 'null'}</pre>
                        </details>
                      </td>
                      <td>
                        <span className="mono small">
                          {entry.subjectType}/{entry.subjectId}
                        </span>
                      </td>
                      <td className="mono small" title={entry.hash}>
                        {entry.hash.slice(0, 12)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pager" aria-label={t('table.pages')}>
              <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
                {t('table.previous')}
              </button>
              <button
                type="button"
                disabled={entries.data.nextAfterSequence === null}
                onClick={() => {
                  const next = entries.data?.nextAfterSequence;
                  if (next !== null && next !== undefined) setCursors((list) => [...list, next]);
                }}
              >
                {t('table.next')}
              </button>
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
