import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { useSession } from '../../api/session';
import { useQuery } from '../../api/useQuery';
import { ErrorView, NotFound } from '../../components/ErrorView';
import { Loading, PageTitle } from '../../components/Page';
import { CourseDetailDocument, CourseInsiderDocument, type CourseDetailFieldsFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { codeName, countyName, formatHours } from './model';
import { ChangesSinceReview, DuplicateWarning, lastReturn, ReviewForm, type Insider } from './ReviewPanel';
import { CancelCourseButton, CompleteCourseButton, CourseDates, CourseLead, StatusBadge, SubmitCourseButton, useCourseCodes } from './shared';
import { CourseRegistration, showsRegistration } from '../registrations/CourseRegistration';
import { hasRegistrationList } from '../registrations/model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^\d{7}$/;

/** A course by id (the link in email) or by its 7-digit code. */
export function CourseDetailPage({ idOrCode }: { idOrCode: string }) {
  const byCode = CODE.test(idOrCode);
  if (!byCode && !UUID.test(idOrCode)) return <NotFound />;
  return <CourseDetail variables={byCode ? { code: idOrCode } : { id: idOrCode }} />;
}

function CourseDetail({ variables }: { variables: { id: string } | { code: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const query = useQuery(CourseDetailDocument, variables, { public: true });
  const course = query.data?.course ?? null;
  // History, duplicates and changes are for the organizer's and the reviewer's people
  // only (FORBIDDEN, and an audited denial, for anyone else): asked for separately, and
  // only when the server says the viewer may see them.
  const wantsInsider = course !== null && session.me !== null && course.viewerCan.readHistory;
  const insider = useQuery(CourseInsiderDocument, { id: course?.id ?? '' }, { skip: !wantsInsider });
  const codes = useCourseCodes();

  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  if (!course) return <NotFound />;

  const inside: Insider | null = wantsInsider && !insider.error ? (insider.data?.course ?? null) : null;
  const reload = () => {
    void query.refetch();
    if (wantsInsider) void insider.refetch();
  };
  /** After submitting or deciding, the pressed button goes away: continue at the heading. */
  const afterAction = () => {
    reload();
    document.querySelector<HTMLElement>('main h1')?.focus();
  };
  const can = course.viewerCan;
  const organizes = session.units.some((u) => u.unit.id === course.organizer?.id && u.unit.viewerCan.editCourses);
  const returned = course.status === 'RETURNED' ? lastReturn(inside) : null;

  return (
    <>
      <p className="breadcrumb">
        {organizes && course.organizer ? (
          <Link href={paths.unitCourses(course.organizer.code)}>{t('unitCourses.title', { unit: course.organizer.name })}</Link>
        ) : (
          <Link href={paths.courses()}>{t('courseSearch.title')}</Link>
        )}
      </p>
      <PageTitle
        title={course.title}
        lead={
          <CourseLead course={course} codeTestId="course-code" />
        }
        actions={<CourseActions course={course} onChange={afterAction} />}
      >
        {course.title}
      </PageTitle>

      {returned && (
        <div className="alert alert-warning" data-testid="return-reason">
          <p className="alert-title">{t('course.returnedTitle')}</p>
          <p className="pre-wrap">{returned.reason ?? t('common.none')}</p>
        </div>
      )}
      {course.status === 'SUBMITTED' && (
        <p className="alert alert-info" data-testid="waiting">
          {t('course.waitingReview', { unit: course.reviewer?.name ?? t('common.none'), days: course.daysWaiting ?? 0 })}
        </p>
      )}

      {session.status === 'ready' && showsRegistration(course, session.me !== null) && <CourseRegistration course={course} onChange={reload} />}

      <CourseFacts course={course} />

      {can.review && (
        <section className="card review-panel" aria-labelledby="review-heading" data-testid="review-panel">
          <h2 id="review-heading">{t('review.panelTitle')}</h2>
          {inside && <DuplicateWarning insider={inside} />}
          {inside && <ChangesSinceReview insider={inside} codes={codes} />}
          <ReviewForm course={course} onDecided={afterAction} />
        </section>
      )}

      {inside && !can.review && inside.duplicates.length > 0 && (
        <section className="card" aria-label={t('course.duplicatesTitle')}>
          <DuplicateWarning insider={inside} />
        </section>
      )}
      {inside && !can.review && course.status === 'SUBMITTED' && <ChangesSinceReview insider={inside} codes={codes} />}
      {inside && <History insider={inside} />}
    </>
  );
}

/** The buttons the viewer's `viewerCan` allows. */
function CourseActions({ course, onChange }: { course: CourseDetailFieldsFragment; onChange: () => void }) {
  const { t } = useI18n();
  const can = course.viewerCan;
  const registrations = can.readRegistrations && hasRegistrationList(course.status);
  if (!can.edit && !can.submit && !can.cancel && !can.complete && !can.review && !registrations && !can.grantHours) return null;
  return (
    <div className="course-actions">
      {registrations && (
        <Link href={paths.registrations(course.id)} className="button" data-testid="registrations-link">
          {t('registrations.link')}
        </Link>
      )}
      {can.grantHours && (
        <Link href={paths.courseHours(course.id)} className="button" data-testid="hours-link">
          {t('hours.link')}
        </Link>
      )}
      {can.edit && (
        <Link href={paths.editCourse(course.id)} className="button">
          {t('common.edit')}
        </Link>
      )}
      {can.submit && <SubmitCourseButton course={course} onSubmitted={onChange} />}
      {can.complete && <CompleteCourseButton course={course} onCompleted={onChange} />}
      {can.review && (
        <a href="#review-heading" className="button button-primary">
          {t('review.goToPanel')}
        </a>
      )}
      {can.cancel && <CancelCourseButton course={course} onCancelled={onChange} />}
    </div>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function CourseFacts({ course }: { course: CourseDetailFieldsFragment }) {
  const { t, locale, dateTime } = useI18n();
  const codes = useCourseCodes();
  const name = (c: { code: string; name: string; nameEn: string } | null | undefined, list?: 'natures' | 'categories' | 'tags' | 'audienceRoles') => {
    if (!c) return t('common.none');
    if (codes && list) return codeName(codes[list], c.code, locale);
    return locale === 'zh-TW' ? c.name : c.nameEn;
  };
  const join = (items: string[]) => (items.length === 0 ? null : items.join(locale === 'zh-TW' ? '、' : ', '));
  const a = course.audience;
  return (
    <>
      <section className="card" aria-labelledby="course-info-heading">
        <h2 id="course-info-heading">{t('course.info')}</h2>
        <dl className="course-facts course-facts-wide">
          <Fact label={t('course.organizer')}>
            {course.organizer ? <Link href={paths.publicUnit(course.organizer.code)}>{course.organizer.name}</Link> : t('common.none')}
          </Fact>
          <Fact label={t('course.dates')} testId="course-dates">
            <CourseDates startsAt={course.startsAt} endsAt={course.endsAt} />
          </Fact>
          <Fact label={t('course.hours')} testId="course-hours">
            {t('course.hoursValue', { hours: formatHours(course.hours) })}
          </Fact>
          <Fact label={t('course.mode')}>{t(`course.mode.${course.mode}`)}</Fact>
          <Fact label={t('course.venue')}>{course.venue ?? (course.mode === 'ONLINE' ? t('course.online') : t('common.none'))}</Fact>
          {course.url && (
            <Fact label={t('course.url')}>
              <a href={course.url} rel="noopener noreferrer" className="wrap-anywhere">
                {course.url}
              </a>
            </Fact>
          )}
          <Fact label={t('course.nature')}>{name(course.nature, 'natures')}</Fact>
          <Fact label={t('course.category')}>{name(course.category, 'categories')}</Fact>
          <Fact label={t('course.tags')}>{join(course.tags.map((c) => name(c, 'tags'))) ?? t('common.none')}</Fact>
          <Fact label={t('course.seatsLeft')} testId="course-seats">
            {t('course.seatsValue', { left: course.seatsLeft, capacity: course.capacity })}
          </Fact>
          <Fact label={t('course.registration')}>
            {dateTime(course.registrationOpensAt)} – {dateTime(course.registrationClosesAt)}{' '}
            {course.registrationOpen ? (
              <span className="badge badge-success">{t('course.registrationOpen')}</span>
            ) : (
              <span className="badge badge-muted">{t('course.registrationClosed')}</span>
            )}
          </Fact>
          <Fact label={t('course.onsite')}>{course.onsiteRegistration ? t('course.onsiteYes') : t('course.onsiteNo')}</Fact>
        </dl>
        <h3>{t('course.audience')}</h3>
        <dl className="course-facts course-facts-wide">
          <Fact label={t('course.stages')}>{join(a.stages.map((s) => t(`stage.${s}`))) ?? t('course.anyone')}</Fact>
          <Fact label={t('course.counties')}>{join(a.countyCodes.map((c) => countyName(c, locale))) ?? t('course.anyone')}</Fact>
          <Fact label={t('course.roles')}>{join(a.roles.map((r) => name(r, 'audienceRoles'))) ?? t('course.anyone')}</Fact>
        </dl>
        {course.description && (
          <>
            <h3>{t('course.description')}</h3>
            <p className="pre-wrap" data-testid="course-description">
              {course.description}
            </p>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('course.sessions')}</h2>
        <ol className="session-list" data-testid="sessions">
          {course.sessions.map((s, i) => (
            <li key={`${s.startsAt}-${i}`}>
              <span className="session-number">{t('course.sessionN', { n: i + 1 })}</span> <CourseDates startsAt={s.startsAt} endsAt={s.endsAt} />
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="review-info-heading">
        <h2 id="review-info-heading">{t('course.reviewInfo')}</h2>
        <dl className="course-facts course-facts-wide">
          <Fact label={t('course.status')}>
            <StatusBadge status={course.status} testId="course-status-review" />
          </Fact>
          <Fact label={t('course.reviewAuthority')}>{course.reviewAuthority?.name ?? t('common.none')}</Fact>
          <Fact label={course.status === 'SUBMITTED' ? t('course.reviewerNow') : t('course.reviewer')} testId="course-reviewer">
            {course.reviewer?.name ?? t('common.none')}
          </Fact>
          {course.submittedAt && <Fact label={t('course.submittedAt')}>{dateTime(course.submittedAt)}</Fact>}
          {course.decidedAt && <Fact label={t('course.decidedAt')}>{dateTime(course.decidedAt)}</Fact>}
          <Fact label={t('course.updatedAt')}>{dateTime(course.updatedAt)}</Fact>
        </dl>
      </section>
    </>
  );
}

/** Every state change: when, from and to, who, which unit, why. */
function History({ insider }: { insider: Insider }) {
  const { t, dateTime } = useI18n();
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('course.history')}</h2>
      <ol className="history-list" data-testid="history">
        {insider.history.map((h, i) => (
          <li key={`${h.at}-${i}`} data-testid="transition" data-status={h.toStatus}>
            <span className="history-when small muted">{dateTime(h.at)}</span>
            <span className="history-what">
              {h.fromStatus ? t('course.transition', { from: t(`course.status.${h.fromStatus}`), to: t(`course.status.${h.toStatus}`) }) : t(`course.status.${h.toStatus}`)}
              {h.reviewer && <span className="muted"> · {h.reviewer.name}</span>}
              {h.actorLogin && <span className="muted"> · {h.actorLogin}</span>}
            </span>
            {h.reason && <span className="history-reason pre-wrap">{t('course.reason', { reason: h.reason })}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
