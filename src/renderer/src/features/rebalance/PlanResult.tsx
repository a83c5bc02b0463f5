// A finished plan: the headline figures, what to look at first (warnings), Save / Print / Export CSV, the trades
// per account, before and after per sleeve and per account, and the estimated tax.
import { useState, type ReactNode } from 'react';
import type { HouseholdPlanView, KeelError, PlanTradeView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert } from '../../ui/Status';
import { decimalSign } from '../../decimal';
import { downloadText } from '../../download';
import { formatDate, formatMoney, formatPercent, formatSignedMoney, plural } from '../../format';
import { hrefFor, hrefForPrint } from '../../router';
import type { StalePrice } from '../../staleness';
import type { PlanForm } from './request';
import { SleeveCompare } from './SleeveCompare';
import { FLAG_LABELS, TradeTables } from './TradeTables';
import { csvFileName, flagCounts, groupTradesByAccount, totalLeftover, tradesCsv, turnover } from './trades';
import { num, Table } from '../../ui/Table';

interface Props {
  view: HouseholdPlanView;
  currency: string;
  form: PlanForm;
  pendingChanges: number;
  stale: StalePrice[];
  staleDays: number;
  unclassified: string[];
  today: string;
  onExclude: (t: PlanTradeView) => void;
  onPin: (t: PlanTradeView, quantity: string) => void;
  onUndo: (t: PlanTradeView) => void;
  onReplan: () => void;
}

