import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { ANNOUNCEMENT_KINDS } from '../../api/domain';
import type { InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { ActionError } from '../../components/ErrorView';
import { CheckboxField, FormErrors, SelectField, TextAreaField, TextField } from '../../components/Field';
import { CreateAnnouncementDocument, UpdateAnnouncementDocument, type AnnouncementKind, type ManagedAnnouncementFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { AnnouncementBody } from './AnnouncementView';
import { AttachmentManager } from './AttachmentManager';
import { ANNOUNCEMENT_FIELDS, createInput, draftOf, updateInput, type AnnouncementDraft, type PublishTarget } from './model';

export type ManagedAnnouncement = ManagedAnnouncementFragment;

/**
 * Create or edit an announcement. After saving, the form stays open on the saved
 * announcement and shows its text as the server rendered it (there is no preview
 * endpoint; the Markdown is rendered and sanitized only on the server).
 */
export function AnnouncementForm({ announcement, targets, defaultKind, justSaved, onSaved, onAttachmentsChange, onClose }: {
  /** null to write a new one. */
  announcement: ManagedAnnouncement | null;
  targets: PublishTarget[];
  defaultKind: AnnouncementKind;
  /** The announcement was saved a moment ago: say so and show the rendered text. */
  justSaved: boolean;
  onSaved: (saved: ManagedAnnouncement, created: boolean) => void;
  onAttachmentsChange: (attachments: ManagedAnnouncement['attachments']) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [initial] = useState<AnnouncementDraft>(() =>
    draftOf(announcement, { kind: defaultKind, unitId: targets[0]?.unit?.id ?? '' }),
  );
  const [draft, setDraft] = useState<AnnouncementDraft>(initial);
  const saving = useMutation({ fields: ANNOUNCEMENT_FIELDS });
  const { grouped, failure, busy } = saving;
  const formRef = useRef<HTMLFormElement>(null);
  const formId = useId();
  const savedRef = useRef<HTMLDivElement>(null);

  // After a save the button that was pressed may be gone: continue at the notice (read
  // out as it takes focus; the toast says the same, so the notice is no live region).
  useEffect(() => {
    if (justSaved) savedRef.current?.focus();
  }, [justSaved]);

  const set = <K extends keyof AnnouncementDraft>(key: K, value: AnnouncementDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const focusFirstError = (list: readonly InputErrorLike[]) => {
    // Focus the first field in error, so its message is read out.
    const first = ANNOUNCEMENT_FIELDS.find((f) => list.some((e) => e.field === f));
    const el = first ? formRef.current?.elements.namedItem(first) : null;
    if (el instanceof HTMLElement) el.focus();
  };

  /** Sends the draft (unless its times are unreadable: then only those errors). */
  const save = async (): Promise<{ announcement?: ManagedAnnouncement | null; errors: InputErrorLike[] }> => {
    const invalid = t('announcementForm.invalidDateTime');
    if (announcement) {
      const built = updateInput(announcement.id, draft, initial, invalid);
      if (built.errors) return { errors: built.errors };
      return (await request(UpdateAnnouncementDocument, { input: built.input })).updateAnnouncement;
    }
    const built = createInput(draft, invalid);
    if (built.errors) return { errors: built.errors };
    return (await request(CreateAnnouncementDocument, { input: built.input })).createAnnouncement;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = await saving.run(save);
    if (!payload) return;
    if (payload.errors.length > 0 || !payload.announcement) {
      focusFirstError(payload.errors);
      return;
    }
    onSaved(payload.announcement, !announcement);
  };

  const hasFieldErrors = Object.keys(grouped.byField).length > 0;
  const editing = announcement !== null;
  const unitName = (target: PublishTarget) => (target.unit ? target.unit.name : t('announcementForm.network'));

  return (
    <>
      <form id={formId} ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form announcement-form" data-testid="announcement-form">
        {justSaved && announcement && (
          <div className="alert alert-success saved-notice" tabIndex={-1} ref={savedRef} data-testid="saved-notice">
            <p className="alert-title">{t('announcementForm.saved', { title: announcement.title })}</p>
            <p className="small">{t('announcementForm.renderedBelow')}</p>
            <div className="rendered-preview" data-testid="rendered-preview">
              <AnnouncementBody html={announcement.bodyHtml} />
            </div>
          </div>
        )}
        {hasFieldErrors && (
          <p className="alert alert-error" role="alert">
            {t('common.formHasErrors')}
          </p>
        )}
        <FormErrors errors={grouped.general} />
        <ActionError error={failure} />
        <div className="form-grid">
          {editing ? (
            <div className="span-2 announcement-fixed">
              <dl className="facts">
                <div>
                  <dt>{t('announcementForm.kind')}</dt>
                  <dd>{t(`announcement.kind.${announcement.kind}`)}</dd>
                </div>
                <div>
                  <dt>{t('announcementForm.unit')}</dt>
                  <dd>{announcement.unit ? announcement.unit.name : t('announcementForm.network')}</dd>
                </div>
              </dl>
              <p className="muted small">{t('announcementForm.fixed')}</p>
            </div>
          ) : (
            <>
              <SelectField className="span-2" label={t('announcementForm.kind')} name="kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as AnnouncementKind)} errors={grouped.byField.kind} required>
                {ANNOUNCEMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`announcement.kind.${k}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                className="span-2"
                label={t('announcementForm.unit')}
                hint={t('announcementForm.unitHint')}
                name="unitId"
                value={draft.unitId}
                onChange={(e) => set('unitId', e.target.value)}
                errors={grouped.byField.unitId}
                required
              >
                {targets.map((target) => (
                  <option key={target.unit?.id ?? 'network'} value={target.unit?.id ?? ''}>
                    {unitName(target)}
                  </option>
                ))}
              </SelectField>
            </>
          )}
          <TextField
            className="span-2"
            label={t('announcementForm.title')}
            name="title"
            value={draft.title}
            onChange={(e) => set('title', e.target.value)}
            errors={grouped.byField.title}
            required
            autoComplete="off"
            maxLength={250}
            data-autofocus
          />
          <TextAreaField
            className="span-2"
            label={t('announcementForm.body')}
            hint={draft.kind === 'MARQUEE' ? `${t('announcementForm.bodyHint')} ${t('announcementForm.marqueeHint')}` : t('announcementForm.bodyHint')}
            name="bodyMarkdown"
            rows={8}
            value={draft.bodyMarkdown}
            onChange={(e) => set('bodyMarkdown', e.target.value)}
            errors={grouped.byField.bodyMarkdown}
          />
          <TextField
            label={t('announcementForm.publishAt')}
            hint={editing ? t('announcementForm.publishAtEditHint') : t('announcementForm.publishAtHint')}
            name="publishAt"
            type="datetime-local"
            value={draft.publishAt}
            onChange={(e) => set('publishAt', e.target.value)}
            errors={grouped.byField.publishAt}
          />
          <TextField
            label={t('announcementForm.expiresAt')}
            hint={t('announcementForm.expiresAtHint')}
            name="expiresAt"
            type="datetime-local"
            value={draft.expiresAt}
            onChange={(e) => set('expiresAt', e.target.value)}
            errors={grouped.byField.expiresAt}
          />
          <CheckboxField
            className="span-2"
            label={t('announcementForm.pinned')}
            hint={t('announcementForm.pinnedHint')}
            name="pinned"
            checked={draft.pinned}
            onChange={(e) => set('pinned', e.target.checked)}
            errors={grouped.byField.pinned}
          />
        </div>
      </form>
      {/* Outside the form: uploading is its own request, not part of saving. */}
      {announcement ? (
        <AttachmentManager announcement={announcement} onChange={onAttachmentsChange} />
      ) : (
        <section className="attachment-manager">
          <h3>{t('attachments.title')}</h3>
          <p className="muted small">{t('attachments.afterSave')}</p>
        </section>
      )}
      <div className="form-actions">
        <button type="submit" form={formId} className="button button-primary" disabled={busy}>
          {busy ? t('common.saving') : editing ? t('common.save') : t('announcementForm.publish')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {justSaved ? t('common.close') : t('common.cancel')}
        </button>
      </div>
    </>
  );
}
