import { lazy, Suspense, type ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { paths } from './api/domain';
import { useSession } from './api/session';
import { NotFound } from './components/ErrorView';
import { Layout } from './components/Layout';
import { Loading } from './components/Page';
import { AnnouncementsPage } from './pages/announcements/AnnouncementsPage';
import { ManageAnnouncementsPage } from './pages/announcements/ManageAnnouncementsPage';
import { AuditPage } from './pages/audit/AuditPage';
import { CourseHoursPage } from './pages/hours/CourseHoursPage';
import { MyHoursPage } from './pages/hours/MyHoursPage';
import { OutboxPage } from './pages/outbox/OutboxPage';
import { RegistrationsPage } from './pages/registrations/RegistrationsPage';
import { SignInSheetPage } from './pages/registrations/SignInSheetPage';
import { RosterPage } from './pages/roster/RosterPage';
import { currentSchoolYear, parseSchoolYear } from './pages/roster/schoolYear';
import { ContactsPage } from './pages/contacts/ContactsPage';
import { CourseDetailPage } from './pages/courses/CourseDetailPage';
import { EditCoursePage, NewCoursePage } from './pages/courses/CourseEditorPage';
import { CourseSearchPage } from './pages/courses/CourseSearchPage';
import { DelegationsPage } from './pages/courses/DelegationsPage';
import { ReviewQueuePage } from './pages/courses/ReviewQueuePage';
import { UnitCoursesPage } from './pages/courses/UnitCoursesPage';
import { DirectoryPage } from './pages/Directory';
import { OverviewPage } from './pages/OverviewPage';
import { PublicUnitPage } from './pages/PublicUnit';
import { SignInPage } from './pages/SignIn';
import { UnlockPage } from './pages/Unlock';
import { TeachersPage } from './pages/teachers/TeachersPage';
import { UnitsPage } from './pages/UnitsPage';
import { UsersPage } from './pages/users/UsersPage';

/**
 * Pages under /manage need a signed-in viewer; others are sent to sign in first. While
 * the session is still loading the page renders already, so its own query runs in
 * parallel with `me` (a signed-out visitor's query answers UNAUTHENTICATED, which
 * redirects as well). The dashboard needs `me` itself and waits for it.
 */
function RequireSignIn({ children, waitForSession = false }: { children: ReactNode; waitForSession?: boolean }) {
  const { status, me } = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (status === 'loading') return waitForSession ? <Loading /> : <>{children}</>;
  if (!me) return <Redirect to={paths.signIn(search ? `${location}?${search}` : location)} replace />;
  return <>{children}</>;
}

// Statistics, data exchange and the county report: one chunk loaded on first use.
const statisticsPages = () => import('./pages/statistics/pages');
const StatisticsListPage = lazy(() => statisticsPages().then((m) => ({ default: m.StatisticsListPage })));
const StatisticsFormPage = lazy(() => statisticsPages().then((m) => ({ default: m.StatisticsFormPage })));
const StatisticsDetailPage = lazy(() => statisticsPages().then((m) => ({ default: m.StatisticsDetailPage })));
const DataExchangesPage = lazy(() => statisticsPages().then((m) => ({ default: m.DataExchangesPage })));
const DataExchangeFormPage = lazy(() => statisticsPages().then((m) => ({ default: m.DataExchangeFormPage })));
const DataExchangeDetailPage = lazy(() => statisticsPages().then((m) => ({ default: m.DataExchangeDetailPage })));
const CountyReportPage = lazy(() => statisticsPages().then((m) => ({ default: m.CountyReportPage })));

/** A page of a lazily loaded chunk, behind sign-in. */
function Lazy({ children, waitForSession = false }: { children: ReactNode; waitForSession?: boolean }) {
  return (
    <RequireSignIn waitForSession={waitForSession}>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </RequireSignIn>
  );
}

function SearchAlias() {
  const search = useSearch();
  return <Redirect to={paths.courses(search)} replace />;
}

export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/">{() => <DirectoryPage />}</Route>
        <Route path="/directory">{() => <DirectoryPage />}</Route>
        <Route path="/units/:code">{(p) => <PublicUnitPage key={p.code} code={p.code} />}</Route>
        <Route path="/login">{() => <SignInPage />}</Route>
        <Route path="/unlock">{() => <UnlockPage />}</Route>
        <Route path="/announcements">{() => <AnnouncementsPage />}</Route>
        <Route path="/courses">{() => <CourseSearchPage />}</Route>
        {/* `/search` is kept as a short alias of 研習查詢, with its query. */}
        <Route path="/search">{() => <SearchAlias />}</Route>
        <Route path="/courses/:id">{(p) => <CourseDetailPage key={p.id} idOrCode={p.id} />}</Route>
        <Route path="/manage">
          {() => (
            <RequireSignIn waitForSession>
              <OverviewPage />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/units">
          {() => (
            <RequireSignIn>
              <UnitsPage />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/units/:code/contacts">
          {(p) => (
            <RequireSignIn>
              <ContactsPage key={p.code} code={p.code} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/units/:code/users">
          {(p) => (
            <RequireSignIn>
              <UsersPage key={p.code} code={p.code} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/units/:code/teachers">
          {(p) => (
            <RequireSignIn>
              <TeachersPage key={p.code} code={p.code} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/units/:code/courses">
          {(p) => (
            <RequireSignIn>
              <UnitCoursesPage key={p.code} code={p.code} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/units/:code/courses/new">
          {(p) => (
            <RequireSignIn waitForSession>
              <NewCoursePage key={p.code} unitCode={p.code} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/courses/:id/edit">
          {(p) => (
            <RequireSignIn waitForSession>
              <EditCoursePage key={p.id} id={p.id} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/courses/:id/registrations">
          {(p) => (
            <RequireSignIn>
              <RegistrationsPage key={p.id} id={p.id} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/courses/:id/sign-in-sheet">
          {(p) => (
            <RequireSignIn>
              <SignInSheetPage key={p.id} id={p.id} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/courses/:id/hours">
          {(p) => (
            <RequireSignIn>
              <CourseHoursPage key={p.id} id={p.id} />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/my/hours">
          {() => (
            <RequireSignIn>
              <MyHoursPage />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/reviews">
          {() => (
            <RequireSignIn>
              <ReviewQueuePage />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/delegations">
          {() => (
            <RequireSignIn waitForSession>
              <DelegationsPage />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/audit">
          {() => (
            <RequireSignIn>
              <AuditPage />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/roster">{() => <Redirect to={paths.roster(currentSchoolYear())} replace />}</Route>
        <Route path="/manage/roster/:schoolYear">
          {(p) => {
            const schoolYear = parseSchoolYear(p.schoolYear);
            return schoolYear === null ? (
              <NotFound />
            ) : (
              <RequireSignIn>
                <RosterPage schoolYear={schoolYear} />
              </RequireSignIn>
            );
          }}
        </Route>
        <Route path="/manage/announcements">
          {() => (
            <RequireSignIn>
              <ManageAnnouncementsPage />
            </RequireSignIn>
          )}
        </Route>
        <Route path="/manage/statistics">
          {() => (
            <Lazy>
              <StatisticsListPage />
            </Lazy>
          )}
        </Route>
        <Route path="/manage/statistics/new">
          {() => (
            <Lazy waitForSession>
              <StatisticsFormPage />
            </Lazy>
          )}
        </Route>
        <Route path="/manage/statistics/:id">
          {(p) => (
            <Lazy>
              <StatisticsDetailPage key={p.id} id={p.id} />
            </Lazy>
          )}
        </Route>
        <Route path="/manage/data-exchanges">
          {() => (
            <Lazy>
              <DataExchangesPage />
            </Lazy>
          )}
        </Route>
        <Route path="/manage/data-exchanges/new">
          {() => (
            <Lazy waitForSession>
              <DataExchangeFormPage />
            </Lazy>
          )}
        </Route>
        <Route path="/manage/data-exchanges/:id">
          {(p) => (
            <Lazy>
              <DataExchangeDetailPage key={p.id} id={p.id} />
            </Lazy>
          )}
        </Route>
        <Route path="/manage/county-report">
          {() => (
            <Lazy waitForSession>
              <CountyReportPage />
            </Lazy>
          )}
        </Route>
        <Route path="/manage/outbox">
          {() => (
            <RequireSignIn>
              <OutboxPage />
            </RequireSignIn>
          )}
        </Route>
        {/* Campaign email links to /roster/<year>: the same page, after signing in if needed. */}
        <Route path="/roster">{() => <Redirect to={paths.roster()} replace />}</Route>
        {/* Review email links to /reviews: the queue, after signing in if needed. */}
        <Route path="/reviews">{() => <Redirect to={paths.reviews} replace />}</Route>
        <Route path="/roster/:schoolYear">{(p) => <Redirect to={paths.roster(parseSchoolYear(p.schoolYear) ?? undefined)} replace />}</Route>
        <Route>{() => <NotFound />}</Route>
      </Switch>
    </Layout>
  );
}
