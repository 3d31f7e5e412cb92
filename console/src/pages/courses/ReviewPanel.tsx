import { useState } from 'react';
import { request } from '../../api/client';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { useMutation } from '../../api/useMutation';
import { useAnnounce } from '../../components/Announcer';
import { ActionError } from '../../components/ErrorView';
import { FormErrors, TextAreaField } from '../../components/Field';
import { ReviewCourseDocument, type CourseInsiderQuery, type ReviewDecision } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { changeFieldLabel, changeValue, type CodeLookups } from './model';
import { DuplicateList, localizeCourseErrors } from './shared';

export type Insider = NonNullable<CourseInsiderQuery['course']>;

/** The duplicates the server found at submission, and why the organizer went ahead. */
export function DuplicateWarning({ insider }: { insider: Insider }) {
  const { t } = useI18n();
  if (insider.duplicates.length === 0) return null;
  return (
    <section className="alert alert-warning duplicate-warning" aria-labelledby="duplicates-heading" data-testid="duplicate-warning">
      <h3 id="duplicates-heading" className="alert-title">
        {t('course.duplicatesFound', { n: insider.duplicates.length })}
      </h3>
      <DuplicateList duplicates={insider.duplicates} />
      <p className="duplicate-reason" data-testid="duplicate-reason">
        <strong>{t('course.duplicateReasonGiven')}</strong> {insider.duplicateReason ?? t('common.none')}
      </p>
    </section>
  );
}

/** The latest return's reason, for the organizer editing and the reviewer looking again. */
export function lastReturn(insider: Insider | null | undefined) {
  return [...(insider?.history ?? [])].reverse().find((h) => h.toStatus === 'RETURNED') ?? null;
}

/** 自上次退回後的修改: field by field, before and after. */
export function ChangesSinceReview({ insider, codes }: { insider: Insider; codes: CodeLookups | null }) {
  const { t, locale, dateTime } = useI18n();
  const returned = lastReturn(insider);
  if (!returned) return null;
  const changes = insider.changesSinceLastReview;
  return (
    <section className="review-changes" aria-labelledby="changes-heading" data-testid="changes-since-review">
      <h3 id="changes-heading">{t('review.changesTitle')}</h3>
      <p className="small muted">
        {t('review.returnedOn', { date: dateTime(returned.at), unit: returned.reviewer?.name ?? t('common.none') })}
        {returned.reason && (
          <>
            {' '}
            {t('review.returnReason', { reason: returned.reason })}
          </>
        )}
      </p>
      {changes.length === 0 ? (
        <p className="muted">{t('review.noChanges')}</p>
      ) : (
        <div className="table-card card">
          <table className="data-table changes-table">
            <caption className="sr-only">{t('review.changesTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('review.field')}</th>
                <th scope="col">{t('review.before')}</th>
                <th scope="col">{t('review.after')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.field} data-testid="change" data-field={c.field}>
                  <th scope="row" data-label={t('review.field')}>
                    {changeFieldLabel(c.field, t)}
                  </th>
                  <td data-label={t('review.before')} className="wrap-anywhere">
                    <del>{changeValue(c.field, c.before, codes, t, locale)}</del>
                  </td>
                  <td data-label={t('review.after')} className="wrap-anywhere">
                    <ins>{changeValue(c.field, c.after, codes, t, locale)}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * 審核: approve, return for changes (退回修正) or reject (不予核准). Returning and rejecting
 * need a reason the organizer can act on (checked here, and by the server: REQUIRED on
 * `reason`).
 */
export function ReviewForm({ course, onDecided }: {
  course: { id: string; title: string; code?: string | null };
  onDecided: (decision: ReviewDecision, messagesQueued: number) => void;
}) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const [reason, setReason] = useState('');
  // The run's key is the decision under way, so its button says so.
  const review = useMutation<ReviewDecision>();
  const { failure, busyKey: busy } = review;
  const errors = localizeCourseErrors(review.errors, t, locale);

  const decide = async (decision: ReviewDecision) => {
    if (decision !== 'APPROVE' && reason.trim() === '') {
      review.setErrors([{ field: 'reason', code: LOCAL_ERROR, message: t('review.reasonRequired') }]);
      document.querySelector<HTMLElement>('[name="reviewReason"]')?.focus();
      return;
    }
    const p = await review.run(
      async () => (await request(ReviewCourseDocument, { id: course.id, decision, reason: reason.trim() || null })).reviewCourse,
      decision,
    );
    if (!p) return;
    if (p.errors.length > 0 || !p.course) {
      if (p.errors.some((e) => e.field === 'reason')) document.querySelector<HTMLElement>('[name="reviewReason"]')?.focus();
      return;
    }
    announce(t(`review.decided.${decision}`, { title: p.course.title, n: p.messagesQueued }));
    onDecided(decision, p.messagesQueued);
  };

  const onReason = errors.filter((e) => e.field === 'reason');
  const other = errors.filter((e) => e.field !== 'reason');
  return (
    <section className="review-form" aria-labelledby="review-form-heading" data-testid="review-form">
      <h3 id="review-form-heading">{t('review.decisionTitle')}</h3>
      <FormErrors errors={other} />
      <ActionError error={failure} />
      <TextAreaField
        label={t('review.reason')}
        hint={t('review.reasonHint')}
        name="reviewReason"
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        errors={onReason}
        maxLength={2000}
        data-autofocus
      />
      <div className="form-actions">
        <button type="button" className="button button-success" disabled={busy !== null} onClick={() => void decide('APPROVE')}>
          {busy === 'APPROVE' ? t('common.saving') : t('review.approve')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void decide('RETURN')}>
          {busy === 'RETURN' ? t('common.saving') : t('review.return')}
        </button>
        <button type="button" className="button button-danger" disabled={busy !== null} onClick={() => void decide('REJECT')}>
          {busy === 'REJECT' ? t('common.saving') : t('review.reject')}
        </button>
      </div>
    </section>
  );
}
