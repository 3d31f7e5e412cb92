import { useId, useRef } from 'react';
import { request } from '../../api/client';
import { errorParam, inputErrorText, LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { useAnnounce } from '../../components/Announcer';
import { ActionError } from '../../components/ErrorView';
import { FieldErrors } from '../../components/Field';
import { DeleteAttachmentDocument, type ManagedAnnouncementFragment } from '../../gql/graphql';
import { useI18n, type Locale, type Translate } from '../../i18n';
import { ATTACHMENT_ACCEPT, fileTypeLabel, formatFileSize } from './model';
import { uploadAttachment } from './upload';

type Attachment = ManagedAnnouncementFragment['attachments'][number];

/** An upload error in the user's language; a file too large names the limit the server gave. */
export function fileErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (error.code === 'TOO_LONG' && locale === 'zh-TW') {
    const max = errorParam(error, 'maxMiB');
    if (max) return t('attachments.tooLarge', { max });
  }
  return inputErrorText({ ...error, field: 'file' }, t, locale);
}

/**
 * The files of a saved announcement: download links, 移除 buttons, and an upload control
 * listing the accepted types, its errors beside it (INVALID_FORMAT, TOO_LONG…).
 */
export function AttachmentManager({ announcement, onChange }: {
  announcement: ManagedAnnouncementFragment;
  onChange: (attachments: Attachment[]) => void;
}) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const id = useId();
  const headingId = `${id}-heading`;
  const inputId = `${id}-file`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const inputRef = useRef<HTMLInputElement>(null);
  const change = useMutation();
  const { errors, failure, busy, setErrors } = change;
  const attachments = announcement.attachments;

  const shown: InputErrorLike[] = errors.map((e) => ({ field: 'file', code: LOCAL_ERROR, message: fileErrorText(e, t, locale) }));

  const upload = async () => {
    const file = inputRef.current?.files?.[0];
    if (!file) {
      setErrors([{ field: 'file', code: LOCAL_ERROR, message: t('attachments.chooseFile') }]);
      inputRef.current?.focus();
      return;
    }
    const result = await change.run(async () => {
      const r = await uploadAttachment(announcement.id, file);
      return r.errors ? { errors: r.errors, attachment: null } : { errors: [], attachment: r.attachment };
    });
    if (!result) return;
    if (!result.attachment) {
      inputRef.current?.focus();
      return;
    }
    if (inputRef.current) inputRef.current.value = '';
    onChange([...attachments, result.attachment]);
    announce(t('attachments.uploaded', { name: result.attachment.fileName }));
  };

  const remove = async (attachment: Attachment) => {
    // An attachment already gone is as good as removed.
    const payload = await change.run(async () => {
      const { deleteAttachment } = await request(DeleteAttachmentDocument, { id: attachment.id });
      const refused = deleteAttachment.errors.some((e) => e.code !== 'NOT_FOUND');
      return { errors: refused ? deleteAttachment.errors.map((e) => ({ ...e, field: 'file' })) : [] };
    });
    if (!payload || payload.errors.length > 0) return;
    onChange(attachments.filter((a) => a.id !== attachment.id));
    announce(t('attachments.removed', { name: attachment.fileName }));
    // Its button is gone: continue at the upload control.
    inputRef.current?.focus();
  };

  return (
    <section className="attachment-manager" aria-labelledby={headingId} data-testid="attachment-manager">
      <h3 id={headingId}>{t('attachments.title')}</h3>
      {attachments.length === 0 ? (
        <p className="muted small">{t('attachments.none')}</p>
      ) : (
        <ul className="attachment-list attachment-edit-list" data-testid="attachment-list">
          {attachments.map((a) => (
            <li key={a.id} data-testid="attachment">
              <span>
                <a href={a.url} download={a.fileName}>
                  <span aria-hidden="true" className="attachment-icon">
                    ⤓
                  </span>
                  {a.fileName}
                </a>{' '}
                <span className="muted small">{t('attachments.meta', { type: fileTypeLabel(a.contentType), size: formatFileSize(a.sizeBytes) })}</span>
              </span>
              <button type="button" className="button button-small attachment-remove" disabled={busy} onClick={() => void remove(a)}>
                {t('attachments.remove')}
                <span className="sr-only"> {a.fileName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className={`field attachment-upload ${errors.length > 0 ? 'field-invalid' : ''}`}>
        <label htmlFor={inputId} className="field-label">
          {t('attachments.upload')}
        </label>
        <p className="field-hint" id={hintId}>
          {t('attachments.uploadHint')}
        </p>
        <FieldErrors id={errors.length > 0 ? errorId : undefined} errors={shown} />
        <div className="upload-row">
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            name="file"
            accept={ATTACHMENT_ACCEPT}
            aria-describedby={errors.length > 0 ? `${errorId} ${hintId}` : hintId}
            aria-invalid={errors.length > 0 ? true : undefined}
            onChange={() => setErrors([])}
          />
          <button type="button" className="button" disabled={busy} onClick={() => void upload()}>
            {busy ? t('attachments.uploading') : t('attachments.uploadButton')}
          </button>
        </div>
      </div>
      <ActionError error={failure} />
    </section>
  );
}
