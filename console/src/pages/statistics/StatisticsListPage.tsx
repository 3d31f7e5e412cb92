// 統計數據申請: the viewer's requests (the commissioner: everyone's), newest first, filtered by
// status in the URL, with 新增統計數據申請 for those who may request.
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { useSession } from '../../api/session';
import { usePagedQuery } from '../../api/usePagedQuery';
import { ErrorView } from '../../components/ErrorView';
import { LoadMore } from '../../components/LoadMore';
import { Loading, PageTitle } from '../../components/Page';
import { StatisticsRequestsDocument, type StatisticsRequestsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { statisticsUnits } from './access';
import { isRunning, progressPercent } from './model';
import { ApplicationStatusBadge, StatusFilter, useStatusParam } from './parts';

const PAGE_SIZE = 30;
const selectRequests = (d: StatisticsRequestsQuery) => d.statisticsRequests;

export function StatisticsListPage() {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const status = useStatusParam();
  const result = usePagedQuery(StatisticsRequestsDocument, { filter: { status }, first: PAGE_SIZE }, selectRequests);
  const mayRequest = statisticsUnits(me).length > 0;

  return (
    <>
      <PageTitle
        lead={<p>{t('stats.listIntro')}</p>}
        actions={
          mayRequest && (
            <Link href={paths.newStatistics} className="button button-primary" data-testid="new-statistics">
              <span aria-hidden="true">＋</span> {t('stats.new')}
            </Link>
          )
        }
      >
        {t('stats.title')}
      </PageTitle>
      {result.error ? (
        <ErrorView error={result.error} onRetry={() => void result.refetch()} />
      ) : (
        <>
          <div className="filters card">
            <StatusFilter status={status} />
          </div>
          <h2 id="statistics-heading" className="sr-only">
            {t('stats.listCaption')}
          </h2>
          {!result.data ? (
            <Loading />
          ) : result.nodes.length === 0 ? (
            <p className="empty card" data-testid="statistics-empty">
              {status ? t('application.emptyStatus', { status: t(`application.status.${status}`) }) : t('stats.empty')}
            </p>
          ) : (
            <div className="table-card card">
              <table className="data-table application-table" aria-labelledby="statistics-heading" data-testid="statistics-list">
                <thead>
                  <tr>
                    <th scope="col">{t('application.number')}</th>
                    <th scope="col">{t('stats.field.purpose')}</th>
                    <th scope="col">{t('application.unit')}</th>
                    <th scope="col">{t('application.status')}</th>
                    <th scope="col">{t('application.progress')}</th>
                    <th scope="col">{t('application.createdAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.nodes.map((r) => (
                    <tr key={r.id} data-testid="statistics-row" data-id={r.id} data-status={r.status}>
                      <td data-label={t('application.number')} className="nowrap">
                        <Link href={paths.statisticsRequest(r.id)}>{t('stats.numberValue', { number: r.number })}</Link>
                      </td>
                      <th scope="row" data-label={t('stats.field.purpose')} className="wrap-anywhere">
                        <Link href={paths.statisticsRequest(r.id)}>{r.purpose}</Link>
                        <span className="block small muted">{t(`stats.category.${r.purposeCategory}`)}</span>
                      </th>
                      <td data-label={t('application.unit')}>
                        {r.unit?.name ?? t('common.none')}
                        <span className="block small muted">{r.requesterName}</span>
                      </td>
                      <td data-label={t('application.status')}>
                        <ApplicationStatusBadge status={r.status} />
                      </td>
                      <td data-label={t('application.progress')} className="nowrap">
                        {isRunning(r.status) || r.status === 'COMPLETED' ? t('application.progressText', { percent: progressPercent(r.progress) }) : t('common.none')}
                      </td>
                      <td data-label={t('application.createdAt')} className="nowrap small">
                        {dateTime(r.createdAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.data && (
            <LoadMore
              shown={result.nodes.length}
              total={result.totalCount}
              hasNextPage={result.hasNextPage}
              loading={result.loadingMore}
              error={result.loadMoreError}
              onLoadMore={() => void result.loadMore()}
            />
          )}
        </>
      )}
    </>
  );
}
