// The plan's reporting, computed in exact decimals from the input and the trades alone (no solver state), so
// that it can be (re)built for any plan: renderPlan calls it, and a mode that adds trades after renderPlan
// (pinned) calls it again on the original input. It sets:
//   value    V, the household after cash flows;
//   sleeves  per sleeve: target, before, after (fractions of V, 6 places) and before/after values;
//   accounts per account: value and cash before (after cash flows) and after, bought, sold;
//   tax      realised short-/long-term gains of sales in taxable accounts, gains sheltered in tax-deferred /
//            tax-free accounts, and the number of wash sales;
//   flags    per trade: 'short-term-gain' (a taxable sale uses a short-term lot at a gain), 'wash-sale'
//            (wash.ts), 'pinned' (one of options.pinned);
// and adds the wash-sale warnings.
import { Decimal, moneyString, plainString, ratioString } from '../money.ts';
import { isShortTerm } from './lots.ts';
import { CASH_SLEEVE, OTHER_SLEEVE } from './problem.ts';
import type { PlanInput, PlanOutput, PlanTrade } from './types.ts';
import { findWashSales } from './wash.ts';
import type { PlanAccountView, PlanSleeveView, PlanTradeFlag } from '../../../shared/contract.ts';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Realised gain of a sale from the lots it lists, split short / long by the plan's date. */
export function tradeGain(t: Pick<PlanTrade, 'side' | 'price' | 'lots'>, asOf: string): { short: Decimal; long: Decimal; shortGainLot: boolean } {
  let short = new Decimal(0);
  let long = new Decimal(0);
  let shortGainLot = false;
  if (t.side !== 'sell') return { short, long, shortGainLot };
  const price = new Decimal(t.price);
  for (const l of t.lots) {
    const g = price.minus(l.costPerShare).times(l.quantity);
    if (isShortTerm(l.acquired, asOf)) {
      short = short.plus(g);
      if (g.greaterThan(0)) shortGainLot = true;
    } else long = long.plus(g);
  }
  return { short, long, shortGainLot };
}

/** Sleeve values of a household (holdings per account, cash per account), as verify.ts's objectiveFor splits them. */
function sleeveValues(input: PlanInput, holdings: Map<string, Map<string, Decimal>>, cash: Map<string, Decimal>): Map<string, Decimal> {
  const secs = new Map(input.securities.map((s) => [s.symbol, s]));
  const A = new Map<string, Decimal>();
  const add = (s: string, v: Decimal): void => {
    A.set(s, (A.get(s) ?? new Decimal(0)).plus(v));
  };
  for (const c of cash.values()) add(CASH_SLEEVE, c);
  for (const bySymbol of holdings.values()) {
    for (const [symbol, q] of bySymbol) {
      const sec = secs.get(symbol);
      if (!sec || q.isZero()) continue;
      const mv = sec.price.times(q);
      let rest = new Decimal(100);
      for (const [sleeve, w] of sec.sleeves) {
        add(sleeve, mv.times(w).div(100));
        rest = rest.minus(w);
      }
      if (rest.greaterThan(0)) add(OTHER_SLEEVE, mv.times(rest).div(100));
    }
  }
  return A;
}

