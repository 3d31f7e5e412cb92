// Pieces shared by the course pages: code lists, status badges, dates, the duplicate list,
// and the organizer's workflow actions (submit with its duplicate check, cancel, complete).
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { request } from '../../api/client';
import { paths } from '../../api/domain';
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { useQuery } from '../../api/useQuery';
import { useAnnounce } from '../../components/Announcer';
import { Dialog } from '../../components/Dialog';
import { ActionError } from '../../components/ErrorView';
import { FormErrors, TextAreaField } from '../../components/Field';
import { ReasonForm } from '../../components/ReasonForm';
import {
  CancelCourseDocument,
  CompleteCourseDocument,
  CourseCodeListsDocument,
  SubmitCourseDocument,
  type CourseDuplicateFieldsFragment,
  type CourseStatus,
} from '../../gql/graphql';
import { useI18n, type Locale, type Translate } from '../../i18n';
import { courseErrorText, formatCourseDates, STATUS_BADGE, type CodeLookups } from './model';

/** The four code lists (public; asked once per page). */
export function useCourseCodes(): CodeLookups | null {
  const q = useQuery(CourseCodeListsDocument, {}, { public: true });
  return q.data ?? null;
}

/** Errors worded for courses, as already-translated errors the fields show as they are. */
export function localizeCourseErrors(errors: readonly InputErrorLike[], t: Translate, locale: Locale): InputErrorLike[] {
  return errors.map((e) => ({ field: e.field ?? null, code: LOCAL_ERROR, message: courseErrorText(e, t, locale) }));
}

