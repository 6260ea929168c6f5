import { FormEvent, useEffect, useState } from 'react';
import { uiConfig } from '../api/ui-config';
import { Session, startSession } from '../session';

/** Paste a development token (`npm run token -- --sub …`) or your identity provider's access token. */
export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [providerUrl, setProviderUrl] = useState<string>();
  useEffect(() => {
    uiConfig()
      .then((config) => setProviderUrl(config.oidcLoginUrl))
      .catch(() => undefined);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const session = startSession(token);
    if (session) onSignedIn(session);
    else setError('That is not a token we can read, or it has expired.');
  };

  return (
    <main className="sign-in">
      <h1>Countersign review</h1>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-describedby="token-help">
        <label htmlFor="token">Access token</label>
        <input
          id="token"
          type="password"
          autoFocus
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error !== undefined}
          aria-errormessage="token-error"
        />
        <p id="token-help" className="hint">
          Development: <code>npm run token -- --sub reviewer-1 --workflows contract-review</code>, paste, Enter.
          Production: the access token of your organisation&apos;s sign-in.
        </p>
        {error && (
          <p id="token-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
        {providerUrl && (
          <p>
            <a href={providerUrl}>Sign in with your identity provider</a>
          </p>
        )}
      </form>
    </main>
  );
}
