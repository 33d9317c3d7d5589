/**
 * One application: what was asked, the evaluation rule by rule, who reviewed and who signed, the
 * timeline, and the workflow step the reader may take. The server decides who may do what (four
 * eyes included); the page offers the steps that fit the reader's role and the state, and shows
 * the server's refusal as it wrote it.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../shared/api/client';
import type { Application, AuditEntry, Decision, Evaluation, Facility, RecommendationReason } from '../../shared/api/types';
import { EvaluationView } from '../../shared/components/evaluation-view';
import { Fact } from '../../shared/components/fact';
import { ErrorNotice, Loading, PageHeader, SuccessNotice } from '../../shared/components/feedback';
import { SelectField, TextArea, TextField } from '../../shared/components/fields';
import { shortId, usePeople } from '../../shared/components/people';
import { useRegistry } from '../../shared/components/registry';
import { ApplicationStateBadge } from '../../shared/components/state-badge';
import { useFormAction } from '../../shared/components/use-form-action';
import { useResource } from '../../shared/components/use-resource';
import { useI18n, type Translate } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/en';
import { Link } from '../../shared/router/router';
import { useCaller } from '../../shared/session/session';
import { DECISIONS, isRole, RECOMMENDATION_REASONS } from '../../shared/vocabulary';

interface Loaded {
  application: Application;
  timeline: AuditEntry[];
  facility: Facility | null;
}

async function load(id: string): Promise<Loaded> {
  const [application, timeline] = await Promise.all([api.get<Application>(`/applications/${encodeURIComponent(id)}`), api.get<{ entries: AuditEntry[] }>(`/applications/${encodeURIComponent(id)}/timeline`)]);
  const facility = await api.get<Facility>(`/facilities/${encodeURIComponent(application.facilityId)}`).catch(() => null);
  return { application, timeline: timeline.entries, facility };
}

const BEFORE_DECISION = ['draft', 'submitted', 'under-review', 'information-requested', 'recommended', 'awaiting-second-approval'];

export function ApplicationPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { t, formatNumber, formatDate, formatDateTime } = useI18n();
  const caller = useCaller();
  const { itemName, organisationName } = useRegistry();
  const { personName } = usePeople();
  const resource = useResource(() => load(id), [id]);
  const [fresh, setFresh] = useState<{ evaluation: Evaluation | null; error: unknown }>({ evaluation: null, error: null });
  const [done, setDone] = useState<MessageKey | null>(null);

  if (resource.status === 'failed' && resource.data === undefined) return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading />;
  const { application, timeline, facility } = resource.data;
  const who = (userId: string | null) => (userId === null ? '—' : userId === caller.user.id ? t('application.youWithId', { id: personName(userId) }) : personName(userId));
  const afterStep = (message: MessageKey) => {
    setDone(message);
    setFresh({ evaluation: null, error: null });
    resource.reload();
  };
  const evaluateNow = async () => {
    try {
      setFresh({ evaluation: await api.get<Evaluation>(`/applications/${encodeURIComponent(id)}/evaluation`), error: null });
    } catch (error) {
      setFresh({ evaluation: null, error });
    }
  };

  return (
    <div className="application">
      <PageHeader title={t('application.title', { organisation: organisationName(application.organisationId) })} description={t('application.lead', { quantity: formatNumber(application.quantity), item: itemName(application.itemId) })}>
        <ApplicationStateBadge state={application.state} />
      </PageHeader>
      <p>
        <Link to={caller.role === 'applicant' ? '/portal' : '/review'}>{caller.role === 'applicant' ? t('application.backToPortal') : t('application.backToQueue')}</Link>
      </p>
      {done === null ? null : <SuccessNotice>{t(done)}</SuccessNotice>}

      <div className="columns">
        <section className="panel" aria-labelledby="details-title">
          <h2 id="details-title">{t('application.details')}</h2>
          <dl className="facts">
            <Fact label={t('common.organisation')}>{organisationName(application.organisationId)}</Fact>
            <Fact label={t('common.item')}>{itemName(application.itemId)}</Fact>
            <Fact label={t('application.quantity')}>{formatNumber(application.quantity)}</Fact>
            <Fact label={t('application.facility')}>{facility === null ? shortId(application.facilityId) : `${facility.name} (${facility.region})`}</Fact>
            <Fact label={t('application.endUse')}>{application.endUse}</Fact>
            <Fact label={t('application.deliveryWindow')}>{t('common.range', { from: formatDate(application.deliveryFrom), to: formatDate(application.deliveryUntil) })}</Fact>
            <Fact label={t('application.justification')}>{application.justification}</Fact>
            <Fact label={t('application.domesticJustification')}>{application.domesticJustification ?? '—'}</Fact>
            <Fact label={t('application.submittedAt')}>{formatDateTime(application.submittedAt)}</Fact>
            <Fact label={t('application.secondApprover')}>{application.needsSecondApprover ? t('common.yes') : t('common.no')}</Fact>
            {application.grantedQuantity === null ? null : <Fact label={t('application.granted')}>{formatNumber(application.grantedQuantity)}</Fact>}
            {application.licenceId === null ? null : (
              <Fact label={t('application.licence')}>
                <Link to={`/licences/${application.licenceId}`} data-testid="licence-link">
                  {t('application.openLicence')}
                </Link>
              </Fact>
            )}
          </dl>
        </section>

        <section className="panel" aria-labelledby="people-title">
          <h2 id="people-title">{t('application.people')}</h2>
          <dl className="facts" data-testid="people">
            <Fact label={t('application.reviewer')}>{who(application.reviewerId)}</Fact>
            {application.recommendation === null ? null : (
              <Fact label={t('application.recommendation')}>
                {t('application.signature', { decision: t(`decision.${application.recommendation.decision}`), quantity: formatNumber(application.recommendation.quantity), by: who(application.recommendation.reviewerId), at: formatDateTime(application.recommendation.recommendedAt) })}
                <div className="muted">
                  {t(`reason.${application.recommendation.reasonCode}`)} — {application.recommendation.note}
                </div>
              </Fact>
            )}
            {application.firstApproval === null ? null : (
              <Fact label={t('application.firstApproval')}>
                {t('application.signature', { decision: t(`decision.${application.firstApproval.decision}`), quantity: formatNumber(application.firstApproval.quantity), by: who(application.firstApproval.approverId), at: formatDateTime(application.firstApproval.signedAt) })}
                <div className="muted">{application.firstApproval.note}</div>
              </Fact>
            )}
            {application.decision === null ? null : (
              <Fact label={t('application.decision')}>
                {t('application.signature', { decision: t(`decision.${application.decision.decision}`), quantity: formatNumber(application.decision.quantity), by: who(application.decision.approverId), at: formatDateTime(application.decision.signedAt) })}
                <div className="muted">{application.decision.note}</div>
              </Fact>
            )}
            {application.informationRequest === null ? null : (
              <Fact label={t('application.informationRequest')}>
                {application.informationRequest.question}
                <div className="muted">{t('application.due', { date: formatDate(application.informationRequest.dueDate) })}</div>
                <div>{application.informationRequest.answer === null ? t('application.noAnswer') : t('application.answer', { answer: application.informationRequest.answer })}</div>
              </Fact>
            )}
          </dl>
          <p className="muted small">{t('application.fourEyes')}</p>
        </section>
      </div>

      <Actions application={application} onDone={afterStep} />

      <section className="panel" aria-labelledby="evaluation-title">
        <h2 id="evaluation-title">{t('application.evaluation')}</h2>
        {application.evaluation === null ? <p>{t('application.noEvaluation')}</p> : <EvaluationView evaluation={application.evaluation} caption={t('application.storedEvaluation')} />}
        <button type="button" onClick={() => void evaluateNow()} data-testid="evaluate-now">
          {t('application.evaluateNow')}
        </button>
        <ErrorNotice error={fresh.error} />
        {fresh.evaluation === null ? null : <EvaluationView evaluation={fresh.evaluation} caption={t('application.freshEvaluation')} />}
      </section>

      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('application.timeline')}</h2>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time> <strong>{eventLabel(t, entry.eventType)}</strong>{' '}
              <span className="muted">
                {t('application.by', { actor: entry.actorId === caller.user.id ? t('common.you') : personName(entry.actorId), role: roleLabel(t, entry.actorRole) })}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}


const EVENTS = ['application.created', 'application.updated', 'application.submitted', 'application.taken-for-review', 'application.information-requested', 'application.recommended', 'application.first-approval', 'application.decided', 'application.withdrawn', 'licence.issued', 'licence.amended', 'licence.suspended', 'licence.reinstated', 'licence.revoked', 'licence.expired'] as const;
type KnownEvent = (typeof EVENTS)[number];

function eventLabel(t: Translate, eventType: string): string {
  return (EVENTS as readonly string[]).includes(eventType) ? t(`event.${eventType as KnownEvent}`) : eventType;
}

function roleLabel(t: Translate, role: string): string {
  return isRole(role) ? t(`role.${role}`) : role;
}

/** The workflow steps the reader's role may take in this state. */
function Actions({ application, onDone }: { application: Application; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const caller = useCaller();
  const state = application.state;
  const forms: ReactNode[] = [];
  if (caller.role === 'reviewer' && state === 'submitted') forms.push(<TakeForm key="take" application={application} onDone={onDone} />);
  if (caller.role === 'reviewer' && state === 'under-review') {
    forms.push(<RecommendForm key="recommend" application={application} onDone={onDone} />);
    forms.push(<InformationRequestForm key="information" application={application} onDone={onDone} />);
  }
  if (caller.role === 'approver' && (state === 'recommended' || state === 'awaiting-second-approval')) forms.push(<DecideForm key="decide" application={application} onDone={onDone} />);
  if (caller.role === 'applicant' && (state === 'draft' || state === 'information-requested')) forms.push(<SubmitForm key="submit" application={application} onDone={onDone} />);
  if (caller.role === 'applicant' && BEFORE_DECISION.includes(state)) forms.push(<WithdrawForm key="withdraw" application={application} onDone={onDone} />);
  if (forms.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('application.actions')}</h2>
      <div className="columns">{forms}</div>
    </section>
  );
}

