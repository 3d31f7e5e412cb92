import { useI18n } from '../i18n';

export interface PublicContact {
  id: string;
  name: string;
  title?: string | null;
  phone?: string | null;
  extension?: string | null;
  email?: string | null;
  duty?: string | null;
}

/** Digits and + only, for tel: links. */
export function telHref(phone: string, extension?: string | null): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return extension ? `tel:${digits},${extension.replace(/\D/g, '')}` : `tel:${digits}`;
}

/** How a contact reads in the public directory and on unit pages. */
export function ContactDetails({ contact }: { contact: PublicContact }) {
  const { t } = useI18n();
  return (
    <div className="contact-details">
      <p className="contact-name">
        <strong>{contact.name}</strong>
        {contact.title && <span className="contact-title">{contact.title}</span>}
      </p>
      {contact.duty && <p className="contact-duty">{contact.duty}</p>}
      <ul className="contact-means">
        {contact.phone && (
          <li>
            <span className="means-label">{t('contact.phone')}</span>
            <a href={telHref(contact.phone, contact.extension)}>{contact.phone}</a>
            {contact.extension && <span> {t('contact.ext', { ext: contact.extension })}</span>}
          </li>
        )}
        {contact.email && (
          <li>
            <span className="means-label">{t('contact.email')}</span>
            <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </li>
        )}
      </ul>
    </div>
  );
}
