// Plans: every plan Keel made (drafts, saved, executed), newest first. Open one (#/plans/<id>) to see its trades,
// print it, re-run it with the same inputs (and see whether it came out the same), mark it executed, delete it;
// once executed, a newer import shows what was not done.
import { useEffect, useState } from 'react';
import type { KeelError, PlanFollowUpView, PlanRerunView, SavedPlanStatus, SavedPlanSummary, SavedPlanView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatDateTime, formatMoney, formatPercent, formatQuantity, plural } from '../../format';
import { formFromRequest, MODE_LABELS } from '../rebalance/request';
import { groupTradesByAccount, magnitude } from '../rebalance/trades';
import { hrefFor, hrefForPrint, navigate, useHash } from '../../router';
import { useOperation } from '../../useOperation';
import { openPlanInRebalance } from '../rebalance/Rebalance';
import { planOnRebalance } from '../rebalance/formDraft';
import { num, Table } from '../../ui/Table';
import './plans.css';

const STATUS_LABELS: Record<SavedPlanStatus, string> = { draft: 'Draft', saved: 'Saved', executed: 'Executed' };
type Filter = 'all' | SavedPlanStatus;

/** The plan an address opens: `#/plans/12` → 12. */
export function openedPlanId(hash: string): number | null {
  const m = /^#\/?plans\/(\d{1,12})\/?$/.exec(hash);
  return m ? Number(m[1]) : null;
}

export function Plans() {
  const hash = useHash();
  const opened = openedPlanId(hash);
  return opened === null ? <PlanList /> : <PlanDetail key={opened} id={opened} />;
}

function PlanList() {
  const [filter, setFilter] = useState<Filter>('all');
  const plans = useOperation(() => api.listPlans({}));
  const shown = plans.status === 'ok' ? plans.value.filter((p) => filter === 'all' || p.status === filter) : [];
  // The plan the Rebalance page is showing (its stored draft), linked both ways.
  const [onRebalance, setOnRebalance] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void planOnRebalance().then((id) => live && setOnRebalance(id));
    return () => {
      live = false;
    };
  }, []);
  const current = plans.status === 'ok' ? plans.value.find((p) => p.id === onRebalance) : undefined;
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Plans</h1>
        <p className="page-lede">Every plan Keel made, newest first. Save the ones you mean to keep; unsaved drafts are pruned after 50.</p>
      </header>
      {plans.status === 'loading' && <Loading what="your plans" />}
      {plans.status === 'error' && <ErrorAlert error={plans.error} title="The plans could not be loaded" onRetry={plans.reload} />}
      {current && (
        <p className="card plans-current" data-testid="plans-on-rebalance">
          On the Rebalance page now: <a href={`${hrefFor('plans')}/${current.id}`}>{current.name ?? `Plan ${current.id}`}</a> (
          {STATUS_LABELS[current.status].toLowerCase()}) · <a href={hrefFor('rebalance')}>Back to Rebalance</a>
        </p>
      )}
      {plans.status === 'ok' &&
        (plans.value.length === 0 ? (
          <section className="card empty" data-testid="plans-empty">
            <h2>No plans yet</h2>
            <p className="empty-lede">
              Make one on <a href={hrefFor('rebalance')}>Rebalance</a>: every plan you make is kept here as a draft until you save or delete it.
            </p>
          </section>
        ) : (
          <section className="card card-flush" aria-labelledby="plans-title">
            <div className="card-head">
              <h2 id="plans-title">{plural(plans.value.length, 'plan')}</h2>
              <label className="plans-filter">
                <span className="field-label">Show</span>{' '}
                <select className="select" value={filter} onChange={(e) => setFilter(e.target.value as Filter)} data-testid="plans-filter">
                  <option value="all">All</option>
                  <option value="saved">Saved</option>
                  <option value="executed">Executed</option>
                  <option value="draft">Drafts</option>
                </select>
              </label>
            </div>
            <Table
              className="plans-table"
              data-testid="plans-table"
              caption="Plans, newest first"
              columns={['Made', 'Plan', 'Model', 'Mode', num('Trades'), num('Drift before → after'), 'Status']}
            >
              <tbody>
                {shown.map((p) => (
                  <PlanRow key={p.id} plan={p} onRebalance={p.id === onRebalance} />
                ))}
              </tbody>
            </Table>
            {shown.length === 0 && <p className="card-body muted">No {STATUS_LABELS[filter as SavedPlanStatus]?.toLowerCase() ?? ''} plans.</p>}
          </section>
        ))}
    </>
  );
}

