/**
 * One allocation round: its settings; the preview (a dry run of every method side by side, one
 * chart each, with the figures each method would publish, the lines of the chosen method, the
 * applications left out and why, the limits applications share, and what would stop a commitment);
 * the commitment (decisions and licences in one transaction) with its published figures and
 * grants; the re-run of a pro-rata round after withdrawals; cancellation.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../../shared/api/client';
import type { AllocationRound, MethodComparison, RoundLine, RoundSummary, RoundView, SharedLimitCheck } from '../../shared/api/types';
import { Chart } from '../../shared/components/chart';
import { Fact } from '../../shared/components/fact';
import { ErrorNotice, Loading, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { TextArea } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/en';
import { Link } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { BOUND_BY, EXCLUSION_REASONS, isAllocationMethod, isCategory, isRuleName } from '../../shared/vocabulary';
import { RoundStateBadge } from './round-state';

const percent = (basisPoints: number | null) => (basisPoints === null ? '—' : `${(basisPoints / 100).toFixed(2)} %`);

export function RoundPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { t, formatNumber, formatDateTime } = useI18n();
  const caller = useCaller();
  const { itemName } = useRegistry();
  const resource = useResource(() => api.get<RoundView>(`/rounds/${encodeURIComponent(id)}`), [id]);
  const [done, setDone] = useState<MessageKey | null>(null);
  if (resource.status === 'failed' && resource.data === undefined) return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading />;
  const round = resource.data;
  const isApprover = caller.role === 'approver';
  const afterStep = (message: MessageKey) => {
    setDone(message);
    resource.reload();
  };
  const settings = [
    round.settings.inner === null ? null : t('rounds.settingInner', { method: isAllocationMethod(round.settings.inner) ? t(`method.${round.settings.inner}`) : round.settings.inner }),
    round.settings.minLot === null ? null : t('rounds.settingMinLot', { units: formatNumber(round.settings.minLot) }),
    round.settings.useCategoryShares ? t('rounds.useCategoryShares') : null,
    round.settings.categoryTiers === null ? null : t('rounds.settingTiers', { tiers: Object.entries(round.settings.categoryTiers).map(([category, tier]) => `${isCategory(category) ? t(`category.${category}`) : category} ${tier}`).join(', ') }),
    round.settings.withdrawalWindowDays === null ? null : t('rounds.settingWindow', { days: round.settings.withdrawalWindowDays }),
  ].filter((entry): entry is string => entry !== null);

  return (
    <div>
      <PageHeader title={round.title} description={t('rounds.roundLead', { budget: formatNumber(round.budget), item: itemName(round.itemId), method: t(`method.${round.method}`) })}>
        <RoundStateBadge state={round.state} />
      </PageHeader>
      <p>
        <Link to="/rounds">{t('rounds.back')}</Link>
      </p>
      {done === null ? null : <SuccessNotice>{t(done)}</SuccessNotice>}
      <section className="panel" aria-labelledby="round-settings">
        <h2 id="round-settings">{t('rounds.settings')}</h2>
        <dl className="facts">
          <Fact label={t('common.item')}>{itemName(round.itemId)}</Fact>
          <Fact label={t('rounds.budget')}>{formatNumber(round.budget)}</Fact>
          <Fact label={t('rounds.method')}>{t(`method.${round.method}`)}</Fact>
          <Fact label={t('rounds.settingsList')}>{settings.length === 0 ? t('policy.none') : settings.join('; ')}</Fact>
          <Fact label={t('rounds.cutOff')}>{formatDateTime(round.cutOff)}</Fact>
          <Fact label={t('licence.policy')}>
            <span className="mono">{round.policyHash.slice(0, 16)}</span>
          </Fact>
          {round.withdrawalsCloseAt === null ? null : <Fact label={t('rounds.withdrawalsClose')}>{formatDateTime(round.withdrawalsCloseAt)}</Fact>}
          {round.cancelReason === null ? null : <Fact label={t('rounds.cancelled')}>{t('rounds.cancelledBecause', { at: formatDateTime(round.cancelledAt), reason: round.cancelReason })}</Fact>}
        </dl>
        {isApprover ? <RoundActions round={round} onDone={afterStep} /> : null}
      </section>
      {round.preview === null || round.commitment !== null ? null : (
        <section className="panel" aria-labelledby="round-preview" data-testid="round-preview">
          <h2 id="round-preview">{t('rounds.preview', { at: formatDateTime(round.preview.previewedAt) })}</h2>
          {round.preview.blockers.length === 0 ? (
            <p className="notice notice-success">{t('rounds.noBlockers')}</p>
          ) : (
            <div className="notice notice-warn" data-testid="round-blockers">
              <strong>{t('rounds.blockers')}</strong>
              <ul lang="en">
                {round.preview.blockers.map((blocker) => (
                  <li key={blocker}>{blocker}</li>
                ))}
              </ul>
            </div>
          )}
          <Figures summary={round.preview.summary} />
          <MethodCharts round={round} comparison={round.preview.comparison} chart={round.preview.chart} />
          <Lines lines={round.preview.lines} caption={t('rounds.linesPreview', { method: t(`method.${round.method}`) })} />
          <Excluded round={round} />
          <SharedLimits checks={round.preview.sharedLimits} />
        </section>
      )}
      {round.commitment === null ? null : (
        <section className="panel" aria-labelledby="round-commitment" data-testid="round-commitment">
          <h2 id="round-commitment">{t('rounds.commitment', { at: formatDateTime(round.commitment.committedAt) })}</h2>
          <Figures summary={round.commitment.summary} />
          <Lines lines={round.commitment.lines} caption={t('rounds.linesCommitted')} />
          <Grants round={round} />
          <SharedLimits checks={round.commitment.sharedLimits} />
          {round.rerun === null ? null : (
            <div className="card">
              <h3>{t('rounds.rerun', { at: formatDateTime(round.rerun.rerunAt) })}</h3>
              <p>{t('rounds.rerunFigures', { granted: formatNumber(round.rerun.final.granted), withdrawn: formatNumber(round.rerun.final.withdrawnUnits), fill: percent(round.rerun.final.fillRateBasisPoints), coefficient: round.rerun.final.effectiveCoefficient ?? '—' })}</p>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

/** The figures a round publishes: granted of the budget, coefficient or level, fill rate, concentration, new entrants, hashes. */
function Figures({ summary }: { summary: RoundSummary }) {
  const { t, formatNumber } = useI18n();
  return (
    <dl className="facts" data-testid="round-figures">
      <Fact label={t('rounds.granted')}>
        <span data-testid="round-granted">{t('rounds.grantedOf', { granted: formatNumber(summary.granted), budget: formatNumber(summary.budget), applications: summary.applicationsGranted, of: summary.applications })}</span>
      </Fact>
      {summary.coefficient === null ? null : <Fact label={t('rounds.coefficient')}>{summary.coefficient}</Fact>}
      {summary.level === null ? null : <Fact label={t('rounds.level')}>{summary.level}</Fact>}
      <Fact label={t('rounds.fillRate')}>{percent(summary.fillRateBasisPoints)}</Fact>
      <Fact label={t('rounds.hhi')}>{t('rounds.hhiValue', { applications: percent(summary.hhiBasisPoints), organisations: percent(summary.hhiByOrganisationBasisPoints), groups: percent(summary.hhiByGroupBasisPoints) })}</Fact>
      <Fact label={t('rounds.newEntrants')}>{percent(summary.newEntrantShareBasisPoints)}</Fact>
      <Fact label={t('rounds.hashes')}>
        <span className="mono small">
          {t('rounds.hashValues', { input: summary.inputHash.slice(0, 16), result: summary.resultHash.slice(0, 16) })}
        </span>
      </Fact>
    </dl>
  );
}

