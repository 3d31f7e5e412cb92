import { useState, type FormEvent } from 'react';
import { Link, Redirect, useLocation, useSearch } from 'wouter';
import { paths, safeNext } from '../api/domain';
import { inputErrorText, type InputErrorLike } from '../api/inputErrors';
import { useSession } from '../api/session';
import { useMutation } from '../api/useMutation';
import { ActionError } from '../components/ErrorView';
import { TextField } from '../components/Field';
import { Loading, PageTitle } from '../components/Page';
import { useI18n } from '../i18n';

const FIELDS = ['login', 'password'] as const;

function focusField(form: HTMLFormElement, name: string | null | undefined) {
  const el = name ? form.elements.namedItem(name) : null;
  if (el instanceof HTMLElement) el.focus();
}

export function SignInPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const [, navigate] = useLocation();
  const next = safeNext(new URLSearchParams(useSearch()).get('next'));
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({ fields: FIELDS });
  const { grouped, failure, busy } = signIn;

  if (session.status === 'loading') return <Loading />;
  if (session.me && !busy) return <Redirect to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // A blank field is answered here, without a round trip (the server says REQUIRED too).
    const missing: InputErrorLike[] = [];
    if (!login.trim()) missing.push({ field: 'login', code: 'REQUIRED', message: 'Enter the login name.' });
    if (!password) missing.push({ field: 'password', code: 'REQUIRED', message: 'Enter the password.' });
    if (missing.length) {
      signIn.setErrors(missing);
      focusField(e.currentTarget as HTMLFormElement, missing[0]?.field);
      return;
    }
    const form = e.currentTarget as HTMLFormElement;
    const payload = await signIn.run(async () => ({ errors: await session.signIn(login.trim(), password) }));
    if (!payload) return;
    const result = payload.errors;
    if (result.length === 0) {
      navigate(next, { replace: true });
      return;
    }
    // REQUIRED without a field names both; mark the empty ones.
    setPassword('');
    const fieldError = result.find((r) => r.field);
    focusField(form, fieldError?.field ?? (result.some((r) => r.code === 'REQUIRED') ? 'login' : 'password'));
  };

  return (
    <div className="signin">
      <section className="card signin-card">
        <PageTitle>{t('signIn.title')}</PageTitle>
        <p className="muted">{t('signIn.intro')}</p>
        {session.expired && (
          <div className="alert alert-warning" role="status">
            {t('error.sessionExpired')}
          </div>
        )}
        {grouped.general.length > 0 && (
          <div className="alert alert-error" role="alert" data-testid="signin-error">
            <p className="alert-title">{t('signIn.failed')}</p>
            <p>{grouped.general.map((er) => inputErrorText(er, t, locale)).join(' ')}</p>
          </div>
        )}
        <ActionError error={failure} />
        <form onSubmit={(e) => void submit(e)} noValidate>
          <TextField
            label={t('signIn.login')}
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            errors={grouped.byField.login}
            required
          />
          <TextField
            label={t('signIn.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            errors={grouped.byField.password}
            required
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
      </section>
      <p className="signin-public">
        {t('signIn.publicHint')} <Link href={paths.directory}>{t('nav.directory')}</Link>
      </p>
    </div>
  );
}
