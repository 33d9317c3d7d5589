/** States of applications and licences as labelled, coloured badges (colour is never the only cue: the word is there). */
import type { ApplicationState, LicenceState } from '../api/types';
import { useI18n } from '../i18n/i18n';

const APPLICATION_CLASS: Record<ApplicationState, string> = {
  draft: 'badge-muted',
  submitted: 'badge-info',
  'under-review': 'badge-info',
  'information-requested': 'badge-warn',
  recommended: 'badge-info',
  'awaiting-second-approval': 'badge-warn',
  approved: 'badge-ok',
  'partially-approved': 'badge-ok',
  denied: 'badge-bad',
  deferred: 'badge-muted',
  withdrawn: 'badge-muted',
};

const LICENCE_CLASS: Record<LicenceState, string> = { active: 'badge-ok', suspended: 'badge-warn', revoked: 'badge-bad', expired: 'badge-muted', exhausted: 'badge-muted' };

export function ApplicationStateBadge({ state }: { state: ApplicationState }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${APPLICATION_CLASS[state]}`} data-state={state}>
      {t(`applicationState.${state}`)}
    </span>
  );
}

export function LicenceStateBadge({ state }: { state: LicenceState }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${LICENCE_CLASS[state]}`} data-state={state}>
      {t(`licenceState.${state}`)}
    </span>
  );
}