function PlanRow({ plan: p, onRebalance }: { plan: SavedPlanSummary; onRebalance: boolean }) {
  return (
    <tr data-testid={`plan-row-${p.id}`}>
      <td className="nowrap">{formatDateTime(p.createdAt)}</td>
      <th scope="row">
        <a href={`${hrefFor('plans')}/${p.id}`}>{p.name ?? `Plan ${p.id}`}</a>
        {onRebalance && (
          <>
            {' '}
            <a className="badge plan-on-rebalance" href={hrefFor('rebalance')} data-testid="plan-on-rebalance">
              On Rebalance
            </a>
          </>
        )}
      </th>
      <td>{p.model ?? '—'}</td>
      <td>{MODE_LABELS[p.mode]?.label ?? p.mode}</td>
      <td className="num">{p.tradeCount}</td>
      <td className="num">
        {formatPercent(p.drift.before)} → {formatPercent(p.drift.after)}
      </td>
      <td>
        <span className={`badge plan-status plan-status-${p.status}`}>{STATUS_LABELS[p.status]}</span>
        {p.executedAt && <span className="muted"> {formatDateTime(p.executedAt)}</span>}
      </td>
    </tr>
  );
}

function PlanDetail({ id }: { id: number }) {
  const plan = useOperation(() => api.getPlan({ id }));
  return (
    <>
      <header className="page-header">
        <p>
          <a href={hrefFor('plans')}>← All plans</a>
        </p>
        <h1 tabIndex={-1}>{plan.status === 'ok' ? (plan.value.name ?? `Plan ${id}`) : `Plan ${id}`}</h1>
        {plan.status === 'ok' && (
          <p className="page-lede">
            Made {formatDateTime(plan.value.createdAt)} · {plan.value.model ?? 'active model'} · {MODE_LABELS[plan.value.mode]?.label ?? plan.value.mode}
          </p>
        )}
      </header>
      {plan.status === 'loading' && <Loading what="the plan" />}
      {plan.status === 'error' && <ErrorAlert error={plan.error} title="The plan could not be loaded" onRetry={plan.reload} />}
      {plan.status === 'ok' && <PlanBody plan={plan.value} onChanged={plan.reload} />}
    </>
  );
}

