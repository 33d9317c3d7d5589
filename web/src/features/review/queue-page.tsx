/**
 * The review queue: applications with the server's filters (state, item, organisation, category,
 * waiting since), their admissible quantity from the evaluation, who reviews them and how long
 * they have waited.
 */
import { useMemo, useState } from 'react';
import { listAll } from '../../shared/api/client';
import type { Application } from '../../shared/api/types';
import { DataTable, type Column } from '../../shared/components/data-table';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { SelectField, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { ApplicationStateBadge } from '../../shared/components/state-badge';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { APPLICATION_STATES, CATEGORIES } from '../../shared/vocabulary';

const DAY_MS = 86_400_000;

interface Filters {
  state: string;
  itemId: string;
  organisationId: string;
  category: string;
  submittedBefore: string;
}

export function QueuePage() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const caller = useCaller();
  const { registry, itemName, organisationName } = useRegistry();
  const [filters, setFilters] = useState<Filters>({ state: '', itemId: '', organisationId: '', category: '', submittedBefore: '' });
  const resource = useResource(
    () =>
      listAll<Application>('/applications', {
        state: filters.state,
        itemId: filters.itemId,
        organisationId: filters.organisationId,
        category: filters.category,
        submittedBefore: filters.submittedBefore === '' ? undefined : `${filters.submittedBefore}T00:00:00.000Z`,
      }),
    [filters],
  );
  const now = Date.now();
  const set = (field: keyof Filters) => (event: { target: { value: string } }) => setFilters((previous) => ({ ...previous, [field]: event.target.value }));

  const columns = useMemo<Column<Application>[]>(
    () => [
      { id: 'submitted', header: t('queue.submitted'), cell: (row) => formatDateTime(row.submittedAt), sortValue: (row) => row.submittedAt ?? '' },
      {
        id: 'organisation',
        header: t('common.organisation'),
        cell: (row) => (
          <Link to={`/applications/${row.id}`} data-testid="queue-link">
            {organisationName(row.organisationId)}
          </Link>
        ),
        sortValue: (row) => organisationName(row.organisationId),
      },
      { id: 'item', header: t('common.item'), cell: (row) => itemName(row.itemId), sortValue: (row) => itemName(row.itemId) },
      { id: 'quantity', header: t('queue.requested'), cell: (row) => formatNumber(row.quantity), sortValue: (row) => row.quantity, isNumeric: true },
      { id: 'admissible', header: t('queue.admissible'), cell: (row) => (row.evaluation === null ? '—' : formatNumber(row.evaluation.admissibleUnits)), sortValue: (row) => row.evaluation?.admissibleUnits ?? -1, isNumeric: true },
      { id: 'state', header: t('common.state'), cell: (row) => <ApplicationStateBadge state={row.state} />, sortValue: (row) => row.state },
      { id: 'reviewer', header: t('queue.reviewer'), cell: (row) => (row.reviewerId === null ? '—' : row.reviewerId === caller.user.id ? t('common.you') : t('queue.anotherReviewer')), sortValue: (row) => row.reviewerId ?? '' },
      { id: 'age', header: t('queue.waitingDays'), cell: (row) => (row.submittedAt === null ? '—' : formatNumber(Math.floor((now - Date.parse(row.submittedAt)) / DAY_MS))), sortValue: (row) => (row.submittedAt === null ? -1 : now - Date.parse(row.submittedAt)), isNumeric: true },
    ],
    [t, formatNumber, formatDateTime, organisationName, itemName, caller.user.id, now],
  );

  return (
    <div>
      <PageHeader title={t('queue.title')} description={t('queue.lead')} />
      <form className="filters" aria-label={t('queue.filters')} onSubmit={(event) => event.preventDefault()}>
        <SelectField label={t('common.state')} value={filters.state} onChange={set('state')} choices={[{ value: '', label: t('common.all') }, ...APPLICATION_STATES.filter((state) => state !== 'draft').map((state) => ({ value: state, label: t(`applicationState.${state}`) }))]} />
        <SelectField label={t('common.item')} value={filters.itemId} onChange={set('itemId')} choices={[{ value: '', label: t('common.all') }, ...(registry?.items ?? []).map((item) => ({ value: item.id, label: item.name }))]} />
        <SelectField
          label={t('common.organisation')}
          value={filters.organisationId}
          onChange={set('organisationId')}
          choices={[{ value: '', label: t('common.all') }, ...(registry?.organisations ?? []).filter((organisation) => !['vendor', 'customs-authority', 'regulator'].includes(organisation.category)).map((organisation) => ({ value: organisation.id, label: organisationName(organisation.id) }))]}
        />
        <SelectField label={t('common.category')} value={filters.category} onChange={set('category')} choices={[{ value: '', label: t('common.all') }, ...CATEGORIES.map((category) => ({ value: category, label: t(`category.${category}`) }))]} />
        <TextField label={t('queue.waitingSince')} type="date" value={filters.submittedBefore} onChange={set('submittedBefore')} hint={t('queue.waitingSinceHint')} />
      </form>
      {resource.status === 'failed' ? <ErrorNotice error={resource.error} /> : null}
      {resource.data === undefined ? (
        <Loading />
      ) : (
        <>
          {resource.data.isComplete ? null : <p className="notice notice-warn">{t('common.listCut', { count: resource.data.items.length })}</p>}
          <DataTable caption={t('queue.caption', { count: resource.data.items.length })} rows={resource.data.items} columns={columns} rowKey={(row) => row.id} empty={t('queue.empty')} testId="queue-table" />
        </>
      )}
    </div>
  );
}
