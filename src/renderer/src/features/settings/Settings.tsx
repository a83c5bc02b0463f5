import { useEffect, useState, type FormEvent } from 'react';
import type { AppInfo, DemoState, Door, FxRateView, KeelError } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatDate } from '../../format';
import { hrefFor } from '../../router';
import { useAction, useOperation } from '../../useOperation';
import { ActionButton } from '../../ui/ActionButton';
import './settings.css';
import { BackupsSection } from './SettingsBackups';
import { num, Table } from '../../ui/Table';
import { Field } from '../../ui/Field';
import { StaleDaysField } from '../../ui/StaleDaysField';
import { useStaleDays } from '../../staleness';

const getAppInfo = () => api.getAppInfo({});
const getSummary = () => api.getHouseholdSummary({});
const loadDemo = () => api.loadDemo({});
const clearDemo = () => api.clearDemo({});
const listFxRates = () => api.listFxRates({});

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
        <p className="page-lede">Where your data lives, backups, exchange rates, and the demo household.</p>
      </header>
      <DataSection />
      <BackupsSection />
      <RatesSection />
      <PricesSection />
      <DemoSection />
    </>
  );
}

/** The price-age setting (the core's: the Rebalance page, the Prices page and the printed trade list use it). */
function PricesSection() {
  const [days, setDays] = useStaleDays();
  return (
    <section className="card settings-section" aria-labelledby="prices-setting-title">
      <h2 id="prices-setting-title">Prices</h2>
      <StaleDaysField days={days} onChange={setDays} testId="settings-stale-days" />
      <p className="muted">
        Every price and its age: <a href={hrefFor('prices')}>Prices</a>.
      </p>
    </section>
  );
}

function DataSection() {
  const info = useOperation(getAppInfo);
  return (
    <section className="card settings-section" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p className="muted">
        Keel is offline: your accounts live in one SQLite file on this computer and nothing is sent anywhere. Keel backs
        it up for you (see Backups below).
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

function RatesSection() {
  const rates = useOperation(listFxRates);
  const summary = useOperation(getSummary);
  const missing = summary.status === 'ok' ? summary.value.missingFxRates : [];
  return (
    <section className="card settings-section" aria-labelledby="rates-title" data-testid="fx-rates">
      <h2 id="rates-title">Exchange rates</h2>
      {rates.status === 'loading' && <Loading what="exchange rates" />}
      {rates.status === 'error' && <ErrorAlert error={rates.error} title="The exchange rates could not be loaded" onRetry={rates.reload} />}
      {rates.status === 'ok' && (
        <>
          <p className="muted">
            Keel values every account in your base currency, <strong data-testid="base-currency">{rates.value.baseCurrency}</strong>. An account in
            another currency counts in the total once Keel knows its rate: from the broker’s file (Interactive Brokers statements state them) or
            entered here.
          </p>
          {missing.length > 0 && (
            <p className="alert alert-warn" data-testid="fx-missing-settings">
              No rate yet for <strong>{missing.join(', ')}</strong>: {missing.length === 1 ? 'that account is' : 'those accounts are'} left out of
              the total until you enter one below.
            </p>
          )}
          <RatesTable rates={rates.value.rates} base={rates.value.baseCurrency} />
          <RateForm
            base={rates.value.baseCurrency}
            suggestions={missing}
            onSaved={() => {
              rates.reload();
              summary.reload();
            }}
          />
        </>
      )}
    </section>
  );
}

function RatesTable({ rates, base }: { rates: FxRateView[]; base: string }) {
  if (rates.length === 0) return <p data-testid="fx-rates-empty">No exchange rates yet.</p>;
  return (
    <Table className="table-rates" data-testid="fx-rates-table" caption={`Known exchange rates to ${base}`} columns={['Currency', num('Rate'), 'As of', 'Source']}>
      <tbody>
        {rates.map((r) => (
          <tr key={r.currency} data-testid={`fx-rate-${r.currency}`}>
            <th scope="row">{r.currency}</th>
            <td className="num">
              1 {r.currency} = {r.rate} {base}
            </td>
            <td>{formatDate(r.asOf)}</td>
            <td className="muted">{r.source === 'user' ? 'Entered by you' : r.source}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function RateForm({ base, suggestions, onSaved }: { base: string; suggestions: string[]; onSaved: () => void }) {
  const [currency, setCurrency] = useState('');
  const suggested = suggestions[0] ?? '';
  // Offer the first currency that lacks a rate once the household has loaded, unless the user typed one.
  useEffect(() => {
    if (suggested) setCurrency((c) => c || suggested);
  }, [suggested]);
  const [rate, setRate] = useState('');
  const [asOf, setAsOf] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const code = currency.trim().toUpperCase();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await api.setFxRate({ currency: code, rate: rate.trim(), ...(asOf ? { asOf } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDone(`Saved: 1 ${r.value.currency} = ${r.value.rate} ${base}.`);
    setRate('');
    onSaved();
  };

  return (
    <form className="rate-form" onSubmit={(e) => void submit(e)} aria-labelledby="rate-form-title">
      <h3 id="rate-form-title" className="rate-form-title">
        Set a rate
      </h3>
      <div className="rate-fields">
        <Field label="Currency" htmlFor="fx-currency">
          <input
            id="fx-currency"
            className="input input-currency"
            value={currency}
            maxLength={3}
            placeholder="EUR"
            list="fx-currency-suggestions"
            autoCapitalize="characters"
            spellCheck={false}
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
            data-testid="fx-currency"
          />
          <datalist id="fx-currency-suggestions">
            {suggestions.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </Field>
        <Field label={code.length === 3 ? `1 ${code} in ${base}` : `Rate in ${base}`} htmlFor="fx-rate">
          <input
            id="fx-rate"
            className="input input-rate"
            inputMode="decimal"
            value={rate}
            placeholder="1.0834"
            onChange={(e) => setRate(e.target.value)}
            data-testid="fx-rate"
          />
        </Field>
        <Field label="As of (optional)" htmlFor="fx-as-of">
          <input id="fx-as-of" className="input" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} data-testid="fx-as-of" />
        </Field>
        <button type="submit" className="button button-primary" disabled={busy || code.length !== 3 || rate.trim() === ''} aria-busy={busy} data-testid="fx-save">
          {busy ? 'Saving…' : 'Save rate'}
        </button>
      </div>
      {error && <ErrorAlert error={error} title="The rate was not saved" />}
      <div role="status" className="status-line" data-testid="fx-status">
        {done}
      </div>
    </form>
  );
}
