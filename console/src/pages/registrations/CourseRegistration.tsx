// 報名 on a course's page: the signed-in teacher registers (admitted while seats are
// free, on the waitlist after), sees their status and cancels; a visitor is asked to sign
// in while registration is open. The buttons follow the server's flags.
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { request } from '../../api/client';
import { paths } from '../../api/domain';
import { useMutation } from '../../api/useMutation';
import { useSession } from '../../api/session';
import { Dialog } from '../../components/Dialog';
import { ActionError } from '../../components/ErrorView';
import { FormErrors } from '../../components/Field';
import {
  CancelRegistrationDocument,
  RegisterDocument,
  type CourseDetailFieldsFragment,
  type OwnRegistrationFieldsFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { localizeRegistrationErrors, REGISTRATION_BADGE, registrationStatusText } from './model';

type Notice = { kind: 'registered'; registration: OwnRegistrationFieldsFragment } | { kind: 'cancelled' };

/** Whether the course page shows the registration panel at all. */
export function showsRegistration(course: CourseDetailFieldsFragment, signedIn: boolean): boolean {
  if (!signedIn) return course.registrationOpen;
  return course.viewerCan.register || course.viewerRegistration !== null;
}

export function CourseRegistration({ course, onChange }: { course: CourseDetailFieldsFragment; onChange: () => void }) {
  const { t, locale, dateTime } = useI18n();
  const session = useSession();
  const [location] = useLocation();
  const mutation = useMutation();
  const { busy, errors, failure } = mutation;
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirming, setConfirming] = useState(false);

  const mine = course.viewerRegistration;
  const signedIn = session.me !== null;

  const run = async (action: 'register' | 'cancel') => {
    setNotice(null);
    if (action === 'register') {
      const p = await mutation.run(async () => (await request(RegisterDocument, { courseId: course.id })).register);
      if (!p?.registration || p.errors.length > 0) return;
      setNotice({ kind: 'registered', registration: p.registration });
    } else {
      const p = await mutation.run(async () => (await request(CancelRegistrationDocument, { courseId: course.id })).cancelRegistration);
      setConfirming(false);
      if (!p?.registration || p.errors.length > 0) return;
      setNotice({ kind: 'cancelled' });
    }
    onChange();
  };

  return (
    <section className="card registration-panel" aria-labelledby="registration-heading" data-testid="registration-panel">
      <h2 id="registration-heading">{t('registration.panelTitle')}</h2>
      {/* Always there, so each outcome is read out. */}
      <div role="status" aria-live="polite" data-testid="registration-notice">
        {notice && <NoticeView notice={notice} />}
      </div>
      {!signedIn ? (
        <p>
          {t('registration.signInFirst')} <Link href={paths.signIn(location)}>{t('registration.signInToRegister')}</Link>
        </p>
      ) : mine ? (
        <>
          <p className="registration-state">
            {t('registration.yourStatus')}{' '}
            <span className={`badge ${REGISTRATION_BADGE[mine.status]}`} data-testid="registration-status">
              {registrationStatusText(mine.status, mine.waitlistPosition, t)}
            </span>{' '}
            <span className="small muted">{t('registration.registeredAt', { at: dateTime(mine.registeredAt) })}</span>
          </p>
          <p className="small muted">{mine.status === 'ADMITTED' ? t('registration.admittedHint') : t('registration.waitlistHint')}</p>
          {mine.viewerCan.cancel ? (
            <button type="button" className="button button-danger" disabled={busy} onClick={() => setConfirming(true)} data-action="cancel-registration">
              {t('registration.cancel')}
            </button>
          ) : (
            <p className="small muted">{t('registration.cannotCancel')}</p>
          )}
        </>
      ) : course.viewerCan.register ? (
        <>
          <p>{course.seatsLeft > 0 ? t('registration.seatsOpen', { left: course.seatsLeft }) : t('registration.fullWaitlist')}</p>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void run('register')} data-action="register">
            {busy ? t('registration.registering') : t('registration.register')}
          </button>
        </>
      ) : null}
      {(errors.length > 0 || failure !== null) && (
        <div className="action-feedback" data-testid="registration-errors">
          <FormErrors errors={localizeRegistrationErrors(errors, t, locale)} title={t('registration.failed')} />
          <ActionError error={failure} />
        </div>
      )}

      <Dialog open={confirming} title={t('registration.cancelTitle')} onClose={() => setConfirming(false)} size="narrow" fallbackFocus="#registration-heading">
        {confirming && (
          <>
            <p>{t('registration.cancelBody', { title: course.title })}</p>
            <div className="form-actions">
              <button type="button" className="button button-danger" disabled={busy} onClick={() => void run('cancel')}>
                {t('registration.cancelConfirm')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} data-autofocus>
                {t('registration.keep')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </section>
  );
}

function NoticeView({ notice }: { notice: Notice }) {
  const { t } = useI18n();
  if (notice.kind === 'cancelled') return <p className="alert alert-success">{t('registration.cancelled')}</p>;
  const r = notice.registration;
  return r.status === 'ADMITTED' ? (
    <p className="alert alert-success" data-outcome="ADMITTED">
      {t('registration.outcomeAdmitted')}
    </p>
  ) : (
    <p className="alert alert-warning" data-outcome="WAITLISTED">
      {r.waitlistPosition ? t('registration.outcomeWaitlisted', { n: r.waitlistPosition }) : t('registration.outcomeWaitlistedNoPosition')}
    </p>
  );
}
