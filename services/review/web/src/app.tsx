import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { renewTokensWith, UNAUTHORIZED_EVENT } from './api/http';
import { UiConfig, uiConfig } from './api/ui-config';
import { hasRole } from './domain/token-claims';
import { OidcSignIn } from './oidc-sign-in';
import { OversightIndex } from './screens/oversight-index';
import { Queues } from './screens/queues';
import { ReviewScreen } from './screens/review-screen';
import { SignIn } from './screens/sign-in';
import { endSession, restorePastedSession, Session } from './session';

// The charts library is most of the bundle and only leads open the dashboard: it loads when they do.
const Dashboard = lazy(() => import('./screens/dashboard').then((module) => ({ default: module.Dashboard })));
const OversightTrends = lazy(() =>
  import('./screens/oversight-trends').then((module) => ({ default: module.OversightTrends })),
);

/** Pages are real paths (/, /review/<workflow>, /dashboard): the review service falls back to the app for them. */
function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    history.pushState(null, '', to);
    setPath(to);
  }, []);
  return [path, navigate];
}

/** The deployment's sign-in: the OpenID provider when configured, and whether pasting a token is allowed. */
interface SignInOptions {
  config: UiConfig;
  provider?: OidcSignIn;
}

export function App() {
  const [session, setSession] = useState<Session | undefined>();
  const [signIn, setSignIn] = useState<SignInOptions>();
  const [path, navigate] = usePath();
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const config = await uiConfig();
      const provider = config.oidc ? new OidcSignIn(config.oidc) : undefined;
      if (provider) {
        provider.onRenewed();
        renewTokensWith(() => provider.renew());
        const restored = await provider.restore().catch((error: unknown) => {
          setNotice(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
        if (restored?.returnTo !== undefined || window.location.pathname === '/auth/callback') {
          navigate(restored?.returnTo ?? '/');
        }
        if (!cancelled && restored) setSession(restored.session);
      }
      if (!cancelled && config.tokenSignIn) setSession((current) => current ?? restorePastedSession());
      if (!cancelled) setSignIn({ config, provider });
    })().catch((error: unknown) => setNotice(`Cannot load the app's configuration: ${String(error)}`));
    return () => {
      cancelled = true;
    };
  }, [navigate]);

  useEffect(() => {
    const onUnauthorized = () => {
      endSession();
      setSession(undefined);
      setNotice('Your sign-in has expired or was refused: sign in again.');
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  if (!signIn) return <p className="loading">{notice ?? 'Loading…'}</p>;
  if (!session) {
    return (
      <SignIn
        notice={notice}
        provider={signIn.provider}
        tokenSignIn={signIn.config.tokenSignIn}
        onSignedIn={setSession}
      />
    );
  }
  const signOut = () => {
    const provider = session.via === 'oidc' ? signIn.provider : undefined;
    endSession();
    setSession(undefined);
    if (provider) void provider.signOut();
  };
  const { principal } = session.user;
  const isLead = hasRole(principal, 'lead');
  const reviewing = /^\/review\/([a-z0-9][a-z0-9-]*)$/.exec(path)?.[1];
  const trendsOf = /^\/oversight\/([a-z0-9][a-z0-9-]*)$/.exec(path)?.[1];

  return (
    <div className="app">
      <header className="top">
        <span className="brand">Countersign</span>
        <nav aria-label="Main">
          <a href="/" onClick={(event) => (event.preventDefault(), navigate('/'))} aria-current={path === '/'}>
            Queues
          </a>
          {isLead && (
            <a
              href="/dashboard"
              onClick={(event) => (event.preventDefault(), navigate('/dashboard'))}
              aria-current={path === '/dashboard'}
            >
              Oversight
            </a>
          )}
          {isLead && (
            <a
              href="/oversight"
              onClick={(event) => (event.preventDefault(), navigate('/oversight'))}
              aria-current={path.startsWith('/oversight')}
            >
              Trends &amp; evidence
            </a>
          )}
        </nav>
        <span className="who">
          {principal.subject} · {principal.roles.join(', ') || 'no role'}
          <button type="button" className="link" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        {reviewing ? (
          <ReviewScreen
            key={reviewing}
            session={session}
            workflow={reviewing}
            openTask={new URLSearchParams(window.location.search).get('task') ?? undefined}
            onLeave={() => navigate('/')}
          />
        ) : trendsOf ? (
          <Suspense fallback={<p>Loading…</p>}>
            <OversightTrends key={trendsOf} session={session} workflow={trendsOf} />
          </Suspense>
        ) : path === '/oversight' ? (
          <OversightIndex session={session} onOpen={(workflow) => navigate(`/oversight/${workflow}`)} />
        ) : path === '/dashboard' ? (
          <Suspense fallback={<p>Loading…</p>}>
            <Dashboard session={session} />
          </Suspense>
        ) : (
          <Queues session={session} onStart={(workflow) => navigate(`/review/${workflow}`)} />
        )}
      </main>
    </div>
  );
}
