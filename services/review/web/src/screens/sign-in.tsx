import { FormEvent, useState } from 'react';
import type { OidcSignIn } from '../oidc-sign-in';
import { Session, startSession } from '../session';

interface SignInProps {
  notice?: string;
  /** The organisation's OpenID provider, when the deployment configures one. */
  provider?: OidcSignIn;
  /** Offer pasting a token (development: `npm run token -- --sub …`). */
  tokenSignIn: boolean;
  onSignedIn: (session: Session) => void;
}

/** Sign in at the organisation's provider; in development, or without a provider, by pasting a token. */
export function SignIn({ notice, provider, tokenSignIn, onSignedIn }: SignInProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const session = startSession(token);
    if (session) onSignedIn(session);
    else setError('That is not a token we can read, or it has expired.');
  };
  const returnTo = window.location.pathname === '/auth/callback' ? '/' : window.location.pathname;

  return (
    <main className="sign-in">
      <h1>Countersign review</h1>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      {provider && (
        <button type="button" autoFocus onClick={() => void provider.signIn(returnTo)}>
          Sign in with your organisation
        </button>
      )}
      {tokenSignIn && (
        <form onSubmit={submit} aria-describedby="token-help">
          <label htmlFor="token">{provider ? 'Or, in development, an access token' : 'Access token'}</label>
          <input
            id="token"
            type="password"
            autoFocus={!provider}
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-invalid={error !== undefined}
            aria-errormessage="token-error"
          />
          <p id="token-help" className="hint">
            Development: <code>npm run -s token -- --sub reviewer-1 --workflows contract-review</code>, paste, Enter.
          </p>
          {error && (
            <p id="token-error" className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit">Sign in</button>
        </form>
      )}
      {!provider && !tokenSignIn && <p>Sign-in is not configured for this deployment.</p>}
    </main>
  );
}
