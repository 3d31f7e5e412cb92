import type { ReactNode } from 'react';
import type { PagedState } from '../api/usePagedQuery';
import { useI18n } from '../i18n';
import { ActionError, ErrorView } from './ErrorView';
import { Loading } from './Page';

type Paged = PagedState<unknown, unknown>;

/**
 * "Load more" under a paged list, with how many are shown of how many. `shown` and `total`
 * default to the nodes loaded and the connection's count; a page that hides some rows
 * (e.g. ones it has just acted on) passes what it shows.
 */
export function LoadMore({ paged, shown = paged.nodes.length, total = paged.totalCount }: { paged: Paged; shown?: number; total?: number }) {
  const { t } = useI18n();
  if (total === 0) return null;
  return (
    <div className="load-more">
      <p className="muted" aria-live="polite">{t('common.showing', { shown, total })}</p>
      <ActionError error={paged.loadMoreError} />
      {paged.hasNextPage && (
        <button type="button" className="button" onClick={() => void paged.loadMore()} disabled={paged.loadingMore}>
          {paged.loadingMore ? t('app.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

/**
 * A paged list's states, one way for every list page: the failure (with retry), loading,
 * the empty message (a card) when nothing is shown, else the list itself; then "load more"
 * once the first page is in.
 */
export function PagedList({ paged, shown = paged.nodes.length, total, empty, emptyTestId, children }: {
  paged: Paged;
  /** The rows the page shows, when it does not show every node loaded. */
  shown?: number;
  total?: number;
  empty: ReactNode;
  emptyTestId?: string;
  children: ReactNode;
}) {
  return (
    <>
      {paged.error ? (
        <ErrorView error={paged.error} onRetry={() => void paged.refetch()} />
      ) : !paged.data ? (
        <Loading />
      ) : shown === 0 ? (
        <p className="empty card" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : (
        children
      )}
      {paged.data && <LoadMore paged={paged} shown={shown} total={total} />}
    </>
  );
}
