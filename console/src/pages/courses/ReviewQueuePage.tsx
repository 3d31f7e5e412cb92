import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { ErrorView } from '../../components/ErrorView';
import { PagedList } from '../../components/PagedList';
import { Loading, PageTitle } from '../../components/Page';
import { CourseDetailDocument, CourseInsiderDocument, ReviewQueueDocument, type ReviewQueueQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatHours } from './model';
import { ChangesSinceReview, DuplicateWarning, ReviewForm } from './ReviewPanel';
import { CourseDates, useCourseCodes } from './shared';

const PAGE_SIZE = 50;
type Queued = ReviewQueueQuery['reviewQueue']['nodes'][number];
const selectQueue = (d: ReviewQueueQuery) => d.reviewQueue;

/** 研習審核: the courses routed to the units the viewer reviews for, oldest submission first. */
export function ReviewQueuePage() {
  const { t, dateTime } = useI18n();
  const result = usePagedQuery(ReviewQueueDocument, { first: PAGE_SIZE }, selectQueue);
  const [reviewing, setReviewing] = useState<Queued | null>(null);
  /** Decided here: gone from the queue at once, before it is fetched again. */
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const close = useCallback(() => setReviewing(null), []);

  if (result.error) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;
  const queue = result.nodes.filter((c) => !decided.has(c.id));

  return (
    <>
      <PageTitle lead={<p>{t('review.intro')}</p>}>{t('review.title')}</PageTitle>
      <h2 id="queue-heading" tabIndex={-1} className="sr-only">
        {t('review.caption')}
      </h2>
      <PagedList paged={result} shown={queue.length} total={Math.max(0, result.totalCount - decided.size)} empty={t('review.empty')} emptyTestId="queue-empty">
        <div className="table-card card">
          <table className="data-table review-table" aria-labelledby="queue-heading" data-testid="review-queue">
            <thead>
              <tr>
                <th scope="col">{t('review.waiting')}</th>
                <th scope="col">{t('course.title')}</th>
                <th scope="col">{t('course.organizer')}</th>
                <th scope="col">{t('course.dates')}</th>
                <th scope="col">{t('course.hours')}</th>
                <th scope="col">{t('review.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((c) => (
                <tr key={c.id} data-testid="queued-course" data-course-code={c.code ?? ''}>
                  <td data-label={t('review.waiting')} className="nowrap">
                    <span className={`badge ${(c.daysWaiting ?? 0) >= 7 ? 'badge-warning' : ''}`} data-testid="days-waiting">
                      {t('review.days', { n: c.daysWaiting ?? 0 })}
                    </span>
                    {c.submittedAt && <span className="block small muted">{t('review.submittedAt', { date: dateTime(c.submittedAt) })}</span>}
                  </td>
                  <th scope="row" data-label={t('course.title')}>
                    <span className="block mono small">{c.code}</span>
                    <Link href={paths.course(c.id)}>{c.title}</Link>
                  </th>
                  <td data-label={t('course.organizer')}>
                    {c.organizer?.name ?? t('common.none')}
                    {c.reviewer && <span className="block small muted">{t('review.routedTo', { unit: c.reviewer.name })}</span>}
                  </td>
                  <td data-label={t('course.dates')} className="small">
                    <CourseDates startsAt={c.startsAt} endsAt={c.endsAt} />
                  </td>
                  <td data-label={t('course.hours')} className="nowrap">
                    {t('course.hoursValue', { hours: formatHours(c.hours) })}
                  </td>
                  <td data-label={t('review.actions')} className="actions-cell">
                    <button type="button" className="button button-small button-primary" onClick={() => setReviewing(c)}>
                      {t('review.open')}
                      <span className="sr-only"> {c.title}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </PagedList>

      <Dialog open={reviewing !== null} title={t('review.dialogTitle')} onClose={close} fallbackFocus="#queue-heading">
        {reviewing && (
          <ReviewDialogBody
            id={reviewing.id}
            onDecided={() => {
              setDecided((d) => new Set(d).add(reviewing.id));
              setReviewing(null);
              void result.refetch();
            }}
          />
        )}
      </Dialog>
    </>
  );
}

/** The course under review, what looks like it, what changed, and the decision. */
function ReviewDialogBody({ id, onDecided }: { id: string; onDecided: () => void }) {
  const { t, dateTime } = useI18n();
  const detail = useQuery(CourseDetailDocument, { id });
  const insider = useQuery(CourseInsiderDocument, { id });
  const codes = useCourseCodes();
  const error = detail.error ?? insider.error;
  if (error) return <ErrorView error={error} />;
  const course = detail.data?.course;
  const inside = insider.data?.course;
  if (!course || !inside) return <Loading />;
  return (
    <div className="review-dialog" data-testid="review-dialog">
      <p className="review-course-title">
        <span className="mono">{course.code}</span> <strong>{course.title}</strong>
      </p>
      <dl className="facts">
        <div>
          <dt>{t('course.organizer')}</dt>
          <dd>{course.organizer?.name ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('course.dates')}</dt>
          <dd>
            <CourseDates startsAt={course.startsAt} endsAt={course.endsAt} />
          </dd>
        </div>
        <div>
          <dt>{t('course.hours')}</dt>
          <dd>{t('course.hoursValue', { hours: formatHours(course.hours) })}</dd>
        </div>
        <div>
          <dt>{t('course.sessions')}</dt>
          <dd>{t('review.sessionCount', { n: course.sessions.length })}</dd>
        </div>
        {course.submittedAt && (
          <div>
            <dt>{t('course.submittedAt')}</dt>
            <dd>{dateTime(course.submittedAt)}</dd>
          </div>
        )}
      </dl>
      <p>
        <Link href={paths.course(course.id)}>{t('review.fullDetails')}</Link>
      </p>
      <DuplicateWarning insider={inside} />
      <ChangesSinceReview insider={inside} codes={codes} />
      {course.viewerCan.review ? <ReviewForm course={course} onDecided={onDecided} /> : <p className="alert alert-info">{t('review.notYours')}</p>}
    </div>
  );
}
