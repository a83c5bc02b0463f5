import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { importFiles } from './features/import/session';
import { Accounts } from './features/accounts/Accounts';
import { Dashboard } from './features/dashboard/Dashboard';
import { Holdings } from './features/holdings/Holdings';
import { ImportPage } from './features/import/ImportPage';
import { Classification } from './features/classification/Classification';
import { NotFoundPage } from './NotFound';
import { Plans } from './features/plans/Plans';
import { PrintPlan } from './features/plans/PrintPlan';
import { Prices } from './features/prices/Prices';
import { Rebalance } from './features/rebalance/Rebalance';
import { Settings } from './features/settings/Settings';
import { Signals } from './features/signals/Signals';
import { Targets } from './features/targets/Targets';
import { hrefFor, navigate, parseHash, printPlanId, ROUTES, useHash, type RouteId } from './router';

export function App() {
  const hash = useHash();
  const route = parseHash(hash);
  const printing = printPlanId(hash);
  const mainRef = useRef<HTMLElement>(null);
  const shownHash = useRef(hash);

  useEffect(() => {
    const label = printing !== null ? 'Trade list' : route.id === 'not-found' ? 'Page not found' : ROUTES.find((r) => r.id === route.id)?.label;
    document.title = `${label} · Keel`;
    // After a navigation (not on first load), move focus to the new page's heading so that keyboard and
    // screen-reader users land on it.
    if (shownHash.current !== hash) {
      shownHash.current = hash;
      mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
    }
  }, [hash, route.id, printing]);

  const dragging = useFileDrop();

  return (
    <div className="shell">
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p className="drop-overlay-text">Drop CSV files to import them</p>
        </div>
      )}
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
          {printing !== null ? <PrintPlan key={printing} planId={printing} /> : <Page id={route.id} path={route.id === 'not-found' ? route.path : ''} />}
        </div>
      </main>
    </div>
  );
}

/**
 * Files dropped anywhere on the window go to the Import page and start an import there. Without this the
 * browser (or Electron) would open a dropped file in place of the app. Returns whether files are being dragged
 * over the window, for the overlay.
 */
function useFileDrop(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; count them to know when the drag leaves the window.
    let depth = 0;
    const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      navigate('import');
      void importFiles(files);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  return dragging;
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
    case 'accounts':
      return <Accounts />;
    case 'prices':
      return <Prices />;
    case 'import':
      return <ImportPage />;
    case 'targets':
      return <Targets />;
    case 'classification':
      return <Classification />;
    case 'rebalance':
      return <Rebalance />;
    case 'plans':
      return <Plans />;
    case 'signals':
      return <Signals />;
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
