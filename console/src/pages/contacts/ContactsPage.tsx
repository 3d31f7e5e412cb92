import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { request } from '../../api/client';
import { paths } from '../../api/domain';
import { useSession } from '../../api/session';
import { useMutation } from '../../api/useMutation';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { ContactDetails } from '../../components/ContactCard';
import { Dialog } from '../../components/Dialog';
import { ActionError, ErrorView, NoPermission, NotFound } from '../../components/ErrorView';
import { FormErrors } from '../../components/Field';
import { Loading, PageTitle } from '../../components/Page';
import {
  ConfirmContactsDocument,
  DeleteContactDocument,
  ReorderContactsDocument,
  UnitContactsDocument,
  UpdateContactDocument,
  type ContactFieldsFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { daysSince } from '../../i18n/format';
import { ContactForm } from './ContactForm';
import { EmailStatus } from './EmailStatus';
import { moveItem } from './reorder';

type Contact = ContactFieldsFragment;
const STALE_DAYS = 180;

export function ContactsPage({ code }: { code: string }) {
  const { t, date } = useI18n();
  const announce = useAnnounce();
  const session = useSession();
  const query = useQuery(UnitContactsDocument, { code });
  const unit = query.data?.orgUnit;

  const [contacts, setContacts] = useState<Contact[]>([]);
  const [confirmedAt, setConfirmedAt] = useState<string | null>(null);
  useEffect(() => {
    setContacts(unit?.contacts ?? []);
    setConfirmedAt(unit?.contactsConfirmedAt ?? null);
  }, [unit]);

  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  // One change at a time on this page; its errors and failure show above the list.
  const page = useMutation();
  const focusAfterMove = useRef<{ id: string; direction: 'up' | 'down' } | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  // Keep the keyboard where it was after a move: on the same contact's button, or on
  // its other move button when the contact reached the top or the bottom.
  useLayoutEffect(() => {
    const pending = focusAfterMove.current;
    if (!pending || !listRef.current) return;
    focusAfterMove.current = null;
    const button = (dir: string) =>
      listRef.current?.querySelector<HTMLButtonElement>(`[data-contact-id="${pending.id}"] [data-move="${dir}"]`);
    const same = button(pending.direction);
    const target = same && !same.disabled ? same : button(pending.direction === 'up' ? 'down' : 'up');
    target?.focus();
  }, [contacts]);

  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  if (!unit) return <NotFound />;
  if (!unit.viewerCan.readContacts) return <NoPermission />;

  const canEdit = unit.viewerCan.editContacts;
  // A breadcrumb back to the governing unit's list, when the viewer came from there.
  const showBreadcrumb = session.status === 'ready' && !session.units.some((u) => u.unit.id === unit.id);

  const move = async (index: number, delta: -1 | 1) => {
    const contact = contacts[index];
    if (!contact || page.busy) return;
    const keepFocus = () => {
      focusAfterMove.current = { id: contact.id, direction: delta < 0 ? 'up' : 'down' };
    };
    const reordered = moveItem(contacts, index, delta);
    const payload = await page.run(async () => {
      keepFocus();
      setContacts(reordered); // at once; the server's answer follows
      return (await request(ReorderContactsDocument, { unitId: unit.id, contactIds: reordered.map((c) => c.id) })).reorderContacts;
    });
    keepFocus();
    if (!payload || payload.errors.length > 0 || !payload.unit) {
      setContacts(contacts);
      return;
    }
    setContacts(payload.unit.contacts);
    const position = payload.unit.contacts.findIndex((c) => c.id === contact.id) + 1;
    announce(t('contacts.moved', { name: contact.name, position }));
  };

  const togglePublic = async (contact: Contact) => {
    const payload = await page.run(async () =>
      (await request(UpdateContactDocument, { input: { id: contact.id, isPublic: !contact.isPublic } })).updateContact,
    );
    if (!payload?.contact || payload.errors.length > 0) return;
    const saved = payload.contact;
    setContacts((list) => list.map((c) => (c.id === saved.id ? saved : c)));
    announce(t(saved.isPublic ? 'contacts.published' : 'contacts.hidden', { name: saved.name }));
  };

  const confirmAll = async () => {
    const payload = await page.run(async () => (await request(ConfirmContactsDocument, { unitId: unit.id })).confirmContacts);
    if (!payload?.unit || payload.errors.length > 0) return;
    setContacts(payload.unit.contacts);
    setConfirmedAt(payload.unit.contactsConfirmedAt ?? null);
    announce(t('contacts.confirmed', { date: date(payload.unit.contactsConfirmedAt ?? new Date()) }));
  };

  const remove = async (contact: Contact) => {
    const payload = await page.run(async () => (await request(DeleteContactDocument, { id: contact.id })).deleteContact);
    if (!payload) return;
    setDeleting(null);
    if (payload.errors.length > 0) return;
    setContacts((list) => list.filter((c) => c.id !== contact.id));
    announce(t('contacts.deleted', { name: contact.name }));
  };

  const onSaved = (saved: Contact, created: boolean) => {
    setEditing(null);
    setContacts((list) => (created ? [...list, saved] : list.map((c) => (c.id === saved.id ? saved : c))));
    announce(t(created ? 'contacts.created' : 'contacts.saved', { name: saved.name }));
  };

  const age = confirmedAt ? daysSince(confirmedAt) : null;
  const stale = age === null || age > STALE_DAYS;

  return (
    <>
      {showBreadcrumb && unit.parent && (
        <p className="breadcrumb">
          <Link href={paths.units(unit.parent.code)}>{t('units.titleWithin', { unit: unit.parent.name })}</Link>
        </p>
      )}
      <PageTitle
        lead={
          <>
            <p>{t('contacts.intro')}</p>
            <p className={`confirm-status ${stale ? 'stale' : ''}`} data-testid="confirmed-at">
              {confirmedAt ? t('contacts.lastConfirmed', { date: date(confirmedAt) }) : t('contacts.neverConfirmed')}
              {confirmedAt && stale && <span className="badge badge-warning">{t('contacts.staleWarning')}</span>}
            </p>
          </>
        }
        actions={
          <>
            {/* A school's roster, for those who may read it. */}
            {unit.kind === 'SCHOOL' && unit.viewerCan.readTeachers && (
              <Link href={paths.teachers(unit.code)} className="button button-quiet">
                {t('nav.teachers')}
              </Link>
            )}
            <Link href={paths.publicUnit(unit.code)} className="button button-quiet">
              {t('contacts.publicPage')}
            </Link>
          </>
        }
      >
        {t('contacts.title', { unit: unit.name })}
      </PageTitle>

      {!canEdit && <p className="alert alert-info">{t('contacts.readOnly')}</p>}
      <ActionError error={page.failure} />
      <FormErrors errors={page.errors} />

      {canEdit && (
        <div className="toolbar">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            <span aria-hidden="true">＋</span> {t('contacts.add')}
          </button>
          <div className="toolbar-confirm">
            <button type="button" className="button button-success" onClick={() => void confirmAll()} disabled={contacts.length === 0}>
              <span aria-hidden="true">✓</span> {t('contacts.confirm')}
            </button>
            <span className="muted small">{t('contacts.confirmHint')}</span>
          </div>
        </div>
      )}

      <h2 id="contacts-heading" tabIndex={-1} className="sr-only">
        {t('contacts.list')}
      </h2>
      {contacts.length === 0 ? (
        <p className="empty card">{t('contacts.empty')}</p>
      ) : (
        <ol className="contact-list" ref={listRef} aria-labelledby="contacts-heading" data-testid="contact-list">
          {contacts.map((c, index) => (
            <li key={c.id} className={`card contact-item ${c.isPublic ? '' : 'is-hidden'}`} data-contact-id={c.id} data-testid="contact-item">
              <span className="contact-position" aria-hidden="true">
                {index + 1}
              </span>
              <div className="contact-main">
                <ContactDetails contact={c} />
                <p className="contact-meta">
                  <span className={`badge ${c.isPublic ? 'badge-success' : 'badge-muted'}`} data-testid="visibility">
                    {c.isPublic ? t('contact.public') : t('contact.hidden')}
                  </span>
                  {c.receivesEmail && (
                    <span className="badge" data-testid="receives-email">
                      {t('contact.receivesEmail')}
                    </span>
                  )}
                  <span className="muted small">{t('contacts.updatedAt', { date: date(c.updatedAt) })}</span>
                </p>
                <EmailStatus contact={c} />
              </div>
              {canEdit && c.viewerCan.edit && (
                <div className="contact-actions">
                  <div className="button-group" role="group" aria-label={t('contacts.position', { n: index + 1 })}>
                    <button type="button" className="button button-small" data-move="up" disabled={index === 0} onClick={() => void move(index, -1)}>
                      <span aria-hidden="true">↑</span> {t('contacts.moveUp')}
                      <span className="sr-only"> {c.name}</span>
                    </button>
                    <button type="button" className="button button-small" data-move="down" disabled={index === contacts.length - 1} onClick={() => void move(index, 1)}>
                      <span aria-hidden="true">↓</span> {t('contacts.moveDown')}
                      <span className="sr-only"> {c.name}</span>
                    </button>
                  </div>
                  <button type="button" className="button button-small" onClick={() => setEditing(c)}>
                    {t('common.edit')}
                    <span className="sr-only"> {c.name}</span>
                  </button>
                  <button type="button" className="button button-small" onClick={() => void togglePublic(c)} data-action="toggle-public">
                    {c.isPublic ? t('contacts.hide') : t('contacts.publish')}
                    <span className="sr-only"> {c.name}</span>
                  </button>
                  <button type="button" className="button button-small button-danger" onClick={() => setDeleting(c)}>
                    {t('common.delete')}
                    <span className="sr-only"> {c.name}</span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}

      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('contacts.addTitle') : t('contacts.editTitle')}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <ContactForm
            unitId={unit.id}
            contact={editing === 'new' ? null : editing}
            onSaved={onSaved}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>

      <Dialog
        open={deleting !== null}
        title={t('contacts.deleteTitle')}
        onClose={() => setDeleting(null)}
        size="narrow"
        // The deleted contact's button is gone: continue at the list.
        fallbackFocus="#contacts-heading"
      >
        {deleting && (
          <>
            <p>{t('contacts.deleteBody', { name: deleting.name })}</p>
            <div className="form-actions">
              <button type="button" className="button button-danger" disabled={page.busy} onClick={() => void remove(deleting)}>
                {t('common.delete')}
              </button>
              <button type="button" className="button" onClick={() => setDeleting(null)} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}
