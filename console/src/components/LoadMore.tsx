import { useI18n } from '../i18n';
import { ActionError } from './ErrorView';

export function LoadMore({ shown, total, hasNextPage, loading, error, onLoadMore }: {
  shown: number;
  total: number;
  hasNextPage: boolean;
  loading: boolean;
  error: unknown;
  onLoadMore: () => void;
}) {
  const { t } = useI18n();
  if (total === 0) return null;
  return (
    <div className="load-more">
      <p className="muted" aria-live="polite">{t('common.showing', { shown, total })}</p>
      <ActionError error={error} />
      {hasNextPage && (
        <button type="button" className="button" onClick={onLoadMore} disabled={loading}>
          {loading ? t('app.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
