/**
 * A new application. As the applicant types the quantity (or changes the item, facility or end
 * use), the draft is evaluated against the policy in force (POST /api/v1/evaluations, nothing
 * stored), a moment after the typing stops, so that the applicant sees rule by rule what the
 * policy admits before filing. Saving makes a draft; submitting files it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, listAll } from '../../shared/api/client';
import type { Application, Evaluation, Facility, PolicyInForce } from '../../shared/api/types';
import { EvaluationView } from '../../shared/components/evaluation-view';
import { ErrorNotice, Loading, PageHeader } from '../../shared/components/feedback';
import { SelectField, TextArea, TextField } from '../../shared/components/fields';
import { useRegistry } from '../../shared/components/registry';
import { useResource } from '../../shared/components/use-resource';
import { useI18n } from '../../shared/i18n/i18n';
import { Link, useRouter } from '../../shared/router/router';

/** Long enough not to evaluate every keystroke, short enough to feel immediate. */
const EVALUATION_DELAY_MS = 350;

interface Setup {
  facilities: Facility[];
  endUses: string[];
}

async function loadSetup(): Promise<Setup> {
  const [facilities, policy] = await Promise.all([listAll<Facility>('/facilities'), api.get<PolicyInForce>('/policies/in-force').catch(() => null)]);
  return { facilities: facilities.items, endUses: policy?.version.policy.endUses.allowed ?? [] };
}

