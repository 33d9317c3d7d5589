/**
 * One licence: its terms, state and conditions; for approvers and policy-admins, suspension,
 * reinstatement, revocation and amendment (each with a reason, recorded in the audit log); for
 * those who may read the audit log, the licence's recorded changes; for everyone who may read it,
 * its history in the quota ledger (issue, reservations, shipments, clearance, delivery, returns).
 */
import { useState } from 'react';
import { api, listAll } from '../../shared/api/client';
import type { AuditPage, Licence, LicenceMovement, LicenceVerification } from '../../shared/api/types';
import { Fact } from '../../shared/components/fact';
import { ErrorNotice, Loading, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { usePeople } from '../../shared/components/people';
import { SelectField, TextArea, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { LicenceStateBadge } from '../../shared/components/state-badge';
import { useFormAction } from '../../shared/components/use-form-action';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/en';
import { Link } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';

const CAN_CHANGE = ['approver', 'policy-admin'];
const CAN_READ_AUDIT = ['auditor', 'policy-admin'];

export function LicencePage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { t, formatNumber, formatDate, formatDateTime } = useI18n();
  const caller = useCaller();
  const { registry, itemName, organisationName } = useRegistry();
  const resource = useResource(() => api.get<Licence>(`/licences/${encodeURIComponent(id)}`), [id]);
  const history = useResource(() => (CAN_READ_AUDIT.includes(caller.role) ? api.get<AuditPage>('/audit/entries', { subjectType: 'licence', subjectId: id, limit: 200 }) : Promise.resolve(null)), [id, caller.role, resource.data?.version]);
  // The units the licence still covers are its available balance in the quota ledger (issued −
  // reserved − shipped); the public check is the route that reads it for one licence.
  const balance = useResource(() => (resource.data === undefined ? Promise.resolve(null) : api.get<LicenceVerification>(`/licences/verify/${encodeURIComponent(resource.data.number)}`)), [resource.data?.number, resource.data?.version]);
  // The ledger history moves with every reservation and shipment, not with the licence's version.
  const movements = useResource(() => listAll<LicenceMovement>(`/licences/${encodeURIComponent(id)}/movements`, {}, 5), [id, resource.data?.version]);
  const { personName } = usePeople();
  const [done, setDone] = useState<MessageKey | null>(null);

  if (resource.status === 'failed' && resource.data === undefined) return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading />;
  const licence = resource.data;
  const afterChange = (message: MessageKey) => {
    setDone(message);
    resource.reload();
  };
  const vendors = (registry?.organisations ?? []).filter((organisation) => organisation.category === 'vendor');

  return (
    <div>
      <PageHeader title={t('licence.title', { number: licence.number })} description={t('licence.lead', { quantity: formatNumber(licence.quantity), item: itemName(licence.itemId), licensee: organisationName(licence.organisationId) })}>
        <LicenceStateBadge state={licence.state} />
      </PageHeader>
      <p>
        <Link to={caller.role === 'customs' ? '/customs' : '/licences'}>{t('licence.back')}</Link>
      </p>
      {done === null ? null : <SuccessNotice>{t(done)}</SuccessNotice>}
      <div className="columns">
        <section className="panel" aria-labelledby="licence-terms">
          <h2 id="licence-terms">{t('licence.terms')}</h2>
          <dl className="facts" data-testid="licence-facts">
            <Fact label={t('licences.number')}>
              <span className="mono" data-testid="licence-number">
                {licence.number}
              </span>
            </Fact>
            <Fact label={t('licences.licensee')}>{organisationName(licence.organisationId)}</Fact>
            <Fact label={t('common.item')}>{itemName(licence.itemId)}</Fact>
            <Fact label={t('licences.quantity')}>{formatNumber(licence.quantity)}</Fact>
            <Fact label={t('licence.available')}>
              <span data-testid="licence-available">{balance.data === null || balance.data === undefined || balance.data.remainingUnits === null ? '—' : formatNumber(balance.data.remainingUnits)}</span>
            </Fact>
            <Fact label={t('licence.validity')}>{t('common.range', { from: formatDateTime(licence.validFrom), to: formatDateTime(licence.validUntil) })}</Fact>
            <Fact label={t('common.state')}>
              <LicenceStateBadge state={licence.state} /> {licence.stateReason ?? ''}
            </Fact>
            <Fact label={t('licence.purchaseOrderWindow')}>{t('licence.days', { days: licence.purchaseOrderWindowDays })}</Fact>
            <Fact label={t('licence.attestationInterval')}>{t('licence.days', { days: licence.attestationIntervalDays })}</Fact>
            <Fact label={t('licence.vendors')}>{licence.permittedVendorIds.length === 0 ? t('licence.anyVendor') : licence.permittedVendorIds.map((vendorId) => organisationName(vendorId)).join(', ')}</Fact>
            <Fact label={t('licence.policy')}>
              <span className="mono">{licence.policyHash.slice(0, 16)}</span>
            </Fact>
            {licence.applicationId === null ? null : (
              <Fact label={t('licence.application')}>{caller.role === 'vendor' || caller.role === 'customs' ? <span className="mono">{licence.applicationId}</span> : <Link to={`/applications/${licence.applicationId}`}>{t('licence.openApplication')}</Link>}</Fact>
            )}
            <Fact label={t('licence.issuedAt')}>{formatDate(licence.createdAt)}</Fact>
          </dl>
          <h3>{t('licence.conditions')}</h3>
          <ol>
            {licence.conditions.map((condition) => (
              <li key={condition}>{condition}</li>
            ))}
          </ol>
          <p className="muted small">{t('licence.conditionsLanguage')}</p>
        </section>
        {CAN_CHANGE.includes(caller.role) ? (
          <section className="panel" aria-labelledby="licence-changes">
            <h2 id="licence-changes">{t('licence.changes')}</h2>
            {licence.state === 'active' ? <ReasonForm licence={licence} step="suspension" title="licence.suspendTitle" button="licence.suspend" message="licence.suspended" onDone={afterChange} /> : null}
            {licence.state === 'suspended' ? <ReasonForm licence={licence} step="reinstatement" title="licence.reinstateTitle" button="licence.reinstate" message="licence.reinstated" onDone={afterChange} /> : null}
            {licence.state === 'active' || licence.state === 'suspended' ? (
              <>
                <AmendForm licence={licence} vendors={vendors.map((vendor) => ({ value: vendor.id, label: organisationName(vendor.id) }))} onDone={afterChange} />
                <ReasonForm licence={licence} step="revocation" title="licence.revokeTitle" button="licence.revoke" message="licence.revoked" onDone={afterChange} isDanger />
              </>
            ) : (
              <p>{t('licence.final')}</p>
            )}
          </section>
        ) : null}
      </div>
      <section className="panel" aria-labelledby="licence-ledger">
        <h2 id="licence-ledger">{t('licence.ledgerTitle')}</h2>
        <p className="muted">{t('licence.ledgerLead')}</p>
        {movements.status === 'failed' ? <ErrorNotice error={movements.error} /> : null}
        {movements.data === undefined ? (
          movements.status === 'failed' ? null : <Loading />
        ) : movements.data.items.length === 0 ? (
          <p>{t('licence.ledgerEmpty')}</p>
        ) : (
          <LedgerHistory movements={movements.data.items} organisationName={organisationName} />
        )}
        {movements.data?.isComplete === false ? <p className="notice notice-warn">{t('licence.ledgerIncomplete')}</p> : null}
        <p className="muted small">{t('licence.ledgerWho')}</p>
      </section>
      {history.data === null || history.data === undefined ? null : (
        <section className="panel" aria-labelledby="licence-history">
          <h2 id="licence-history">{t('licence.history')}</h2>
          <ol className="timeline">
            {history.data.entries.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> <strong className="mono">{entry.eventType}</strong> <span className="muted">{personName(entry.actorId)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function LedgerHistory({ movements, organisationName }: { movements: LicenceMovement[]; organisationName: (id: string) => string }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  return (
    <div className="table-box">
      <table data-testid="licence-ledger">
        <caption>{t('licence.ledgerTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('licence.movementAt')}</th>
            <th scope="col">{t('licence.movementKind')}</th>
            <th scope="col" className="numeric">{t('licence.movementUnits')}</th>
            <th scope="col" className="numeric">{t('licence.movementTpp')}</th>
            <th scope="col">{t('licence.movementVendor')}</th>
            <th scope="col">{t('licence.movementOrder')}</th>
            <th scope="col">{t('licence.movementReservation')}</th>
            <th scope="col">{t('licence.movementDeclaration')}</th>
          </tr>
        </thead>
        <tbody>
          {movements.map((movement) => (
            <tr key={movement.movementId} data-kind={movement.kind}>
              <td>
                <time dateTime={movement.at}>{formatDateTime(movement.at)}</time>
              </td>
              <th scope="row">{t(`movementKind.${movement.kind}`)}</th>
              <td className="numeric">{formatNumber(movement.units)}</td>
              <td className="numeric">{movement.tpp === null ? '—' : formatNumber(movement.tpp)}</td>
              <td>{movement.vendorOrganisationId === null ? '—' : organisationName(movement.vendorOrganisationId)}</td>
              <td>{movement.purchaseOrderReference ?? '—'}</td>
              <td className="mono">{movement.reservationId ?? '—'}</td>
              <td>{movement.declarationReference ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReasonForm({ licence, step, title, button, message, onDone, isDanger = false }: { licence: Licence; step: 'suspension' | 'reinstatement' | 'revocation'; title: MessageKey; button: MessageKey; message: MessageKey; onDone: (message: MessageKey) => void; isDanger?: boolean }) {
  const { t } = useI18n();
  const { error, isBusy, run } = useFormAction(onDone);
  const [reason, setReason] = useState('');
  const [isConfirmed, setConfirmed] = useState(!isDanger);
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(`/licences/${encodeURIComponent(licence.id)}/${step}`, { reason }, licence.version), message)} data-testid={`licence-${step}`}>
      <h3>{t(title)}</h3>
      <TextArea label={t('licence.reason')} required value={reason} onChange={(event) => setReason(event.target.value)} />
      {isDanger ? (
        <label className="checkbox">
          <input type="checkbox" checked={isConfirmed} onChange={(event) => setConfirmed(event.target.checked)} /> {t('licence.revokeConfirm')}
        </label>
      ) : null}
      <button type="submit" className={isDanger ? 'danger' : undefined} disabled={isBusy || !isConfirmed}>
        {t(button)}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function AmendForm({ licence, vendors, onDone }: { licence: Licence; vendors: { value: string; label: string }[]; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const { error, isBusy, run } = useFormAction(onDone);
  const [days, setDays] = useState('');
  const [vendorId, setVendorId] = useState('');
  const [reason, setReason] = useState('');
  const body = () => ({ reason, ...(days === '' ? {} : { extendValidityDays: Number(days) }), ...(vendorId === '' ? {} : { addPermittedVendorIds: [vendorId] }) });
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(`/licences/${encodeURIComponent(licence.id)}/amendments`, body(), licence.version), 'licence.amended')} data-testid="licence-amend">
      <h3>{t('licence.amendTitle')}</h3>
      <TextField label={t('licence.extendDays')} type="number" min={1} step={1} value={days} onChange={(event) => setDays(event.target.value)} />
      <SelectField label={t('licence.addVendor')} value={vendorId} onChange={(event) => setVendorId(event.target.value)} choices={[{ value: '', label: t('licence.noVendor') }, ...vendors]} />
      <TextArea label={t('licence.reason')} required value={reason} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" disabled={isBusy}>
        {t('licence.amend')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}
