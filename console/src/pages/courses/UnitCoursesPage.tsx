import { useSearch, Link } from 'wouter';
import { COURSE_STATUSES, paths } from '../../api/domain';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { ErrorView, NotFound } from '../../components/ErrorView';
import { PagedList } from '../../components/PagedList';
import { Loading, PageTitle } from '../../components/Page';
import { StatusFilter } from '../../components/StatusFilter';
import { CourseSearchDocument, CourseUnitDocument, type CourseSearchQuery, type CourseStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { hasRegistrationList } from '../registrations/model';
import { formatHours } from './model';
import { CourseDates, StatusBadge, SubmitCourseButton } from './shared';

const PAGE_SIZE = 30;
const selectCourses = (d: CourseSearchQuery) => d.courses;

/** 研習管理: a unit's own courses in any state, latest first, as their organizer. */
export function UnitCoursesPage({ code }: { code: string }) {
  const { t } = useI18n();
  const unit = useQuery(CourseUnitDocument, { code });
  if (unit.error) return <ErrorView error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <Loading />;
  const organizer = unit.data.orgUnit;
  if (!organizer) return <NotFound />;
  return (
    <>
      <PageTitle lead={<p>{t('unitCourses.intro')}</p>} actions={organizer.viewerCan.editCourses && <NewCourseLink code={organizer.code} />}>
        {t('unitCourses.title', { unit: organizer.name })}
      </PageTitle>
      <CourseTable organizerId={organizer.id} />
    </>
  );
}

/** 新增研習, for those who edit the unit's courses (`viewerCan.editCourses`). */
function NewCourseLink({ code }: { code: string }) {
  const { t } = useI18n();
  return (
    <Link href={paths.newCourse(code)} className="button button-primary">
      <span aria-hidden="true">＋</span> {t('unitCourses.add')}
    </Link>
  );
}

function CourseTable({ organizerId }: { organizerId: string }) {
  const { t } = useI18n();
  const statusParam = new URLSearchParams(useSearch()).get('status') ?? '';
  const status = (COURSE_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as CourseStatus) : null;
  const result = usePagedQuery(
    CourseSearchDocument,
    { filter: { organizerId, status: status ? [status] : null }, orderBy: 'STARTS_AT_DESC', first: PAGE_SIZE },
    selectCourses,
  );
  if (result.error) return <ErrorView error={result.error} onRetry={() => void result.refetch()} />;

  return (
    <>
      <div className="filters card">
        <StatusFilter label={t('course.status')} status={status} statuses={COURSE_STATUSES} text={(s) => t(`course.status.${s}`)} />
        <p className="filter-help muted small">
          {t('unitCourses.publicHint')} <Link href={paths.courses()}>{t('courseSearch.title')}</Link>
        </p>
      </div>
      <h2 id="unit-courses-heading" className="sr-only" tabIndex={-1}>
        {t('unitCourses.caption')}
      </h2>
      <PagedList paged={result} empty={t('unitCourses.empty')}>
        <div className="table-card card">
          <table className="data-table course-table" aria-labelledby="unit-courses-heading" data-testid="unit-courses">
            <thead>
              <tr>
                <th scope="col">{t('course.title')}</th>
                <th scope="col">{t('course.status')}</th>
                <th scope="col">{t('course.dates')}</th>
                <th scope="col">{t('course.hours')}</th>
                <th scope="col">{t('course.seatsLeft')}</th>
                <th scope="col">{t('unitCourses.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {result.nodes.map((c) => (
                <tr key={c.id} data-testid="unit-course" data-course-id={c.id}>
                  <th scope="row" data-label={t('course.title')}>
                    <span className="block mono small">{c.code ?? t('course.noCode')}</span>
                    <Link href={paths.course(c.id)}>{c.title}</Link>
                  </th>
                  <td data-label={t('course.status')}>
                    <StatusBadge status={c.status} />
                  </td>
                  <td data-label={t('course.dates')} className="small">
                    <CourseDates startsAt={c.startsAt} endsAt={c.endsAt} />
                  </td>
                  <td data-label={t('course.hours')} className="nowrap">
                    {t('course.hoursValue', { hours: formatHours(c.hours) })}
                  </td>
                  <td data-label={t('course.seatsLeft')}>{t('course.seatsValue', { left: c.seatsLeft, capacity: c.capacity })}</td>
                  <td data-label={t('unitCourses.actions')} className="actions-cell">
                    {c.viewerCan.readRegistrations && hasRegistrationList(c.status) && (
                      <Link href={paths.registrations(c.id)} className="button button-small" data-testid="registrations-link">
                        {t('registrations.link')}
                        <span className="sr-only"> {c.title}</span>
                      </Link>
                    )}
                    {c.viewerCan.edit && (
                      <Link href={paths.editCourse(c.id)} className="button button-small">
                        {t('common.edit')}
                        <span className="sr-only"> {c.title}</span>
                      </Link>
                    )}
                    {c.viewerCan.submit && <SubmitCourseButton course={c} className="button button-small button-primary" onSubmitted={() => void result.refetch()} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </PagedList>
    </>
  );
}
