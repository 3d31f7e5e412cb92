// 統計數據申請: the viewer's requests (the commissioner: everyone's), newest first, filtered by
// status in the URL, with 新增統計數據申請 for those who may request.
import { useSession } from '../../api/session';
import { usePagedQuery } from '../../api/usePagedQuery';
import { StatisticsRequestsDocument, type StatisticsRequestsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { statisticsUnits } from './access';
import { ApplicationListPage } from './ApplicationList';
import { useStatusParam } from './parts';

const PAGE_SIZE = 30;
const selectRequests = (d: StatisticsRequestsQuery) => d.statisticsRequests;

export function StatisticsListPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const status = useStatusParam();
  const result = usePagedQuery(StatisticsRequestsDocument, { filter: { status }, first: PAGE_SIZE }, selectRequests);
  return (
    <ApplicationListPage
      kind="stats"
      paged={result}
      status={status}
      mayCreate={statisticsUnits(me).length > 0}
      purposeNote={(r) => t(`stats.category.${r.purposeCategory}`)}
    />
  );
}
