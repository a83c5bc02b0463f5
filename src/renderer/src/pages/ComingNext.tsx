// Pages whose features are not built yet. Each says honestly what it will hold; no sample data, no buttons
// that do nothing.
import type { ReactNode } from 'react';
import { hrefFor } from '../router';

function ComingNext({ title, lede, children }: { title: string; lede: string; children: ReactNode }) {
  return (
    <>
      <header className="page-header">
        <div className="page-title-row">
          <h1 tabIndex={-1}>{title}</h1>
          <span className="badge badge-soon">Coming next</span>
        </div>
        <p className="page-lede">{lede}</p>
      </header>
      <section className="card coming" aria-label={`What ${title} will hold`} data-testid="coming-next">
        <h2>What this page will hold</h2>
        {children}
      </section>
      <p className="muted coming-foot">
        Not built yet. Meanwhile the <a href={hrefFor('dashboard')}>Dashboard</a> and{' '}
        <a href={hrefFor('holdings')}>Holdings</a> show what Keel knows today.
      </p>
    </>
  );
}

export function RebalancePage() {
  return (
    <ComingNext title="Rebalance" lede="Turn the gap between your holdings and your targets into trades.">
      <ul className="feature-list">
        <li>
          <strong>A whole-share trade list</strong> across all your accounts, bringing each sleeve back within its band.
        </li>
        <li>
          <strong>Tax-aware</strong>: trades placed where they cost the least tax, using each account’s treatment
          (taxable, tax-deferred, tax-free, HSA) and your cost basis.
        </li>
        <li>
          <strong>Before and after</strong>: each sleeve’s weight today and once the trades are done.
        </li>
      </ul>
    </ComingNext>
  );
}

export function PlansPage() {
  return (
    <ComingNext title="Plans" lede="Keep the trade lists you decide on.">
      <ul className="feature-list">
        <li>
          <strong>Saved plans</strong>, each with the holdings and targets it was made from.
        </li>
        <li>
          <strong>Printable</strong>: a clean page per plan to work through at your broker.
        </li>
      </ul>
    </ComingNext>
  );
}

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Page not found</h1>
      </header>
      <div className="card">
        <p>
          There is no page at <code>#/{path}</code>. Go to the <a href={hrefFor('dashboard')}>Dashboard</a>.
        </p>
      </div>
    </>
  );
}
