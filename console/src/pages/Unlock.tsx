import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { request } from '../api/client';
import { paths } from '../api/domain';
import { inputErrorText } from '../api/inputErrors';
import { useMutation } from '../api/useMutation';
import { ActionError } from '../components/ErrorView';
import { PageTitle } from '../components/Page';
import { UnlockSignInDocument } from '../gql/graphql';
import { useI18n } from '../i18n';

/**
 * The page the unlock email links to (`/unlock?token=…`). Unlocking waits for a
 * click: mail scanners that open links must not use up the single-use token.
 */
export function UnlockPage() {
  const { t, locale } = useI18n();
  const token = new URLSearchParams(useSearch()).get('token') ?? '';
  const [unlocked, setUnlocked] = useState<string | null>(null);
  const mutation = useMutation();
  const { errors, failure, busy } = mutation;

  const unlock = async () => {
    const payload = await mutation.run(async () => (await request(UnlockSignInDocument, { token }, { public: true })).unlockSignIn);
    if (payload) setUnlocked(payload.login ?? null);
  };

  return (
    <div className="signin">
      <section className="card signin-card">
        <PageTitle>{t('unlock.title')}</PageTitle>
        {unlocked ? (
          <div className="alert alert-success" role="status" data-testid="unlock-done">
            <p>{t('unlock.done', { login: unlocked })}</p>
            <p>
              <Link href={paths.signIn()}>{t('signIn.submit')}</Link>
            </p>
          </div>
        ) : (
          <>
            <p className="muted">{t('unlock.intro')}</p>
            {errors.length > 0 && (
              <div className="alert alert-error" role="alert" data-testid="unlock-error">
                <p>{errors.map((er) => inputErrorText(er, t, locale)).join(' ')}</p>
              </div>
            )}
            <ActionError error={failure} />
            <button
              type="button"
              className="button button-primary button-block"
              disabled={busy || !token}
              onClick={() => void unlock()}
            >
              {t('unlock.submit')}
            </button>
          </>
        )}
      </section>
    </div>
  );
}
