import { Suspense, type ReactNode } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { paths } from './api/domain';
import { useSession } from './api/session';
import { NotFound } from './components/ErrorView';
import { Layout } from './components/Layout';
import { Loading } from './components/Page';
import { ROUTES, type Access, type RouteDef } from './routes';

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

function Guarded({ access, children }: { access: Access; children: ReactNode }) {
  if (access === 'public') return <>{children}</>;
  return <RequireSignIn waitForSession={access === 'session'}>{children}</RequireSignIn>;
}

/** The router: every page of the route table (routes.tsx), each loaded on first use. */
export function App() {
  const routes = Object.values(ROUTES) as RouteDef<string>[];
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Switch>
          {routes.map((r) => (
            <Route key={r.path} path={r.path}>
              {(params) => {
                const page = r.render(params as never);
                return page === null ? <NotFound /> : <Guarded access={r.access}>{page}</Guarded>;
              }}
            </Route>
          ))}
          <Route>{() => <NotFound />}</Route>
        </Switch>
      </Suspense>
    </Layout>
  );
}
