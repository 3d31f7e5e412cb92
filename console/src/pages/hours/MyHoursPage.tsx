// 我的研習時數: the signed-in teacher's hours over a school year (學年度, the default: the
// current one in Taipei) or a calendar year (年度) — the total, each course, the totals per
// attribute tag — and the transcript (時數證明) as XLSX. The period is in the URL.
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../../api/client';
import { paths } from '../../api/domain';
import { useQuery } from '../../api/useQuery';
import { ErrorView } from '../../components/ErrorView';
import { Loading, PageTitle } from '../../components/Page';
import { MyHoursDocument, type MyHoursQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatHours } from '../courses/model';
import { parsePeriod, periodLabel, periodPath, periodVariables, type Period } from './model';
import { PeriodFields } from './PeriodFields';

export function MyHoursPage() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const period = parsePeriod(useSearch());
  const go = (next: Period) => navigate(periodPath(next), { replace: true });

  return (
    <>
      <PageTitle lead={<p>{t('myHours.intro')}</p>}>{t('myHours.title')}</PageTitle>
      <form className="filters card my-hours-period" aria-label={t('myHours.period')} onSubmit={(e) => e.preventDefault()}>
        <PeriodFields period={period} onChange={go} name="periodKind" kindTestId="period-kind" yearTestId="period-year" />
      </form>
      <Summary key={`${period.kind}-${period.year}`} period={period} />
    </>
  );
}

type Summary = MyHoursQuery['hoursSummary'];

function Summary({ period }: { period: Period }) {
  const { t, locale, date } = useI18n();
  const query = useQuery(MyHoursDocument, periodVariables(period));
  if (query.error) {
    // An account without a teacher record has no hours (the server answers NOT_FOUND).
    if (query.error instanceof ApiError && query.error.code === 'NOT_FOUND') {
      return (
        <p className="alert alert-info" data-testid="my-hours-no-teacher">
          {t('myHours.noTeacher')}
        </p>
      );
    }
    return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!query.data) return <Loading />;
  const s: Summary = query.data.hoursSummary;
  const label = periodLabel(period, t);
  const tagName = (tag: { name: string; nameEn: string }) => (locale === 'zh-TW' ? tag.name : tag.nameEn);

  return (
    <>
      <section className="card my-hours-total" aria-labelledby="my-hours-total-heading" data-testid="my-hours-total">
        <h2 id="my-hours-total-heading">{t('myHours.totalTitle', { period: label })}</h2>
        <p className="my-hours-figure">
          <span className="my-hours-number" data-testid="my-hours-total-value">
            {formatHours(s.totalHours)}
          </span>{' '}
          <span className="my-hours-unit">{t('myHours.hoursUnit')}</span>
        </p>
        <p className="muted small">{t('myHours.totalNote', { name: s.teacherName, courses: s.courses.length })}</p>
        <p>
          <a href={s.transcriptUrl} className="button button-primary" download data-testid="transcript-link">
            <span aria-hidden="true">⤓</span> {t('myHours.transcript')}
          </a>
          <span className="block small muted">{t('myHours.transcriptHint', { period: label })}</span>
        </p>
      </section>

      <section aria-labelledby="my-hours-courses-heading">
        <h2 id="my-hours-courses-heading">{t('myHours.coursesTitle')}</h2>
        {s.courses.length === 0 ? (
          <p className="empty card" data-testid="my-hours-empty">
            {t('myHours.empty', { period: label })}
          </p>
        ) : (
          <div className="table-card card">
            <table className="data-table my-hours-table" data-testid="my-hours-courses">
              <caption className="sr-only">{t('myHours.coursesCaption', { period: label })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('signInSheet.code')}</th>
                  <th scope="col">{t('signInSheet.courseTitle')}</th>
                  <th scope="col">{t('signInSheet.organizer')}</th>
                  <th scope="col">{t('myHours.endDate')}</th>
                  <th scope="col" className="numeric">
                    {t('hours.hours')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.courses.map((line) => (
                  <tr key={line.course.id} data-testid="my-hours-course" data-code={line.course.code ?? ''}>
                    <td data-label={t('signInSheet.code')} className="mono nowrap">
                      {line.course.code ?? <span className="muted">{t('course.noCode')}</span>}
                    </td>
                    <th scope="row" data-label={t('signInSheet.courseTitle')}>
                      <Link href={paths.course(line.course.id)}>{line.course.title}</Link>
                      {line.course.tags.length > 0 && (
                        <span className="block small muted">{line.course.tags.map(tagName).join(locale === 'zh-TW' ? '、' : ', ')}</span>
                      )}
                    </th>
                    <td data-label={t('signInSheet.organizer')}>{line.course.organizer?.name ?? <span className="muted">{t('common.none')}</span>}</td>
                    <td data-label={t('myHours.endDate')} className="nowrap">
                      {date(line.course.endsAt)}
                    </td>
                    <td data-label={t('hours.hours')} className="numeric" data-testid="my-hours-course-hours">
                      {formatHours(line.hours)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4}>
                    {t('myHours.total')}
                  </th>
                  <td className="numeric" data-label={t('myHours.total')}>
                    {formatHours(s.totalHours)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="my-hours-tags-heading">
        <h2 id="my-hours-tags-heading">{t('myHours.tagsTitle')}</h2>
        <p className="muted small">{t('myHours.tagsNote')}</p>
        {s.byTag.length === 0 ? (
          <p className="empty card" data-testid="my-hours-tags-empty">
            {t('myHours.tagsEmpty')}
          </p>
        ) : (
          <div className="table-card card">
            <table className="data-table my-hours-tags" data-testid="my-hours-tags">
              <caption className="sr-only">{t('myHours.tagsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('course.tags')}</th>
                  <th scope="col" className="numeric">
                    {t('hours.hours')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.byTag.map((line) => (
                  <tr key={line.tag.code} data-testid="my-hours-tag" data-tag={line.tag.code}>
                    <th scope="row" data-label={t('course.tags')}>
                      {tagName(line.tag)}
                    </th>
                    <td data-label={t('hours.hours')} className="numeric" data-testid="my-hours-tag-hours">
                      {formatHours(line.hours)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
