import type { HouseholdSummary } from '../../../shared/contract';
import { api } from '../api/client';
import { ErrorAlert, Loading } from '../components/Status';
import { formatMoney, formatPrice, formatQuantity, formatSignedMoney } from '../format';
import { hrefFor } from '../router';
import { useOperation } from '../useOperation';

const getSummary = () => api.getHouseholdSummary({});

export function Holdings() {
  const summary = useOperation(getSummary);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Holdings</h1>
        <p className="page-lede">Every position in every account, as of each account’s latest snapshot.</p>
      </header>
      {summary.status === 'loading' && <Loading what="holdings" />}
      {summary.status === 'error' && (
        <ErrorAlert error={summary.error} title="Holdings could not be loaded" onRetry={summary.reload} />
      )}
      {summary.status === 'ok' && <HoldingsTable summary={summary.value} />}
    </>
  );
}

function HoldingsTable({ summary }: { summary: HouseholdSummary }) {
  const rows = summary.accounts.flatMap((a) => a.positions.map((p) => ({ account: a, position: p })));
  if (rows.length === 0) {
    return (
      <div className="card empty" data-testid="holdings-empty">
        <h2>No positions yet</h2>
        <p>
          {summary.accounts.length === 0 ? 'There are no accounts yet. ' : 'Your accounts hold only cash. '}
          The <a href={hrefFor('dashboard')}>Dashboard</a> shows how to get started.
        </p>
      </div>
    );
  }
  return (
    <div className="card card-flush">
      <p className="card-note">
        <span className="num">{summary.positionCount}</span> positions in{' '}
        <span className="num">{summary.accounts.length}</span> accounts. Cash is on the Dashboard, account by account (
        <span className="num">{formatMoney(summary.cash, summary.baseCurrency)}</span> in all).
      </p>
      <div className="table-wrap">
        <table className="table table-holdings" data-testid="holdings-table">
          <caption className="visually-hidden">All positions across accounts</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Symbol</th>
              <th scope="col">Name</th>
              <th scope="col" className="num">Quantity</th>
              <th scope="col" className="num">Price</th>
              <th scope="col" className="num">Value</th>
              <th scope="col" className="num">Cost basis</th>
              <th scope="col" className="num">Unrealised gain</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ account: a, position: p }) => {
              const g = p.unrealizedGain;
              const sign = g === null ? '' : g.startsWith('-') ? 'loss' : /[1-9]/.test(g) ? 'gain' : '';
              return (
                <tr key={`${a.id}:${p.symbol}`}>
                  <td className="account-cell">
                    <span className="account-label">{a.name}</span>
                    {a.isDemo && <span className="visually-hidden"> (demo)</span>}
                  </td>
                  <th scope="row" className="symbol">
                    {p.symbol}
                  </th>
                  <td className="name">{p.name}</td>
                  <td className="num">{formatQuantity(p.quantity)}</td>
                  <td className="num">{formatPrice(p.price, a.currency)}</td>
                  <td className="num">{formatMoney(p.marketValue, a.currency)}</td>
                  <td className="num">{p.costBasis === null ? '—' : formatMoney(p.costBasis, a.currency)}</td>
                  <td className={`num ${sign}`}>{g === null ? '—' : formatSignedMoney(g, a.currency)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
