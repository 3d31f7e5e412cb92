// 研習課程報表 (the county report): the courses of the schools a county bureau or K-12 division
// governs that end in a school year (the current one by default) or a calendar year, with
// admitted registrations and hours granted, and the same report as CSV, XLSX and ODS. County
// and division admins choose among their own units; operators and the commissioner among
// every county bureau and K-12 division. Unit and period are in the URL.
import { useId } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { paths } from '../../api/domain';
import { useSession } from '../../api/session';
import { useQuery } from '../../api/useQuery';
import { ErrorView, NoPermission } from '../../components/ErrorView';
import { Loading, PageTitle } from '../../components/Page';
import { CountyReportDocument, CountyReportUnitsDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { formatHours } from '../courses/model';
import { parsePeriod, periodVariables, type Period } from '../hours/model';
import { PeriodFields } from '../hours/PeriodFields';
import { countyReportOwnUnits, readsAnyCountyReport } from './access';
import { courseDays, orderDownloads } from './model';

interface ReportUnit {
  id: string;
  code: string;
  name: string;
}

export function CountyReportPage() {
  const { t } = useI18n();
  const { me, current, status } = useSession();
  const network = readsAnyCountyReport(me);
  const all = useQuery(CountyReportUnitsDocument, {}, { skip: !network });
  if (status === 'loading') return <Loading />;
  const own: ReportUnit[] = countyReportOwnUnits(me);
  const units: ReportUnit[] = [...own];
  for (const u of network ? (all.data?.orgUnits.nodes ?? []) : []) if (!units.some((x) => x.id === u.id)) units.push(u);
  if (network && all.error) return <ErrorView error={all.error} onRetry={() => void all.refetch()} />;
  if (network && !all.data) return <Loading />;
  if (units.length === 0) return <NoPermission />;
  const fallback = units.find((u) => u.id === current?.unit.id) ?? units[0];
  return (
    <>
      <PageTitle lead={<p>{t('countyReport.intro')}</p>}>{t('countyReport.title')}</PageTitle>
      <CountyReport units={units} fallbackCode={fallback?.code ?? ''} />
    </>
  );
}

function CountyReport({ units, fallbackCode }: { units: ReportUnit[]; fallbackCode: string }) {
  const { t } = useI18n();
  const id = useId();
  const [, navigate] = useLocation();
  const search = useSearch();
  const params = new URLSearchParams(search);
  const unit = units.find((u) => u.code === params.get('unit')) ?? units.find((u) => u.code === fallbackCode) ?? units[0];
  const period = parsePeriod(search);
  const go = (code: string, next: Period) =>
    navigate(paths.countyReport(next.kind === 'schoolYear' ? { unit: code, schoolYear: next.year } : { unit: code, calendarYear: next.year }), { replace: true });
  if (!unit) return null;

  return (
    <>
      <form className="filters card county-report-filters" aria-label={t('countyReport.choose')} onSubmit={(e) => e.preventDefault()}>
        <div className="field filter-grow">
          <label htmlFor={`${id}-unit`} className="field-label">
            {t('countyReport.unit')}
          </label>
          <select id={`${id}-unit`} value={unit.code} onChange={(e) => go(e.target.value, period)} data-testid="report-unit">
            {units.map((u) => (
              <option key={u.id} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <PeriodFields period={period} onChange={(p) => go(unit.code, p)} name="reportPeriodKind" yearTestId="report-year" />
      </form>
      <ReportTable key={`${unit.id}-${period.kind}-${period.year}`} unitId={unit.id} period={period} />
    </>
  );
}

function ReportTable({ unitId, period }: { unitId: string; period: Period }) {
  const { t, locale } = useI18n();
  const headingId = useId();
  const query = useQuery(CountyReportDocument, { unitId, period: periodVariables(period) });
  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const report = query.data.countyReport;
  const sum = (f: (r: (typeof report.rows)[number]) => number) => report.rows.reduce((n, r) => n + f(r), 0);
  return (
    <section aria-labelledby={headingId} data-testid="county-report">
      <div className="section-head">
        <h2 id={headingId}>{t('countyReport.reportTitle', { unit: report.unitName, period: report.period })}</h2>
        <ul className="download-list" aria-label={t('application.downloads')}>
          {orderDownloads(report.downloads).map((d) => (
            <li key={d.format}>
              <a className="button button-small" href={d.url} download data-testid={`report-download-${d.format}`}>
                <span aria-hidden="true">⤓</span> {t(`application.download.${d.format}`)}
              </a>
            </li>
          ))}
        </ul>
      </div>
      <p className="small muted">{t('countyReport.note')}</p>
      {report.rows.length === 0 ? (
        <p className="empty card" data-testid="county-report-empty">
          {t('countyReport.empty', { period: report.period })}
        </p>
      ) : (
        <div className="table-card card">
          <table className="data-table county-report-table" data-testid="county-report-table">
            <caption className="sr-only">{t('countyReport.reportTitle', { unit: report.unitName, period: report.period })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('countyReport.code')}</th>
                <th scope="col">{t('countyReport.courseTitle')}</th>
                <th scope="col">{t('countyReport.dates')}</th>
                <th scope="col">{t('countyReport.organizer')}</th>
                <th scope="col">{t('countyReport.stage')}</th>
                <th scope="col" className="numeric">
                  {t('countyReport.participants')}
                </th>
                <th scope="col" className="numeric">
                  {t('countyReport.teachersGranted')}
                </th>
                <th scope="col" className="numeric">
                  {t('countyReport.hoursGranted')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.courseId} data-testid="county-report-row" data-code={r.courseCode ?? ''}>
                  <td data-label={t('countyReport.code')} className="mono nowrap">
                    {r.courseCode ?? <span className="muted">{t('course.noCode')}</span>}
                  </td>
                  <th scope="row" data-label={t('countyReport.courseTitle')}>
                    <Link href={paths.course(r.courseId)}>{r.title}</Link>
                  </th>
                  <td data-label={t('countyReport.dates')} className="nowrap small">
                    {courseDays(r.startsOn, r.endsOn, locale)}
                  </td>
                  <td data-label={t('countyReport.organizer')}>{r.organizer}</td>
                  <td data-label={t('countyReport.stage')}>{r.stage ? t(`stage.${r.stage}`) : t('common.none')}</td>
                  <td data-label={t('countyReport.participants')} className="numeric">
                    {r.participants}
                  </td>
                  <td data-label={t('countyReport.teachersGranted')} className="numeric">
                    {r.teachersGranted}
                  </td>
                  <td data-label={t('countyReport.hoursGranted')} className="numeric">
                    {formatHours(r.hoursGranted)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="county-report-total">
                <th scope="row" colSpan={5}>
                  {t('countyReport.total', { n: report.rows.length })}
                </th>
                <td className="numeric" data-label={t('countyReport.participants')}>
                  {sum((r) => r.participants)}
                </td>
                <td className="numeric" data-label={t('countyReport.teachersGranted')}>
                  {sum((r) => r.teachersGranted)}
                </td>
                <td className="numeric" data-label={t('countyReport.hoursGranted')}>
                  {formatHours(sum((r) => r.hoursGranted))}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