/** Every method side by side: one chart each (each application's grant against its cap), and their figures in a table. */
function MethodCharts({ round, comparison, chart }: { round: AllocationRound; comparison: MethodComparison[]; chart: { labels: string[]; caps: number[]; series: { method: string; units: number[] }[] } }) {
  const { t, formatNumber, language } = useI18n();
  const options = useMemo(
    () =>
      chart.series.map((series) => ({
        method: series.method,
        option: {
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { bottom: 0 },
          grid: { left: 8, right: 8, top: 12, bottom: 36, containLabel: true },
          xAxis: { type: 'category', data: chart.labels, axisLabel: { width: 90, overflow: 'truncate', interval: 0, rotate: chart.labels.length > 4 ? 30 : 0 } },
          yAxis: { type: 'value' },
          series: [
            { name: t('rounds.cap'), type: 'bar', data: chart.caps, itemStyle: { color: '#cfd8dc' }, barWidth: '60%' },
            { name: t('rounds.granted'), type: 'bar', data: series.units, barGap: '-100%', barWidth: '60%' },
          ],
        } satisfies EChartsCoreOption,
      })),
    // Labels follow the language.
    [chart, t, language],
  );
  return (
    <>
      <h3>{t('rounds.methods')}</h3>
      <div className="method-grid">
        {options.map(({ method, option }) => (
          <figure key={method} className={method === round.method ? 'chosen' : undefined}>
            <figcaption>
              {isAllocationMethod(method) ? t(`method.${method}`) : method} {method === round.method ? <span className="badge badge-info">{t('rounds.chosen')}</span> : null}
            </figcaption>
            <Chart option={option} label={t('rounds.methodChart', { method: isAllocationMethod(method) ? t(`method.${method}`) : method })} height={220} testId={`round-chart-${method}`} />
          </figure>
        ))}
      </div>
      <div className="table-box">
        <table data-testid="method-comparison">
          <caption>{t('rounds.comparison')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.method')}</th>
              <th scope="col" className="numeric">{t('rounds.granted')}</th>
              <th scope="col" className="numeric">{t('rounds.applicationsGranted')}</th>
              <th scope="col">{t('rounds.coefficientOrLevel')}</th>
              <th scope="col" className="numeric">{t('rounds.fillRate')}</th>
              <th scope="col" className="numeric">{t('rounds.hhiOrganisations')}</th>
              <th scope="col" className="numeric">{t('rounds.newEntrants')}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.map((entry) => (
              <tr key={entry.method} className={entry.method === round.method ? 'binding' : undefined}>
                <th scope="row">{t(`method.${entry.method}`)}</th>
                <td className="numeric">{formatNumber(entry.granted)}</td>
                <td className="numeric">{formatNumber(entry.applicationsGranted)}</td>
                <td>{entry.coefficient ?? entry.level ?? '—'}</td>
                <td className="numeric">{percent(entry.fillRateBasisPoints)}</td>
                <td className="numeric">{percent(entry.hhiByOrganisationBasisPoints)}</td>
                <td className="numeric">{percent(entry.newEntrantShareBasisPoints)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Lines({ lines, caption }: { lines: RoundLine[]; caption: string }) {
  const { t, formatNumber } = useI18n();
  return (
    <div className="table-box">
      <table data-testid="round-lines">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.organisation')}</th>
            <th scope="col">{t('common.category')}</th>
            <th scope="col" className="numeric">{t('queue.requested')}</th>
            <th scope="col" className="numeric">{t('queue.admissible')}</th>
            <th scope="col" className="numeric">{t('rounds.cap')}</th>
            <th scope="col" className="numeric">{t('rounds.granted')}</th>
            <th scope="col">{t('rounds.boundBy')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                {t('rounds.noLines')}
              </td>
            </tr>
          ) : (
            lines.map((line) => (
              <tr key={line.applicationId}>
                <th scope="row">
                  <Link to={`/applications/${line.applicationId}`}>{line.organisationName}</Link>
                  {line.isNewEntrant ? <div className="badge badge-info">{t('rounds.newEntrant')}</div> : null}
                </th>
                <td>{isCategory(line.category) ? t(`category.${line.category}`) : line.category}</td>
                <td className="numeric">{formatNumber(line.requested)}</td>
                <td className="numeric">{formatNumber(line.admissible)}</td>
                <td className="numeric">{formatNumber(line.cap)}</td>
                <td className="numeric">{formatNumber(line.grantedUnits)}</td>
                <td>{(BOUND_BY as readonly string[]).includes(line.boundBy) ? t(`boundBy.${line.boundBy}`) : line.boundBy}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function Excluded({ round }: { round: RoundView }) {
  const { t } = useI18n();
  const excluded = round.preview?.excluded ?? [];
  if (excluded.length === 0) return <p className="muted">{t('rounds.noneExcluded')}</p>;
  return (
    <div data-testid="round-excluded">
      <h3>{t('rounds.excluded')}</h3>
      <ul className="figure-list">
        {excluded.map((entry) => (
          <li key={entry.applicationId}>
            <Link to={`/applications/${entry.applicationId}`}>{entry.organisationName}</Link> — <strong>{(EXCLUSION_REASONS as readonly string[]).includes(entry.reason) ? t(`exclusion.${entry.reason}`) : entry.reason}</strong>{' '}
            <span className="muted" lang="en">
              {entry.detail}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SharedLimits({ checks }: { checks: SharedLimitCheck[] }) {
  const { t, formatNumber } = useI18n();
  if (checks.length === 0) return null;
  return (
    <div className="table-box">
      <table>
        <caption>{t('rounds.sharedLimits')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.rule')}</th>
            <th scope="col">{t('rounds.scope')}</th>
            <th scope="col" className="numeric">{t('rounds.limit')}</th>
            <th scope="col" className="numeric">{t('rounds.granted')}</th>
            <th scope="col">{t('dashboard.status')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => (
            <tr key={`${check.rule}-${check.subject}-${check.scope}`}>
              <th scope="row">
                {isRuleName(check.rule) ? t(`rule.${check.rule}`) : check.rule} <span className="muted small">{check.subject}</span>
              </th>
              <td className="mono small">{check.scope}</td>
              <td className="numeric">{formatNumber(check.limitUnits)}</td>
              <td className="numeric">{formatNumber(check.grantedUnits)}</td>
              <td>{check.isExceeded ? <span className="badge badge-bad">{t('rounds.exceeded')}</span> : <span className="badge badge-ok">{t('rounds.withinLimit')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Grants({ round }: { round: RoundView }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const names = new Map((round.commitment?.lines ?? []).map((line) => [line.applicationId, line.organisationName]));
  if (round.grants.length === 0) return null;
  return (
    <div className="table-box">
      <table data-testid="round-grants">
        <caption>{t('rounds.grants')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.organisation')}</th>
            <th scope="col" className="numeric">{t('rounds.granted')}</th>
            <th scope="col">{t('application.licence')}</th>
            <th scope="col">{t('rounds.withdrawn')}</th>
            <th scope="col" className="numeric">{t('rounds.topUp')}</th>
          </tr>
        </thead>
        <tbody>
          {round.grants.map((grant) => (
            <tr key={grant.applicationId}>
              <th scope="row">{names.get(grant.applicationId) ?? grant.organisationId}</th>
              <td className="numeric">{formatNumber(grant.grantedUnits)}</td>
              <td>{grant.licenceId === null ? '—' : <Link to={`/licences/${grant.licenceId}`}>{t('application.openLicence')}</Link>}</td>
              <td>{grant.withdrawnAt === null ? '—' : formatDateTime(grant.withdrawnAt)}</td>
              <td className="numeric">{grant.topUpUnits === null ? '—' : formatNumber(grant.topUpUnits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Preview, commit, re-run and cancel, as the state allows; the server says why when it refuses. */
function RoundActions({ round, onDone }: { round: RoundView; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const run = async (step: 'preview' | 'commit' | 'rerun' | 'cancel', message: MessageKey, body: object = {}) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/rounds/${encodeURIComponent(round.id)}/${step}`, body, round.version);
      onDone(message);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const canPreview = round.state === 'open' || round.state === 'previewed';
  const canCommit = round.state === 'previewed';
  const canRerun = round.state === 'committed' && round.method === 'pro-rata';
  const cancel = (event: FormEvent) => {
    event.preventDefault();
    void run('cancel', 'rounds.wasCancelled', { reason });
  };
  if (!canPreview && !canCommit && !canRerun) return null;
  return (
    <div className="card" data-testid="round-actions">
      <div className="button-row">
        {canPreview ? (
          <button type="button" className={canCommit ? undefined : 'primary'} disabled={isBusy} onClick={() => void run('preview', 'rounds.previewed')} data-testid="round-preview-button">
            {round.state === 'previewed' ? t('rounds.previewAgain') : t('rounds.previewButton')}
          </button>
        ) : null}
        {canCommit ? (
          <button type="button" className="primary" disabled={isBusy} onClick={() => void run('commit', 'rounds.committed')} data-testid="round-commit">
            {t('rounds.commitButton')}
          </button>
        ) : null}
        {canRerun ? (
          <button type="button" disabled={isBusy} onClick={() => void run('rerun', 'rounds.rerunDone')}>
            {t('rounds.rerunButton')}
          </button>
        ) : null}
      </div>
      {canCommit ? <p className="muted small">{t('rounds.commitMeans')}</p> : null}
      <ErrorNotice error={error} />
      {canPreview ? (
        <details>
          <summary>{t('rounds.cancelButton')}</summary>
          <form onSubmit={cancel}>
            <TextArea label={t('rounds.cancelReason')} required value={reason} onChange={(event) => setReason(event.target.value)} />
            <button type="submit" className="danger" disabled={isBusy}>
              {t('rounds.cancelButton')}
            </button>
          </form>
        </details>
      ) : null}
    </div>
  );
}
