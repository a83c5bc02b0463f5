// An independent check of a plan against its input, in exact decimals and without the solver's integer model:
// every plan passes here before the planner returns it (security-reliability.md invariants 18–21).
import { Decimal, dec, moneyString, ratioString } from '../money.ts';
import { isShortTerm, lotOrderFor, pickLots } from './lots.ts';
import { frozenInBand, resolvePinned, sleeveBands } from './modes/rules.ts';
import { lossSalesBeforeBuys, replacementBuysBefore } from './wash.ts';
import { CASH_SLEEVE, OTHER_SLEEVE } from './problem.ts';
import { FRACTIONAL_STEP, type PlanInput, type PlanOutput } from './types.ts';

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  /** D recomputed from the input and the trades. */
  objective: Decimal;
}

function parse(s: string): Decimal | null {
  return /^-?\d+(\.\d+)?$/.test(s) ? dec(s) : null;
}

/** D = Σₛ |Aₛ − Tₛ| of the household after the given final holdings and cash (all exact). */
export function objectiveFor(input: PlanInput, holdings: Map<string, Map<string, Decimal>>, cash: Map<string, Decimal>): Decimal {
  const price = new Map(input.securities.map((s) => [s.symbol, s]));
  const A = new Map<string, Decimal>();
  const add = (s: string, v: Decimal): void => {
    A.set(s, (A.get(s) ?? new Decimal(0)).plus(v));
  };
  let V = new Decimal(0);
  for (const c of cash.values()) {
    add(CASH_SLEEVE, c);
    V = V.plus(c);
  }
  for (const bySymbol of holdings.values()) {
    for (const [symbol, q] of bySymbol) {
      const sec = price.get(symbol);
      if (!sec || q.isZero()) continue;
      const mv = sec.price.times(q);
      V = V.plus(mv);
      let rest = new Decimal(100);
      for (const [sleeve, w] of sec.sleeves) {
        add(sleeve, mv.times(w).div(100));
        rest = rest.minus(w);
      }
      if (rest.greaterThan(0)) add(OTHER_SLEEVE, mv.times(rest).div(100));
    }
  }
  let D = new Decimal(0);
  const sleeves = new Set([...A.keys(), ...input.model.targets.keys()]);
  for (const s of sleeves) {
    const T = V.times(input.model.targets.get(s) ?? 0).div(100);
    D = D.plus((A.get(s) ?? new Decimal(0)).minus(T).abs());
  }
  return D;
}

