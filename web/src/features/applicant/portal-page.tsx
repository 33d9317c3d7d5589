/** The applicant's home: its applications and where each stands, and its licences. */
import { useMemo } from 'react';
import { listAll } from '../../shared/api/client';
import type { Application, Licence } from '../../shared/api/types';
import { DataTable, type Column } from '../../shared/components/data-table';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { useRegistry } from '../../shared/components/registry';
import { ApplicationStateBadge, LicenceStateBadge } from '../../shared/components/state-badge';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { RoundGrants } from './round-grants';

async function loadPortal() {
  const [applications, licences] = await Promise.all([listAll<Application>('/applications'), listAll<Licence>('/licences')]);
  return { applications: applications.items, licences: licences.items };
}

export function PortalPage() {
  const { t, formatNumber, formatDate, formatDateTime, language } = useI18n();
  const caller = useCaller();
  const { itemName } = useRegistry();
  const resource = useResource(loadPortal, []);
  const applicationColumns = useMemo<Column<Application>[]>(
    () => [
      {
        id: 'item',
        header: t('common.item'),
        cell: (row) => (
          <Link to={`/applications/${row.id}`} data-testid="my-application-link">
            {itemName(row.itemId)}
          </Link>
        ),
        sortValue: (row) => itemName(row.itemId),
      },
      { id: 'quantity', header: t('queue.requested'), cell: (row) => formatNumber(row.quantity), sortValue: (row) => row.quantity, isNumeric: true },
      { id: 'granted', header: t('application.granted'), cell: (row) => (row.grantedQuantity === null ? '—' : formatNumber(row.grantedQuantity)), sortValue: (row) => row.grantedQuantity ?? -1, isNumeric: true },
      { id: 'state', header: t('common.state'), cell: (row) => <ApplicationStateBadge state={row.state} />, sortValue: (row) => row.state },
      { id: 'submitted', header: t('queue.submitted'), cell: (row) => formatDateTime(row.submittedAt), sortValue: (row) => row.submittedAt ?? '' },
      { id: 'updated', header: t('portal.updated'), cell: (row) => formatDateTime(row.updatedAt), sortValue: (row) => row.updatedAt },
    ],
    [t, formatNumber, formatDateTime, itemName],
  );
  const licenceColumns = useMemo<Column<Licence>[]>(
    () => [
      { id: 'number', header: t('licences.number'), cell: (row) => <Link to={`/licences/${row.id}`} className="mono">{row.number}</Link>, sortValue: (row) => row.number },
      { id: 'item', header: t('common.item'), cell: (row) => itemName(row.itemId), sortValue: (row) => itemName(row.itemId) },
      { id: 'quantity', header: t('licences.quantity'), cell: (row) => formatNumber(row.quantity), sortValue: (row) => row.quantity, isNumeric: true },
      { id: 'validUntil', header: t('licences.validUntil'), cell: (row) => formatDate(row.validUntil), sortValue: (row) => row.validUntil },
      { id: 'state', header: t('common.state'), cell: (row) => <LicenceStateBadge state={row.state} />, sortValue: (row) => row.state },
    ],
    [t, formatNumber, formatDate, itemName],
  );
  const organisation = caller.organisation === null ? '' : language === 'zh' && caller.organisation.chineseName !== null ? caller.organisation.chineseName : caller.organisation.legalName;
  return (
    <div>
      <PageHeader title={t('portal.title')} description={t('portal.lead', { organisation })}>
        <Link to="/portal/new" className="button primary" data-testid="new-application">
          {t('nav.newApplication')}
        </Link>
      </PageHeader>
      {resource.status === 'failed' ? <ErrorNotice error={resource.error} /> : null}
      {resource.data === undefined ? (
        <Loading />
      ) : (
        <>
          <section className="panel" aria-labelledby="my-applications">
            <h2 id="my-applications">{t('portal.applications')}</h2>
            <DataTable caption={t('portal.applicationsCaption', { count: resource.data.applications.length })} rows={resource.data.applications} columns={applicationColumns} rowKey={(row) => row.id} empty={t('portal.noApplications')} testId="my-applications" />
          </section>
          <section className="panel" aria-labelledby="my-licences">
            <h2 id="my-licences">{t('portal.licences')}</h2>
            <DataTable caption={t('portal.licencesCaption', { count: resource.data.licences.length })} rows={resource.data.licences} columns={licenceColumns} rowKey={(row) => row.id} empty={t('portal.noLicences')} />
          </section>
          <RoundGrants />
        </>
      )}
    </div>
  );
}
