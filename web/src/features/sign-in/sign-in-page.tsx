/** Sign in with a login and password; the server sets the session cookie. */
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../shared/components/feedback';
import { TextField } from '../../shared/components/fields';
import { useI18n } from '../../shared/i18n/i18n';
import { useSession } from '../../shared/session/session';

export function SignInPage({ reason }: { reason: 'none' | 'expired' | 'signed-out' }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(login.trim(), password);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.lead')}</p>
        {reason === 'expired' ? <p className="notice notice-warn">{t('signIn.expired')}</p> : null}
        {reason === 'signed-out' ? <p className="notice notice-success">{t('signIn.signedOut')}</p> : null}
        <TextField label={t('signIn.login')} name="login" autoComplete="username" required value={login} onChange={(event) => setLogin(event.target.value)} />
        <TextField label={t('signIn.password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
        <p className="muted small">{t('signIn.demoHint')}</p>
      </form>
    </div>
  );
}
