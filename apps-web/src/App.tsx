import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import type { Session } from './auth/session';
import { endSession, onUnauthenticated, rememberToken, startSession } from './auth/session';
import { SignIn } from './auth/SignIn';
import { loadToken, takeTokenFromUrl } from './auth/token';
import { Routes } from './Routes';
import { Link } from './routing/Link';

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

  return (
    <>
      <header className="top-bar">
        <Link to="/" className="brand">
          Jobtrail
        </Link>
        <nav aria-label="Main">
          <Link to="/">Jobs</Link>
          <Link to="/compare">Compare</Link>
        </nav>
        {session.token && (
          <button type="button" className="link-button" onClick={() => switchToken(null)}>
            Sign out
          </button>
        )}
      </header>
      <main>
        {session.client ? (
          <ApolloProvider client={session.client.apollo}>
            <Routes />
          </ApolloProvider>
        ) : (
          <SignIn rejected={session.rejected} onSignIn={(token) => switchToken(token)} />
        )}
      </main>
    </>
  );
}
