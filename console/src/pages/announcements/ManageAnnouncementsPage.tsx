import { Fragment, useCallback, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { request } from '../../api/client';
import { ANNOUNCEMENT_KINDS, paths } from '../../api/domain';
import { useSession } from '../../api/session';
import { useMutation } from '../../api/useMutation';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useAnnounce } from '../../components/Announcer';
import { Dialog } from '../../components/Dialog';
import { ActionError, ErrorView, NoPermission } from '../../components/ErrorView';
import { FormErrors, SelectField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { PageTitle } from '../../components/Page';
import { DeleteAnnouncementDocument, ManagedAnnouncementsDocument, type ManagedAnnouncementsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { AnnouncementForm, type ManagedAnnouncement } from './AnnouncementForm';
import { AnnouncementBody, AttachmentList } from './AnnouncementView';
import { announcementStatus, parseKind, publishTargets, type AnnouncementStatus } from './model';

const PAGE_SIZE = 30;
const selectManaged = (d: ManagedAnnouncementsQuery) => d.managedAnnouncements;

const STATUS_BADGE: Record<AnnouncementStatus, string> = {
  LIVE: 'badge-success',
  SCHEDULED: '',
  EXPIRED: 'badge-muted',
};

type Editing = { announcement: ManagedAnnouncement | null; justSaved: boolean };

/** 公告管理: every announcement the viewer may edit, live, scheduled or expired. */
export function ManageAnnouncementsPage() {
  const { t, dateTime } = useI18n();
  const announce = useAnnounce();
  const { me } = useSession();
  const [location, navigate] = useLocation();
  const kind = parseKind(new URLSearchParams(useSearch()).get('kind'));
  const result = usePagedQuery(ManagedAnnouncementsDocument, { kind, first: PAGE_SIZE }, selectManaged);

  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<ManagedAnnouncement | null>(null);
  const [open, setOpen] = useState<Record<string, boolean>>({});
  /** Deleted here, hidden at once (with the dialog's closing) until the list is fetched again. */
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const deletion = useMutation();
  const { busy, failure } = deletion;
  const closeEditor = useCallback(() => setEditing(null), []);
  const closeDelete = useCallback(() => setDeleting(null), []);

  const targets = publishTargets(me);
  if (result.error) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;
  if (me && targets.length === 0) return <NoPermission />;

  const onSaved = (saved: ManagedAnnouncement, created: boolean) => {
    setEditing({ announcement: saved, justSaved: true });
    announce(t(created ? 'manageAnnouncements.created' : 'manageAnnouncements.saved', { title: saved.title }));
    void result.refetch();
  };

  const onAttachmentsChange = (attachments: ManagedAnnouncement['attachments']) => {
    setEditing((e) => (e?.announcement ? { ...e, announcement: { ...e.announcement, attachments } } : e));
    void result.refetch();
  };

  const remove = async (a: ManagedAnnouncement) => {
    const payload = await deletion.run(async () => {
      const { deleteAnnouncement } = await request(DeleteAnnouncementDocument, { id: a.id });
      const gone = deleteAnnouncement.errors.length === 0;
      // Gone from the list as the dialog closes: the keyboard continues at the list.
      if (gone) setDeleted((d) => new Set(d).add(a.id));
      setDeleting(null);
      if (gone) {
        announce(t('manageAnnouncements.deleted', { title: a.title }));
        await result.refetch();
      }
      return deleteAnnouncement;
    });
    if (!payload) setDeleting(null);
  };

  const now = new Date();
  const list = result.nodes.filter((a) => !deleted.has(a.id));

  return (
    <>
      <PageTitle
        lead={<p>{t('manageAnnouncements.intro')}</p>}
        actions={
          <button type="button" className="button button-primary" onClick={() => setEditing({ announcement: null, justSaved: false })} disabled={targets.length === 0}>
            <span aria-hidden="true">＋</span> {t('manageAnnouncements.add')}
          </button>
        }
      >
        {t('manageAnnouncements.title')}
      </PageTitle>

      <div className="filters card announcement-filters">
        <SelectField
          label={t('manageAnnouncements.kindFilter')}
          name="kind"
          value={kind ?? ''}
          onChange={(e) => navigate(e.target.value ? `${location}?kind=${e.target.value}` : location, { replace: true })}
        >
          <option value="">{t('common.all')}</option>
          {ANNOUNCEMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`announcement.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <p className="filter-help muted small">
          {t('manageAnnouncements.publicHint')}{' '}
          <a href={paths.announcements()}>{t('manageAnnouncements.publicLink')}</a>
        </p>
      </div>

      <ActionError error={failure} />
      <FormErrors errors={deletion.errors} />

      <h2 id="announcements-heading" tabIndex={-1} className="sr-only">
        {t('manageAnnouncements.caption')}
      </h2>
      <PagedList paged={result} shown={list.length} empty={t('manageAnnouncements.empty')}>
        <div className="table-card card">
          <table className="data-table announcement-table" data-testid="managed-announcements" aria-labelledby="announcements-heading">
            <thead>
              <tr>
                <th scope="col">{t('manageAnnouncements.col.title')}</th>
                <th scope="col">{t('manageAnnouncements.col.status')}</th>
                <th scope="col">{t('manageAnnouncements.col.times')}</th>
                <th scope="col">{t('manageAnnouncements.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => {
                const status = announcementStatus(a, now);
                const bodyId = `announcement-body-${a.id}`;
                const expanded = open[a.id] ?? false;
                return (
                  <Fragment key={a.id}>
                    <tr data-testid="managed-announcement" data-announcement-id={a.id} data-status={status}>
                      <th scope="row" data-label={t('manageAnnouncements.col.title')} className="announcement-cell">
                        <span className="announcement-row-title">{a.title}</span>
                        <span className="block small muted">
                          {t(`announcement.kind.${a.kind}`)} · {a.unit ? a.unit.name : t('announcement.network')}
                        </span>
                        <button
                          type="button"
                          className="link-button small"
                          aria-expanded={expanded}
                          aria-controls={bodyId}
                          onClick={() => setOpen((o) => ({ ...o, [a.id]: !expanded }))}
                        >
                          {expanded ? t('manageAnnouncements.hideBody') : t('manageAnnouncements.showBody')}
                          <span className="sr-only"> {a.title}</span>
                        </button>
                      </th>
                      <td data-label={t('manageAnnouncements.col.status')} className="announcement-status">
                        <span className={`badge ${STATUS_BADGE[status]}`} data-testid="status">
                          {t(`manageAnnouncements.status.${status}`)}
                        </span>
                        {a.pinned && (
                          <span className="badge badge-warning" data-testid="pinned">
                            {t('announcement.pinned')}
                          </span>
                        )}
                      </td>
                      <td data-label={t('manageAnnouncements.col.times')} className="small">
                        <span className="block nowrap">{t('manageAnnouncements.publishAt', { date: dateTime(a.publishAt) })}</span>
                        <span className="block nowrap muted">
                          {a.expiresAt ? t('manageAnnouncements.expiresAt', { date: dateTime(a.expiresAt) }) : t('manageAnnouncements.noExpiry')}
                        </span>
                      </td>
                      <td data-label={t('manageAnnouncements.col.actions')} className="actions-cell">
                        {a.viewerCan.edit && (
                          <>
                            <button type="button" className="button button-small" onClick={() => setEditing({ announcement: a, justSaved: false })}>
                              {t('common.edit')}
                              <span className="sr-only"> {a.title}</span>
                            </button>
                            <button type="button" className="button button-small button-danger" onClick={() => setDeleting(a)}>
                              {t('common.delete')}
                              <span className="sr-only"> {a.title}</span>
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                    <tr id={bodyId} className="attempts-row announcement-body-row" hidden={!expanded}>
                      <td colSpan={4}>
                        {expanded && (
                          <>
                            <AnnouncementBody html={a.bodyHtml} />
                            <AttachmentList attachments={a.attachments} />
                          </>
                        )}
                      </td>
                    </tr>
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      </PagedList>

      <Dialog
        open={editing !== null}
        title={editing?.announcement ? t('manageAnnouncements.editTitle') : t('manageAnnouncements.addTitle')}
        onClose={closeEditor}
        fallbackFocus="#announcements-heading"
      >
        {editing && (
          <AnnouncementForm
            key={editing.announcement ? `${editing.announcement.id}:${editing.announcement.updatedAt}` : 'new'}
            announcement={editing.announcement}
            targets={targets}
            defaultKind={kind ?? 'NEWS'}
            justSaved={editing.justSaved}
            onSaved={onSaved}
            onAttachmentsChange={onAttachmentsChange}
            onClose={closeEditor}
          />
        )}
      </Dialog>

      <Dialog open={deleting !== null} title={t('manageAnnouncements.deleteTitle')} onClose={closeDelete} size="narrow" fallbackFocus="#announcements-heading">
        {deleting && (
          <>
            <p>{t('manageAnnouncements.deleteBody', { title: deleting.title })}</p>
            <div className="form-actions">
              <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove(deleting)}>
                {t('common.delete')}
              </button>
              <button type="button" className="button" onClick={closeDelete} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}
