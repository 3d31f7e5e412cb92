import type { ContactFieldsFragment } from '../../gql/graphql';
import { useI18n, type Translate } from '../../i18n';

type Contact = Pick<ContactFieldsFragment, 'emailSuppressed' | 'lastEmail'>;
type LastEmail = NonNullable<ContactFieldsFragment['lastEmail']>;

/** How the latest message to a contact is doing, in a few words. */
export function lastEmailText(last: LastEmail, t: Translate, dateTime: (v: string) => string): string {
  switch (last.status) {
    case 'SENT':
      return t('email.last.SENT', { date: dateTime(last.sentAt ?? last.createdAt) });
    case 'SENDING':
      return t('email.last.SENDING');
    case 'DEAD':
      return last.lastError ? t('email.last.deadWithError', { error: last.lastError }) : t('email.last.DEAD');
    case 'PENDING':
      return last.lastError ? t('email.last.retry', { error: last.lastError }) : t('email.last.PENDING');
  }
}

const TONE: Record<LastEmail['status'], string> = {
  SENT: 'tone-success',
  SENDING: '',
  PENDING: '',
  DEAD: 'tone-danger',
};

/**
 * A contact's email delivery: a warning when the address bounced (mail to it is
 * suppressed until the address is edited), and the latest message's state.
 */
export function EmailStatus({ contact }: { contact: Contact }) {
  const { t, dateTime } = useI18n();
  const suppressed = contact.emailSuppressed;
  const last = contact.lastEmail;
  if (!suppressed && !last) return null;
  const tone = last ? (last.status === 'PENDING' && last.lastError ? 'tone-warning' : TONE[last.status]) : '';
  return (
    <div className="email-status" data-testid="email-status">
      {suppressed && (
        <div className="email-suppressed" data-testid="email-suppressed">
          <span className="badge badge-warning">
            <span aria-hidden="true">⚠ </span>
            {t('email.suppressed')}
          </span>
          <span className="small muted">{t('email.suppressedHint')}</span>
          <details className="inline-details">
            <summary>
              {t('email.suppressedDetails')}
              <span className="sr-only">：{t('email.suppressed')}</span>
            </summary>
            <p className="small">
              {t('email.suppressedSince', { date: dateTime(suppressed.at) })}
              {suppressed.reason && (
                <>
                  <br />
                  {t('email.suppressedReason', { reason: suppressed.reason })}
                </>
              )}
            </p>
          </details>
        </div>
      )}
      {last && (
        <p className="email-last small" data-testid="last-email" data-status={last.status}>
          <span className="muted">{t('email.last')}</span>
          <span className={`email-last-state ${tone}`}>{lastEmailText(last, t, dateTime)}</span>
          <span className="muted email-last-subject">{t('email.subject', { subject: last.subject })}</span>
        </p>
      )}
    </div>
  );
}
