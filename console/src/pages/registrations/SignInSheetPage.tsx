// 簽到表: a course's admitted teachers in the list's order with empty cells to sign in and
// out, for printing (the print stylesheet hides the app's header, menu and these
// buttons), and the same sheet as XLSX from the server.
import { Link } from 'wouter';
import { paths } from '../../api/domain';
import { useQuery } from '../../api/useQuery';
import { ErrorView, NotFound } from '../../components/ErrorView';
import { Loading, PageTitle } from '../../components/Page';
import { SignInSheetDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { PersonalCode } from '../teachers/PersonalCode';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function SignInSheetPage({ id }: { id: string }) {
  if (!UUID.test(id)) return <NotFound />;
  return <Sheet id={id} />;
}

function Sheet({ id }: { id: string }) {
  const { t } = useI18n();
  const query = useQuery(SignInSheetDocument, { courseId: id });
  if (query.error) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const sheet = query.data.signInSheet;
  const showCodes = sheet.rows.some((r) => r.personalCode);
  const none = <span className="muted">{t('common.none')}</span>;

  return (
    <article className="sign-in-sheet" data-testid="sign-in-sheet">
      <p className="breadcrumb no-print">
        <Link href={paths.registrations(id)}>{t('registrations.title', { title: sheet.course.title })}</Link>
      </p>
      <div className="sheet-toolbar no-print">
        <button type="button" className="button button-primary" onClick={() => window.print()} data-testid="print">
          {t('signInSheet.print')}
        </button>
        <a href={sheet.xlsxUrl} className="button" download data-testid="xlsx-link">
          {t('signInSheet.download')}
        </a>
        <p className="small muted sheet-print-hint">{t('signInSheet.printHint')}</p>
      </div>

      <PageTitle title={t('signInSheet.documentTitle', { title: sheet.course.title })}>{t('signInSheet.title')}</PageTitle>
      <dl className="sheet-facts" data-testid="sheet-facts">
        <div>
          <dt>{t('signInSheet.code')}</dt>
          <dd className="mono">{sheet.course.code ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('signInSheet.organizer')}</dt>
          <dd>{sheet.organizerName}</dd>
        </div>
        <div className="sheet-fact-wide">
          <dt>{t('signInSheet.courseTitle')}</dt>
          <dd>{sheet.course.title}</dd>
        </div>
        <div>
          <dt>{t('signInSheet.sessions')}</dt>
          <dd>
            {sheet.sessionLines.length === 0 ? (
              t('common.none')
            ) : (
              <ul className="sheet-sessions">
                {sheet.sessionLines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('signInSheet.place')}</dt>
          <dd className="wrap-anywhere">{sheet.place || t('common.none')}</dd>
        </div>
      </dl>

      {sheet.rows.length === 0 ? (
        <p className="empty card" data-testid="sheet-empty">
          {t('signInSheet.empty')}
        </p>
      ) : (
        // Scrolls sideways on a phone; focusable so that keyboards can scroll it too.
        <div className="sheet-scroll" tabIndex={0} role="region" aria-label={t('signInSheet.caption', { n: sheet.rows.length })}>
          <table className="sheet-table" data-testid="sheet-table">
            <caption className="sr-only">{t('signInSheet.caption', { n: sheet.rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col" className="sheet-number">{t('signInSheet.number')}</th>
                <th scope="col">{t('registration.county')}</th>
                <th scope="col">{t('registration.district')}</th>
                <th scope="col">{t('registration.school')}</th>
                <th scope="col">{t('registration.teacherName')}</th>
                {showCodes && <th scope="col">{t('teacher.personalCode')}</th>}
                <th scope="col" className="sheet-sign">{t('signInSheet.signIn')}</th>
                <th scope="col" className="sheet-sign">{t('signInSheet.signOut')}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.rows.map((r) => (
                <tr key={r.number} data-testid="sheet-row">
                  <td className="sheet-number">{r.number}</td>
                  <td>{r.countyName ?? none}</td>
                  <td>{r.district ?? none}</td>
                  <td>{r.schoolName ?? none}</td>
                  <th scope="row" data-testid="sheet-name">{r.teacherName}</th>
                  {showCodes && <td className="nowrap">{r.personalCode ? <PersonalCode code={r.personalCode} /> : none}</td>}
                  <td className="sheet-sign" />
                  <td className="sheet-sign" />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
