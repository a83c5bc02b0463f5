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

const SLEEVES = ['Small-cap', 'Cyclicals', 'Value', 'Large-cap growth', 'International', 'Bonds', 'Cash', 'Other'];

export function TargetsPage() {
  return (
    <ComingNext title="Targets" lede="Decide how your household should be split across sleeves, and how far it may drift.">
      <ul className="feature-list">
        <li>
          <strong>Sleeves</strong>: every holding is assigned to one of{' '}
          {SLEEVES.map((s, i) => (
            <span key={s}>
              {i > 0 && (i === SLEEVES.length - 1 ? ' and ' : ', ')}
              {s.toLowerCase()}
            </span>
          ))}
          .
        </li>
        <li>
          <strong>Target models</strong>, starting from presets such as the “2026 Rotation”: 30% small-cap, 20%
          cyclicals, 20% value, and the remaining 30% yours to set.
        </li>
        <li>
          <strong>Tolerance bands</strong>: how far each sleeve may drift from its target before Keel suggests trades.
        </li>
      </ul>
    </ComingNext>
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
