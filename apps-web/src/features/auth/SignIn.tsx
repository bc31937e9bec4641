import { useState } from 'react';

interface Props {
  rejected: boolean;
  onSignIn(token: string): void;
}

/** Shown while no token is stored, or after the server rejected the one that was. */
export function SignIn({ rejected, onSignIn }: Props) {
  const [token, setToken] = useState('');
  return (
    <section className="panel sign-in" data-testid="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {rejected ? (
        <p role="alert" className="error">
          The server did not accept the token. Paste a valid one.
        </p>
      ) : (
        <p>Paste an access token to use the Jobtrail console.</p>
      )}
      <p className="muted" data-testid="token-hint">
        On a server started without configured tokens, the generated admin token is in{' '}
        <code>data/admin-token</code> under its data directory (<code>JOBTRAIL_DATA_DIR</code>), and
        its log prints a link that signs you in.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onSignIn(token.trim());
        }}
      >
        <label htmlFor="token">Access token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit" disabled={!token.trim()}>
          Sign in
        </button>
      </form>
    </section>
  );
}
