// Planning the stored household and recording the plan (the planHousehold operation), and re-running a saved
// plan from its stored planner input (rerunPlan).
//
// The stored input is the exact `keel plan --input` JSON the plan was computed from, with options.asOf fixed to
// the day it was planned (the planner would otherwise take today, and short/long-term gains move with the date).
// The planner is deterministic for one input when its search finishes (the plan is proven optimal); a plan cut
// short by its time limit is the best found in that time and a re-run may find a different (never worse-bounded)
// one.
import type { HouseholdPlanView, MissingPriceView, PlanRequest, PlanRerunView, PlanResultView, PlanTradeView } from '../../../shared/contract.ts';
import { writeSync } from '../db/lock.ts';
import type { Db } from '../db/open.ts';
import { baseCurrency } from '../household/fx.ts';
import { planPrices } from '../prices/list.ts';
import { saveInlinePrices, symbolOf } from '../prices/set.ts';
import { planInputFromHousehold, toHouseholdPlanView, type HouseholdPlanInput, type HouseholdPlanOptions } from '../rebalance/household.ts';
import { planFromJson } from '../rebalance/plan.ts';
import type { PlanInputJson } from '../rebalance/types.ts';
import { getStoredPlan, recordPlan } from './store.ts';

/** The planner; its input errors are VALIDATION naming the field (PlanInputError is a CoreError). */
export function runPlanner(input: PlanInputJson): PlanResultView {
  return planFromJson(input);
}

/** The input with its date fixed (so a re-run later plans the same day's tax lots the same way). */
export function withFixedDate(input: PlanInputJson, today: Date = new Date()): PlanInputJson {
  if (input.options?.asOf) return input;
  return { ...input, options: { ...input.options, asOf: today.toISOString().slice(0, 10) } };
}

/** The planner input for a request, dated today unless the request names a date (so the stored input re-runs
 *  the same way later). The request's inline prices are saved first, as today's manual prices: under the write
 *  lock the caller holds (planHousehold), else taking it here (startPlan reads without it). */
export function buildForPlan(db: Db, request: PlanRequest, now: Date = new Date()): HouseholdPlanInput {
  const inline = request.prices ?? {};
  if (Object.keys(inline).length > 0) {
    const save = (): void => saveInlinePrices(db, inline, now);
    if (db.inTransaction) save();
    else writeSync(db, save);
  }
  const options: HouseholdPlanOptions = { ...request, cashFlows: request.cash ?? [], asOf: request.asOf ?? now.toISOString().slice(0, 10) };
  const built = planInputFromHousehold(db, options);
  return { ...built, input: withFixedDate(built.input, now) };
}

/** The view of a finished plan, recorded as a draft (planId set). */
export function recordFinished(db: Db, request: PlanRequest, built: HouseholdPlanInput, plan: PlanResultView, now: Date = new Date()): HouseholdPlanView {
  const view = toHouseholdPlanView(built, plan);
  const planId = recordPlan(db, { request, input: built.input, view, currency: baseCurrency(db), now });
  return { ...view, planId };
}

/** planHousehold: plans on this thread and records the plan. startPlan does the same with the search in a worker. */
export function planAndRecord(db: Db, request: PlanRequest, now: Date = new Date()): HouseholdPlanView {
  const built = buildForPlan(db, request, now);
  return recordFinished(db, request, built, runPlanner(built.input), now);
}

/**
 * getMissingPrices: the symbols a plan of `model` would find without a price (its preferred buys, the menus'),
 * and of `symbols` (pinned trades) those with no price and not held: what the Rebalance page asks for first.
 */
export function missingPricesFor(db: Db, model: string | undefined, symbols: readonly string[] = []): { missingPrices: MissingPriceView[] } {
  const built = planInputFromHousehold(db, { mode: 'full', ...(model !== undefined ? { model } : {}) });
  const missing = [...(built.missingPrices ?? [])];
  const real = (db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE is_demo = 0').get() as { n: number }).n > 0;
  const priced = planPrices(db, baseCurrency(db), !real);
  const planned = new Set(built.input.securities.map((s) => s.symbol));
  for (const raw of symbols) {
    const symbol = symbolOf(raw, 'symbols');
    if (!planned.has(symbol) && !priced.has(symbol) && !missing.some((m) => m.symbol === symbol)) missing.push({ symbol, reason: 'pinned' });
  }
  return { missingPrices: missing };
}

const tradeKey = (t: PlanTradeView): string =>
  JSON.stringify([t.account, t.symbol, t.side, t.quantity, t.price, t.amount, t.lots.map((l) => [l.acquired, l.quantity, l.costPerShare])]);
const tradeLine = (t: PlanTradeView): string => `${t.side} ${t.quantity} ${t.symbol} in ${t.account}`;

/** Compares two plans' trades exactly; one line per trade in only one of them. */
export function diffTrades(saved: readonly PlanTradeView[], again: readonly PlanTradeView[]): string[] {
  const a = new Map(saved.map((t) => [tradeKey(t), t]));
  const b = new Map(again.map((t) => [tradeKey(t), t]));
  const out: string[] = [];
  for (const [k, t] of a) if (!b.has(k)) out.push(`${tradeLine(t)}: in the saved plan, not in the re-run`);
  for (const [k, t] of b) if (!a.has(k)) out.push(`${tradeLine(t)}: in the re-run, not in the saved plan`);
  return out;
}

/** rerunPlan: plans the stored input again, records the result as a new draft and compares the trades. */
export function rerunPlan(db: Db, id: number, now: Date = new Date()): PlanRerunView {
  const saved = getStoredPlan(db, id);
  // A plan recorded without a date in its input (the worker job's) is re-planned as of the day it was made.
  const input = withFixedDate(saved.input, new Date(saved.createdAt));
  const plan = runPlanner(input);
  const planner = saved.view.warnings.length - saved.view.plan.warnings.length;
  const view: HouseholdPlanView = {
    ...saved.view,
    plan,
    // The household's notes from the first run stay; the planner's are this run's.
    warnings: [...saved.view.warnings.slice(0, Math.max(0, planner)), ...plan.warnings],
  };
  delete view.planId;
  const planId = recordPlan(db, { request: saved.request, input, view, currency: saved.currency, now });
  const differences = diffTrades(saved.view.plan.trades, plan.trades);
  const deterministic = saved.view.plan.optimal && plan.optimal;
  const same = differences.length === 0 && saved.view.plan.trades.length === plan.trades.length;
  const note = deterministic
    ? same
      ? 'Same input, same trades: both runs finished their search, so the plan is the proven optimum.'
      : 'Both runs are proven optimal (the same drift) but chose different trades among equally good ones, which a search stopped by its bound rather than run to the end may do.'
    : `${saved.view.plan.optimal ? 'The re-run' : plan.optimal ? 'The saved plan' : 'Both runs'} stopped at the time limit with the best plan found so far; ` +
      (same ? 'the trades are the same nonetheless.' : 'a plan cut short by the time limit can differ from run to run.');
  return { planId: id, same, deterministic, differences, note, view: { ...view, planId } };
}