function PlanBody({ plan: p, onChanged }: { plan: SavedPlanView; onChanged: () => void }) {
  const [error, setError] = useState<KeelError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [rerun, setRerun] = useState<PlanRerunView | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const groups = groupTradesByAccount(p.view);

  const act = async <T,>(what: string, run: () => Promise<{ ok: true; value: T } | { ok: false; error: KeelError }>, done: (v: T) => void) => {
    setBusy(what);
    setError(null);
    const r = await run();
    setBusy(null);
    if (r.ok) done(r.value);
    else setError(r.error);
  };

  return (
    <>
      <section className="card plan-summary" data-testid="plan-detail">
        <div className="plan-summary-head">
          <h2>
            {plural(p.tradeCount, 'trade')} · <span className={`badge plan-status plan-status-${p.status}`}>{STATUS_LABELS[p.status]}</span>
          </h2>
          <div className="plan-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                openPlanInRebalance(formFromRequest(p.request), p.view, p.request);
                navigate('rebalance');
              }}
            >
              Open in Rebalance
            </button>
            <a className="button" href={hrefForPrint(p.id)} data-testid="plan-detail-print">
              Print…
            </a>
            <button type="button" className="button" disabled={busy !== null} onClick={() => void act('rerun', () => api.rerunPlan({ id: p.id }), setRerun)} data-testid="plan-rerun">
              {busy === 'rerun' ? 'Re-running…' : 'Re-run'}
            </button>
            {p.status !== 'saved' && p.status !== 'executed' && (
              <button type="button" className="button" disabled={busy !== null} onClick={() => void act('save', () => api.savePlan({ id: p.id }), onChanged)}>
                Save
              </button>
            )}
            {p.status !== 'executed' && (
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                onClick={() => void act('executed', () => api.markPlanExecuted({ id: p.id }), onChanged)}
                data-testid="plan-mark-executed"
              >
                Mark executed
              </button>
            )}
            {confirmDelete ? (
              <span className="confirm">
                Delete this plan?{' '}
                <button
                  type="button"
                  className="button button-danger"
                  disabled={busy !== null}
                  onClick={() => void act('delete', () => api.deletePlan({ id: p.id }), () => navigate('plans'))}
                  data-testid="plan-delete-confirm"
                >
                  Delete
                </button>{' '}
                <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" className="button button-danger" onClick={() => setConfirmDelete(true)} data-testid="plan-delete">
                Delete…
              </button>
            )}
          </div>
        </div>
        <dl className="plan-stats">
          <div>
            <dt>Drift</dt>
            <dd className="num">
              {formatPercent(p.drift.before)} → <strong>{formatPercent(p.drift.after)}</strong>
            </dd>
          </div>
          <div>
            <dt>Sold</dt>
            <dd className="num">{formatMoney(p.sold, p.currency)}</dd>
          </div>
          <div>
            <dt>Bought</dt>
            <dd className="num">{formatMoney(p.bought, p.currency)}</dd>
          </div>
          <div>
            <dt>Executed</dt>
            <dd>{p.executedAt ? formatDateTime(p.executedAt) : 'Not yet'}</dd>
          </div>
        </dl>
        {error && <ErrorAlert error={error} title="That did not work" />}
      </section>

      {rerun && <RerunResult rerun={rerun} />}
      {p.status === 'executed' && <FollowUp id={p.id} />}

      {groups.map((g) => (
        <section key={g.account.id} className="card card-flush" aria-labelledby={`saved-account-${g.account.id}`}>
          <div className="card-head">
            <h2 id={`saved-account-${g.account.id}`}>{g.account.name}</h2>
            <p className="muted num">
              sell {formatMoney(g.sold, p.currency)} · buy {formatMoney(g.bought, p.currency)}
            </p>
          </div>
          <Table columns={['Side', 'Symbol', num('Shares'), num('Amount'), 'Why']}>
            <tbody>
              {g.trades.map((t) => (
                <tr key={`${t.side}-${t.symbol}`}>
                  <td>
                    <span className={`side-badge side-${t.side}`}>{t.side === 'buy' ? 'Buy' : 'Sell'}</span>
                  </td>
                  <th scope="row" className="symbol">
                    {t.symbol}
                  </th>
                  <td className="num">{formatQuantity(t.quantity)}</td>
                  <td className="num">{formatMoney(magnitude(t.amount), p.currency)}</td>
                  <td className="plan-why">{t.why}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ))}
    </>
  );
}

function RerunResult({ rerun }: { rerun: PlanRerunView }) {
  return (
    <section className={`alert ${rerun.same ? 'alert-ok' : 'alert-warn'}`} role="status" data-testid="plan-rerun-result">
      <p className="alert-title-plain">
        {rerun.same ? 'Re-run with the same inputs: the same trades, exactly.' : `Re-run with the same inputs: ${plural(rerun.differences.length, 'trade')} differ.`}
      </p>
      <p>{rerun.note}</p>
      {rerun.differences.length > 0 && (
        <ul>
          {rerun.differences.slice(0, 20).map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <p>
        {rerun.view.planId !== undefined && rerun.view.planId !== rerun.planId ? (
          <>
            The new run is kept as a draft: <a href={`${hrefFor('plans')}/${rerun.view.planId}`}>Plan {rerun.view.planId}</a>
          </>
        ) : (
          'The new run was not kept.'
        )}
      </p>
    </section>
  );
}

const FOLLOW_LABELS = { done: 'Done', partly: 'Partly done', 'not-done': 'Not done', 'no-import': 'No newer import' } as const;

function FollowUp({ id }: { id: number }) {
  const f = useOperation(() => api.getPlanFollowUp({ id }));
  return (
    <section className="card" aria-labelledby="followup-title" data-testid="plan-followup">
      <h2 id="followup-title">What was done</h2>
      {f.status === 'loading' && <Loading what="the comparison" />}
      {f.status === 'error' && <ErrorAlert error={f.error} title="The comparison could not be made" onRetry={f.reload} />}
      {f.status === 'ok' && <FollowUpBody view={f.value} />}
    </section>
  );
}

function FollowUpBody({ view }: { view: PlanFollowUpView }) {
  if (view.state === 'waiting-for-import')
    return <p className="muted">Import fresh positions from your broker after placing the trades: Keel then compares them with this plan and lists what was not done.</p>;
  if (view.state === 'not-executed') return <p className="muted">Mark the plan executed first.</p>;
  const open = view.trades.filter((t) => t.status !== 'done');
  return (
    <>
      <p>
        {view.counts.done} done · {view.counts.partly} partly · {view.counts.notDone} not done
        {view.counts.noImport > 0 && ` · ${view.counts.noImport} in accounts without a newer import`}
      </p>
      {open.length === 0 ? (
        <p className="muted">Every trade shows in the newer positions.</p>
      ) : (
        <Table
          data-testid="plan-followup-table"
          caption="Trades not done, or partly"
          columns={['Account', 'Trade', num('Shares before'), num('Expected'), num('Now'), num('Still to do'), 'Status']}
        >
          <tbody>
            {open.map((t) => (
              <tr key={`${t.account}-${t.side}-${t.symbol}`}>
                <td>{view.accounts.find((a) => a.id === t.account)?.name ?? t.account}</td>
                <th scope="row">
                  {t.side === 'buy' ? 'Buy' : 'Sell'} {formatQuantity(t.quantity)} {t.symbol}
                </th>
                <td className="num">{formatQuantity(t.before)}</td>
                <td className="num">{formatQuantity(t.expected)}</td>
                <td className="num">{t.now === null ? '—' : formatQuantity(t.now)}</td>
                <td className="num">{t.remaining === null ? '—' : formatQuantity(t.remaining)}</td>
                <td>{FOLLOW_LABELS[t.status]}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