function isoDate(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function NewApplicationPage() {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { registry } = useRegistry();
  const setup = useResource(loadSetup, []);
  const [itemId, setItemId] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [endUse, setEndUse] = useState('');
  const [justification, setJustification] = useState('');
  const [domesticJustification, setDomesticJustification] = useState('');
  const [deliveryFrom, setDeliveryFrom] = useState(isoDate(30));
  const [deliveryUntil, setDeliveryUntil] = useState(isoDate(120));
  const [evaluation, setEvaluation] = useState<{ result: Evaluation | null; error: unknown; isPending: boolean }>({ result: null, error: null, isPending: false });
  const [saveError, setSaveError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const sequence = useRef(0);

  const items = (registry?.items ?? []).filter((item) => item.origin === 'foreign');
  const facilities = setup.data?.facilities ?? [];
  const endUses = setup.data?.endUses ?? [];
  // First choices once the lists arrive.
  useEffect(() => {
    if (itemId === '' && items[0] !== undefined) setItemId(items[0].id);
  }, [itemId, items]);
  useEffect(() => {
    if (facilityId === '' && facilities[0] !== undefined) setFacilityId(facilities[0].id);
  }, [facilityId, facilities]);
  useEffect(() => {
    if (endUse === '' && endUses[0] !== undefined) setEndUse(endUses[0]);
  }, [endUse, endUses]);

  const units = Number(quantity);
  const isQuantityValid = quantity !== '' && Number.isSafeInteger(units) && units >= 1;
  useEffect(() => {
    if (!isQuantityValid || itemId === '' || endUse === '') {
      setEvaluation({ result: null, error: null, isPending: false });
      return;
    }
    sequence.current += 1;
    const mine = sequence.current;
    setEvaluation((previous) => ({ ...previous, isPending: true }));
    const timer = window.setTimeout(() => {
      api
        .post<Evaluation>('/evaluations', { itemId, ...(facilityId === '' ? {} : { facilityId }), quantity: units, endUse, ...(domesticJustification.trim() === '' ? {} : { domesticJustification }) })
        .then(
          (result) => {
            if (sequence.current === mine) setEvaluation({ result, error: null, isPending: false });
          },
          (error: unknown) => {
            if (sequence.current === mine) setEvaluation({ result: null, error, isPending: false });
          },
        );
    }, EVALUATION_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [itemId, facilityId, units, isQuantityValid, endUse, domesticJustification]);

  const save = async (event: FormEvent, shouldSubmit: boolean) => {
    event.preventDefault();
    setBusy(true);
    setSaveError(null);
    try {
      const draft = await api.post<Application>('/applications', {
        itemId,
        facilityId,
        quantity: units,
        endUse,
        justification,
        ...(domesticJustification.trim() === '' ? {} : { domesticJustification }),
        deliveryFrom,
        deliveryUntil,
      });
      if (shouldSubmit) await api.post<Application>(`/applications/${encodeURIComponent(draft.id)}/submission`, {}, draft.version);
      navigate(`/applications/${draft.id}`);
    } catch (error) {
      setSaveError(error);
      setBusy(false);
    }
  };

  if (setup.status === 'failed') return <ErrorNotice error={setup.error} />;
  if (setup.data === undefined || registry === undefined) return <Loading />;
  if (facilities.length === 0) {
    return (
      <div>
        <PageHeader title={t('newApplication.title')} />
        <p className="notice notice-warn">{t('newApplication.noFacility')}</p>
      </div>
    );
  }

  return (
    <div>
      <PageHeader title={t('newApplication.title')} description={t('newApplication.lead')} />
      <div className="columns">
        <form className="panel" onSubmit={(event) => void save(event, true)} aria-labelledby="new-application-form" data-testid="new-application-form">
          <h2 id="new-application-form">{t('newApplication.form')}</h2>
          <SelectField label={t('common.item')} value={itemId} onChange={(event) => setItemId(event.target.value)} choices={items.map((item) => ({ value: item.id, label: item.name }))} required />
          <TextField label={t('newApplication.quantity')} type="number" inputMode="numeric" min={1} step={1} required value={quantity} onChange={(event) => setQuantity(event.target.value)} hint={t('newApplication.quantityHint')} data-testid="quantity" />
          <SelectField label={t('application.facility')} value={facilityId} onChange={(event) => setFacilityId(event.target.value)} choices={facilities.map((facility) => ({ value: facility.id, label: `${facility.name} (${facility.region})` }))} required />
          {endUses.length === 0 ? (
            <TextField label={t('application.endUse')} required value={endUse} onChange={(event) => setEndUse(event.target.value)} pattern="[a-z0-9][a-z0-9-]*" />
          ) : (
            <SelectField label={t('application.endUse')} value={endUse} onChange={(event) => setEndUse(event.target.value)} choices={endUses.map((value) => ({ value, label: value }))} required />
          )}
          <TextArea label={t('application.justification')} required value={justification} onChange={(event) => setJustification(event.target.value)} />
          <TextArea label={t('application.domesticJustification')} value={domesticJustification} onChange={(event) => setDomesticJustification(event.target.value)} hint={t('newApplication.domesticHint')} />
          <div className="field-row">
            <TextField label={t('newApplication.deliveryFrom')} type="date" required value={deliveryFrom} onChange={(event) => setDeliveryFrom(event.target.value)} />
            <TextField label={t('newApplication.deliveryUntil')} type="date" required value={deliveryUntil} onChange={(event) => setDeliveryUntil(event.target.value)} />
          </div>
          <ErrorNotice error={saveError} />
          <div className="button-row">
            <button type="submit" className="primary" disabled={isBusy || !isQuantityValid} data-testid="save-and-submit">
              {t('newApplication.submit')}
            </button>
            <button type="button" disabled={isBusy || !isQuantityValid} onClick={(event) => void save(event, false)} data-testid="save-draft">
              {t('newApplication.saveDraft')}
            </button>
            <Link to="/portal">{t('common.cancel')}</Link>
          </div>
        </form>
        <section className="panel" aria-labelledby="live-evaluation" aria-live="polite" aria-busy={evaluation.isPending}>
          <h2 id="live-evaluation">{t('newApplication.evaluation')}</h2>
          {evaluation.isPending ? <p className="muted">{t('newApplication.evaluating')}</p> : null}
          {!isQuantityValid ? <p className="muted">{t('newApplication.typeQuantity')}</p> : null}
          <ErrorNotice error={evaluation.error} />
          {evaluation.result === null ? null : <EvaluationView evaluation={evaluation.result} caption={t('newApplication.evaluationCaption')} />}
        </section>
      </div>
    </div>
  );
}