export function verifyPlan(given: PlanInput, plan: PlanOutput): VerifyResult {
  const problems: string[] = [];
  // min-cash: the plan is checked with its contribution added to the cash flows, as a buy-only plan.
  let input = given;
  if (given.options.mode === 'min-cash') {
    const flows = new Map(given.options.cashFlows);
    for (const [id, amount] of Object.entries(plan.minCash?.perAccount ?? {})) {
      const d = parse(amount);
      if (!d || d.isNegative()) problems.push(`minCash for ${id} must be a non-negative decimal`);
      else flows.set(id, (flows.get(id) ?? new Decimal(0)).plus(d));
    }
    if (!plan.minCash) problems.push('a min-cash plan must state minCash');
    input = { ...given, options: { ...given.options, mode: 'invest', cashFlows: flows } };
  }
  const bad = (m: string): void => {
    problems.push(m);
  };
  const accounts = new Map(input.accounts.map((a) => [a.id, a]));
  const securities = new Map(input.securities.map((s) => [s.symbol, s]));
  const holdings = new Map<string, Map<string, Decimal>>();
  const lotsOf = new Map<string, PlanInput['positions'][number]['lots']>();
  for (const a of input.accounts) holdings.set(a.id, new Map());
  for (const p of input.positions) {
    holdings.get(p.account)?.set(p.symbol, p.quantity);
    lotsOf.set(`${p.account}\u0000${p.symbol}`, p.lots);
  }
  const startCash = new Map<string, Decimal>();
  const cash = new Map<string, Decimal>();
  for (const a of input.accounts) {
    const c = a.cash.plus(input.options.cashFlows.get(a.id) ?? 0);
    startCash.set(a.id, c);
    cash.set(a.id, c);
  }
  const bought = new Set<string>();
  const traded = new Set<string>();
  const step = dec(FRACTIONAL_STEP);

  for (const t of plan.trades) {
    const where = `${t.side} ${t.quantity} ${t.symbol} in ${t.account}`;
    const acc = accounts.get(t.account);
    const sec = securities.get(t.symbol);
    if (!acc || !sec) {
      bad(`${where}: unknown account or security`);
      continue;
    }
    const key = `${t.account}\u0000${t.symbol}`;
    if (traded.has(key)) bad(`${where}: a second trade of ${t.symbol} in ${t.account} (never buy and sell one security in one account)`);
    traded.add(key);
    const q = parse(t.quantity);
    const price = parse(t.price);
    const amount = parse(t.amount);
    if (!q || !price || !amount) {
      bad(`${where}: quantity, price and amount must be decimal strings`);
      continue;
    }
    if (!q.greaterThan(0)) bad(`${where}: quantity must be positive`);
    if (acc.fractional ? !q.mod(step).isZero() : !q.isInteger()) {
      bad(`${where}: ${acc.fractional ? `not a multiple of ${FRACTIONAL_STEP} share` : 'not a whole number of shares'}`);
    }
    if (!price.equals(sec.price)) bad(`${where}: price ${t.price} is not the input's ${sec.price.toFixed()}`);
    if (!amount.equals(price.times(q))) bad(`${where}: amount ${t.amount} is not price × quantity`);
    if (amount.lessThan(input.options.minTrade)) bad(`${where}: below the minimum trade ${input.options.minTrade.toFixed()}`);
    const h = holdings.get(t.account) as Map<string, Decimal>;
    const have = h.get(t.symbol) ?? new Decimal(0);
    if (t.side === 'buy') {
      const menu = input.buyable?.get(t.account);
      if (menu && !menu.has(t.symbol)) bad(`${where}: ${t.account} cannot buy ${t.symbol}`);
      if (input.options.mode === 'raise') bad(`${where}: raise mode never buys`);
      h.set(t.symbol, have.plus(q));
      cash.set(t.account, (cash.get(t.account) as Decimal).minus(amount));
      bought.add(t.account);
    } else if (t.side === 'sell') {
      if (input.options.mode === 'invest') bad(`${where}: invest mode never sells`);
      if (q.greaterThan(have)) bad(`${where}: sells more than the ${have.toFixed()} held`);
      h.set(t.symbol, have.minus(q));
      cash.set(t.account, (cash.get(t.account) as Decimal).plus(amount));
      // Lots used: each within its lot, together not more than sold.
      const lots = lotsOf.get(key) ?? [];
      let used = new Decimal(0);
      const left = lots.map((l) => ({ ...l }));
      for (const u of t.lots) {
        const uq = parse(u.quantity);
        const lot = left.find((l) => l.acquired === u.acquired && l.costPerShare.toFixed() === dec(u.costPerShare).toFixed() && uq && l.quantity.greaterThanOrEqualTo(uq));
        if (!uq || !lot) {
          bad(`${where}: lot ${u.acquired} × ${u.quantity} is not in the holding's lots`);
          continue;
        }
        lot.quantity = lot.quantity.minus(uq);
        used = used.plus(uq);
      }
      if (used.greaterThan(q)) bad(`${where}: lots used (${used.toFixed()}) exceed the shares sold`);
    } else bad(`${where}: side must be buy or sell`);
  }

  checkTaxAndLimits(input, plan, bad);

  for (const a of input.accounts) {
    const c = cash.get(a.id) as Decimal;
    const start = startCash.get(a.id) as Decimal;
    // Raise mode must reach the reserve after the withdrawal, wherever the account starts.
    const floor = input.options.mode === 'raise' ? a.cashReserve : Decimal.min(a.cashReserve, start);
    if (c.lessThan(floor)) bad(`${a.id}: cash ${c.toFixed()} ends below ${start.lessThan(a.cashReserve) && input.options.mode !== 'raise' ? 'where it started (below its reserve)' : `its reserve ${a.cashReserve.toFixed()}`}`);
    const reported = parse(plan.leftoverCash[a.id] ?? '');
    // Invariant 18: trades plus the cash change sum to zero, exactly.
    if (!reported || !reported.equals(c)) bad(`${a.id}: leftover cash ${plan.leftoverCash[a.id]} is not ${c.toFixed()} (trades and cash change must sum to zero)`);
  }
  if (Object.keys(plan.leftoverCash).length !== input.accounts.length) bad('leftoverCash must list every account once');

  if (input.options.mode === 'band') {
    // Only out-of-band sleeves trade: no security with weight in an in-band sleeve.
    const frozen = frozenInBand(input, sleeveBands(input));
    for (const t of plan.trades) if (frozen.has(t.symbol)) bad(`${t.side} ${t.quantity} ${t.symbol} in ${t.account}: band mode trades no security of an in-band sleeve`);
  }
  if (input.options.mode === 'pinned') {
    // Each pinned trade appears exactly as the user fixed it (resolved to shares).
    let pins: ReturnType<typeof resolvePinned> = [];
    try {
      pins = resolvePinned(input);
    } catch (e) {
      bad(`pinned trades: ${(e as Error).message}`);
    }
    for (const pin of pins) {
      const t = plan.trades.find((x) => x.account === pin.account && x.symbol === pin.symbol);
      if (!t || t.side !== pin.side || !(parse(t.quantity) ?? new Decimal(-1)).equals(pin.quantity)) {
        bad(`pinned trade "${pin.said}" in ${pin.account} (${pin.side} ${pin.quantity.toFixed()}) is not in the plan as given`);
      }
    }
  }

  if (given.options.mode === 'min-cash') {
    // Every banded sleeve ends inside its band (exactly, by the rule of allocation/bands.ts).
    const after: PlanInput = {
      ...input,
      accounts: input.accounts.map((a) => ({ ...a, cash: cash.get(a.id) as Decimal })),
      positions: [...holdings].flatMap(([account, m]) => [...m].map(([symbol, quantity]) => ({ account, symbol, quantity, lots: null }))),
      options: { ...input.options, cashFlows: new Map() },
    };
    const start = new Map(sleeveBands(given).map((b) => [b.sleeve, b]));
    for (const b of sleeveBands(after)) {
      if (!input.model.bands.has(b.sleeve)) continue;
      if (b.status !== 'in') bad(`${b.sleeve} ends ${b.status} its band after the min-cash plan`);
      const s0 = start.get(b.sleeve);
      if (input.options.toTarget && s0 && s0.current.lessThan(s0.target) && b.current.lessThan(b.target)) bad(`${b.sleeve} ends below its target after the min-cash plan (toTarget)`);
    }
  }
  const D = objectiveFor(input, holdings, cash);
  const reportedD = parse(plan.objective);
  if (!reportedD || !reportedD.equals(D)) bad(`objective ${plan.objective} is not the recomputed D ${D.toFixed()}`);
  const V = [...cash.values()].reduce((t, c) => t.plus(c), new Decimal(0)).plus(
    [...holdings.values()].flatMap((m) => [...m.entries()]).reduce((t, [s, q]) => t.plus((securities.get(s)?.price ?? new Decimal(0)).times(q)), new Decimal(0)),
  );
  if (plan.drift.after !== ratioString(D, V.times(2))) bad(`drift.after ${plan.drift.after} is not D / 2V = ${ratioString(D, V.times(2))}`);
  const gap = parse(plan.gap);
  if (!gap || gap.isNegative()) bad(`gap ${plan.gap} must be a non-negative decimal`);
  else if (plan.optimal && !gap.isZero()) bad('an optimal plan has gap 0');
  else if (gap.greaterThan(D.plus(input.options.tradeCost.times(plan.trades.length)))) {
    bad('the gap cannot exceed D + F·trades (0 is always a bound)');
  }
  return { ok: problems.length === 0, problems, objective: D };
}

