/**
 * Licences the reader may see (the regulator all of them, an applicant its own, a vendor those it
 * may sell against): search by number, filter by state, item and licensee.
 */
import { useMemo, useState } from 'react';
import { listAll } from '../../shared/api/client';
import type { Licence } from '../../shared/api/types';
import { DataTable, type Column } from '../../shared/components/data-table';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { SelectField, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { LicenceStateBadge } from '../../shared/components/state-badge';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { LICENCE_STATES } from '../../shared/vocabulary';
import { matchesLicenceNumber } from '../../shared/licence-number';

export function LicencesPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const caller = useCaller();
  const { registry, itemName, organisationName } = useRegistry();
  const [state, setState] = useState('');
  const [itemId, setItemId] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [search, setSearch] = useState('');
  const resource = useResource(() => listAll<Licence>('/licences', { state, itemId, organisationId: caller.role === 'applicant' ? undefined : organisationId }), [state, itemId, organisationId, caller.role]);
  const rows = useMemo(() => (resource.data?.items ?? []).filter((licence) => matchesLicenceNumber(licence.number, search)), [resource.data, search]);
  const columns = useMemo<Column<Licence>[]>(
    () => [
      {
        id: 'number',
        header: t('licences.number'),
        cell: (row) => (
          <Link to={`/licences/${row.id}`} className="mono" data-testid="licence-row-link">
            {row.number}
          </Link>
        ),
        sortValue: (row) => row.number,
      },
      { id: 'licensee', header: t('licences.licensee'), cell: (row) => organisationName(row.organisationId), sortValue: (row) => organisationName(row.organisationId) },
      { id: 'item', header: t('common.item'), cell: (row) => itemName(row.itemId), sortValue: (row) => itemName(row.itemId) },
      { id: 'quantity', header: t('licences.quantity'), cell: (row) => formatNumber(row.quantity), sortValue: (row) => row.quantity, isNumeric: true },
      { id: 'issued', header: t('licences.issued'), cell: (row) => formatDate(row.createdAt), sortValue: (row) => row.createdAt },
      { id: 'validUntil', header: t('licences.validUntil'), cell: (row) => formatDate(row.validUntil), sortValue: (row) => row.validUntil },
      { id: 'state', header: t('common.state'), cell: (row) => <LicenceStateBadge state={row.state} />, sortValue: (row) => row.state },
    ],
    [t, formatNumber, formatDate, organisationName, itemName],
  );
  return (
    <div>
      <PageHeader title={t('licences.title')} description={t(caller.role === 'applicant' ? 'licences.leadApplicant' : caller.role === 'vendor' ? 'licences.leadVendor' : 'licences.lead')} />
      <form className="filters" role="search" aria-label={t('licences.search')} onSubmit={(event) => event.preventDefault()}>
        <TextField label={t('licences.searchNumber')} value={search} onChange={(event) => setSearch(event.target.value)} placeholder="GH-2026-…" data-testid="licence-search" />
        <SelectField label={t('common.state')} value={state} onChange={(event) => setState(event.target.value)} choices={[{ value: '', label: t('common.all') }, ...LICENCE_STATES.map((value) => ({ value, label: t(`licenceState.${value}`) }))]} />
        <SelectField label={t('common.item')} value={itemId} onChange={(event) => setItemId(event.target.value)} choices={[{ value: '', label: t('common.all') }, ...(registry?.items ?? []).map((item) => ({ value: item.id, label: item.name }))]} />
        {caller.role === 'applicant' ? null : (
          <SelectField
            label={t('licences.licensee')}
            value={organisationId}
            onChange={(event) => setOrganisationId(event.target.value)}
            choices={[{ value: '', label: t('common.all') }, ...(registry?.organisations ?? []).filter((organisation) => !['vendor', 'customs-authority', 'regulator'].includes(organisation.category)).map((organisation) => ({ value: organisation.id, label: organisationName(organisation.id) }))]}
          />
        )}
      </form>
      {resource.status === 'failed' ? <ErrorNotice error={resource.error} /> : null}
      {resource.data === undefined ? (
        <Loading />
      ) : (
        <>
          {resource.data.isComplete ? null : <p className="notice notice-warn">{t('common.listCut', { count: resource.data.items.length })}</p>}
          <DataTable caption={t('licences.caption', { count: rows.length })} rows={rows} columns={columns} rowKey={(row) => row.id} empty={t('licences.empty')} testId="licences-table" />
        </>
      )}
    </div>
  );
}