export function StatusBadge({ status, testId = 'course-status' }: { status: CourseStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATUS_BADGE[status]}`} data-testid={testId}>
      {t(`course.status.${status}`)}
    </span>
  );
}

/** A course's code (or that it has none yet) and its status, under its title. */
export function CourseLead({ course, codeTestId }: { course: { code?: string | null; status: CourseStatus }; codeTestId?: string }) {
  const { t } = useI18n();
  return (
    <p className="course-lead">
      <span className="mono course-code" data-testid={codeTestId}>
        {course.code ? t('course.codeValue', { code: course.code }) : t('course.noCode')}
      </span>{' '}
      <StatusBadge status={course.status} />
    </p>
  );
}

/** The facts heading a page about a course's teachers (報名名單, 時數核發): its dates, then the page's own. */
export function CourseFacts({ course, testId, children }: { course: { startsAt: string; endsAt: string }; testId: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <dl className="facts registration-facts" data-testid={testId}>
      <div>
        <dt>{t('course.dates')}</dt>
        <dd>
          <CourseDates startsAt={course.startsAt} endsAt={course.endsAt} />
        </dd>
      </div>
      {children}
    </dl>
  );
}

export function CourseDates({ startsAt, endsAt }: { startsAt: string; endsAt: string }) {
  const { locale } = useI18n();
  return <span className="course-dates">{formatCourseDates(startsAt, endsAt, locale)}</span>;
}

/** Courses that look like this one: code, title, organizer, dates, similarity. */
export function DuplicateList({ duplicates }: { duplicates: readonly CourseDuplicateFieldsFragment[] }) {
  const { t } = useI18n();
  return (
    <ul className="duplicate-list" data-testid="duplicates">
      {duplicates.map((d, i) => (
        <li key={d.course?.id ?? i} data-testid="duplicate">
          {d.course ? (
            <>
              <span className="mono">{d.course.code ?? t('course.noCode')}</span>{' '}
              <Link href={paths.course(d.course.id)}>{d.course.title}</Link>
              <span className="block small muted">
                {d.course.organizer?.name ?? t('common.none')} · <CourseDates startsAt={d.course.startsAt} endsAt={d.course.endsAt} /> ·{' '}
                {t(`course.status.${d.course.status}`)}
              </span>
            </>
          ) : (
            <span className="muted">{t('course.duplicateHidden')}</span>
          )}
          <span className="block small">
            <span className="badge badge-warning">{t(`course.duplicateKind.${d.kind}`)}</span>{' '}
            {t('course.similarity', { percent: Math.round(d.similarity * 100) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

interface Target {
  id: string;
  title: string;
}

/**
 * 送審. Submits at once; when the server finds likely duplicates (POSSIBLE_DUPLICATE),
 * nothing was submitted: a dialog lists them and asks why this one is not a duplicate,
 * then submits again with that reason.
 */
export function SubmitCourseButton({ course, onSubmitted, className = 'button button-primary' }: {
  course: Target;
  onSubmitted: () => void;
  className?: string;
}) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const submission = useMutation();
  const { busy, failure } = submission;
  const [duplicates, setDuplicates] = useState<CourseDuplicateFieldsFragment[] | null>(null);
  const [reason, setReason] = useState('');
  const [reasonErrors, setReasonErrors] = useState<InputErrorLike[]>([]);
  // With the duplicates on screen, the duplicate itself and the reason's errors show there.
  const errors = submission.errors.filter((e) => !(duplicates && (e.code === 'POSSIBLE_DUPLICATE' || e.field === 'duplicateReason')));

  const submit = async (duplicateReason: string | null) => {
    const p = await submission.run(async () => (await request(SubmitCourseDocument, { id: course.id, duplicateReason })).submitCourse);
    if (!p) return;
    if (p.errors.length > 0 || !p.course) {
      const duplicate = p.errors.find((e) => e.code === 'POSSIBLE_DUPLICATE');
      const onReason = localizeCourseErrors(p.errors.filter((e) => e.field === 'duplicateReason'), t, locale);
      if (duplicate && p.duplicates.length > 0) {
        setDuplicates(p.duplicates);
        setReasonErrors(duplicateReason === null ? [] : onReason);
      } else if (duplicates && onReason.length > 0) {
        setReasonErrors(onReason);
      }
      return;
    }
    setDuplicates(null);
    setReason('');
    announce(
      p.course.code
        ? t('course.submitted', { title: p.course.title, code: p.course.code, reviewer: p.course.reviewer?.name ?? t('common.none') })
        : t('course.submittedNoCode', { title: p.course.title }),
    );
    onSubmitted();
  };

  const submitAnyway = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setReasonErrors([{ field: 'duplicateReason', code: LOCAL_ERROR, message: t('course.duplicateReasonRequired') }]);
      document.querySelector<HTMLElement>('[name="duplicateReason"]')?.focus();
      return;
    }
    void submit(reason.trim());
  };

  return (
    <>
      <button type="button" className={className} disabled={busy} onClick={() => void submit(null)} data-action="submit">
        {busy && !duplicates ? t('course.submitting') : t('course.submit')}
        <span className="sr-only"> {course.title}</span>
      </button>
      {!duplicates && (errors.length > 0 || failure !== null) && (
        <div className="action-feedback">
          <FormErrors errors={localizeCourseErrors(errors, t, locale)} />
          <ActionError error={failure} />
        </div>
      )}
      <Dialog open={duplicates !== null} title={t('course.duplicatesTitle')} onClose={() => setDuplicates(null)}>
        {duplicates && (
          <form onSubmit={submitAnyway} noValidate className="form" data-testid="duplicate-form">
            <div className="alert alert-warning">
              <p className="alert-title">{t('course.duplicatesFound', { n: duplicates.length })}</p>
              <p>{t('course.duplicatesHint')}</p>
            </div>
            <DuplicateList duplicates={duplicates} />
            <FormErrors errors={localizeCourseErrors(errors, t, locale)} />
            <ActionError error={failure} />
            <TextAreaField
              label={t('course.duplicateReason')}
              hint={t('course.duplicateReasonHint')}
              name="duplicateReason"
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              errors={reasonErrors}
              required
              maxLength={1000}
              data-autofocus
            />
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={busy}>
                {busy ? t('course.submitting') : t('course.submitAnyway')}
              </button>
              <button type="button" className="button" onClick={() => setDuplicates(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}

/** 取消研習, with the reason the server requires. */
export function CancelCourseButton({ course, onCancelled }: { course: Target; onCancelled: () => void }) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const cancellation = useMutation();
  const errors = localizeCourseErrors(cancellation.errors, t, locale);

  return (
    <>
      <button type="button" className="button button-danger" onClick={() => { cancellation.setErrors([]); setOpen(true); }} data-action="cancel">
        {t('course.cancel')}
        <span className="sr-only"> {course.title}</span>
      </button>
      <Dialog open={open} title={t('course.cancelTitle')} onClose={() => setOpen(false)} size="narrow">
        {open && (
          <ReasonForm
            intro={t('course.cancelBody', { title: course.title })}
            label={t('course.cancelReason')}
            name="cancelReason"
            maxLength={2000}
            reason={reason}
            onReason={setReason}
            requiredMessage={t('course.cancelReasonRequired')}
            confirm={t('course.cancelConfirm')}
            mutation={cancellation}
            errors={errors}
            send={async (why) => {
              const p = await cancellation.run(async () => (await request(CancelCourseDocument, { id: course.id, reason: why })).cancelCourse);
              if (!p?.course || p.errors.length > 0) return;
              setOpen(false);
              announce(t('course.cancelled', { title: course.title }));
              onCancelled();
            }}
            onClose={() => setOpen(false)}
          />
        )}
      </Dialog>
    </>
  );
}

/** 標示為已辦理: an approved course whose last session has ended. */
export function CompleteCourseButton({ course, onCompleted }: { course: Target; onCompleted: () => void }) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const completion = useMutation();
  const { busy, failure } = completion;
  const errors = localizeCourseErrors(completion.errors, t, locale);
  const complete = async () => {
    const p = await completion.run(async () => (await request(CompleteCourseDocument, { id: course.id })).completeCourse);
    if (!p?.course || p.errors.length > 0) return;
    announce(t('course.completed', { title: course.title }));
    onCompleted();
  };
  return (
    <>
      <button type="button" className="button button-success" disabled={busy} onClick={() => void complete()} data-action="complete">
        {t('course.complete')}
        <span className="sr-only"> {course.title}</span>
      </button>
      {(errors.length > 0 || failure !== null) && (
        <div className="action-feedback">
          <FormErrors errors={errors} />
          <ActionError error={failure} />
        </div>
      )}
    </>
  );
}
