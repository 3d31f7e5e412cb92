// 現場報名: the organizer types a teacher's personal code at the venue, checks the masked
// name and school the server answers, then registers them (a free seat needed; the
// registration window does not apply). Every lookup is audited by the server.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/client';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { ActionError } from '../../components/ErrorView';
import { FormErrors, TextField } from '../../components/Field';
import {
  LookupRegistrantDocument,
  RegisterOnsiteDocument,
  type LookupRegistrantQuery,
  type RegistrationFieldsFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { normalizePersonalCode } from '../teachers/model';
import { PersonalCode } from '../teachers/PersonalCode';
import { localizeRegistrationErrors, onsiteCodeProblem, REGISTRATION_BADGE, registrationStatusText } from './model';

type Found = LookupRegistrantQuery['lookupRegistrant'] & { code: string };

export function OnsitePanel({ courseId, onRegistered }: { courseId: string; onRegistered: (r: RegistrationFieldsFragment) => void }) {
  const { t, locale } = useI18n();
  const [code, setCode] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  // The lookup (it answers with errors like a mutation) and the registration.
  const mutation = useMutation();
  const { errors, failure, busy, setErrors } = mutation;
  const [done, setDone] = useState<RegistrationFieldsFragment | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  // Once a lookup is shown, the next step is to confirm it: Enter there registers.
  useEffect(() => {
    if (found) confirmButton.current?.focus();
  }, [found]);

  const focusCode = () => document.querySelector<HTMLInputElement>('#onsite-form [name="personalCode"]')?.focus();

  const lookup = async (e: FormEvent) => {
    e.preventDefault();
    setFound(null);
    setDone(null);
    const problem = onsiteCodeProblem(code);
    if (problem) {
      setErrors([{ field: 'personalCode', code: LOCAL_ERROR, message: t(problem === 'required' ? 'registration.error.codeRequired' : 'registration.error.codeFormat') }]);
      focusCode();
      return;
    }
    const personalCode = normalizePersonalCode(code);
    const r = await mutation.run(async () => (await request(LookupRegistrantDocument, { courseId, personalCode })).lookupRegistrant);
    if (!r) return;
    if (r.errors.length > 0) {
      focusCode();
      return;
    }
    setFound({ ...r, code: personalCode });
  };

  const register = async () => {
    if (!found) return;
    const p = await mutation.run(async () => (await request(RegisterOnsiteDocument, { courseId, personalCode: found.code })).registerOnsite);
    if (!p?.registration || p.errors.length > 0) return;
    setDone(p.registration);
    setFound(null);
    setCode('');
    onRegistered(p.registration);
    // Ready for the next teacher in the queue.
    focusCode();
  };

  const reset = () => {
    setFound(null);
    setErrors([]);
    setCode('');
    focusCode();
  };

  const localized = localizeRegistrationErrors(errors, t, locale);
  const onCode = localized.filter((e) => e.field === 'personalCode');
  const general = localized.filter((e) => e.field !== 'personalCode');

  return (
    <section className="card onsite-panel" aria-labelledby="onsite-heading" data-testid="onsite-panel">
      <h2 id="onsite-heading">{t('onsite.title')}</h2>
      <p className="muted">{t('onsite.intro')}</p>
      <div role="status" aria-live="polite" data-testid="onsite-notice">
        {done && (
          <p className="alert alert-success">
            {t('onsite.done', { name: done.teacherName, status: registrationStatusText(done.status, done.waitlistPosition, t) })}
          </p>
        )}
      </div>
      <form id="onsite-form" className="onsite-form" onSubmit={(e) => void lookup(e)} noValidate>
        <TextField
          className="onsite-code"
          label={t('teacher.personalCode')}
          hint={t('onsite.codeHint')}
          name="personalCode"
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            // A different code needs its own check.
            if (found) setFound(null);
          }}
          errors={onCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
        />
        <div className="filter-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('onsite.lookup')}
          </button>
        </div>
      </form>
      <FormErrors errors={general} />
      <ActionError error={failure} />
      {found && (
        <div className="onsite-confirm alert alert-info" data-testid="onsite-confirm">
          <p className="alert-title">{t('onsite.check')}</p>
          <dl className="facts onsite-facts">
            <div>
              <dt>{t('registration.teacherName')}</dt>
              <dd data-testid="onsite-name">{found.maskedName ?? t('common.none')}</dd>
            </div>
            <div>
              <dt>{t('registration.school')}</dt>
              <dd data-testid="onsite-school">{found.schoolName ?? t('onsite.noSchool')}</dd>
            </div>
            <div>
              <dt>{t('teacher.personalCode')}</dt>
              <dd>
                <PersonalCode code={found.code} />
              </dd>
            </div>
          </dl>
          {found.registrationStatus ? (
            <>
              <p data-testid="onsite-existing">
                <span className={`badge ${REGISTRATION_BADGE[found.registrationStatus]}`}>{registrationStatusText(found.registrationStatus, null, t)}</span>{' '}
                {t('onsite.already')}
              </p>
              <div className="form-actions">
                <button type="button" className="button" onClick={reset} ref={confirmButton}>
                  {t('onsite.next')}
                </button>
              </div>
            </>
          ) : (
            <div className="form-actions">
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void register()} ref={confirmButton}>
                {t('onsite.confirm')}
              </button>
              <button type="button" className="button" onClick={reset}>
                {t('onsite.retype')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
