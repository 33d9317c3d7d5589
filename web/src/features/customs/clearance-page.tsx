/** Customs clearance of a shipment: shipments are not recorded yet (the quota ledger has no HTTP API). */
import { NotAvailable, PageHeader } from '../../shared/components/feedback';
import { useI18n } from '../../shared/i18n/i18n';
import { Link } from '../../shared/router/router';

export function ClearancePage() {
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('clearance.title')} description={t('clearance.lead')} />
      <NotAvailable title="clearance.missingTitle" explanation="clearance.missing" />
      <p>
        <Link to="/customs">{t('clearance.verifyInstead')}</Link>
      </p>
    </div>
  );
}
