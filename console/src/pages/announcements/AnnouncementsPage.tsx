import { Link, useSearch } from 'wouter';
import { ANNOUNCEMENT_KINDS, paths } from '../../api/domain';
import { usePagedQuery } from '../../api/usePagedQuery';
import { PagedList } from '../../components/PagedList';
import { Marquee } from '../../components/Marquee';
import { PageTitle } from '../../components/Page';
import { AnnouncementsDocument, type AnnouncementsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { AnnouncementItem } from './AnnouncementView';
import { parseKind } from './model';

const PAGE_SIZE = 20;
const selectAnnouncements = (d: AnnouncementsQuery) => d.announcements;

/** Every live announcement of one kind (`?kind=NEWS`, the default), for everyone. */
export function AnnouncementsPage() {
  const { t } = useI18n();
  const kind = parseKind(new URLSearchParams(useSearch()).get('kind')) ?? 'NEWS';
  const result = usePagedQuery(AnnouncementsDocument, { kind, first: PAGE_SIZE }, selectAnnouncements, { public: true });

  return (
    <>
      {kind !== 'MARQUEE' && <Marquee />}
      <PageTitle lead={<p>{t('announcements.intro')}</p>}>{t(`announcement.kind.${kind}`)}</PageTitle>
      <nav className="kind-tabs" aria-label={t('announcements.kinds')}>
        <ul>
          {ANNOUNCEMENT_KINDS.map((k) => (
            <li key={k}>
              <Link href={paths.announcements(k)} className={`kind-tab ${k === kind ? 'active' : ''}`} aria-current={k === kind ? 'page' : undefined}>
                {t(`announcement.kind.${k}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <PagedList paged={result} empty={t('announcements.empty')}>
        <section className="card" aria-label={t(`announcement.kind.${kind}`)} aria-busy={result.loading}>
          <ul className="announcement-list">
            {result.nodes.map((a) => (
              <AnnouncementItem key={a.id} announcement={a} level={2} />
            ))}
          </ul>
        </section>
      </PagedList>
    </>
  );
}
