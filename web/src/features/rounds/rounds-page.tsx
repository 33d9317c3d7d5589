/**
 * Allocation rounds: the list, and for approvers the first step of the round builder, opening a
 * round (item, budget, method and its settings, cut-off). The preview, the methods side by side
 * and the commitment are on the round's own page.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api, listAll } from '../../shared/api/client';
import type { AllocationMethod, InnerAllocationMethod, RoundListItem, RoundView } from '../../shared/api/types';
import { DataTable, type Column } from '../../shared/components/data-table';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { SelectField, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link, useRouter } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { ALLOCATION_METHODS, CATEGORIES, INNER_ALLOCATION_METHODS } from '../../shared/vocabulary';
import { RoundStateBadge } from './round-state';

export function RoundsPage() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const caller = useCaller();
  const { itemName } = useRegistry();
  const rounds = useResource(() => listAll<RoundListItem>('/rounds'), []);
  const columns = useMemo<Column<RoundListItem>[]>(
    () => [
      {
        id: 'title',
        header: t('rounds.roundTitle'),
        cell: (row) => (
          <Link to={`/rounds/${row.id}`} data-testid="round-link">
            {row.title}
          </Link>
        ),
        sortValue: (row) => row.title,
      },
      { id: 'item', header: t('common.item'), cell: (row) => itemName(row.itemId), sortValue: (row) => itemName(row.itemId) },
      { id: 'budget', header: t('rounds.budget'), cell: (row) => formatNumber(row.budget), sortValue: (row) => row.budget, isNumeric: true },
      { id: 'method', header: t('rounds.method'), cell: (row) => t(`method.${row.method}`), sortValue: (row) => row.method },
      { id: 'granted', header: t('rounds.granted'), cell: (row) => (row.final !== null ? formatNumber(row.final.granted) : row.summary !== null ? formatNumber(row.summary.granted) : '—'), sortValue: (row) => row.final?.granted ?? row.summary?.granted ?? -1, isNumeric: true },
      { id: 'cutOff', header: t('rounds.cutOff'), cell: (row) => formatDateTime(row.cutOff), sortValue: (row) => row.cutOff },
      { id: 'state', header: t('common.state'), cell: (row) => <RoundStateBadge state={row.state} />, sortValue: (row) => row.state },
    ],
    [t, formatNumber, formatDateTime, itemName],
  );
  return (
    <div>
      <PageHeader title={t('rounds.title')} description={t('rounds.lead')} />
      {caller.role === 'approver' ? <OpenRoundForm /> : null}
      {rounds.status === 'failed' ? <ErrorNotice error={rounds.error} /> : null}
      {rounds.data === undefined ? <Loading /> : <DataTable caption={t('rounds.caption', { count: rounds.data.items.length })} rows={rounds.data.items} columns={columns} rowKey={(row) => row.id} empty={t('rounds.none')} testId="rounds-table" />}
    </div>
  );
}

/** An instant a minute from now, as the cut-off an approver most often means: everything submitted so far. */
function defaultCutOff(): string {
  return `${new Date().toISOString().slice(0, 16)}Z`;
}

function OpenRoundForm() {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { registry } = useRegistry();
  const items = (registry?.items ?? []).filter((item) => item.origin === 'foreign');
  const [title, setTitle] = useState('');
  const [itemId, setItemId] = useState('');
  const [budget, setBudget] = useState('');
  const [method, setMethod] = useState<AllocationMethod>('pro-rata');
  const [cutOff, setCutOff] = useState(defaultCutOff);
  const [inner, setInner] = useState<InnerAllocationMethod>('pro-rata');
  const [minLot, setMinLot] = useState('');
  const [useCategoryShares, setUseCategoryShares] = useState(false);
  const [withdrawalWindowDays, setWithdrawalWindowDays] = useState('5');
  const [tiers, setTiers] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const chosenItem = itemId === '' ? (items[0]?.id ?? '') : itemId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const categoryTiers = Object.fromEntries(Object.entries(tiers).filter(([, tier]) => tier.trim() !== '').map(([category, tier]) => [category, Number(tier)]));
    try {
      const round = await api.post<RoundView>('/rounds', {
        title,
        itemId: chosenItem,
        budget: Number(budget),
        method,
        cutOff: cutOff.trim(),
        ...(method === 'tiered' ? { inner, ...(Object.keys(categoryTiers).length === 0 ? {} : { categoryTiers }) } : {}),
        ...(method === 'pro-rata' && withdrawalWindowDays !== '' ? { withdrawalWindowDays: Number(withdrawalWindowDays) } : {}),
        ...(minLot === '' ? {} : { minLot: Number(minLot) }),
        ...(useCategoryShares ? { useCategoryShares: true } : {}),
      });
      navigate(`/rounds/${round.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="open-round" data-testid="open-round-form">
      <h2 id="open-round">{t('rounds.open')}</h2>
      <p className="muted">{t('rounds.openLead')}</p>
      <div className="filters">
        <TextField label={t('rounds.roundTitle')} required value={title} onChange={(event) => setTitle(event.target.value)} />
        <SelectField label={t('common.item')} value={chosenItem} onChange={(event) => setItemId(event.target.value)} choices={items.map((item) => ({ value: item.id, label: item.name }))} />
        <TextField label={t('rounds.budgetField')} type="number" min={1} step={1} required value={budget} onChange={(event) => setBudget(event.target.value)} data-testid="round-budget" />
        <SelectField label={t('rounds.method')} value={method} onChange={(event) => setMethod(event.target.value as AllocationMethod)} choices={ALLOCATION_METHODS.map((value) => ({ value, label: t(`method.${value}`) }))} data-testid="round-method" />
        <TextField label={t('rounds.cutOff')} required value={cutOff} onChange={(event) => setCutOff(event.target.value)} hint={t('rounds.cutOffHint')} />
        <TextField label={t('rounds.minLot')} type="number" min={0} step={1} value={minLot} onChange={(event) => setMinLot(event.target.value)} hint={t('rounds.minLotHint')} />
        {method === 'pro-rata' ? <TextField label={t('rounds.withdrawalWindow')} type="number" min={1} max={60} step={1} value={withdrawalWindowDays} onChange={(event) => setWithdrawalWindowDays(event.target.value)} /> : null}
        {method === 'tiered' ? <SelectField label={t('rounds.inner')} value={inner} onChange={(event) => setInner(event.target.value as InnerAllocationMethod)} choices={INNER_ALLOCATION_METHODS.map((value) => ({ value, label: t(`method.${value}`) }))} /> : null}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={useCategoryShares} onChange={(event) => setUseCategoryShares(event.target.checked)} /> {t('rounds.useCategoryShares')}
      </label>
      {method === 'tiered' ? (
        <fieldset>
          <legend>{t('rounds.tiers')}</legend>
          <div className="filters">
            {CATEGORIES.filter((category) => !['vendor', 'customs-authority', 'regulator'].includes(category)).map((category) => (
              <TextField key={category} label={t(`category.${category}`)} type="number" min={1} max={1000} step={1} value={tiers[category] ?? ''} onChange={(event) => setTiers((previous) => ({ ...previous, [category]: event.target.value }))} />
            ))}
          </div>
          <p className="muted small">{t('rounds.tiersHint')}</p>
        </fieldset>
      ) : null}
      <p className="muted small">{t(`method.${method}.means`)}</p>
      <ErrorNotice error={error} />
      <button type="submit" className="primary" disabled={isBusy || chosenItem === ''} data-testid="open-round">
        {t('rounds.openSubmit')}
      </button>
    </form>
  );
}