/**
 * The user's trading and tax options, re-checked from the input alone: restrictions, the turnover cap, the lots
 * each sale uses (the lot method, picked lots first) and the gains stated for them, short-term gains when
 * blocked, the gain budget, and wash sales prevented from the history (problem.ts: a security bought within 30
 * days sells no lot at a loss; one sold at a known loss is not bought). Pinned trades (pinned mode) are the
 * user's own: they are exempt from the restriction, lot-order and short-term checks, and count in the turnover
 * and the gain budget.
 */
function checkTaxAndLimits(input: PlanInput, plan: PlanOutput, bad: (m: string) => void): void {
  const o = input.options;
  const taxable = new Map(input.accounts.map((a) => [a.id, a.taxTreatment === 'taxable']));
  const prices = new Map(input.securities.map((s) => [s.symbol, s.price]));
  let pins: { account: string; symbol: string; side: string }[] = [];
  if (o.mode === 'pinned') {
    try {
      pins = resolvePinned(input);
    } catch {
      pins = [];
    }
  }
  const pinned = (t: PlanOutput['trades'][number]): boolean => pins.some((x) => x.account === t.account && x.symbol === t.symbol && x.side === t.side);
  const bought = o.washSales === 'prevent' ? replacementBuysBefore(input) : new Map<string, string[]>();
  const soldAtLoss = o.washSales === 'prevent' ? lossSalesBeforeBuys(input) : new Map<string, string[]>();
  let turnover = new Decimal(0);
  let netGain = new Decimal(0);
  for (const t of plan.trades) {
    const where = `${t.side} ${t.quantity} ${t.symbol} in ${t.account}`;
    const q = parse(t.quantity);
    const amount = parse(t.amount);
    const price = prices.get(t.symbol);
    if (!q || !amount || !price || !taxable.has(t.account)) continue;
    turnover = turnover.plus(amount.abs());
    const own = pinned(t);
    if (!own) {
      for (const r of o.restrictions ?? []) {
        if (r.symbol !== t.symbol || (r.account !== null && r.account !== t.account)) continue;
        if (r.rule === 'no-trade' || (r.rule === 'no-buy' && t.side === 'buy') || (r.rule === 'no-sell' && t.side === 'sell')) {
          bad(`${where}: breaks the restriction ${r.rule} ${r.symbol}${r.account !== null ? ` in ${r.account}` : ''}`);
        }
      }
    }
    if (t.side === 'buy' && soldAtLoss.has(t.symbol)) bad(`${where}: a wash sale (sold at a loss ${soldAtLoss.get(t.symbol)?.join(', ')}) and wash sales are prevented`);
    if (t.side !== 'sell') continue;
    // The lots the lot method gives, exactly as the trade lists them (pinned sales use HIFO when made by the pinned mode).
    const ordered = lotOrderFor(input, t.account, t.symbol);
    const sale = pickLots(ordered, q, price, o.asOf);
    const expected = sale.lots.map((l) => `${l.acquired}×${l.quantity.toFixed()}@${l.costPerShare.toFixed()}`).join(', ');
    const given = t.lots.map((l) => `${l.acquired}×${dec(l.quantity).toFixed()}@${dec(l.costPerShare).toFixed()}`).join(', ');
    if (!own && expected !== given) bad(`${where}: lots used [${given}] are not those the ${o.lotMethod ?? 'hifo'} order${(o.specificLots ?? []).length > 0 ? ' (picked lots first)' : ''} gives: [${expected}]`);
    // Gains from the lots the trade lists (checked above), in taxable accounts only.
    let short = new Decimal(0);
    let long = new Decimal(0);
    let shortGainLot = false;
    let lossLot = false;
    for (const l of t.lots) {
      const lq = parse(l.quantity);
      const cost = parse(l.costPerShare);
      if (!lq || !cost) continue;
      const g = price.minus(cost).times(lq);
      if (cost.greaterThan(price)) lossLot = true;
      if (isShortTerm(l.acquired, o.asOf)) {
        short = short.plus(g);
        if (g.greaterThan(0)) shortGainLot = true;
      } else long = long.plus(g);
    }
    const isTaxable = taxable.get(t.account) === true;
    const wantShort = moneyString(isTaxable ? short : new Decimal(0));
    const wantLong = moneyString(isTaxable ? long : new Decimal(0));
    if (t.gain.short !== wantShort || t.gain.long !== wantLong) bad(`${where}: gain ${t.gain.short}/${t.gain.long} is not the lots' ${wantShort}/${wantLong} (short/long)`);
    if (isTaxable) netGain = netGain.plus(short).plus(long);
    if (isTaxable && o.blockShortTermGains && shortGainLot && !own) bad(`${where}: realises a short-term gain, and short-term gains are blocked`);
    if (lossLot && bought.has(t.symbol) && !own) bad(`${where}: sells at a loss after buying ${bought.get(t.symbol)?.join(', ')}, a wash sale, and wash sales are prevented`);
  }
  if (o.turnoverCap && turnover.greaterThan(o.turnoverCap)) bad(`turnover ${turnover.toFixed()} exceeds the cap ${o.turnoverCap.toFixed()}`);
  if (o.gainBudget && netGain.greaterThan(o.gainBudget)) bad(`net realised gain ${netGain.toFixed()} in taxable accounts exceeds the budget ${o.gainBudget.toFixed()}`);
}