const path = (application: Application, step: string) => `/applications/${encodeURIComponent(application.id)}/${step}`;

function TakeForm({ application, onDone }: { application: Application; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const { error, isBusy, run } = useFormAction(onDone);
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(path(application, 'review'), {}, application.version), 'application.taken')}>
      <h3>{t('application.takeTitle')}</h3>
      <p className="muted">{t('application.takeLead')}</p>
      <button type="submit" className="primary" disabled={isBusy} data-testid="take">
        {t('application.take')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function RecommendForm({ application, onDone }: { application: Application; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const { error, isBusy, run } = useFormAction(onDone);
  // Proposed: what the policy admits now (the server evaluates again when the recommendation is
  // made, so the stored evaluation may be stale), and the decision that grants exactly that.
  const propose = (admissible: number) => ({ decision: (admissible >= application.quantity ? 'approve' : admissible === 0 ? 'deny' : 'partially-approve') as Decision, quantity: String(admissible) });
  const initial = propose(application.evaluation?.admissibleUnits ?? application.quantity);
  const [decision, setDecision] = useState<Decision>(initial.decision);
  const [quantity, setQuantity] = useState(initial.quantity);
  const [isEdited, setEdited] = useState(false);
  useEffect(() => {
    let isCurrent = true;
    api.get<Evaluation>(`/applications/${encodeURIComponent(application.id)}/evaluation`).then(
      (fresh) => {
        if (!isCurrent || isEdited) return;
        const proposal = propose(fresh.admissibleUnits);
        setDecision(proposal.decision);
        setQuantity(proposal.quantity);
      },
      // Without a fresh evaluation the stored one stands; the server checks again anyway.
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
    // Once per application version; `propose` only reads the application.
  }, [application.id, application.version]);
  const [reasonCode, setReasonCode] = useState<RecommendationReason>('meets-policy');
  const [note, setNote] = useState('');
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(path(application, 'recommendation'), { decision, quantity: Number(quantity), reasonCode, note }, application.version), 'application.recommended')} data-testid="recommend-form">
      <h3>{t('application.recommendTitle')}</h3>
      <SelectField
        label={t('application.decisionField')}
        value={decision}
        onChange={(event) => {
          setEdited(true);
          setDecision(event.target.value as Decision);
        }}
        choices={DECISIONS.map((value) => ({ value, label: t(`decision.${value}`) }))}
      />
      <TextField
        label={t('application.quantityField')}
        type="number"
        min={0}
        step={1}
        required
        value={quantity}
        onChange={(event) => {
          setEdited(true);
          setQuantity(event.target.value);
        }}
        hint={t('application.quantityHint')}
      />
      <SelectField label={t('application.reasonField')} value={reasonCode} onChange={(event) => setReasonCode(event.target.value as RecommendationReason)} choices={RECOMMENDATION_REASONS.map((value) => ({ value, label: t(`reason.${value}`) }))} />
      <TextArea label={t('application.noteField')} required value={note} onChange={(event) => setNote(event.target.value)} />
      <button type="submit" className="primary" disabled={isBusy} data-testid="recommend">
        {t('application.recommend')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function InformationRequestForm({ application, onDone }: { application: Application; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const { error, isBusy, run } = useFormAction(onDone);
  const [question, setQuestion] = useState('');
  const [dueDate, setDueDate] = useState(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(path(application, 'information-request'), { question, dueDate }, application.version), 'application.informationRequested')}>
      <h3>{t('application.informationTitle')}</h3>
      <TextArea label={t('application.questionField')} required value={question} onChange={(event) => setQuestion(event.target.value)} />
      <TextField label={t('application.dueField')} type="date" required value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
      <button type="submit" disabled={isBusy}>
        {t('application.requestInformation')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function DecideForm({ application, onDone }: { application: Application; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const caller = useCaller();
  const { error, isBusy, run } = useFormAction(onDone);
  const proposal = application.firstApproval ?? application.recommendation;
  const [decision, setDecision] = useState<Decision>(proposal?.decision ?? 'approve');
  const [quantity, setQuantity] = useState(String(proposal?.quantity ?? application.quantity));
  const [note, setNote] = useState('');
  const hasReviewed = application.reviewerId === caller.user.id;
  const hasSigned = application.firstApproval?.approverId === caller.user.id;
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(path(application, 'decision'), { decision, quantity: Number(quantity), note }, application.version), 'application.decided')} data-testid="decide-form">
      <h3>{application.state === 'awaiting-second-approval' ? t('application.secondDecisionTitle') : t('application.decideTitle')}</h3>
      {application.needsSecondApprover && application.state === 'recommended' ? <p className="muted">{t('application.needsTwo')}</p> : null}
      {hasReviewed || hasSigned ? <p className="notice notice-warn">{hasReviewed ? t('application.youReviewed') : t('application.youSigned')}</p> : null}
      <SelectField label={t('application.decisionField')} value={decision} onChange={(event) => setDecision(event.target.value as Decision)} choices={DECISIONS.map((value) => ({ value, label: t(`decision.${value}`) }))} />
      <TextField label={t('application.quantityField')} type="number" min={0} step={1} required value={quantity} onChange={(event) => setQuantity(event.target.value)} />
      <TextArea label={t('application.noteField')} required value={note} onChange={(event) => setNote(event.target.value)} />
      <button type="submit" className="primary" disabled={isBusy} data-testid="decide">
        {t('application.sign')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function SubmitForm({ application, onDone }: { application: Application; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const { error, isBusy, run } = useFormAction(onDone);
  const [answer, setAnswer] = useState('');
  const isAnswer = application.state === 'information-requested';
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(path(application, 'submission'), isAnswer ? { answer } : {}, application.version), 'application.submitted')}>
      <h3>{isAnswer ? t('application.answerTitle') : t('application.submitTitle')}</h3>
      {isAnswer ? <TextArea label={t('application.answerField')} required value={answer} onChange={(event) => setAnswer(event.target.value)} /> : <p className="muted">{t('application.submitLead')}</p>}
      <button type="submit" className="primary" disabled={isBusy} data-testid="submit-application">
        {isAnswer ? t('application.resubmit') : t('application.submit')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function WithdrawForm({ application, onDone }: { application: Application; onDone: (message: MessageKey) => void }) {
  const { t } = useI18n();
  const { error, isBusy, run } = useFormAction(onDone);
  const [reason, setReason] = useState('');
  return (
    <form className="card" onSubmit={(event) => void run(event, () => api.post(path(application, 'withdrawal'), reason.trim() === '' ? {} : { reason }, application.version), 'application.withdrawn')}>
      <h3>{t('application.withdrawTitle')}</h3>
      <TextArea label={t('application.withdrawReason')} value={reason} onChange={(event) => setReason(event.target.value)} />
      <button type="submit" className="danger" disabled={isBusy}>
        {t('application.withdraw')}
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}
