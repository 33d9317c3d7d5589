/** Loading, error and "not available yet" states, the same on every page. */
import type { ReactNode } from 'react';
import { isApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/** The server's problem detail, as it wrote it (it names the field and the rule). */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error === null || error === undefined) return null;
  const detail = isApiError(error) ? error.detail : error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const code = isApiError(error) ? error.code : null;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{t('common.refused')}</strong> <span data-testid="problem-detail">{detail}</span>
      {code === null ? null : <span className="muted"> ({code})</span>}
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice-success" role="status">
      {children}
    </div>
  );
}

/**
 * What a page shows where the server has no API for a feature yet. It says what is missing and
 * shows nothing made up in its place.
 */
export function NotAvailable({ title, explanation }: { title: MessageKey; explanation: MessageKey }) {
  const { t } = useI18n();
  return (
    <section className="not-available" aria-labelledby={`na-${title}`} data-testid="not-available">
      <h2 id={`na-${title}`}>
        {t(title)} <span className="badge badge-muted">{t('common.notAvailableYet')}</span>
      </h2>
      <p>{t(explanation)}</p>
    </section>
  );
}

export function PageHeader({ title, description, children }: { title: string; description?: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description === undefined ? null : <p className="muted">{description}</p>}
      </div>
      {children === undefined ? null : <div className="page-actions">{children}</div>}
    </header>
  );
}
