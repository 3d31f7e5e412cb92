import type { ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { paths } from './api/domain';
import { useSession } from './api/session';
import { NotFound } from './components/ErrorView';
import { Layout } from './components/Layout';
import { Loading } from './components/Page';
import { AnnouncementsPage } from './pages/announcements/AnnouncementsPage';
import { ManageAnnouncementsPage } from './pages/announcements/ManageAnnouncementsPage';
import { AuditPage } from './pages/audit/AuditPage';
import { OutboxPage } from './pages/outbox/OutboxPage';
import { RosterPage } from './pages/roster/RosterPage';
import { currentSchoolYear, parseSchoolYear } from './pages/roster/schoolYear';
import { ContactsPage } from './pages/contacts/ContactsPage';
import { DirectoryPage } from './pages/Directory';
import { OverviewPage } from './pages/OverviewPage';
import { PublicUnitPage } from './pages/PublicUnit';
import { SignInPage } from './pages/SignIn';
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

export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/">{() => <DirectoryPage />}</Route>
        <Route path="/directory">{() => <DirectoryPage />}</Route>
        <Route path="/units/:code">{(p) => <PublicUnitPage key={p.code} code={p.code} />}</Route>
        <Route path="/login">{() => <SignInPage />}</Route>
        <Route path="/announcements">{() => <AnnouncementsPage />}</Route>
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
        <Route path="/manage/outbox">
          {() => (
            <RequireSignIn>
              <OutboxPage />
            </RequireSignIn>
          )}
        </Route>
        {/* Campaign email links to /roster/<year>: the same page, after signing in if needed. */}
        <Route path="/roster">{() => <Redirect to={paths.roster()} replace />}</Route>
        <Route path="/roster/:schoolYear">{(p) => <Redirect to={paths.roster(parseSchoolYear(p.schoolYear) ?? undefined)} replace />}</Route>
        <Route>{() => <NotFound />}</Route>
      </Switch>
    </Layout>
  );
}
