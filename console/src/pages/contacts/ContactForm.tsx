import { useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { useMutation } from '../../api/useMutation';
import { ActionError } from '../../components/ErrorView';
import { CheckboxField, FormActions, FormErrors, TextAreaField, TextField } from '../../components/Field';
import { CreateContactDocument, UpdateContactDocument, type ContactFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { EmailStatus } from './EmailStatus';

/** Input names of the contact mutations; errors for these appear beside their field. */
export const CONTACT_FIELDS = ['name', 'title', 'phone', 'extension', 'email', 'receivesEmail', 'duty', 'isPublic'] as const;

interface Draft {
  name: string;
  title: string;
  phone: string;
  extension: string;
  email: string;
  duty: string;
  isPublic: boolean;
  receivesEmail: boolean;
}

function draftOf(contact: ContactFieldsFragment | null): Draft {
  return {
    name: contact?.name ?? '',
    title: contact?.title ?? '',
    phone: contact?.phone ?? '',
    extension: contact?.extension ?? '',
    email: contact?.email ?? '',
    duty: contact?.duty ?? '',
    isPublic: contact?.isPublic ?? false,
    receivesEmail: contact?.receivesEmail ?? false,
  };
}

/** Blank optional fields are sent as null, which clears them. */
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

export function ContactForm({ unitId, contact, onSaved, onCancel }: {
  unitId: string;
  /** null to add a contact. */
  contact: ContactFieldsFragment | null;
  onSaved: (saved: ContactFieldsFragment, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(contact));
  const formRef = useRef<HTMLFormElement>(null);
  const save = useMutation({ fields: CONTACT_FIELDS });

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields = {
      name: draft.name.trim(),
      title: orNull(draft.title),
      phone: orNull(draft.phone),
      extension: orNull(draft.extension),
      email: orNull(draft.email),
      duty: orNull(draft.duty),
      isPublic: draft.isPublic,
      receivesEmail: draft.receivesEmail,
    };
    const payload = await save.run(async () =>
      contact
        ? (await request(UpdateContactDocument, { input: { id: contact.id, ...fields } })).updateContact
        : (await request(CreateContactDocument, { input: { unitId, ...fields } })).createContact,
    );
    if (!payload) return;
    if (payload.errors.length > 0 || !payload.contact) {
      // Move focus to the first field in error, so its message is read out.
      const first = CONTACT_FIELDS.find((f) => payload.errors.some((er) => er.field === f));
      const el = first ? formRef.current?.elements.namedItem(first) : null;
      if (el instanceof HTMLElement) el.focus();
      return;
    }
    onSaved(payload.contact, !contact);
  };

  const { grouped, busy } = save;
  const hasFieldErrors = Object.keys(grouped.byField).length > 0;
  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate className="form" data-testid="contact-form">
      {hasFieldErrors && <p className="alert alert-error" role="alert">{t('common.formHasErrors')}</p>}
      <FormErrors errors={grouped.general} />
      <ActionError error={save.failure} />
      <div className="form-grid">
        <TextField label={t('contact.name')} name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} errors={grouped.byField.name} required autoComplete="off" data-autofocus />
        <TextField label={t('contact.title')} name="title" value={draft.title} onChange={(e) => set('title', e.target.value)} errors={grouped.byField.title} autoComplete="off" />
        <TextField label={t('contact.phone')} name="phone" type="tel" value={draft.phone} onChange={(e) => set('phone', e.target.value)} errors={grouped.byField.phone} autoComplete="off" placeholder="02-2345-6789" />
        <TextField label={t('contact.extension')} name="extension" inputMode="numeric" value={draft.extension} onChange={(e) => set('extension', e.target.value)} errors={grouped.byField.extension} autoComplete="off" />
        <TextField className="span-2" label={t('contact.email')} name="email" type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} errors={grouped.byField.email} autoComplete="off" />
        <CheckboxField className="span-2" label={t('contact.receivesEmail')} hint={t('contact.receivesEmailHint')} name="receivesEmail" checked={draft.receivesEmail} onChange={(e) => set('receivesEmail', e.target.checked)} errors={grouped.byField.receivesEmail} />
        {contact && (contact.emailSuppressed || contact.lastEmail) && (
          <div className="span-2 form-email-status">
            <EmailStatus contact={contact} />
          </div>
        )}
        <TextAreaField className="span-2" label={t('contact.duty')} name="duty" rows={3} value={draft.duty} onChange={(e) => set('duty', e.target.value)} errors={grouped.byField.duty} />
        <CheckboxField className="span-2" label={t('contact.isPublic')} hint={t('contact.isPublicHint')} name="isPublic" checked={draft.isPublic} onChange={(e) => set('isPublic', e.target.checked)} errors={grouped.byField.isPublic} />
      </div>
      <FormActions busy={busy} submit={t('common.save')} onCancel={onCancel} />
    </form>
  );
}
