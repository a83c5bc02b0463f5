// Rebalance: choose a model, a mode, cash per account and the options; Plan solves in the background (progress,
// Cancel); the result shows the trades per account, before/after per sleeve, taxes and warnings, and can be saved,
// printed and exported. Leaving a trade out or changing its shares re-plans around the change.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AllocationView, HouseholdPlanView, HouseholdSummary, ModelView, PlanRequest, PlanTradeView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatPercent, plural } from '../../format';
import { PlanFormView } from './PlanFormView';
import { PlanProgress } from './PlanProgress';
import { PlanResult } from './PlanResult';
import {
  buildPlanRequest,
  countChanges,
  DEFAULT_FORM,
  excludeTrade,
  pinTrade,
  rotationPlaybook,
  type FormProblem,
  type PlanForm,
} from './request';
import { usePlanJob } from './usePlanJob';
import { enteredPrices, MissingPrices, useMissingPrices } from './MissingPrices';
import { hrefFor } from '../../router';
import { stalePrices, todayIso, useStaleDays } from '../../staleness';
import { useOperation } from '../../useOperation';
import { clearDraft, draftScope, readDraft, writeDraft } from '../../drafts';
import { parseRebalanceDraft, REBALANCE_DRAFT } from './formDraft';
import { isRotationModel } from './pins';
import { Playbook } from './Playbook';
import { formFromRequest } from './request';
import './rebalance.css';

const getSummary = () => api.getHouseholdSummary({});
const listModels = () => api.listModels({});
const getAllocation = () => api.getAllocation({});

/**
 * What the page held when the user left it (to print, to classify): the form and the last plan, shown again on
 * return. Plans opened from the Plans page arrive here too. After a reload it is empty (`set` false) and the
 * stored draft (formDraft.ts) takes its place.
 */
let remembered: { set: boolean; form: PlanForm; plan: { view: HouseholdPlanView; request: PlanRequest; form: PlanForm } | null } = {
  set: false,
  form: DEFAULT_FORM,
  plan: null,
};

/** Opens a plan on the Rebalance page (from Plans): its inputs in the form, its result below. */
export function openPlanInRebalance(form: PlanForm, view: HouseholdPlanView, request: PlanRequest): void {
  remembered = { set: true, form, plan: { view, request, form } };
}

export function Rebalance() {
  const summary = useOperation(getSummary);
  const models = useOperation(listModels);
  const allocation = useOperation(getAllocation);
  // The data folder the stored draft belongs to; the planner waits for it so that it starts from the draft.
  const [scope, setScope] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void draftScope().then((s) => live && setScope(s));
    return () => {
      live = false;
    };
  }, []);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Rebalance</h1>
        <p className="page-lede">Turn the gap between your holdings and your targets into a trade list.</p>
      </header>
      {(summary.status === 'loading' || models.status === 'loading') && <Loading what="your household" />}
      {summary.status === 'error' && <ErrorAlert error={summary.error} title="Your household could not be loaded" onRetry={summary.reload} />}
      {models.status === 'error' && <ErrorAlert error={models.error} title="The target models could not be loaded" onRetry={models.reload} />}
      {summary.status === 'ok' &&
        models.status === 'ok' &&
        scope !== null &&
        (summary.value.accounts.length === 0 ? (
          <NoAccounts />
        ) : (
          <Planner key={scope} scope={scope} summary={summary.value} models={models.value} allocation={allocation.status === 'ok' ? allocation.value : null} />
        ))}
    </>
  );
}

function NoAccounts() {
  return (
    <section className="card empty" data-testid="rebalance-empty">
      <h2>Nothing to rebalance yet</h2>
      <p className="empty-lede">
        Keel plans trades across the accounts you import. <a href={hrefFor('import')}>Import your broker CSVs</a>, or load the demo household
        from the <a href={hrefFor('dashboard')}>Dashboard</a> to try it.
      </p>
    </section>
  );
}

interface PlannerProps {
  scope: string;
  summary: HouseholdSummary;
  models: ModelView[];
  allocation: AllocationView | null;
}

