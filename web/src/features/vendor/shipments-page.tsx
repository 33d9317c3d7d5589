/** Reservations and shipments against licences: the quota ledger that records them has no HTTP API yet. */
import { NotAvailable, PageHeader } from '../../shared/components/feedback';
import { useI18n } from '../../shared/i18n/i18n';

export function ShipmentsPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('shipments.title')} description={t('shipments.lead')} />
      <NotAvailable title="shipments.reservationsTitle" explanation="shipments.reservationsMissing" />
      <NotAvailable title="shipments.shipmentsTitle" explanation="shipments.shipmentsMissing" />
    </div>
  );
}
