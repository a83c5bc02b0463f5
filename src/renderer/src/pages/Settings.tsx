import { useState } from 'react';
import type { AppInfo, DemoState, Door } from '../../../shared/contract';
import { api } from '../api/client';
import { ErrorAlert, Loading } from '../components/Status';
import { hrefFor } from '../router';
import { useAction, useOperation } from '../useOperation';
import { ActionButton } from '../components/ActionButton';

const getAppInfo = () => api.getAppInfo({});
const getSummary = () => api.getHouseholdSummary({});
const loadDemo = () => api.loadDemo({});
const clearDemo = () => api.clearDemo({});

const DOOR_LABELS: Record<Door, string> = {
  electron: 'Desktop app',
  web: 'Web door (this browser, served on 127.0.0.1 only)',
  cli: 'Command line',
};

export function Settings() {
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Settings</h1>
        <p className="page-lede">Where your data lives, and the demo household.</p>
      </header>
      <DataSection />
      <DemoSection />
    </>
  );
}

function DataSection() {
  const info = useOperation(getAppInfo);
  return (
    <section className="card settings-section" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p className="muted">
        Keel is offline: your accounts live in one SQLite file on this computer and nothing is sent anywhere. Back up
        the data folder to keep a copy.
      </p>
      {info.status === 'loading' && <Loading what="app information" />}
      {info.status === 'error' && (
        <ErrorAlert error={info.error} title="App information could not be loaded" onRetry={info.reload} />
      )}
      {info.status === 'ok' && <AppInfoList info={info.value} />}
    </section>
  );
}

function AppInfoList({ info }: { info: AppInfo }) {
  return (
    <dl className="facts" data-testid="app-info">
      <dt>Version</dt>
      <dd data-testid="app-version">
        {info.name} {info.version}
      </dd>
      <dt>Data folder</dt>
      <dd>
        <code className="path" data-testid="data-dir">
          {info.dataDir}
        </code>
      </dd>
      <dt>Database</dt>
      <dd>
        <code className="path" data-testid="database-path">
          {info.databasePath}
        </code>
      </dd>
      <dt>Schema version</dt>
      <dd className="num" data-testid="schema-version">
        {info.schemaVersion}
      </dd>
      <dt>Running as</dt>
      <dd data-testid="door">{DOOR_LABELS[info.door] ?? info.door}</dd>
    </dl>
  );
}

function DemoSection() {
  const summary = useOperation(getSummary);
  const [done, setDone] = useState<string | null>(null);
  const afterLoad = (s: DemoState) => {
    setDone(`Demo household loaded: ${s.accounts} ${s.accounts === 1 ? 'account' : 'accounts'}.`);
    summary.reload();
  };
  const afterClear = () => {
    setDone('Demo household removed.');
    summary.reload();
  };
  const load = useAction(loadDemo, afterLoad);
  const clear = useAction(clearDemo, afterClear);
  const demoAccounts = summary.status === 'ok' ? summary.value.accounts.filter((a) => a.isDemo).length : 0;
  const otherAccounts = summary.status === 'ok' ? summary.value.accounts.length - demoAccounts : 0;

  return (
    <section className="card settings-section" aria-labelledby="demo-title">
      <h2 id="demo-title">Demo household</h2>
      {summary.status === 'loading' && <Loading what="the household" />}
      {summary.status === 'error' && (
        <ErrorAlert error={summary.error} title="The household could not be loaded" onRetry={summary.reload} />
      )}
      {summary.status === 'ok' && (
        <>
          <p data-testid="demo-status">
            {demoAccounts > 0
              ? `The demo household is loaded: ${demoAccounts} made-up ${demoAccounts === 1 ? 'account' : 'accounts'} with illustrative prices. Removing it deletes only the demo accounts${otherAccounts > 0 ? `; your ${otherAccounts} other ${otherAccounts === 1 ? 'account stays' : 'accounts stay'}` : ''}.`
              : 'No demo household is loaded. Load it to explore Keel with three made-up accounts; you can remove it again at any time.'}
          </p>
          <div className="actions">
            {demoAccounts > 0 ? (
              <ActionButton action={clear} className="button button-danger" testId="clear-demo" label="Remove demo household" busyLabel="Removing…" />
            ) : (
              <ActionButton action={load} className="button button-primary" testId="load-demo" label="Load demo household" busyLabel="Loading…" />
            )}
          </div>
        </>
      )}
      <div role="status" className="status-line">
        {done && (
          <>
            {done} <a href={hrefFor('dashboard')}>Go to the Dashboard</a>
          </>
        )}
      </div>
      {clear.error && <ErrorAlert error={clear.error} title="The demo household could not be removed" />}
      {load.error && <ErrorAlert error={load.error} title="The demo household could not be loaded" />}
    </section>
  );
}