function Planner({ scope, summary, models, allocation }: PlannerProps) {
  // The stored draft (read once): after a reload it stands in for the form and plan this page load has not seen;
  // the typed prices come from it on every visit.
  const [stored] = useState(() => readDraft(scope, REBALANCE_DRAFT, parseRebalanceDraft));
  const [draft] = useState(() => (remembered.set ? null : stored));
  const [form, setFormState] = useState<PlanForm>(draft?.form ?? remembered.form);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [staleDays, setStaleDays] = useStaleDays();
  const job = usePlanJob();
  // The form the shown plan was made from, to count the changes made to its trades since.
  const [planForm, setPlanForm] = useState<PlanForm | null>(remembered.plan?.form ?? null);
  const today = todayIso();
  // Symbols the plan would find without a price, and the prices typed for them (sent with the request).
  const [typedPrices, setTypedPrices] = useState<Record<string, string>>(stored?.typedPrices ?? {});
  const [pricesVersion, setPricesVersion] = useState(0);
  const pinnedBuys = form.pinned.filter((p) => p.side === 'buy').map((p) => p.symbol.toUpperCase());
  const missing = useMissingPrices(form.model.trim(), pinnedBuys, pricesVersion);

  const setForm = setFormState;
  // The form as it stands, also when it came from the stored draft, for the next visit in this page load.
  useEffect(() => {
    remembered = { ...remembered, set: true, form };
  }, [form]);

  const { show } = job;
  useEffect(() => {
    if (remembered.plan) show(remembered.plan.view, remembered.plan.request);
    else if (draft?.planId) {
      // The plan shown before the reload, as the core kept it; one deleted or pruned since is simply not shown.
      let live = true;
      void api.getPlan({ id: draft.planId }).then((r) => {
        if (!live || !r.ok) return;
        setPlanForm(formFromRequest(r.value.request));
        show(r.value.view, r.value.request);
      });
      return () => {
        live = false;
      };
    }
    return undefined;
  }, [show, draft]);

  // When a plan being solved here is ready, take the user (and screen-reader focus) to it.
  const lastStatus = useRef(job.state.status);
  useEffect(() => {
    const was = lastStatus.current;
    lastStatus.current = job.state.status;
    if (was === 'running' && job.state.status !== 'running') setPricesVersion((v) => v + 1);
    if (was === 'running' && job.state.status === 'done') {
      const heading = document.getElementById('plan-summary-title');
      heading?.focus({ preventScroll: true });
      heading?.closest('section')?.scrollIntoView({ block: 'start', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    }
  }, [job.state.status]);

  useEffect(() => {
    if (job.state.status === 'done' && planForm) remembered = { ...remembered, set: true, plan: { view: job.state.view, request: job.state.request, form: planForm } };
  }, [job.state, planForm]);

  // Everything typed, and the plan shown, survive a reload (the plan by its id: the core keeps it as a draft).
  const shownPlanId = job.state.status === 'done' ? (job.state.view.planId ?? null) : null;
  const keptPlanId = useRef<number | null>(draft?.planId ?? remembered.plan?.view.planId ?? null);
  if (job.state.status !== 'running' && job.state.status !== 'idle') keptPlanId.current = shownPlanId;
  useEffect(() => {
    if (form === DEFAULT_FORM && Object.keys(typedPrices).length === 0 && keptPlanId.current === null) clearDraft(scope, REBALANCE_DRAFT);
    else writeDraft(scope, REBALANCE_DRAFT, { form, typedPrices, planId: keptPlanId.current });
  }, [scope, form, typedPrices, shownPlanId]);

  const plan = (f: PlanForm) => {
    const built = buildPlanRequest(f);
    if (!built.ok) {
      setProblems(built.problems);
      return;
    }
    setProblems([]);
    setPlanForm(f);
    const prices = enteredPrices(typedPrices, missing);
    void job.start(Object.keys(prices).length > 0 ? { ...built.request, prices } : built.request);
  };

  const holdsQqq = summary.accounts.some((a) => a.positions.some((p) => p.symbol.toUpperCase() === 'QQQ'));
  // The playbook's model: the active one or the one chosen when it is the rotation, else (QQQ held) any rotation model.
  const chosen = form.model ? models.find((m) => m.name === form.model) : models.find((m) => m.active);
  const rotation = chosen && isRotationModel(chosen) ? chosen : holdsQqq ? models.find(isRotationModel) : undefined;

  const view = job.state.status === 'done' ? job.state.view : null;
  const plannedIds = new Set(view ? view.accounts.map((a) => a.id) : summary.accounts.map((a) => String(a.id)));
  // After a plan: the prices it used (priceDates), bought symbols included; before one: the holdings'.
  const stale = useMemo(
    () =>
      stalePrices(
        view?.priceDates
          ? Object.entries(view.priceDates).map(([symbol, priceDate]) => ({ symbol, priceDate }))
          : summary.accounts.filter((a) => plannedIds.has(String(a.id))).flatMap((a) => a.positions),
        today,
        staleDays,
      ),
    // plannedIds is derived from view and summary.
    [summary, view, today, staleDays],
  );
  const unclassified = allocation?.unclassified.map((u) => u.symbol) ?? [];
  const pendingChanges = planForm ? countChanges(planForm, form) : 0;

  const edit = (change: (f: PlanForm) => PlanForm) => setForm(change(form));
  const undo = (t: PlanTradeView) =>
    edit((f) => {
      const same = (x: { account?: string; symbol: string }) => x.account === t.account && x.symbol.toUpperCase() === t.symbol.toUpperCase();
      const before = planForm ?? f;
      return {
        ...f,
        mode: before.mode,
        restrictions: [...f.restrictions.filter((r) => !same(r)), ...before.restrictions.filter(same)],
        pinned: [...f.pinned.filter((p) => !same(p)), ...before.pinned.filter(same)],
      };
    });

  return (
    <>
      {rotation && <Playbook accounts={summary.accounts} model={rotation} onApply={(held) => setForm(rotationPlaybook(form, held, rotation.name))} />}

      <MissingPrices missing={missing} typed={typedPrices} onType={setTypedPrices} />

      <PlanFormView
        form={form}
        onChange={setForm}
        onSubmit={() => plan(form)}
        accounts={summary.accounts}
        models={models}
        baseCurrency={summary.baseCurrency}
        problems={problems}
        running={job.state.status === 'running'}
        staleDays={staleDays}
        onStaleDays={setStaleDays}
      />

      {/* One status line, always in the page, so that screen readers announce each change of state. */}
      <p className="visually-hidden" role="status">
        {job.state.status === 'running'
          ? 'Planning…'
          : job.state.status === 'cancelled'
            ? 'Planning cancelled.'
            : view
              ? `Plan ready: ${plural(view.plan.trades.length, 'trade')}, drift ${formatPercent(view.plan.drift.before)} to ${formatPercent(view.plan.drift.after)}.`
              : ''}
      </p>
      {job.state.status === 'running' && (
        <PlanProgress elapsedMs={job.state.elapsedMs} timeLimitMs={job.state.timeLimitMs} bestDrift={job.state.bestDrift} onCancel={() => void job.cancel()} />
      )}
      {job.state.status === 'failed' && <ErrorAlert error={job.state.error} title="Keel could not make this plan" onRetry={() => plan(form)} />}
      {job.state.status === 'cancelled' && (
        <p className="alert alert-warn" role="status" data-testid="plan-cancelled">
          Planning cancelled. Change the options or press Plan again.
        </p>
      )}
      {view && (
        <div className="plan-result" data-testid="plan-result">
          <PlanResult
            view={view}
            currency={summary.baseCurrency}
            form={form}
            pendingChanges={pendingChanges}
            stale={stale}
            staleDays={staleDays}
            unclassified={unclassified}
            today={today}
            onExclude={(t) => edit((f) => excludeTrade(f, t))}
            onPin={(t, q) => edit((f) => pinTrade(f, t, q))}
            onUndo={undo}
            onReplan={() => plan(form)}
          />
        </div>
      )}
    </>
  );
}
