/**
 * The applicant's fleet declarations: installed accelerators by item at a date and the domestic
 * units committed for the period; the adoption cap and the domestic pairing rule start from the
 * latest one. A new declaration is made for a new date (one per date; the server refuses a second).
 */
import { useState, type FormEvent } from 'react';
import { api, listAll } from '../../shared/api/client';
import type { FleetDeclaration } from '../../shared/api/types';
import { ErrorNotice, Loading, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { SelectField, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { useCaller } from '../../shared/session/session';

/** A declaration lists at most 500 holdings (the server's limit). */
const HOLDINGS_MAX = 500;

interface HoldingDraft {
  key: number;
  itemId: string;
  installedUnits: string;
}

export function FleetPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const caller = useCaller();
  const { registry, itemName } = useRegistry();
  const resource = useResource(() => listAll<FleetDeclaration>('/fleet-declarations'), []);
  const [saved, setSaved] = useState(false);
  const declarations = [...(resource.data?.items ?? [])].sort((a, b) => b.asOf.localeCompare(a.asOf));
  return (
    <div>
      <PageHeader title={t('fleet.title')} description={t('fleet.lead')} />
      {saved ? <SuccessNotice>{t('fleet.saved')}</SuccessNotice> : null}
      {resource.status === 'failed' ? <ErrorNotice error={resource.error} /> : null}
      {resource.data === undefined || registry === undefined ? (
        <Loading />
      ) : (
        <div className="columns">
          <section className="panel" aria-labelledby="declarations">
            <h2 id="declarations">{t('fleet.declarations')}</h2>
            {declarations.length === 0 ? <p>{t('fleet.none')}</p> : null}
            {declarations.map((declaration) => (
              <article key={declaration.id} className="card" data-testid="fleet-declaration">
                <h3>{t('fleet.asOf', { date: formatDate(declaration.asOf) })}</h3>
                <p className="muted">{t('fleet.period', { from: formatDate(declaration.periodStart), to: formatDate(declaration.periodEnd), units: formatNumber(declaration.domesticUnitsCommitted) })}</p>
                <div className="table-box">
                  <table>
                    <caption>{t('fleet.holdings')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('common.item')}</th>
                        <th scope="col">{t('fleet.origin')}</th>
                        <th scope="col" className="numeric">{t('fleet.installed')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {declaration.holdings.map((holding) => {
                        const origin = registry.itemsById.get(holding.itemId)?.origin;
                        return (
                          <tr key={holding.itemId}>
                            <th scope="row">{itemName(holding.itemId)}</th>
                            <td>{origin === undefined ? '—' : t(`origin.${origin}`)}</td>
                            <td className="numeric">{formatNumber(holding.installedUnits)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </article>
            ))}
          </section>
          {caller.organisation === null ? null : (
            <DeclarationForm
              organisationId={caller.organisation.id}
              items={registry.items.map((item) => ({ value: item.id, label: item.name }))}
              onSaved={() => {
                setSaved(true);
                resource.reload();
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}

function DeclarationForm({ organisationId, items, onSaved }: { organisationId: string; items: { value: string; label: string }[]; onSaved: () => void }) {
  const { t } = useI18n();
  const today = new Date().toISOString().slice(0, 10);
  const year = today.slice(0, 4);
  const [asOf, setAsOf] = useState(today);
  const [periodStart, setPeriodStart] = useState(`${year}-01-01`);
  const [periodEnd, setPeriodEnd] = useState(`${year}-12-31`);
  const [domestic, setDomestic] = useState('0');
  const [holdings, setHoldings] = useState<HoldingDraft[]>([{ key: 1, itemId: items[0]?.value ?? '', installedUnits: '0' }]);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const change = (key: number, patch: Partial<HoldingDraft>) => setHoldings((list) => list.map((holding) => (holding.key === key ? { ...holding, ...patch } : holding)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/fleet-declarations', { organisationId, asOf, periodStart, periodEnd, domesticUnitsCommitted: Number(domestic), holdings: holdings.map((holding) => ({ itemId: holding.itemId, installedUnits: Number(holding.installedUnits) })) });
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="declare-title" data-testid="fleet-form">
      <h2 id="declare-title">{t('fleet.declare')}</h2>
      <TextField label={t('fleet.asOfField')} type="date" required value={asOf} onChange={(event) => setAsOf(event.target.value)} />
      <div className="field-row">
        <TextField label={t('fleet.periodStart')} type="date" required value={periodStart} onChange={(event) => setPeriodStart(event.target.value)} />
        <TextField label={t('fleet.periodEnd')} type="date" required value={periodEnd} onChange={(event) => setPeriodEnd(event.target.value)} />
      </div>
      <TextField label={t('fleet.domesticCommitted')} type="number" min={0} step={1} required value={domestic} onChange={(event) => setDomestic(event.target.value)} />
      <fieldset>
        <legend>{t('fleet.holdings')}</legend>
        {holdings.map((holding, index) => (
          <div className="field-row" key={holding.key}>
            <SelectField label={t('fleet.holdingItem', { n: index + 1 })} value={holding.itemId} onChange={(event) => change(holding.key, { itemId: event.target.value })} choices={items} />
            <TextField label={t('fleet.installed')} type="number" min={0} step={1} required value={holding.installedUnits} onChange={(event) => change(holding.key, { installedUnits: event.target.value })} />
            <button type="button" onClick={() => setHoldings((list) => list.filter((other) => other.key !== holding.key))} aria-label={t('fleet.removeHolding', { n: index + 1 })}>
              {t('common.remove')}
            </button>
          </div>
        ))}
        <button type="button" disabled={holdings.length >= HOLDINGS_MAX} onClick={() => setHoldings((list) => [...list, { key: Math.max(0, ...list.map((holding) => holding.key)) + 1, itemId: items[0]?.value ?? '', installedUnits: '0' }])}>
          {t('fleet.addHolding')}
        </button>
      </fieldset>
      <ErrorNotice error={error} />
      <button type="submit" className="primary" disabled={isBusy}>
        {t('fleet.submit')}
      </button>
    </form>
  );
}
