/**
 * Policy: the version in force (quotas, category access and budgets, caps, the technical envelope,
 * end uses, licence terms), its holds (placing and lifting them for approvers and policy-admins),
 * and the history of published versions with what changed between any two.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api/client';
import type { Hold, OrganisationCategory, PlacedHold, PolicyChange, PolicyInForce, PolicySummary } from '../../shared/api/types';
import { usePeople } from '../../shared/components/people';
import { Fact } from '../../shared/components/fact';
import { ErrorNotice, Loading, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { SelectField, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { useCaller } from '../../shared/session/session';
import { CATEGORIES, isCategory } from '../../shared/vocabulary';

async function loadPolicy() {
  const [inForce, history, placed] = await Promise.all([api.get<PolicyInForce>('/policies/in-force').catch(() => null), api.get<{ items: PolicySummary[] }>('/policies', { limit: 200 }), api.get<{ items: PlacedHold[] }>('/holds')]);
  return { inForce, history: history.items, placed: placed.items };
}

export function PolicyPage() {
  const { t, formatNumber, formatDate, formatDateTime, language } = useI18n();
  const { personName } = usePeople();
  const caller = useCaller();
  const resource = useResource(loadPolicy, []);
  const [placedMessage, setPlacedMessage] = useState(false);
  if (resource.status === 'failed' && resource.data === undefined) return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading />;
  const { inForce, history, placed } = resource.data;
  const canPlaceHolds = caller.role === 'approver' || caller.role === 'policy-admin';
  const now = new Date().toISOString();
  const share = (basisPoints: number | null) => (basisPoints === null ? '—' : `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')} %`);
  const categoryLabel = (category: string) => (isCategory(category) ? t(`category.${category}`) : category);

  return (
    <div>
      <PageHeader title={t('policy.title')} description={inForce === null ? t('policy.noneInForce') : t('policy.lead', { title: inForce.version.title, from: formatDate(inForce.version.effectiveFrom) })} />
      {inForce === null ? null : (
        <>
          <section className="panel" aria-labelledby="in-force">
            <h2 id="in-force">{t('policy.inForce')}</h2>
            <dl className="facts">
              <Fact label={t('policy.id')}>{inForce.version.policyId}</Fact>
              <Fact label={t('policy.hash')}>
                <span className="mono" data-testid="policy-hash">
                  {inForce.version.hash}
                </span>
              </Fact>
              <Fact label={t('policy.period')}>{t('common.range', { from: formatDate(inForce.version.periodStart), to: formatDate(inForce.version.periodEnd) })}</Fact>
              <Fact label={t('policy.published')}>{t('policy.publishedBy', { at: formatDateTime(inForce.version.publishedAt), by: personName(inForce.version.publishedBy) })}</Fact>
              <Fact label={t('policy.adoptionCap')}>{inForce.version.policy.adoptionCap === null ? t('policy.none') : t('policy.adoptionCapValue', { share: share(inForce.version.policy.adoptionCap.foreignShareMaxBasisPoints), measure: inForce.version.policy.adoptionCap.measure === 'tpp' ? t('dashboard.measureTpp') : t('dashboard.measureUnits') })}</Fact>
              <Fact label={t('policy.pairing')}>{inForce.version.policy.domesticPairing === null ? t('policy.none') : t('policy.pairingValue', { domestic: inForce.version.policy.domesticPairing.domesticUnits, foreign: inForce.version.policy.domesticPairing.perForeignUnits })}</Fact>
              <Fact label={t('policy.groupCaps')}>{inForce.version.policy.groupCaps.map((cap) => t('policy.groupCapValue', { units: formatNumber(cap.unitsMax), scope: cap.appliesTo === null ? t('policy.allItems') : JSON.stringify(cap.appliesTo) })).join('; ') || t('policy.none')}</Fact>
              <Fact label={t('policy.envelope')}>{inForce.version.policy.technicalEnvelopes.map((envelope) => t('policy.envelopeValue', { scope: envelope.appliesTo === null ? t('policy.allItems') : Object.values(envelope.appliesTo).join(' '), tpp: envelope.tppBelow === null ? '—' : formatNumber(envelope.tppBelow), bandwidth: envelope.memoryBandwidthGbPerSecondBelow === null ? '—' : formatNumber(envelope.memoryBandwidthGbPerSecondBelow) })).join('; ') || t('policy.none')}</Fact>
              <Fact label={t('policy.endUses')}>{t('policy.endUsesValue', { allowed: inForce.version.policy.endUses.allowed.join(', ') || t('policy.anyNotDenied'), denied: inForce.version.policy.endUses.denied.join(', ') || t('policy.none') })}</Fact>
              <Fact label={t('policy.licenceTerms')}>{t('policy.licenceTermsValue', { validity: inForce.version.policy.licenceTerms.validityDays, window: inForce.version.policy.licenceTerms.purchaseOrderWindowDays, attestation: inForce.version.policy.licenceTerms.attestationIntervalDays })}</Fact>
            </dl>
            <div className="columns">
              <div className="table-box">
                <table>
                  <caption>{t('policy.quotas')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.quotaSubject')}</th>
                      <th scope="col" className="numeric">{t('dashboard.quotaUnitsColumn')}</th>
                      <th scope="col" className="numeric">{t('dashboard.quotaTppColumn')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inForce.version.policy.nationalQuotas.map((quota) => (
                      <tr key={JSON.stringify(quota.appliesTo)}>
                        <th scope="row">{'family' in quota.appliesTo ? quota.appliesTo.family : quota.appliesTo.item}</th>
                        <td className="numeric">{quota.units === null ? '—' : formatNumber(quota.units)}</td>
                        <td className="numeric">{quota.tpp === null ? '—' : formatNumber(quota.tpp)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="table-box">
                <table>
                  <caption>{t('policy.categories')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('common.category')}</th>
                      <th scope="col">{t('policy.access')}</th>
                      <th scope="col" className="numeric">{t('policy.budgetShare')}</th>
                      <th scope="col">{t('policy.note')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(inForce.version.policy.categories).map(([category, rule]) => (
                      <tr key={category}>
                        <th scope="row">{categoryLabel(category)}</th>
                        <td>{t(`access.${rule.access}`)}</td>
                        <td className="numeric">{share(rule.budgetShareBasisPoints)}</td>
                        <td>{(language === 'zh' ? (rule.noteChinese ?? rule.note) : rule.note) ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
            <details>
              <summary>{t('policy.source')}</summary>
              <pre className="code">{inForce.version.sourceText}</pre>
            </details>
          </section>

          <section className="panel" aria-labelledby="holds">
            <h2 id="holds">{t('policy.holds')}</h2>
            {placedMessage ? <SuccessNotice>{t('policy.holdPlaced')}</SuccessNotice> : null}
            <HoldsTable holds={inForce.holds} placed={placed} now={now} canLift={canPlaceHolds} onLifted={resource.reload} />
            {canPlaceHolds ? (
              <PlaceHoldForm
                onPlaced={() => {
                  setPlacedMessage(true);
                  resource.reload();
                }}
              />
            ) : null}
          </section>
        </>
      )}
      <History history={history} />
    </div>
  );
}

function scopeText(hold: Hold, organisationName: (id: string) => string, itemName: (id: string) => string, categoryLabel: (category: string) => string): string {
  const scope = hold.scope;
  switch (scope.level) {
    case 'global':
      return '';
    case 'item':
      return itemName(scope.item);
    case 'family':
      return scope.family;
    case 'category':
      return categoryLabel(scope.category);
    case 'organisation':
      return organisationName(scope.organisation);
    case 'region':
      return scope.region;
  }
}

function HoldsTable({ holds, placed, now, canLift, onLifted }: { holds: Hold[]; placed: PlacedHold[]; now: string; canLift: boolean; onLifted: () => void }) {
  const { t, formatDateTime, language } = useI18n();
  const { itemName, organisationName } = useRegistry();
  const [error, setError] = useState<unknown>(null);
  const placedById = new Map(placed.map((hold) => [hold.id, hold]));
  const lift = async (hold: PlacedHold) => {
    setError(null);
    try {
      await api.post(`/holds/${encodeURIComponent(hold.id)}/lift`, {}, hold.version);
      onLifted();
    } catch (caught) {
      setError(caught);
    }
  };
  if (holds.length === 0) return <p>{t('policy.noHolds')}</p>;
  return (
    <>
      <ErrorNotice error={error} />
      <div className="table-box">
        <table data-testid="holds-table">
          <caption>{t('policy.holdsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policy.holdId')}</th>
              <th scope="col">{t('policy.holdKind')}</th>
              <th scope="col">{t('policy.holdScope')}</th>
              <th scope="col">{t('policy.holdWindow')}</th>
              <th scope="col">{t('policy.holdReason')}</th>
              <th scope="col">{t('common.state')}</th>
              {canLift ? <th scope="col">{t('policy.holdAction')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {holds.map((hold) => {
              const isInForce = hold.from <= now && (hold.until === null || now < hold.until);
              const placedHold = placedById.get(hold.id);
              return (
                <tr key={hold.id}>
                  <th scope="row" className="mono">
                    {hold.id}
                  </th>
                  <td>{t(`holdKind.${hold.kind}`)}</td>
                  <td>
                    {t(`holdLevel.${hold.scope.level}`)} {scopeText(hold, organisationName, itemName, (category) => (isCategory(category) ? t(`category.${category}`) : category))}
                  </td>
                  <td>{t('common.range', { from: formatDateTime(hold.from), to: hold.until === null ? t('dashboard.indefinitely') : formatDateTime(hold.until) })}</td>
                  <td>{language === 'zh' && hold.reasonChinese !== null ? hold.reasonChinese : hold.reason}</td>
                  <td>{isInForce ? <span className="badge badge-warn">{t('policy.holdInForce')}</span> : hold.from > now ? <span className="badge badge-info">{t('policy.holdFuture')}</span> : <span className="badge badge-muted">{t('policy.holdEnded')}</span>}</td>
                  {canLift ? (
                    <td>
                      {placedHold !== undefined && placedHold.liftedAt === null && (hold.until === null || now < hold.until) ? (
                        <button type="button" onClick={() => void lift(placedHold)}>
                          {t('policy.lift')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

type Level = 'global' | 'item' | 'family' | 'category' | 'organisation' | 'region';
const LEVELS: readonly Level[] = ['global', 'family', 'item', 'category', 'organisation', 'region'];

function PlaceHoldForm({ onPlaced }: { onPlaced: () => void }) {
  const { t } = useI18n();
  const { registry, organisationName } = useRegistry();
  const [kind, setKind] = useState<'suspension' | 'block'>('suspension');
  const [level, setLevel] = useState<Level>('family');
  const [target, setTarget] = useState('');
  const [until, setUntil] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [reason, setReason] = useState('');
  const [reasonChinese, setReasonChinese] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const families = [...new Set((registry?.items ?? []).map((item) => item.family))];
  const choices: Record<Level, { value: string; label: string }[]> = {
    global: [],
    family: families.map((family) => ({ value: family, label: family })),
    item: (registry?.items ?? []).map((item) => ({ value: item.id, label: item.name })),
    category: CATEGORIES.map((category) => ({ value: category, label: t(`category.${category}`) })),
    organisation: (registry?.organisations ?? []).map((organisation) => ({ value: organisation.id, label: organisationName(organisation.id) })),
    region: [],
  };
  const chosen = target === '' ? (choices[level][0]?.value ?? '') : target;
  const scope = () => {
    switch (level) {
      case 'global':
        return { level };
      case 'item':
        return { level, item: chosen };
      case 'family':
        return { level, family: chosen };
      case 'category':
        return { level, category: chosen as OrganisationCategory };
      case 'organisation':
        return { level, organisation: chosen };
      case 'region':
        return { level, region: chosen };
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/holds', { kind, scope: scope(), reasonCode, reason, ...(reasonChinese.trim() === '' ? {} : { reasonChinese }), ...(until === '' ? {} : { until }) });
      onPlaced();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="place-hold">
      <h3 id="place-hold">{t('policy.placeHold')}</h3>
      <div className="field-row">
        <SelectField label={t('policy.holdKind')} value={kind} onChange={(event) => setKind(event.target.value as 'suspension' | 'block')} choices={[{ value: 'suspension', label: t('holdKind.suspension') }, { value: 'block', label: t('holdKind.block') }]} />
        <SelectField
          label={t('policy.holdLevel')}
          value={level}
          onChange={(event) => {
            setLevel(event.target.value as Level);
            setTarget('');
          }}
          choices={LEVELS.map((value) => ({ value, label: t(`holdLevel.${value}`) }))}
        />
        {level === 'global' ? null : level === 'region' ? <TextField label={t('policy.holdTarget')} required value={target} onChange={(event) => setTarget(event.target.value)} /> : <SelectField label={t('policy.holdTarget')} value={chosen} onChange={(event) => setTarget(event.target.value)} choices={choices[level]} />}
      </div>
      <p className="muted small">{t(kind === 'suspension' ? 'policy.suspensionMeans' : 'policy.blockMeans')}</p>
      <TextField label={t('policy.holdUntil')} type="date" value={until} onChange={(event) => setUntil(event.target.value)} hint={t('policy.holdUntilHint')} />
      <TextField label={t('policy.reasonCode')} required pattern="[a-z0-9][a-z0-9-]*" value={reasonCode} onChange={(event) => setReasonCode(event.target.value)} hint={t('policy.reasonCodeHint')} />
      <TextField label={t('policy.reasonEnglish')} required value={reason} onChange={(event) => setReason(event.target.value)} />
      <TextField label={t('policy.reasonChinese')} lang="zh-CN" value={reasonChinese} onChange={(event) => setReasonChinese(event.target.value)} />
      <ErrorNotice error={error} />
      <button type="submit" className="primary" disabled={isBusy}>
        {t('policy.place')}
      </button>
    </form>
  );
}

function History({ history }: { history: PolicySummary[] }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const [from, setFrom] = useState(history[1]?.hash ?? history[0]?.hash ?? '');
  const [to, setTo] = useState(history[0]?.hash ?? '');
  const [diff, setDiff] = useState<{ changes: PolicyChange[] | null; error: unknown }>({ changes: null, error: null });
  const compare = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setDiff({ changes: (await api.get<{ changes: PolicyChange[] }>('/policy-diffs', { from, to })).changes, error: null });
    } catch (error) {
      setDiff({ changes: null, error });
    }
  };
  const choices = history.map((version) => ({ value: version.hash, label: `${version.title} — ${formatDate(version.effectiveFrom)} (${version.hash.slice(0, 8)})` }));
  return (
    <section className="panel" aria-labelledby="history">
      <h2 id="history">{t('policy.history')}</h2>
      <div className="table-box">
        <table data-testid="policy-history">
          <caption>{t('policy.historyCaption', { count: history.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policy.titleColumn')}</th>
              <th scope="col">{t('policy.effectiveFrom')}</th>
              <th scope="col">{t('policy.period')}</th>
              <th scope="col">{t('policy.published')}</th>
              <th scope="col">{t('policy.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((version) => (
              <tr key={version.hash}>
                <th scope="row">{version.title}</th>
                <td>{formatDate(version.effectiveFrom)}</td>
                <td>{t('common.range', { from: formatDate(version.periodStart), to: formatDate(version.periodEnd) })}</td>
                <td>{formatDateTime(version.publishedAt)}</td>
                <td className="mono">{version.hash.slice(0, 12)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {history.length === 0 ? null : (
        <form className="filters" onSubmit={(event) => void compare(event)} aria-label={t('policy.compare')}>
          <SelectField label={t('policy.from')} value={from} onChange={(event) => setFrom(event.target.value)} choices={choices} />
          <SelectField label={t('policy.to')} value={to} onChange={(event) => setTo(event.target.value)} choices={choices} />
          <button type="submit" data-testid="compare">
            {t('policy.compare')}
          </button>
        </form>
      )}
      <ErrorNotice error={diff.error} />
      {diff.changes === null ? null : diff.changes.length === 0 ? (
        <p data-testid="diff-empty">{t('policy.noChanges')}</p>
      ) : (
        <>
          <p className="muted small">{t('policy.diffLanguage')}</p>
          <ul className="figure-list" data-testid="diff" lang="en">
            {diff.changes.map((change) => (
              <li key={`${change.field}-${change.kind}`}>
                <span className="badge badge-info">{t(`changeKind.${change.kind}`)}</span> <span className="mono">{change.field}</span>: {change.english}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