export function PlanResult(p: Props) {
  const { view, currency } = p;
  const plan = view.plan;
  const groups = groupTradesByAccount(view);
  const flags = flagCounts(plan.trades);
  const leftover = totalLeftover(plan.leftoverCash);
  return (
    <>
      <section className="card plan-summary" aria-labelledby="plan-summary-title" data-testid="plan-summary">
        <div className="plan-summary-head">
          <h2 id="plan-summary-title" tabIndex={-1}>
            {plan.trades.length === 0 ? 'No trades needed' : plural(plan.trades.length, 'trade')}
            {view.model && <span className="muted"> · {view.model}</span>}
          </h2>
          <PlanActions view={view} />
        </div>
        <dl className="plan-stats">
          <div>
            <dt>Drift</dt>
            <dd className="num" data-testid="plan-drift">
              {formatPercent(plan.drift.before)} → <strong>{formatPercent(plan.drift.after)}</strong>
            </dd>
          </div>
          <div>
            <dt>Traded</dt>
            <dd className="num">{formatMoney(turnover(plan.trades), currency)}</dd>
          </div>
          <div>
            <dt>Cash left over</dt>
            <dd className="num" data-testid="plan-leftover">
              {formatMoney(leftover, currency)}
            </dd>
          </div>
          {plan.tax && (
            <div>
              <dt>Estimated gains</dt>
              <dd className="num plan-stat-lines">
                <span>{formatSignedMoney(plan.tax.shortTerm, currency)} short-term</span>
                <span>{formatSignedMoney(plan.tax.longTerm, currency)} long-term</span>
              </dd>
            </div>
          )}
          {view.pricesAsOf && (
            <div>
              <dt>Oldest price</dt>
              <dd>{formatDate(view.pricesAsOf)}</dd>
            </div>
          )}
        </dl>
        <p className="muted plan-quality">
          {plan.optimal
            ? 'The planner proved this is the closest to target the constraints allow.'
            : 'The planner stopped at its time limit: this is the best plan it found, not proven the closest.'}{' '}
          Keel computes from your own targets and prices; it is not advice.
        </p>
        {plan.minCash && (
          <p className="plan-mincash" data-testid="plan-mincash">
            Smallest contribution that brings every sleeve into its band: <strong className="num">{formatMoney(plan.minCash.total, currency)}</strong>
          </p>
        )}
      </section>

      <PlanWarnings
        // The quality line above already says when the planner stopped at its time limit.
        warnings={plan.optimal ? view.warnings : view.warnings.filter((w) => !/^time limit of \d+ ms reached/.test(w))}
        flags={flags}
        washSales={plan.tax?.washSales ?? 0}
        stale={p.stale}
        staleDays={p.staleDays}
        unclassified={p.unclassified}
      />

      {plan.trades.length > 0 && (
        <section aria-labelledby="plan-trades-title" className="plan-trades-section">
          <div className="section-head plan-trades-head">
            <h2 id="plan-trades-title" className="section-title">
              Trades by account
            </h2>
            <p className="muted">Sells first: they fund the buys. Leave a trade out or change its shares, then re-plan.</p>
          </div>
          {p.pendingChanges > 0 && (
            <div className="banner plan-pending" role="status" data-testid="plan-pending">
              <p className="banner-text">
                {plural(p.pendingChanges, 'change')} to the trades below since this plan. Re-plan to see what the rest becomes.
              </p>
              <button type="button" className="button button-primary" onClick={p.onReplan} data-testid="plan-replan">
                Re-plan
              </button>
            </div>
          )}
          <TradeTables groups={groups} currency={currency} names={view.names ?? {}} form={p.form} onExclude={p.onExclude} onPin={p.onPin} onUndo={p.onUndo} />
        </section>
      )}

      {plan.sleeves && plan.sleeves.length > 0 && <SleeveCompare sleeves={plan.sleeves} currency={currency} />}

      {plan.accounts && plan.accounts.length > 0 && (
        <section className="card card-flush" aria-labelledby="plan-accounts-title" data-testid="plan-accounts">
          <div className="card-head">
            <h2 id="plan-accounts-title">Accounts before and after</h2>
          </div>
          <Table columns={['Account', num('Value before'), num('Value after'), num('Sold'), num('Bought'), num('Cash before'), num('Cash after')]}>
            <tbody>
              {plan.accounts.map((a) => (
                <tr key={a.account}>
                  <th scope="row">{view.accounts.find((x) => x.id === a.account)?.name ?? a.account}</th>
                  <td className="num">{formatMoney(a.valueBefore, currency)}</td>
                  <td className="num">{formatMoney(a.valueAfter, currency)}</td>
                  <td className="num">{formatMoney(a.sold, currency)}</td>
                  <td className="num">{formatMoney(a.bought, currency)}</td>
                  <td className="num">{formatMoney(a.cashBefore, currency)}</td>
                  <td className="num">
                    <strong>{formatMoney(a.cashAfter, currency)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      )}

      {plan.tax && (
        <section className="card" aria-labelledby="plan-tax-title" data-testid="plan-tax">
          <h2 id="plan-tax-title">Tax estimate</h2>
          <dl className="facts">
            <dt>Short-term gains (taxable accounts)</dt>
            <dd className={`num ${gainClass(plan.tax.shortTerm)}`}>{formatSignedMoney(plan.tax.shortTerm, currency)}</dd>
            <dt>Long-term gains (taxable accounts)</dt>
            <dd className={`num ${gainClass(plan.tax.longTerm)}`}>{formatSignedMoney(plan.tax.longTerm, currency)}</dd>
            <dt>Inside tax-advantaged accounts (not taxed)</dt>
            <dd className="num">{formatSignedMoney(plan.tax.sheltered, currency)}</dd>
            <dt>Possible wash sales</dt>
            <dd className="num">{plan.tax.washSales}</dd>
          </dl>
          <p className="muted plan-tax-note">Estimates from the lots Keel knows; sales without imported lots have no gain estimated.</p>
        </section>
      )}
    </>
  );
}

const gainClass = (v: string) => (decimalSign(v) > 0 ? 'gain' : decimalSign(v) < 0 ? 'loss' : '');

function PlanWarnings({
  warnings,
  flags,
  washSales,
  stale,
  staleDays,
  unclassified,
}: {
  warnings: string[];
  flags: Map<string, number>;
  washSales: number;
  stale: StalePrice[];
  staleDays: number;
  unclassified: string[];
}) {
  const wash = Math.max(flags.get('wash-sale') ?? 0, washSales);
  const shortTerm = flags.get('short-term-gain') ?? 0;
  const items: { key: string; node: ReactNode }[] = [];
  if (stale.length > 0) {
    const shown = stale.slice(0, 6).map((s) => `${s.symbol} (${s.priceDate ? formatDate(s.priceDate) : 'no date'})`);
    items.push({
      key: 'stale',
      node: (
        <>
          <strong>Prices older than {plural(staleDays, 'day')}</strong>: {shown.join(', ')}
          {stale.length > 6 && ` and ${stale.length - 6} more`}. Import fresh positions before trading on these estimates.
        </>
      ),
    });
  }
  if (wash > 0)
    items.push({ key: 'wash', node: <><strong>{plural(wash, 'possible wash sale')}</strong>: {FLAG_LABELS['wash-sale'].detail}</> });
  if (shortTerm > 0)
    items.push({
      key: 'short',
      node: <><strong>{plural(shortTerm, 'sale')} with a short-term gain</strong>: {FLAG_LABELS['short-term-gain'].detail}</>,
    });
  if (unclassified.length > 0)
    items.push({
      key: 'unclassified',
      node: (
        <>
          <strong>{plural(unclassified.length, 'security', 'securities')} in no sleeve</strong> ({unclassified.slice(0, 6).join(', ')}
          {unclassified.length > 6 ? ', …' : ''}): the planner counts them as Other. <a href={hrefFor('classification')}>Classify them</a>
        </>
      ),
    });
  for (const [i, w] of warnings.entries()) items.push({ key: `core-${i}`, node: w });
  if (items.length === 0) return null;
  return (
    <section className="alert alert-warn plan-warnings" aria-labelledby="plan-warnings-title" data-testid="plan-warnings">
      <h2 id="plan-warnings-title" className="alert-title-warn">
        Look at these before you trade
      </h2>
      <ul>
        {items.map((x) => (
          <li key={x.key}>{x.node}</li>
        ))}
      </ul>
    </section>
  );
}

function PlanActions({ view }: { view: HouseholdPlanView }) {
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<KeelError | null>(null);
  const [exporting, setExporting] = useState(false);
  const id = view.planId;

  const save = async () => {
    if (!id) return;
    setSaving(true);
    setError(null);
    const r = await api.savePlan({ id, ...(name.trim() ? { name: name.trim() } : {}) });
    setSaving(false);
    if (r.ok) setSaved(r.value.name ?? `Plan ${r.value.id}`);
    else setError(r.error);
  };

  const exportCsv = async () => {
    setError(null);
    if (!id) {
      downloadText(tradesCsv(view), csvFileName(new Date().toISOString().slice(0, 10), view.model));
      return;
    }
    setExporting(true);
    const r = await api.getTradeList({ id });
    setExporting(false);
    if (r.ok) downloadText(r.value.csv, `${r.value.fileName}.csv`);
    else setError(r.error);
  };

  return (
    <div className="plan-actions">
      {id !== undefined &&
        (saved ? (
          <span className="plan-saved" role="status" data-testid="plan-saved">
            Saved as “{saved}” · <a href={hrefFor('plans')}>Plans</a>
          </span>
        ) : (
          <span className="plan-save">
            <span className="muted plan-draft-note" data-testid="plan-draft-note">
              Kept as a draft: <a href={`${hrefFor('plans')}/${id}`}>Plan {id}</a>
            </span>
            <label className="visually-hidden" htmlFor="plan-name">
              Name for the saved plan
            </label>
            <input id="plan-name" className="input" placeholder="Name (optional)" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
            <button type="button" className="button" onClick={() => void save()} disabled={saving} data-testid="plan-save">
              {saving ? 'Saving…' : 'Save plan'}
            </button>
          </span>
        ))}
      {id !== undefined && (
        <a className="button" href={hrefForPrint(id)} data-testid="plan-print">
          Print…
        </a>
      )}
      <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting || view.plan.trades.length === 0} data-testid="plan-export-csv">
        {exporting ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && <ErrorAlert error={error} title="That did not work" />}
    </div>
  );
}
