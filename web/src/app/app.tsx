/** The app: language, session, router; the sign-in page or the shell with the page for the path. */
import { Suspense, useEffect, useRef } from 'react';
import { Loading } from '../shared/components/feedback';
import { LanguageSwitch } from '../shared/components/language-switch';
import { I18nProvider, useI18n } from '../shared/i18n/i18n';
import { matchPath, RouterProvider, useRouter } from '../shared/router/router';
import { SessionProvider, useSession } from '../shared/session/session';
import { SignInPage } from '../features/sign-in/sign-in-page';
import { navigationFor, ROUTES } from './routes';
import { Shell } from './shell';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <RouterProvider>
          <Screen />
        </RouterProvider>
      </SessionProvider>
    </I18nProvider>
  );
}

function Screen() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signed-out') {
    return (
      <>
        <div className="topbar topbar-plain">
          <LanguageSwitch />
        </div>
        <main id="main">
          <SignInPage reason={state.reason} />
        </main>
      </>
    );
  }
  return (
    <Shell>
      <CurrentPage />
    </Shell>
  );
}

function CurrentPage() {
  const { t } = useI18n();
  const { state } = useSession();
  const { location, navigate } = useRouter();
  const role = state.status === 'signed-in' ? state.caller.role : null;
  const home = role === null ? '/' : (navigationFor(role)[0]?.path ?? '/');
  const isHome = location.path === '/' || location.path === '';
  useEffect(() => {
    if (isHome) navigate(home, { replace: true });
  }, [isHome, home, navigate]);
  // After a navigation (not the first page), move the focus to the content, so that keyboard and
  // screen-reader users start at the new page rather than at the link they left.
  const previousPath = useRef(location.path);
  useEffect(() => {
    if (previousPath.current === location.path) return;
    previousPath.current = location.path;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.path]);
  if (role === null || isHome) return <Loading />;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, location.path);
    if (params === null) continue;
    if (!route.roles.includes(role)) {
      return (
        <section>
          <h1>{t('shell.notPermittedTitle')}</h1>
          <p>{t('shell.notPermitted')}</p>
        </section>
      );
    }
    const Page = route.page;
    return (
      <Suspense fallback={<Loading />}>
        <Page key={location.path} params={params} />
      </Suspense>
    );
  }
  return (
    <section>
      <h1>{t('shell.notFoundTitle')}</h1>
      <p>{t('shell.notFound')}</p>
    </section>
  );
}
