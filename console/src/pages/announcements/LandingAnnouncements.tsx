import { useId } from 'react';
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { useQuery } from '../../api/useQuery';
import { AnnouncementFeedDocument, type AnnouncementKind } from '../../gql/graphql';
import { useI18n, type MessageKey } from '../../i18n';
import { AnnouncementItem, type ShownAnnouncement } from './AnnouncementView';

/** How many of each kind the landing pages show. */
export const LANDING_COUNT = 5;

function Panel({ kind, title, empty, items, total, testId }: {
  kind: AnnouncementKind;
  title: MessageKey;
  empty: MessageKey;
  items: readonly ShownAnnouncement[];
  total: number;
  testId: string;
}) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="card announcement-panel" aria-labelledby={headingId} data-testid={testId}>
      <div className="announcement-panel-head">
        <h2 id={headingId}>{t(title)}</h2>
        {total > 0 && (
          <Link href={paths.announcements(kind)} className="small">
            {t('feed.all', { total })}
            <span className="sr-only">（{t(title)}）</span>
          </Link>
        )}
      </div>
      {items.length === 0 ? (
        <p className="empty">{t(empty)}</p>
      ) : (
        <ul className="announcement-list">
          {items.map((a) => (
            <AnnouncementItem key={a.id} announcement={a} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * 最新消息 and 公佈欄 side by side: the newest five of each that the viewer may see
 * (the network's for everyone; a signed-in viewer's units' as well).
 */
export function LandingAnnouncements() {
  const { t } = useI18n();
  const query = useQuery(AnnouncementFeedDocument, { first: LANDING_COUNT }, { public: true });
  if (query.error && !query.data) {
    return (
      <p className="alert alert-warning" role="status">
        {t('feed.error')}{' '}
        <button type="button" className="link-button" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </button>
      </p>
    );
  }
  if (!query.data) {
    return (
      <div className="announcement-panels" aria-busy="true">
        <div className="card announcement-panel announcement-placeholder" />
        <div className="card announcement-panel announcement-placeholder" />
      </div>
    );
  }
  const { news, bulletin } = query.data;
  return (
    <div className="announcement-panels">
      <Panel kind="NEWS" title="feed.news" empty="feed.emptyNews" items={news.nodes} total={news.totalCount} testId="news" />
      <Panel kind="BULLETIN" title="feed.bulletin" empty="feed.emptyBulletin" items={bulletin.nodes} total={bulletin.totalCount} testId="bulletin" />
    </div>
  );
}
