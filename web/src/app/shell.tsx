/**
 * The frame around every page after sign-in: who is signed in, the navigation of their role, the
 * language switch and sign-out; a skip link to the content for keyboard users.
 */
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../shared/components/language-switch';
import { useI18n } from '../shared/i18n/i18n';
import { Link, useRouter } from '../shared/router/router';
import { useCaller, useSession } from '../shared/session/session';
import { navigationFor } from './routes';

export function Shell({ children }: { children: ReactNode }) {
  const { t, language } = useI18n();
  const caller = useCaller();
  const { signOut } = useSession();
  const { location } = useRouter();
  const navigation = navigationFor(caller.role);
  // The entry whose path is the longest prefix of the current path (/portal/new is not /portal).
  const current = navigation
    .filter((entry) => location.path === entry.path || location.path.startsWith(`${entry.path}/`))
    .reduce<string | null>((best, entry) => (best === null || entry.path.length > best.length ? entry.path : best), null);
  const organisation = caller.organisation === null ? null : language === 'zh' && caller.organisation.chineseName !== null ? caller.organisation.chineseName : caller.organisation.legalName;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.title')}
        </Link>
        <div className="who" data-testid="who">
          <span className="who-name">{caller.user.displayName}</span>
          <span className="badge badge-info" data-testid="role">
            {t(`role.${caller.role}`)}
          </span>
          {organisation === null ? null : <span className="muted who-organisation">{organisation}</span>}
        </div>
        <div className="topbar-actions">
          <LanguageSwitch />
          <button type="button" onClick={() => void signOut()} data-testid="sign-out">
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <nav className="main-nav" aria-label={t('shell.navigation')}>
        <ul>
          {navigation.map((entry) => {
            const isCurrent = entry.path === current;
            return (
              <li key={entry.path}>
                <Link to={entry.path} aria-current={isCurrent ? 'page' : undefined}>
                  {t(entry.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
