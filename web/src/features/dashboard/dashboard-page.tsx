/**
 * The regulator's dashboard: quota used and remaining, approvals by organisation and category,
 * adoption against the cap, the way from approval to delivery, holds in force and the age of the
 * queue. Every chart has its figures beside it in text or a table.
 */
import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { api, listAll } from '../../shared/api/client';
import type { Application, FleetDeclaration, Funnel, Licence, PolicyInForce } from '../../shared/api/types';
import { Chart } from '../../shared/components/chart';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { loadRegistry, useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';
import { isCategory } from '../../shared/vocabulary';
import { adoptionByOrganisation, approvalsByCategory, approvalsByOrganisation, funnel, funnelRows, holdsInForce, QUEUE_AGE_BUCKETS, queueAge, quotaUse, STAGE_LABELS } from './dashboard-figures';

interface DashboardData {
  policy: PolicyInForce | null;
  licences: Licence[];
  applications: Application[];
  declarations: FleetDeclaration[];
  /** From approval to delivery, counted by the server (SQL aggregates over every record). */
  stages: Funnel;
  isComplete: boolean;
  loadedAt: Date;
}

async function loadDashboard(): Promise<DashboardData> {
  const [policy, licences, applications, declarations, stages] = await Promise.all([
    api.get<PolicyInForce>('/policies/in-force').catch((error: unknown) => {
      // No policy in force is a state of the regime, not a failure of the page.
      if (typeof error === 'object' && error !== null && 'status' in error && (error as { status: number }).status === 404) return null;
      throw error;
    }),
    listAll<Licence>('/licences'),
    listAll<Application>('/applications'),
    listAll<FleetDeclaration>('/fleet-declarations'),
    api.get<Funnel>('/statistics/funnel'),
    loadRegistry(),
  ]);
  return { policy, licences: licences.items, applications: applications.items, declarations: declarations.items, stages, isComplete: licences.isComplete && applications.isComplete && declarations.isComplete, loadedAt: new Date() };
}

export function DashboardPage() {
  const { t, formatNumber, formatDateTime, formatDate, formatPercent, language } = useI18n();
  const resource = useResource(loadDashboard, []);
  const { registry, organisationName } = useRegistry();
  const data = resource.data;

  const figures = useMemo(() => {
    if (data === undefined || registry === undefined) return null;
    const policy = data.policy?.version.policy ?? null;
    return {
      quotas: policy === null ? [] : quotaUse(policy, data.licences, registry.itemsById),
      byOrganisation: approvalsByOrganisation(data.applications),
      byCategory: approvalsByCategory(data.applications, registry.organisationsById),
      adoption: policy === null ? [] : adoptionByOrganisation(policy, data.declarations, data.licences, registry.itemsById),
      funnel: funnel(data.applications, data.licences),
      stages: funnelRows(data.stages),
      holds: data.policy === null ? [] : holdsInForce(data.policy.holds, data.loadedAt),
      queue: queueAge(data.applications, data.loadedAt),
      measure: policy?.adoptionCap?.measure ?? 'tpp',
    };
  }, [data, registry]);

  const charts = useMemo(() => {
    if (figures === null) return null;
    const quotaSubjects = figures.quotas.map((quota) => quota.subject);
    const stackedBar = (used: (number | null)[], remaining: (number | null)[]): EChartsCoreOption => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: quotaSubjects },
      yAxis: { type: 'value' },
      series: [
        { name: t('dashboard.used'), type: 'bar', stack: 'quota', data: used },
        { name: t('dashboard.remaining'), type: 'bar', stack: 'quota', data: remaining, itemStyle: { color: '#90a4ae' } },
      ],
    });
    const horizontalBar = (names: string[], values: number[], name: string): EChartsCoreOption => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
      series: [{ name, type: 'bar', data: values }],
    });
    const adoptionNames = figures.adoption.map((entry) => organisationName(entry.organisationId));
    const cap = figures.adoption[0]?.cap ?? null;
    return {
      quotaUnits: stackedBar(
        figures.quotas.map((quota) => quota.usedUnits),
        figures.quotas.map((quota) => (quota.quotaUnits === null ? null : Math.max(0, quota.quotaUnits - quota.usedUnits))),
      ),
      quotaTpp: stackedBar(
        figures.quotas.map((quota) => quota.usedTpp),
        figures.quotas.map((quota) => (quota.quotaTpp === null ? null : Math.max(0, quota.quotaTpp - quota.usedTpp))),
      ),
      byOrganisation: horizontalBar(
        figures.byOrganisation.map((entry) => organisationName(entry.key)),
        figures.byOrganisation.map((entry) => entry.units),
        t('dashboard.unitsGranted'),
      ),
      byCategory: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0, type: 'scroll' },
        series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], data: figures.byCategory.map((entry) => ({ name: categoryLabel(entry.key), value: entry.units })), label: { formatter: '{b}: {d}%' } }],
      } satisfies EChartsCoreOption,
      adoption: {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
        yAxis: { type: 'category', data: adoptionNames, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
        series: [
          {
            name: t('dashboard.foreignShare'),
            type: 'bar',
            data: figures.adoption.map((entry) => ({ value: entry.foreignShare === null ? 0 : Math.round(entry.foreignShare * 1000) / 10, itemStyle: { color: entry.isOverCap ? '#b71c1c' : '#1f4e79' } })),
            markLine: cap === null ? undefined : { symbol: 'none', data: [{ xAxis: cap * 100, name: t('dashboard.cap') }], label: { formatter: `${t('dashboard.cap')} {c} %` }, lineStyle: { color: '#b71c1c', type: 'dashed', width: 2 } },
          },
        ],
      } satisfies EChartsCoreOption,
      funnel: {
        tooltip: { trigger: 'item' },
        series: [
          {
            type: 'funnel',
            sort: 'none',
            // Units differ by orders of magnitude between decisions and shipments: every stage keeps
            // a visible width, its name and units beside it, and the table has the exact figures.
            left: '4%',
            width: '48%',
            top: 8,
            bottom: 8,
            minSize: '6%',
            gap: 2,
            label: { position: 'right', color: '#1b1b1b', formatter: (params: { name: string; value?: unknown }) => `${params.name}: ${formatNumber(Number(params.value ?? 0))}` },
            labelLine: { show: true },
            data: figures.stages.stages.map((row) => ({ name: t(STAGE_LABELS[row.key]), value: row.units })),
          },
        ],
      } satisfies EChartsCoreOption,
      queue: {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: QUEUE_AGE_BUCKETS.map((_, index) => bucketLabel(index)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ name: t('dashboard.applications'), type: 'bar', data: figures.queue.buckets }],
      } satisfies EChartsCoreOption,
    };
    // Labels depend on the language (through t); the figures on the data.
  }, [figures, language, organisationName]);

  function categoryLabel(category: string): string {
    return isCategory(category) ? t(`category.${category}`) : category;
  }
  function bucketLabel(index: number): string {
    const upper = QUEUE_AGE_BUCKETS[index] ?? Number.POSITIVE_INFINITY;
    const lower = index === 0 ? 0 : (QUEUE_AGE_BUCKETS[index - 1] ?? 0) + 1;
    return Number.isFinite(upper) ? t('dashboard.daysRange', { from: lower, to: upper }) : t('dashboard.daysOver', { from: lower - 1 });
  }

  if (resource.status === 'failed') return <ErrorNotice error={resource.error} />;
  if (data === undefined || figures === null || charts === null) return <Loading />;
  const policy = data.policy;
  const measureLabel = figures.measure === 'units' ? t('dashboard.measureUnits') : t('dashboard.measureTpp');

  return (
    <div className="dashboard">
      <PageHeader title={t('dashboard.title')} description={policy === null ? t('dashboard.noPolicy') : t('dashboard.lead', { title: policy.version.title, from: formatDate(policy.version.periodStart), to: formatDate(policy.version.periodEnd), at: formatDateTime(data.loadedAt.toISOString()) })}>
        <button type="button" onClick={resource.reload}>
          {t('common.refresh')}
        </button>
      </PageHeader>
      {data.isComplete ? null : <p className="notice notice-warn">{t('dashboard.incomplete')}</p>}

      <section className="kpis" aria-label={t('dashboard.keyFigures')}>
        <Kpi label={t('dashboard.kpiLicensedUnits')} value={formatNumber(figures.funnel.licences.units)} detail={t('dashboard.kpiLicences', { count: formatNumber(figures.funnel.licences.count) })} testId="kpi-licensed-units" />
        <Kpi label={t('dashboard.kpiApprovedUnits')} value={formatNumber(figures.funnel.approvals.units)} detail={t('dashboard.kpiApplications', { count: formatNumber(figures.funnel.approvals.count) })} testId="kpi-approved-units" />
        <Kpi label={t('dashboard.kpiWaiting')} value={formatNumber(figures.queue.waiting)} detail={figures.queue.oldestDays === null ? t('dashboard.queueEmpty') : t('dashboard.kpiOldest', { days: figures.queue.oldestDays })} testId="kpi-waiting" />
        <Kpi label={t('dashboard.kpiHolds')} value={formatNumber(figures.holds.length)} detail={t('dashboard.kpiHoldsDetail')} testId="kpi-holds" />
      </section>

      <section className="panel" aria-labelledby="quota-title">
        <h2 id="quota-title">{t('dashboard.quotaTitle')}</h2>
        <p className="muted">{t('dashboard.quotaMethod')}</p>
        {figures.quotas.length === 0 ? (
          <p>{t('dashboard.noQuotas')}</p>
        ) : (
          <>
            <div className="chart-grid">
              <figure>
                <figcaption>{t('dashboard.quotaUnits')}</figcaption>
                <Chart option={charts.quotaUnits} label={t('dashboard.quotaUnits')} testId="chart-quota-units" />
              </figure>
              <figure>
                <figcaption>{t('dashboard.quotaTpp')}</figcaption>
                <Chart option={charts.quotaTpp} label={t('dashboard.quotaTpp')} testId="chart-quota-tpp" />
              </figure>
            </div>
            <div className="table-box">
              <table data-testid="quota-table">
                <caption>{t('dashboard.quotaTable')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.quotaSubject')}</th>
                    <th scope="col" className="numeric">{t('dashboard.quotaUnitsColumn')}</th>
                    <th scope="col" className="numeric">{t('dashboard.usedUnits')}</th>
                    <th scope="col" className="numeric">{t('dashboard.remainingUnits')}</th>
                    <th scope="col" className="numeric">{t('dashboard.quotaTppColumn')}</th>
                    <th scope="col" className="numeric">{t('dashboard.usedTpp')}</th>
                    <th scope="col" className="numeric">{t('dashboard.remainingTpp')}</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.quotas.map((quota) => (
                    <tr key={quota.subject} data-subject={quota.subject}>
                      <th scope="row">{quota.subject}</th>
                      <td className="numeric">{quota.quotaUnits === null ? '—' : formatNumber(quota.quotaUnits)}</td>
                      <td className="numeric" data-testid={`used-units-${quota.subject}`}>{formatNumber(quota.usedUnits)}</td>
                      <td className="numeric">{quota.quotaUnits === null ? '—' : formatNumber(quota.quotaUnits - quota.usedUnits)}</td>
                      <td className="numeric">{quota.quotaTpp === null ? '—' : formatNumber(quota.quotaTpp)}</td>
                      <td className="numeric">{formatNumber(quota.usedTpp)}</td>
                      <td className="numeric">{quota.quotaTpp === null ? '—' : formatNumber(quota.quotaTpp - quota.usedTpp)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="approvals-title">
        <h2 id="approvals-title">{t('dashboard.approvalsTitle')}</h2>
        <p className="muted">{t('dashboard.approvalsMethod')}</p>
        <div className="chart-grid">
          <figure>
            <figcaption>{t('dashboard.byOrganisation')}</figcaption>
            <Chart option={charts.byOrganisation} label={t('dashboard.byOrganisation')} testId="chart-approvals-organisation" height={Math.max(200, 40 * figures.byOrganisation.length + 40)} />
          </figure>
          <figure>
            <figcaption>{t('dashboard.byCategory')}</figcaption>
            <Chart option={charts.byCategory} label={t('dashboard.byCategory')} testId="chart-approvals-category" />
          </figure>
        </div>
        <ul className="figure-list">
          {figures.byCategory.map((entry) => (
            <li key={entry.key}>
              {t('dashboard.categoryLine', { category: categoryLabel(entry.key), units: formatNumber(entry.units), count: entry.applications })}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="adoption-title">
        <h2 id="adoption-title">{t('dashboard.adoptionTitle')}</h2>
        <p className="muted" data-testid="adoption-method">{t('dashboard.adoptionMethod', { measure: measureLabel })}</p>
        {figures.adoption.length === 0 ? (
          <p>{t('dashboard.noDeclarations')}</p>
        ) : (
          <>
            <Chart option={charts.adoption} label={t('dashboard.adoptionTitle')} testId="chart-adoption" height={Math.max(220, 36 * figures.adoption.length + 40)} />
            <div className="table-box">
              <table>
                <caption>{t('dashboard.adoptionTable')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('common.organisation')}</th>
                    <th scope="col">{t('dashboard.declaredAsOf')}</th>
                    <th scope="col" className="numeric">{t('dashboard.foreignShare')}</th>
                    <th scope="col" className="numeric">{t('dashboard.cap')}</th>
                    <th scope="col">{t('dashboard.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.adoption.map((entry) => (
                    <tr key={entry.organisationId}>
                      <th scope="row">{organisationName(entry.organisationId)}</th>
                      <td>{formatDate(entry.asOf)}</td>
                      <td className="numeric">{entry.foreignShare === null ? '—' : formatPercent(entry.foreignShare)}</td>
                      <td className="numeric">{entry.cap === null ? '—' : formatPercent(entry.cap, 0)}</td>
                      <td>{entry.isOverCap ? <span className="badge badge-bad">{t('dashboard.overCap')}</span> : <span className="badge badge-ok">{t('dashboard.withinCap')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="funnel-title">
        <h2 id="funnel-title">{t('dashboard.funnelTitle')}</h2>
        <div className="chart-grid">
          <Chart option={charts.funnel} label={t('dashboard.funnelTitle')} testId="chart-funnel" height={280} />
          <div className="table-box">
            <table data-testid="funnel-table">
              <caption>{t('dashboard.funnelTable')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.stage')}</th>
                  <th scope="col" className="numeric">{t('dashboard.count')}</th>
                  <th scope="col" className="numeric">{t('dashboard.units')}</th>
                </tr>
              </thead>
              <tbody>
                {figures.stages.stages.map((row) => (
                  <FunnelTableRow key={row.key} label={t(STAGE_LABELS[row.key])} testId={`funnel-${row.key}`} count={formatNumber(row.count)} units={formatNumber(row.units)} />
                ))}
              </tbody>
            </table>
            <table data-testid="funnel-outcomes">
              <caption>{t('dashboard.funnelOutcomes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.stage')}</th>
                  <th scope="col" className="numeric">{t('dashboard.count')}</th>
                  <th scope="col" className="numeric">{t('dashboard.units')}</th>
                </tr>
              </thead>
              <tbody>
                {figures.stages.outcomes.map((row) => (
                  <FunnelTableRow key={row.key} label={t(STAGE_LABELS[row.key])} testId={`funnel-${row.key}`} count={formatNumber(row.count)} units={formatNumber(row.units)} />
                ))}
                <FunnelTableRow label={t('dashboard.stageEnded')} testId="funnel-ended" count={formatNumber(figures.funnel.ended.count)} units={formatNumber(figures.funnel.ended.units)} />
              </tbody>
            </table>
          </div>
        </div>
        <p className="muted">{t('dashboard.funnelNote')}</p>
      </section>

      <div className="chart-grid">
        <section className="panel" aria-labelledby="holds-title">
          <h2 id="holds-title">{t('dashboard.holdsTitle')}</h2>
          {figures.holds.length === 0 ? (
            <p data-testid="holds-none">{t('dashboard.noHolds')}</p>
          ) : (
            <ul className="figure-list" data-testid="holds-list">
              {figures.holds.map((hold) => (
                <li key={hold.id}>
                  <span className={`badge ${hold.kind === 'suspension' ? 'badge-bad' : 'badge-warn'}`}>{t(`holdKind.${hold.kind}`)}</span> <strong>{hold.id}</strong> — {language === 'zh' && hold.reasonChinese !== null ? hold.reasonChinese : hold.reason}{' '}
                  <span className="muted">{t('dashboard.holdWindow', { from: formatDate(hold.from), until: hold.until === null ? t('dashboard.indefinitely') : formatDate(hold.until) })}</span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/policy">{t('dashboard.allHolds')}</Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="queue-title">
          <h2 id="queue-title">{t('dashboard.queueTitle')}</h2>
          <Chart option={charts.queue} label={t('dashboard.queueTitle')} testId="chart-queue-age" height={220} />
          <p data-testid="queue-figures">
            {figures.queue.waiting === 0 ? t('dashboard.queueEmpty') : t('dashboard.queueFigures', { waiting: figures.queue.waiting, median: figures.queue.medianDays ?? 0, oldest: figures.queue.oldestDays ?? 0 })}{' '}
            <Link to="/review">{t('dashboard.openQueue')}</Link>
          </p>
        </section>
      </div>
    </div>
  );
}

function FunnelTableRow({ label, testId, count, units }: { label: string; testId: string; count: string; units: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      <td className="numeric" data-testid={`${testId}-count`}>
        {count}
      </td>
      <td className="numeric" data-testid={`${testId}-units`}>
        {units}
      </td>
    </tr>
  );
}

function Kpi({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      <div className="kpi-detail muted">{detail}</div>
    </div>
  );
}
