import { ApolloProvider } from '@apollo/client/react';
import { createContext, lazy, Suspense, use, useEffect, useState } from 'react';
import { createHashRouter, NavLink, Outlet, RouterProvider } from 'react-router';
import type { Session } from '../shared/session/session';
import {
  endSession,
  onUnauthenticated,
  rememberToken,
  startSession,
} from '../shared/session/session';
import { loadToken, takeTokenFromUrl } from '../shared/session/token';
import { SignIn } from '../features/auth';
import { JobPage } from '../features/job';
import { JobsPage } from '../features/jobs';
import { NotFound } from './NotFound';

// The jobs and job pages are in the first bundle; the others load when first opened.
const AlertsPage = lazy(() =>
  import('../features/alerts').then((m) => ({ default: m.AlertsPage })),
);
const NewAlertRulePage = lazy(() =>
  import('../features/alerts').then((m) => ({ default: m.NewAlertRulePage })),
);
const AlertRulePage = lazy(() =>
  import('../features/alerts').then((m) => ({ default: m.AlertRulePage })),
);
const AuditPage = lazy(() => import('../features/audit').then((m) => ({ default: m.AuditPage })));
const ComparePage = lazy(() =>
  import('../features/compare').then((m) => ({ default: m.ComparePage })),
);
const FamilyPage = lazy(() =>
  import('../features/family').then((m) => ({ default: m.FamilyPage })),
);
const HealthPage = lazy(() =>
  import('../features/health').then((m) => ({ default: m.HealthPage })),
);
const TimeTravelPage = lazy(() =>
  import('../features/timetravel').then((m) => ({ default: m.TimeTravelPage })),
);

// Hash routes (#/jobs/42): the server serves one index.html, and every page stays reachable by URL.
const router = createHashRouter([
  {
    element: <Shell />,
    children: [
      { index: true, element: <JobsPage /> },
      { path: 'jobs', element: <JobsPage /> },
      { path: 'jobs/:id', element: <JobPage /> },
      { path: 'jobs/:id/audit', element: <AuditPage /> },
      { path: 'jobs/:id/time-travel', element: <TimeTravelPage /> },
      { path: 'jobs/:id/family', element: <FamilyPage /> },
      { path: 'compare', element: <ComparePage /> },
      { path: 'health', element: <HealthPage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: 'alerts/new', element: <NewAlertRulePage /> },
      { path: 'alerts/:id', element: <AlertRulePage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  const [session, setSession] = useState<Session>(() =>
    startSession(takeTokenFromUrl() ?? loadToken()),
  );

  const switchToken = (token: string | null, rejected = false) => {
    rememberToken(token);
    endSession(session);
    setSession(startSession(token, rejected));
  };

  useEffect(() =>
    onUnauthenticated(() => {
      rememberToken(null);
      endSession(session);
      setSession(startSession(null, true));
    }),
  );

  if (!session.client) {
    return (
      <>
        <TopBar signedIn={false} onSignOut={() => undefined} />
        <main>
          <SignIn rejected={session.rejected} onSignIn={(token) => switchToken(token)} />
        </main>
      </>
    );
  }
  return (
    <ApolloProvider client={session.client.apollo}>
      <SignOutContext value={() => switchToken(null)}>
        <RouterProvider router={router} />
      </SignOutContext>
    </ApolloProvider>
  );
}

const SignOutContext = createContext<() => void>(() => undefined);

function Shell() {
  const signOut = use(SignOutContext);
  return (
    <>
      <TopBar signedIn onSignOut={signOut} />
      <main>
        <Suspense fallback={<p className="page">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

function TopBar({ signedIn, onSignOut }: { signedIn: boolean; onSignOut(): void }) {
  return (
    <header className="top-bar">
      <a href="#/" className="brand">
        Jobtrail
      </a>
      {signedIn && (
        <nav aria-label="Main">
          <NavLink to="/" end>
            Jobs
          </NavLink>
          <NavLink to="/compare">Compare</NavLink>
          <NavLink to="/alerts">Alerts</NavLink>
          <NavLink to="/health">Health</NavLink>
        </nav>
      )}
      {signedIn && (
        <button type="button" className="link-button" onClick={onSignOut}>
          Sign out
        </button>
      )}
    </header>
  );
}