/** Fills value, sleeves, accounts, tax and trade flags of `plan` for `input`, and adds the wash-sale warnings. */
export function annotatePlan(input: PlanInput, plan: PlanOutput): PlanOutput {
  const asOf = input.options.asOf;
  const prices = new Map(input.securities.map((s) => [s.symbol, s.price]));
  const taxable = new Map(input.accounts.map((a) => [a.id, a.taxTreatment === 'taxable']));
  const holdings = new Map<string, Map<string, Decimal>>();
  const cash = new Map<string, Decimal>();
  for (const a of input.accounts) {
    holdings.set(a.id, new Map());
    cash.set(a.id, a.cash.plus(input.options.cashFlows.get(a.id) ?? 0));
  }
  for (const p of input.positions) holdings.get(p.account)?.set(p.symbol, p.quantity);
  const valueOf = (account: string, h: Map<string, Map<string, Decimal>>, c: Map<string, Decimal>): Decimal => {
    let v = c.get(account) ?? new Decimal(0);
    for (const [symbol, q] of h.get(account) ?? []) v = v.plus((prices.get(symbol) ?? new Decimal(0)).times(q));
    return v;
  };
  const beforeA = sleeveValues(input, holdings, cash);
  const accountsBefore = input.accounts.map((a) => ({ id: a.id, value: valueOf(a.id, holdings, cash), cash: cash.get(a.id) as Decimal }));
  const V = accountsBefore.reduce((t, a) => t.plus(a.value), new Decimal(0));

  // Apply the trades.
  const afterH = new Map([...holdings].map(([k, m]) => [k, new Map(m)]));
  const afterC = new Map(cash);
  const bought = new Map<string, Decimal>();
  const sold = new Map<string, Decimal>();
  let shortTerm = new Decimal(0);
  let longTerm = new Decimal(0);
  let sheltered = new Decimal(0);
  const flags: PlanTradeFlag[][] = plan.trades.map(() => []);
  const pins = input.options.pinned ?? [];
  plan.trades.forEach((t, i) => {
    const q = new Decimal(t.quantity);
    const amount = new Decimal(t.amount);
    const h = afterH.get(t.account);
    if (h) h.set(t.symbol, (h.get(t.symbol) ?? new Decimal(0)).plus(t.side === 'buy' ? q : q.negated()));
    afterC.set(t.account, (afterC.get(t.account) ?? new Decimal(0)).plus(t.side === 'buy' ? amount.negated() : amount));
    const into = t.side === 'buy' ? bought : sold;
    into.set(t.account, (into.get(t.account) ?? new Decimal(0)).plus(amount));
    if (t.side === 'sell') {
      const g = tradeGain(t, asOf);
      if (taxable.get(t.account)) {
        shortTerm = shortTerm.plus(g.short);
        longTerm = longTerm.plus(g.long);
        if (g.shortGainLot) flags[i]?.push('short-term-gain');
      } else sheltered = sheltered.plus(g.short).plus(g.long);
    }
    if (pins.some((p) => p.account === t.account && p.symbol === t.symbol && p.side === t.side)) flags[i]?.push('pinned');
  });
  const wash = findWashSales(input, plan.trades);
  for (const i of wash.flagged) flags[i]?.push('wash-sale');
  plan.trades.forEach((t, i) => {
    const f = flags[i] ?? [];
    if (f.length > 0) t.flags = [...new Set(f)].sort();
    else delete t.flags;
  });

  const afterA = sleeveValues(input, afterH, afterC);
  // Canonical orders (sleeves and accounts by name), so a plan never depends on the order of its input.
  const names = [...new Set([...input.model.targets.keys(), ...beforeA.keys(), ...afterA.keys()])].sort(cmp);
  const sleeves: PlanSleeveView[] = [];
  for (const s of names) {
    const target = input.model.targets.get(s) ?? new Decimal(0);
    const b = beforeA.get(s) ?? new Decimal(0);
    const a = afterA.get(s) ?? new Decimal(0);
    if (target.isZero() && b.isZero() && a.isZero()) continue;
    sleeves.push({
      sleeve: s,
      target: ratioString(target, new Decimal(100)),
      before: ratioString(b, V),
      after: ratioString(a, V),
      beforeValue: moneyString(b),
      afterValue: moneyString(a),
    });
  }
  const accounts: PlanAccountView[] = [...accountsBefore].sort((x, y) => cmp(x.id, y.id)).map((a) => ({
    account: a.id,
    valueBefore: plainString(a.value),
    valueAfter: plainString(valueOf(a.id, afterH, afterC)),
    cashBefore: plainString(a.cash),
    cashAfter: plainString(afterC.get(a.id) as Decimal),
    bought: plainString(bought.get(a.id) ?? new Decimal(0)),
    sold: plainString(sold.get(a.id) ?? new Decimal(0)),
  }));

  const warnings = plan.warnings.filter((w) => !w.startsWith('wash sale: ') && !w.startsWith('wash sales prevent: '));
  warnings.push(...wash.warnings);
  if (input.options.washSales === 'prevent' && wash.inPlan > 0) {
    warnings.push(
      `wash sales prevent: ${wash.inPlan} sale${wash.inPlan === 1 ? '' : 's'} at a loss in one account with a purchase of the same security in another in this plan, still there after re-planning with the security made do-not-buy — change the plan or restrict the purchase yourself`,
    );
  }
  plan.warnings = warnings;
  plan.value = plainString(V);
  plan.sleeves = sleeves;
  plan.accounts = accounts;
  plan.tax = { shortTerm: moneyString(shortTerm), longTerm: moneyString(longTerm), sheltered: moneyString(sheltered), washSales: wash.count };
  return plan;
}
