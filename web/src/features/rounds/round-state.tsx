import type { RoundState } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/i18n';

const ROUND_CLASS: Record<RoundState, string> = { open: 'badge-info', previewed: 'badge-info', committed: 'badge-ok', final: 'badge-ok', cancelled: 'badge-muted' };

export function RoundStateBadge({ state }: { state: RoundState }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${ROUND_CLASS[state]}`} data-state={state}>
      {t(`roundState.${state}`)}
    </span>
  );
}
