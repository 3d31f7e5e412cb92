// 時數核發: a course's hours for its organizer, once the course has started — the admitted
// registrations with hours to grant (one by one, the chosen rows or all), the file upload
// with a dry run, and the ledger with 撤銷. Every grant is all or nothing.
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { usePagedQuery } from '../../api/usePagedQuery';
import { useQuery } from '../../api/useQuery';
import { ErrorView, NoPermission, NotFound } from '../../components/ErrorView';
import { Loading, PageTitle } from '../../components/Page';
import { HourEntriesDocument, HoursCourseDocument, type HourEntriesQuery, type HoursCourseQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatHours } from '../courses/model';
import { CourseFacts, CourseLead } from '../courses/shared';
import { GrantTable } from './GrantTable';
import { HoursLedger } from './HoursLedger';
import { HoursUploadPanel } from './HoursUploadPanel';
import { grantsInForce } from './model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEDGER_PAGE = 100;
const selectLedger = (d: HourEntriesQuery) => d.hourEntries;

export type HoursCourse = NonNullable<HoursCourseQuery['course']>;

export function CourseHoursPage({ id }: { id: string }) {
  if (!UUID.test(id)) return <NotFound />;
  return <HoursOf id={id} />;
}

function HoursOf({ id }: { id: string }) {
  const query = useQuery(HoursCourseDocument, { id });
  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const course = query.data.course;
  if (!course) return <NotFound />;
  if (!course.viewerCan.grantHours && !course.viewerCan.readRegistrations) return <NoPermission />;
  return <CourseHours course={course} />;
}

function CourseHours({ course }: { course: HoursCourse }) {
  const { t, dateTime } = useI18n();
  const title = t('hours.title', { title: course.title });
  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.course(course.id)}>{course.title}</Link>
      </p>
      <PageTitle
        title={title}
        lead={
          <>
            <CourseLead course={course} />
            <CourseFacts course={course} testId="hours-facts">
              <div>
                <dt>{t('course.hours')}</dt>
                <dd data-testid="course-hours">{t('course.hoursValue', { hours: formatHours(course.hours) })}</dd>
              </div>
              {course.organizer && (
                <div>
                  <dt>{t('course.organizer')}</dt>
                  <dd>{course.organizer.name}</dd>
                </div>
              )}
            </CourseFacts>
          </>
        }
        actions={
          course.viewerCan.readRegistrations && (
            <Link href={paths.registrations(course.id)} className="button" data-testid="registrations-link">
              {t('registrations.link')}
            </Link>
          )
        }
      >
        {title}
      </PageTitle>
      {course.viewerCan.grantHours ? (
        <Granting course={course} />
      ) : (
        <p className="alert alert-info" data-testid="hours-not-yet">
          {course.status === 'APPROVED' || course.status === 'COMPLETED'
            ? t('hours.notStarted', { at: dateTime(course.startsAt) })
            : t('hours.notApproved')}
        </p>
      )}
    </>
  );
}

/** The three parts, sharing the ledger (what is in force decides which rows correct). */
function Granting({ course }: { course: HoursCourse }) {
  const ledger = usePagedQuery(HourEntriesDocument, { courseId: course.id, first: LEDGER_PAGE }, selectLedger);
  const inForce = grantsInForce(ledger.nodes);
  const refresh = () => {
    void ledger.refetch().catch(() => {
      // The ledger shows its own error.
    });
  };
  return (
    <>
      <GrantTable course={course} inForce={inForce} ledgerLoaded={ledger.data !== undefined} onGranted={refresh} />
      <HoursUploadPanel course={course} onCommitted={refresh} />
      <HoursLedger course={course} ledger={ledger} onRevoked={refresh} />
    </>
  );
}
