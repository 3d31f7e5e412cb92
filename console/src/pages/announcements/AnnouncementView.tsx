import { useId, useState } from 'react';
import type { PublicAnnouncementFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { fileTypeLabel, formatFileSize } from './model';

export interface AttachmentLink {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

/** An announcement as the views show it. */
export type ShownAnnouncement = PublicAnnouncementFragment;

/** The server's rendered Markdown: sanitized there (no scripts, handlers, styles), so set as HTML. */
export function AnnouncementBody({ html }: { html: string }) {
  const { t } = useI18n();
  if (html.trim() === '') return <p className="muted small">{t('announcement.noBody')}</p>;
  return <div className="announcement-body" data-testid="announcement-body" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Download links with the file's type and size. */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentLink[] | undefined }) {
  const { t } = useI18n();
  if (!attachments || attachments.length === 0) return null;
  return (
    <div className="attachment-block">
      <p className="attachment-heading">{t('attachments.title')}</p>
      <ul className="attachment-list" data-testid="attachment-list">
        {attachments.map((a) => (
          <li key={a.id} data-testid="attachment">
            <a href={a.url} download={a.fileName}>
              <span aria-hidden="true" className="attachment-icon">
                ⤓
              </span>
              {a.fileName}
            </a>{' '}
            <span className="muted small">
              {t('attachments.meta', { type: fileTypeLabel(a.contentType), size: formatFileSize(a.sizeBytes) })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Date (Taipei), publisher and pinned badge of an announcement. */
export function AnnouncementMeta({ announcement: a }: { announcement: ShownAnnouncement }) {
  const { t, date } = useI18n();
  return (
    <p className="announcement-meta">
      <time dateTime={a.publishAt} data-testid="announcement-date">
        {date(a.publishAt)}
      </time>
      <span className="announcement-unit">{a.unit ? a.unit.name : t('announcement.network')}</span>
      {a.pinned && (
        <span className="badge badge-warning" data-testid="pinned">
          {t('announcement.pinned')}
        </span>
      )}
    </p>
  );
}

/**
 * One announcement in a feed: its title opens and closes the text in place (there is no
 * single-announcement query, and the list already holds everything to show).
 */
export function AnnouncementItem({ announcement: a, level = 3 }: { announcement: ShownAnnouncement; level?: 2 | 3 }) {
  const { t, dateTime } = useI18n();
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <li className={`announcement-item ${a.pinned ? 'is-pinned' : ''}`} data-testid="announcement-item" data-announcement-id={a.id} data-kind={a.kind}>
      <Heading className="announcement-title">
        <button type="button" className="announcement-toggle" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true" className="announcement-chevron">
            {open ? '▾' : '▸'}
          </span>
          <span>{a.title}</span>
          {a.attachments.length > 0 && (
            <span className="badge badge-muted announcement-clip">{t('attachments.count', { n: a.attachments.length })}</span>
          )}
        </button>
      </Heading>
      <AnnouncementMeta announcement={a} />
      <div id={detailId} className="announcement-detail" hidden={!open} data-testid="announcement-detail">
        {open && (
          <>
            <AnnouncementBody html={a.bodyHtml} />
            <AttachmentList attachments={a.attachments} />
            <p className="muted small announcement-times">
              {t('announcement.publishedAt', { date: dateTime(a.publishAt) })}
              {a.expiresAt && <> · {t('announcement.expiresAt', { date: dateTime(a.expiresAt) })}</>}
            </p>
          </>
        )}
      </div>
    </li>
  );
}
