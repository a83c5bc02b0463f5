import type { AccountView, HouseholdSummary } from '../../../../shared/types';
import { useState } from 'react';
import { Allocation } from './Allocation';
import { api } from '../../api/client';
import { DemoBanner } from './DemoBanner';
import { SignalsCard } from './SignalsCard';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatDate, formatDateTime, formatMoney, formatPrice, formatPercent, formatQuantity, maskedNumberLabel, plural, taxTreatmentLabel } from '../../format';
import { stalePrices, todayIso, useStaleDays } from '../../staleness';
import { hrefFor } from '../../router';
import { useAction, useOperation } from '../../useOperation';
import { ActionButton } from '../../ui/ActionButton';
import { num, Table } from '../../ui/Table';

const getSummary = () => api.getHouseholdSummary({});
const loadDemo = () => api.loadDemo({});
const listBatches = () => api.listImportBatches({});

export function Dashboard() {
  const summary = useOperation(getSummary);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Dashboard</h1>
        {summary.status === 'ok' && summary.value.accounts.length > 0 && (
          <p className="page-lede">{describeHousehold(summary.value)}</p>
        )}
      </header>
      {summary.status === 'loading' && <Loading what="your household" />}
      {summary.status === 'error' && (
        <ErrorAlert error={summary.error} title="Your household could not be loaded" onRetry={summary.reload} />
      )}
      {summary.status === 'ok' &&
        (summary.value.accounts.length === 0 ? (
          <EmptyState onLoaded={summary.reload} />
        ) : (
          <Household summary={summary.value} onChanged={summary.reload} />
        ))}
    </>
  );
}

function describeHousehold(s: HouseholdSummary): string {
  const dates = [...new Set(s.accounts.map((a) => a.asOf).filter((d): d is string => d !== null))].sort();
  const accounts = `${s.accounts.length} ${s.accounts.length === 1 ? 'account' : 'accounts'}`;
  if (dates.length === 0) return accounts;
  const newest = dates[dates.length - 1] ?? null;
  return dates.length === 1 ? `${accounts}, as of ${formatDate(newest)}` : `${accounts}, latest as of ${formatDate(newest)}`;
}

function Household({ summary, onChanged }: { summary: HouseholdSummary; onChanged: () => void }) {
  const currency = summary.baseCurrency;
  // A model switched from the signals card: the allocation loads again against it.
  const [modelVersion, setModelVersion] = useState(0);
  return (
    <>
      {summary.hasDemo && <DemoBanner onRemoved={onChanged} />}
      <section className="stats" aria-label="Household summary">
        <div className="stat stat-primary">
          <span className="stat-label" id="household-total-label">
            Household total
          </span>
          <span className="stat-value stat-value-big num" data-testid="household-total" aria-labelledby="household-total-label">
            {formatMoney(summary.total, currency)}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Cash</span>
          <span className="stat-value num" data-testid="household-cash">
            {formatMoney(summary.cash, currency)}
          </span>
          <span className="stat-note num">{formatPercent(summary.cashWeight)} of total</span>
        </div>
        <div className="stat">
          <span className="stat-label">Accounts</span>
          <span className="stat-value num">{summary.accounts.length}</span>
          <span className="stat-note num">{plural(summary.positionCount, 'position')}</span>
        </div>
        <LastImport demo={summary.hasDemo} />
      </section>
      {summary.missingFxRates.length > 0 && <MissingRates currencies={summary.missingFxRates} base={currency} />}
      <StaleNotice summary={summary} />
      <Allocation key={modelVersion} />
      <SignalsCard onModelSwitched={() => setModelVersion((v) => v + 1)} />
      <h2 className="section-title">Holdings by account</h2>
      <div className="accounts">
        {summary.accounts.map((a) => (
          <AccountCard key={a.id} account={a} />
        ))}
      </div>
    </>
  );
}

/** When the household was last brought up to date, and a way to do it again. */
function LastImport({ demo }: { demo: boolean }) {
  const batches = useOperation(listBatches);
  const newest = batches.status === 'ok' ? batches.value.reduce<string | null>((a, b) => (a === null || b.importedAt > a ? b.importedAt : a), null) : null;
  return (
    <div className="stat" data-testid="last-import">
      <span className="stat-label">Last import</span>
      <span className="stat-value stat-value-date">{batches.status === 'loading' ? '…' : newest ? formatDateTime(newest) : demo ? 'Demo data' : 'None yet'}</span>
      <a className="stat-note" href={hrefFor('import')}>
        Import positions
      </a>
    </div>
  );
}

/** Prices older than the user's threshold (Rebalance → More options; default 5 days): trades planned on them are rough. */
function StaleNotice({ summary }: { summary: HouseholdSummary }) {
  const [days] = useStaleDays();
  const stale = stalePrices(
    summary.accounts.flatMap((a) => a.positions),
    todayIso(),
    days,
  );
  if (stale.length === 0) return null;
  const oldest = stale[0];
  return (
    <div className="banner" role="note" data-testid="stale-prices">
      <div className="banner-text">
        <p className="banner-title">
          {plural(stale.length, 'price')} older than {plural(days, 'day')}
        </p>
        <p>
          The oldest, {oldest?.symbol}, is from {formatDate(oldest?.priceDate ?? null)}. Values, drift and planned trades use these prices:{' '}
          <a href={hrefFor('import')}>import fresh positions</a> from your broker before you trade.
        </p>
      </div>
    </div>
  );
}

