import { Link, Redirect, useLocation, useSearch } from 'wouter';
import { ApiError } from '../api/client';
import { paths } from '../api/domain';
import { useI18n } from '../i18n';
import { PageTitle } from './Page';

export function NoPermission() {
  const { t } = useI18n();
  return (
    <section className="status-page" data-testid="no-permission">
      <PageTitle>{t('error.noPermission.title')}</PageTitle>
      <p>{t('error.noPermission.body')}</p>
      <p>
        <Link href={paths.overview}>{t('nav.overview')}</Link>
        {' · '}
        <Link href={paths.directory}>{t('common.backToDirectory')}</Link>
      </p>
    </section>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <section className="status-page" data-testid="not-found">
      <PageTitle>{t('error.notFound.title')}</PageTitle>
      <p>{t('error.notFound.body')}</p>
      <p>
        <Link href={paths.directory}>{t('common.backToDirectory')}</Link>
      </p>
    </section>
  );
}

function SignInRedirect() {
  const [location] = useLocation();
  const search = useSearch();
  const next = search ? `${location}?${search}` : location;
  return <Redirect to={paths.signIn(next)} replace />;
}

/** What to show for a failed query: sign-in, 無權限, not found, or a fault with its request id. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError) {
    if (error.needsSignIn) return <SignInRedirect />;
    if (error.code === 'FORBIDDEN') return <NoPermission />;
    if (error.code === 'NOT_FOUND') return <NotFound />;
  }
  return <FaultAlert error={error} onRetry={onRetry} />;
}

/** A failed mutation, shown inline where it happened (the form keeps its values). */
export function ActionError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError && error.needsSignIn) return <SignInRedirect />;
  if (error instanceof ApiError && error.code === 'FORBIDDEN') {
    return (
      <div className="alert alert-error" role="alert" data-testid="no-permission">
        <p className="alert-title">{t('error.noPermission.title')}</p>
        <p>{error.message}</p>
      </div>
    );
  }
  return <FaultAlert error={error} />;
}

function FaultAlert({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : null;
  const code = apiError?.code;
  return (
    <div className="alert alert-error" role="alert" data-testid="error">
      <p className="alert-title">{t('error.internal.title')}</p>
      <p>
        {code === 'NETWORK'
          ? t('error.network')
          : code === 'BAD_REQUEST' || code === 'NOT_FOUND'
            ? t('error.badRequest', { message: apiError?.message ?? '' })
            : t('error.internal.body')}
      </p>
      {apiError?.requestId && (
        <p>
          <code className="request-id" data-testid="request-id">{t('error.requestId', { id: apiError.requestId })}</code>
        </p>
      )}
      {onRetry && (
        <p>
          <button type="button" className="button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </p>
      )}
    </div>
  );
}
