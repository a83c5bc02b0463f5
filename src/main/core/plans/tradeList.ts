// getTradeList: the printable trade list (and its CSV) of a recorded plan. Fields a plan was recorded without
// (names, account numbers, the model, the price date, sleeves and accounts before/after) are filled in from the
// stored planner input and the database, so every recorded plan prints the same way.
import type { HouseholdPlanView, PlanAccountView, PlanSleeveView, PlanTradeView, TradeListView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { householdSummary } from '../household/summary.ts';
import { dec, moneyString, ratioString, type Decimal } from '../money.ts';
import { CASH_SLEEVE, OTHER_SLEEVE } from '../rebalance/problem.ts';
import type { PlanInputJson } from '../rebalance/types.ts';
import { planCsv } from '../../../shared/csv.ts';
import { renderTradeList, tradeListTitle } from '../report/tradeListHtml.ts';
import { getStoredPlan } from './store.ts';
import { priceSettings, stalePriceDates } from '../prices/settings.ts';

/** Sleeves before and after a plan's trades, in exact decimals from the planner input (values after cash flows). */
export function sleevesFromInput(input: PlanInputJson, trades: readonly PlanTradeView[]): PlanSleeveView[] {
  const price = new Map((input.securities ?? []).map((s) => [s.symbol, dec(s.price)]));
  const weights = new Map((input.securities ?? []).map((s) => [s.symbol, Object.entries(s.sleeves).map(([k, w]) => [k, dec(w).div(100)] as const)]));
  const before = new Map<string, Decimal>();
  const after = new Map<string, Decimal>();
  const add = (m: Map<string, Decimal>, sleeve: string, v: Decimal): void => {
    m.set(sleeve, (m.get(sleeve) ?? dec(0)).plus(v));
  };
  const value = (m: Map<string, Decimal>, symbol: string, qty: Decimal): void => {
    const p = price.get(symbol) ?? dec(0);
    const w = weights.get(symbol) ?? [];
    if (w.length === 0) add(m, OTHER_SLEEVE, qty.times(p));
    for (const [s, f] of w) add(m, s, qty.times(p).times(f));
  };
  let cash = dec(0);
  for (const a of input.accounts) cash = cash.plus(a.cash).plus(input.options?.cashFlows?.[a.id] ?? '0');
  add(before, CASH_SLEEVE, cash);
  for (const p of input.positions ?? []) {
    value(before, p.symbol, dec(p.quantity));
    value(after, p.symbol, dec(p.quantity));
  }
  let cashAfter = cash;
  for (const t of trades) {
    const q = dec(t.quantity);
    value(after, t.symbol, t.side === 'buy' ? q : q.negated());
    cashAfter = t.side === 'buy' ? cashAfter.minus(t.amount) : cashAfter.plus(t.amount);
  }
  add(after, CASH_SLEEVE, cashAfter);
  const totalBefore = [...before.values()].reduce((s, v) => s.plus(v), dec(0));
  const totalAfter = [...after.values()].reduce((s, v) => s.plus(v), dec(0));
  const targets = Object.entries(input.model.targets);
  const names = [...targets.map(([s]) => s)];
  for (const s of [...before.keys(), ...after.keys()]) if (!names.includes(s)) names.push(s);
  return names
    .filter((s) => targets.some(([t, pct]) => t === s && !dec(pct).isZero()) || !(before.get(s) ?? dec(0)).isZero() || !(after.get(s) ?? dec(0)).isZero())
    .map((s) => {
      const b = before.get(s) ?? dec(0);
      const a = after.get(s) ?? dec(0);
      const target = targets.find(([t]) => t === s)?.[1] ?? '0';
      return {
        sleeve: s,
        target: ratioString(dec(target), dec(100)),
        before: ratioString(b, totalBefore),
        after: ratioString(a, totalAfter),
        beforeValue: moneyString(b),
        afterValue: moneyString(a),
      };
    });
}

/** Each account's cash and value before and after the trades (cash before includes the plan's cash flow). */
export function accountsFromInput(input: PlanInputJson, trades: readonly PlanTradeView[]): PlanAccountView[] {
  const price = new Map((input.securities ?? []).map((s) => [s.symbol, dec(s.price)]));
  return input.accounts.map((a) => {
    const cashBefore = dec(a.cash).plus(input.options?.cashFlows?.[a.id] ?? '0');
    let held = dec(0);
    for (const p of input.positions ?? []) if (p.account === a.id) held = held.plus(dec(p.quantity).times(price.get(p.symbol) ?? 0));
    const mine = trades.filter((t) => t.account === a.id);
    const bought = mine.filter((t) => t.side === 'buy').reduce((s, t) => s.plus(t.amount), dec(0));
    const sold = mine.filter((t) => t.side === 'sell').reduce((s, t) => s.plus(t.amount), dec(0));
    let heldAfter = held;
    for (const t of mine) heldAfter = heldAfter.plus(dec(t.quantity).times(price.get(t.symbol) ?? 0).times(t.side === 'buy' ? 1 : -1));
    const cashAfter = cashBefore.minus(bought).plus(sold);
    return {
      account: a.id,
      valueBefore: moneyString(held.plus(cashBefore)),
      valueAfter: moneyString(heldAfter.plus(cashAfter)),
      cashBefore: moneyString(cashBefore),
      cashAfter: moneyString(cashAfter),
      bought: moneyString(bought),
      sold: moneyString(sold),
    };
  });
}

/** The view with whatever the trade list needs filled in. */
export function completeView(db: Db, view: HouseholdPlanView, input: PlanInputJson, stored: { model: string | null; mode: HouseholdPlanView['mode'] }): HouseholdPlanView {
  const out: HouseholdPlanView = { ...view, plan: { ...view.plan } };
  if (!out.plan.sleeves || out.plan.sleeves.length === 0) out.plan.sleeves = sleevesFromInput(input, view.plan.trades);
  if (!out.plan.accounts || out.plan.accounts.length === 0) out.plan.accounts = accountsFromInput(input, view.plan.trades);
  if (out.model === undefined && stored.model !== null) out.model = stored.model;
  if (out.mode === undefined && stored.mode !== undefined) out.mode = stored.mode;
  if (out.accounts.some((a) => a.numberMasked === undefined || a.taxTreatment === undefined)) {
    const known = householdSummary(db).accounts;
    const treatments = new Map(input.accounts.map((a) => [a.id, a.taxTreatment]));
    out.accounts = out.accounts.map((a) => {
      const k = known.find((x) => String(x.id) === a.id);
      return {
        ...a,
        ...(a.numberMasked === undefined && k ? { numberMasked: k.numberMasked } : {}),
        ...(a.taxTreatment === undefined ? { taxTreatment: treatments.get(a.id) ?? k?.taxTreatment ?? 'other' } : {}),
      };
    });
  }
  if (!out.names) {
    const names: Record<string, string> = {};
    const q = db.prepare('SELECT name FROM securities WHERE symbol = ?');
    for (const t of view.plan.trades) {
      const n = (q.get(t.symbol) as { name: string } | undefined)?.name;
      if (n) names[t.symbol] = n;
    }
    out.names = names;
  }
  return out;
}

/** `now`: the day printed prices' ages are counted to (a plan printed a week later names the week-older prices). */
export function tradeListOf(db: Db, id: number, now: Date = new Date()): TradeListView {
  const plan = getStoredPlan(db, id);
  const view = completeView(db, plan.view, plan.input, { model: plan.model, mode: plan.mode });
  const { staleDays } = priceSettings(db);
  const stale = { staleDays, prices: stalePriceDates(view.priceDates ?? {}, staleDays, now) };
  const options = { createdAt: plan.createdAt, currency: plan.currency, planId: id, planName: plan.name, stale };
  return {
    planId: id,
    title: tradeListTitle(view, options),
    html: renderTradeList(view, options),
    csv: planCsv(view),
    fileName: `keel-trade-list-${plan.createdAt.slice(0, 10)}-plan-${id}`,
  };
}