/** Accounts in a currency without a rate to the base currency are in no total (neither here nor in the allocation). */
function MissingRates({ currencies, base }: { currencies: string[]; base: string }) {
  const list = currencies.length === 1 ? currencies[0] : `${currencies.slice(0, -1).join(', ')} and ${currencies[currencies.length - 1]}`;
  return (
    <div className="banner" role="note" data-testid="fx-missing">
      <div className="banner-text">
        <p className="banner-title">
          {list} accounts are left out of the total until you enter {currencies.length === 1 ? 'an exchange rate' : 'exchange rates'}
        </p>
        <p>
          Keel values every account in {base}. Enter {currencies.length === 1 ? `the ${list} rate` : 'the rates'} in{' '}
          <a href={hrefFor('settings')}>Settings</a> and {currencies.length === 1 ? 'that account joins' : 'those accounts join'} the
          total, the allocation and the drift.
        </p>
      </div>
    </div>
  );
}

function AccountCard({ account: a }: { account: AccountView }) {
  const headingId = `account-${a.id}-name`;
  const c = a.currency;
  return (
    <section className="card account" data-testid={`account-${a.id}`} aria-labelledby={headingId}>
      <header className="account-header">
        <div className="account-identity">
          <h3 id={headingId} className="account-name">
            {a.name}
            {a.isDemo && <span className="badge badge-demo">Demo</span>}
          </h3>
          <p className="account-meta">
            <span>{a.broker}</span>
            <span aria-label={`Account ${maskedNumberLabel(a.numberMasked)}`}>{a.numberMasked}</span>
            <span className={`badge badge-tax badge-${a.taxTreatment}`}>{taxTreatmentLabel(a.taxTreatment)}</span>
            <span>As of {formatDate(a.asOf)}</span>
            {a.totalInBase === null && (
              <span className="badge badge-demo" data-testid={`account-${a.id}-no-rate`}>
                Not in the total: no {a.currency} rate
              </span>
            )}
          </p>
        </div>
        <div className="account-total">
          <span className="stat-label">Account total</span>
          <span className="account-total-value num" data-testid={`account-${a.id}-total`}>
            {formatMoney(a.total, c)}
          </span>
        </div>
      </header>
      <Table
        className="table-account"
        caption={`Positions in ${a.name}`}
        columns={[
          { label: 'Symbol', col: 'col-symbol' },
          { label: 'Name', col: '' },
          num('Quantity', { col: 'col-quantity' }),
          num('Price', { col: 'col-price' }),
          num('Market value', { col: 'col-value' }),
          num('Weight', { col: 'col-weight' }),
        ]}
      >
        <tbody>
          {a.positions.map((p) => (
            <tr key={p.symbol}>
              <th scope="row" className="symbol">
                {p.symbol}
              </th>
              <td className="name">{p.name}</td>
              <td className="num">{formatQuantity(p.quantity)}</td>
              <td className="num">{formatPrice(p.price, c)}</td>
              <td className="num">{formatMoney(p.marketValue, c)}</td>
              <td className="num muted">{formatPercent(p.weight)}</td>
            </tr>
          ))}
          <tr className="cash-row" data-testid={`account-${a.id}-cash`}>
            <th scope="row" className="symbol">
              Cash
            </th>
            <td className="name muted">Uninvested cash</td>
            <td className="num" />
            <td className="num" />
            <td className="num">{formatMoney(a.cash, c)}</td>
            <td className="num muted">{formatPercent(a.cashWeight)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              Total
            </th>
            <td className="num">{formatMoney(a.total, c)}</td>
            <td className="num muted">{formatPercent(a.total === '0.00' ? '0' : '1')}</td>
          </tr>
        </tfoot>
      </Table>
    </section>
  );
}

function EmptyState({ onLoaded }: { onLoaded: () => void }) {
  const load = useAction(loadDemo, onLoaded);
  return (
    <section className="card empty" data-testid="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">No accounts yet</h2>
      <p className="empty-lede">
        Keel works from the position exports your brokers already give you. Everything stays on this computer.
      </p>
      <ol className="empty-steps">
        <li>
          <h3>Import your broker CSVs</h3>
          <p>
            Export positions from Schwab, Fidelity, Vanguard or another broker and drop the CSV files on Keel. You
            see what Keel read, with totals checked against the file, before anything is saved, and every import
            can be undone.
          </p>
          <a className="button button-primary" href={hrefFor('import')}>
            Go to Import
          </a>
        </li>
        <li>
          <h3>Or explore with a demo household</h3>
          <p>Three made-up accounts (taxable, traditional IRA, Roth IRA) you can remove in one click later.</p>
          <ActionButton action={load} className="button" testId="load-demo" label="Load demo household" busyLabel="Loading…" />
        </li>
      </ol>
      {load.error && <ErrorAlert error={load.error} title="The demo household could not be loaded" />}
    </section>
  );
}
