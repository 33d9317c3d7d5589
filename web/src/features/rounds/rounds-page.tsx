/**
 * The round builder. Allocation rounds over stored applications have no HTTP API yet (the
 * allocator exists as a pure function and the `gatehouse allocate` command): this page says so and
 * shows nothing made up. When the round routes exist, the builder (budget, method, a preview per
 * method side by side, commit) goes here.
 */
import { NotAvailable, PageHeader } from '../../shared/components/feedback';
import { useI18n } from '../../shared/i18n/i18n';

export function RoundsPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('rounds.title')} description={t('rounds.lead')} />
      <NotAvailable title="rounds.builderTitle" explanation="rounds.builderMissing" />
      <section className="panel" aria-labelledby="rounds-today">
        <h2 id="rounds-today">{t('rounds.todayTitle')}</h2>
        <p>{t('rounds.today')}</p>
        <pre className="code">gatehouse allocate round.json</pre>
      </section>
    </div>
  );
}
