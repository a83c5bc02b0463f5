import { useEffect, useRef, type MouseEvent } from 'react';
import { Dashboard } from './pages/Dashboard';
import { Holdings } from './pages/Holdings';
import { ImportPage, NotFoundPage, PlansPage, RebalancePage, TargetsPage } from './pages/ComingNext';
import { Settings } from './pages/Settings';
import { hrefFor, parseHash, ROUTES, useHash, type RouteId } from './router';

export function App() {
  const hash = useHash();
  const route = parseHash(hash);
  const mainRef = useRef<HTMLElement>(null);
  const shownHash = useRef(hash);

  useEffect(() => {
    const label = route.id === 'not-found' ? 'Page not found' : ROUTES.find((r) => r.id === route.id)?.label;
    document.title = `${label} · Keel`;
    // After a navigation (not on first load), move focus to the new page's heading so that keyboard and
    // screen-reader users land on it.
    if (shownHash.current !== hash) {
      shownHash.current = hash;
      mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
    }
  }, [hash, route.id]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <aside className="sidebar">
        <a className="wordmark" href={hrefFor('dashboard')} aria-label="Keel, go to Dashboard">
          <KeelMark />
          <span>Keel</span>
        </a>
        <nav aria-label="Main">
          <ul className="nav-list">
            {ROUTES.map((r) => (
              <li key={r.id}>
                <a
                  className="nav-link"
                  href={hrefFor(r.id)}
                  aria-current={route.id === r.id ? 'page' : undefined}
                  data-testid={`nav-${r.id}`}
                >
                  {r.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p className="sidebar-foot">Offline. Your data stays on this computer.</p>
      </aside>
      <main id="main" className="content" ref={mainRef} tabIndex={-1}>
        <div className="content-inner">
          <Page id={route.id} path={route.id === 'not-found' ? route.path : ''} />
        </div>
      </main>
    </div>
  );
}

// "#main" would be taken as a route by the hash router; focus the content instead of navigating.
function skipToMain(e: MouseEvent) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function Page({ id, path }: { id: RouteId | 'not-found'; path: string }) {
  switch (id) {
    case 'dashboard':
      return <Dashboard />;
    case 'holdings':
      return <Holdings />;
    case 'import':
      return <ImportPage />;
    case 'targets':
      return <TargetsPage />;
    case 'rebalance':
      return <RebalancePage />;
    case 'plans':
      return <PlansPage />;
    case 'settings':
      return <Settings />;
    case 'not-found':
      return <NotFoundPage path={path} />;
  }
}

function KeelMark() {
  return (
    <svg className="wordmark-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M3 13h18l-3.5 6h-11z" />
      <path d="M12 3v9M12 4l5 6h-5" />
    </svg>
  );
}
