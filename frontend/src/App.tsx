import { useCallback, useEffect, useState } from 'react';
import {
  adoptTokenFromUrl, authConfig, clearToken, demoSignIn, fetchProviders, storedToken, storeToken,
} from './api/client';
import { CatalogContext, catalogOf, EMPTY_CATALOG, type Catalog } from './catalog';
import { SignIn } from './components/SignIn';
import { navigate, pathOf, useLocation, type View } from './router';
import { AnalyticsView } from './views/AnalyticsView';
import { LogsView } from './views/LogsView';
import { TrendsView } from './views/TrendsView';

type Auth =
  | { phase: 'checking' }
  | { phase: 'signed-in'; user: string | null }
  | { phase: 'signed-out'; message: string | null; demo: boolean };

/** The subject of a JWT, for display only (the server verifies the token, not this). */
export function tokenSubject(token: string): string | null {
  try {
    const payload = token.split('.')[1];
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

function signedIn(token: string): Auth {
  return { phase: 'signed-in', user: tokenSubject(token) };
}

const VIEWS: { view: View; label: string }[] = [
  { view: 'logs', label: 'Usage logs' },
  { view: 'analytics', label: 'Provider analytics' },
  { view: 'trends', label: 'Monthly trends' },
];

export function App() {
  const location = useLocation();
  const [auth, setAuth] = useState<Auth>({ phase: 'checking' });
  const [catalog, setCatalog] = useState<Catalog>(EMPTY_CATALOG);

  const signInAsDemo = useCallback(async (message: string | null, first: Promise<unknown> = Promise.resolve()) => {
    try {
      const [token] = await Promise.all([demoSignIn(), first]);
      setAuth(token ? signedIn(token) : { phase: 'signed-out', message, demo: false });
    } catch (e) {
      setAuth({ phase: 'signed-out', message: `Sign-in failed: ${(e as Error).message}`, demo: false });
    }
  }, []);

  useEffect(() => {
    adoptTokenFromUrl();
    const token = storedToken();
    // The views compute their windows ("last 30 days") from the server's clock: learn it, alongside the sign-in,
    // before they render. If the server cannot say, the browser's clock stands in.
    const clock = authConfig().catch(() => undefined);
    if (token) void clock.then(() => setAuth(signedIn(token)));
    else void signInAsDemo(null, clock);
    fetchProviders().then((r) => setCatalog(catalogOf(r.providers)), () => setCatalog(EMPTY_CATALOG));
  }, [signInAsDemo]);

  const onUnauthorized = useCallback((message: string) => {
    clearToken();
    setAuth({ phase: 'signed-out', message, demo: false });
    authConfig().then((c) => setAuth((a) => (a.phase === 'signed-out' ? { ...a, demo: c.demo_mode } : a)), () => undefined);
  }, []);

  return (
    <CatalogContext.Provider value={catalog}>
      <header className="top">
        <a className="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>UsageLens</a>
        <nav aria-label="Views">
          {VIEWS.map(({ view, label }) => (
            <a key={view} href={pathOf(view)} aria-current={location.view === view ? 'page' : undefined}
              onClick={(e) => { e.preventDefault(); navigate(pathOf(view)); }}>{label}</a>
          ))}
        </nav>
        {auth.phase === 'signed-in' && (
          <span className="who">
            {auth.user && <span>Signed in as <strong>{auth.user}</strong></span>}
            <button type="button" className="link-button"
              onClick={() => { clearToken(); setAuth({ phase: 'signed-out', message: null, demo: false });
                authConfig().then((c) => setAuth((a) => (a.phase === 'signed-out' ? { ...a, demo: c.demo_mode } : a)), () => undefined); }}>
              Sign out
            </button>
          </span>
        )}
      </header>
      <main>
        {auth.phase === 'checking' && <p className="notice" role="status" aria-busy="true">Signing in…</p>}
        {auth.phase === 'signed-out' && (
          <SignIn message={auth.message} demo={auth.demo}
            onToken={(token) => { storeToken(token); setAuth(signedIn(token)); }}
            onDemo={() => void signInAsDemo(null)} />
        )}
        {auth.phase === 'signed-in' && location.view === 'logs' && <LogsView search={location.search} onUnauthorized={onUnauthorized} />}
        {auth.phase === 'signed-in' && location.view === 'analytics' && <AnalyticsView search={location.search} onUnauthorized={onUnauthorized} />}
        {auth.phase === 'signed-in' && location.view === 'trends' && <TrendsView search={location.search} onUnauthorized={onUnauthorized} />}
      </main>
    </CatalogContext.Provider>
  );
}
