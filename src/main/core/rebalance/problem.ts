// The planner's problem in exact integers (BigInt), built once from a parsed input.
//
// Units: prices in micro-dollars, quantities in micro-shares, so money is in units of 1e-12 $ ("M") and a
// value split by a sleeve weight (a fraction in millionths) is in units of 1e-18 $ ("S"). Every quantity the
// objective touches is an exact integer in these units; floats appear only as hints in the heuristics.
//
// Decision variables: one per (account, security) that may trade — k, the number of trade steps (whole
// shares, or FRACTIONAL_STEP shares in a fractional account); k > 0 buys, k < 0 sells, 0 holds. One net trade
// per pair means an account never buys and sells one security in the same plan.
//
// What the user's tax and trading options do here (the search enforces the rest):
// - restrictions: no-buy → kmax 0, no-sell → kmin 0, no-trade → both, in one account or every account;
// - lots: each variable's lots are in the order its sales use them (lots.ts lotOrderFor: the lot method, the
//   user's picked lots first); saleTax and saleGain follow that order;
// - blockShortTermGains: in a taxable account, kmin stops before the first lot (in that order) whose sale would
//   realise a short-term gain (with the min-tax order those lots come last, so the cap binds least);
// - washSales 'prevent', from the history (wash.ts): a security bought within 30 days before asOf (any account)
//   sells no lot at a loss (kmin stops before the first loss lot), and a security sold at a known loss within
//   30 days before asOf is bought nowhere (kmax 0). Wash sales inside the plan itself (a loss sale in one
//   account, a buy in another) are found after the search (annotate.ts) and reported;
// - gainBudget, turnoverCap (M units) and tradeCost (S units) are carried for the search to enforce and use.
import { Decimal, dec, toMicro } from '../money.ts';
import { isShortTerm, lotOrderFor, pickLots, sellableBefore } from './lots.ts';
import { FRACTIONAL_STEP, PlanInputError, type Lot, type PlanInput } from './types.ts';
import { lossSalesBeforeBuys, replacementBuysBefore } from './wash.ts';

export const CASH_SLEEVE = 'Cash';
export const OTHER_SLEEVE = 'Other';
const M_PER_MICRO = 1_000_000n; // 1e-6 $ in M units
const S_PER_M = 1_000_000n; // 1e-12 $ in S units
const S_PER_DOLLAR = 10n ** 18n;

/** Estimated tax of a sale in a taxable account, as a tie-breaker: rates in permille of the realised gain. */
export interface TaxModel {
  shortPermille: bigint;
  longPermille: bigint;
}
export const DEFAULT_TAX: TaxModel = { shortPermille: 370n, longPermille: 200n };

export interface PAccount {
  id: string;
  taxable: boolean;
  /** Cash after cash flows, M units. */
  cash: bigint;
  /** The account may not end below this (M units): its reserve, or its cash if it starts below the reserve. */
  floor: bigint;
  fractional: boolean;
  /** Trade step in micro-shares. */
  step: bigint;
}

export interface PSecurity {
  symbol: string;
  price: Decimal;
  priceMicro: bigint;
  /** (sleeve index, weight in millionths) including the Cash/Other remainder, summing to 1e6. */
  weights: { s: number; w: bigint }[];
}

export interface PVar {
  account: number;
  sec: number;
  /** Held quantity, micro-shares. */
  held: bigint;
  /** M units per step (price × step). */
  unit: bigint;
  kmin: number;
  kmax: number;
  /** Smallest |k| allowed other than 0 (minimum trade). */
  minSteps: number;
  /** Sleeves this variable moves and by how much per step (S units); includes the Cash sleeve's −unit. */
  sleeves: number[];
  coef: bigint[];
  /** Same, in dollars, as float hints for heuristics. */
  coefF: number[];
  lots: Lot[] | null;
  taxable: boolean;
}

export interface Problem {
  input: PlanInput;
  accounts: PAccount[];
  securities: PSecurity[];
  sleeves: string[];
  cashSleeve: number;
  /** Target value per sleeve, S units. */
  target: bigint[];
  /** Household value after cash flows, M units. */
  value: bigint;
  /** Aₛ − Tₛ before any trade, S units. */
  u0: bigint[];
  vars: PVar[];
  warnings: string[];
  tax: TaxModel;
  /** The most net realised gain over the sales in taxable accounts (Σ saleGain short + long), M units; null: none. */
  gainBudget: bigint | null;
  /** The most money traded, Σ |k|·unit over all variables, M units; null: none. */
  turnoverCap: bigint | null;
  /** Money per trade, S units (1e-18 $), as D. */
  tradeCost: bigint;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function micro(d: Decimal, what: string): bigint {
  try {
    return toMicro(d, what);
  } catch (e) {
    throw new PlanInputError((e as Error).message, what);
  }
}

export function buildProblem(input: PlanInput, tax: TaxModel = DEFAULT_TAX): Problem {
  const warnings: string[] = [];
  const mode = input.options.mode;
  // Canonical order: results never depend on the order of the input.
  const accIn = [...input.accounts].sort((a, b) => cmp(a.id, b.id));
  const secIn = [...input.securities].sort((a, b) => cmp(a.symbol, b.symbol));

  const sleeveSet = new Set<string>([CASH_SLEEVE, OTHER_SLEEVE, ...input.model.targets.keys()]);
  for (const s of secIn) for (const k of s.sleeves.keys()) sleeveSet.add(k);
  const sleeves = [...sleeveSet].sort(cmp);
  const sIndex = new Map(sleeves.map((s, i) => [s, i]));
  const cashSleeve = sIndex.get(CASH_SLEEVE) as number;
  const otherSleeve = sIndex.get(OTHER_SLEEVE) as number;

  const securities: PSecurity[] = secIn.map((s) => {
    const weights: { s: number; w: bigint }[] = [];
    let total = 0n;
    for (const [name, pct] of [...s.sleeves.entries()].sort((a, b) => cmp(a[0], b[0]))) {
      const w = micro(pct.div(100), `securities.${s.symbol}.sleeves.${name} (at most 4 decimal places)`);
      weights.push({ s: sIndex.get(name) as number, w });
      total += w;
    }
    if (total < 1_000_000n) {
      const o = weights.find((x) => x.s === otherSleeve);
      if (o) o.w += 1_000_000n - total;
      else weights.push({ s: otherSleeve, w: 1_000_000n - total });
      if (total === 0n) warnings.push(`${s.symbol} is in no sleeve: counted as ${OTHER_SLEEVE}`);
    }
    return { symbol: s.symbol, price: s.price, priceMicro: micro(s.price, `securities.${s.symbol}.price`), weights };
  });
  const secIndex = new Map(securities.map((s, i) => [s.symbol, i]));

  const held = new Map<string, { qty: bigint; lots: Lot[] | null }>();
  for (const p of input.positions) {
    const qty = micro(p.quantity, `positions.${p.account}.${p.symbol}.quantity`);
    if (p.lots) {
      const lotTotal = p.lots.reduce((t, l) => t.plus(l.quantity), new Decimal(0));
      if (!lotTotal.equals(p.quantity)) {
        warnings.push(`${p.symbol} in ${p.account}: lots sum to ${lotTotal.toFixed()} shares, the holding is ${p.quantity.toFixed()}`);
      }
    }
    held.set(`${p.account}\u0000${p.symbol}`, { qty, lots: p.lots ? lotOrderFor(input, p.account, p.symbol, p.lots) : null });
  }

  // Restrictions: per (account, symbol), or (account null) in every account.
  const noBuy = new Set<string>();
  const noSell = new Set<string>();
  for (const r of input.options.restrictions ?? []) {
    if (!secIn.some((s) => s.symbol === r.symbol)) throw new PlanInputError(`a restriction names the unknown security "${r.symbol}"`, 'options.restrictions');
    if (r.account !== null && !accIn.some((a) => a.id === r.account)) throw new PlanInputError(`a restriction names the unknown account "${r.account}"`, 'options.restrictions');
    for (const a of accIn) {
      if (r.account !== null && r.account !== a.id) continue;
      const key = `${a.id}\u0000${r.symbol}`;
      if (r.rule !== 'no-sell') noBuy.add(key);
      if (r.rule !== 'no-buy') noSell.add(key);
    }
  }
  // Wash sales prevented from the history: securities bought lately sell no loss lot; securities sold at a
  // known loss lately are bought nowhere.
  const prevent = input.options.washSales === 'prevent';
  const boughtLately = prevent ? replacementBuysBefore(input) : new Map<string, string[]>();
  const soldAtLossLately = prevent ? lossSalesBeforeBuys(input) : new Map<string, string[]>();
  for (const [symbol, where] of soldAtLossLately) {
    if (secIn.some((s) => s.symbol === symbol)) warnings.push(`wash sales prevented: ${symbol} is bought in no account (sold at a loss ${where.join(', ')})`);
  }

  const accounts: PAccount[] = accIn.map((a) => {
    const flow = input.options.cashFlows.get(a.id) ?? new Decimal(0);
    const cash = micro(a.cash.plus(flow), `accounts.${a.id}.cash`) * M_PER_MICRO;
    const reserve = micro(a.cashReserve, `accounts.${a.id}.cashReserve`) * M_PER_MICRO;
    if (cash < reserve) {
      warnings.push(`${a.id}: cash ${dec(cash.toString()).div(1e12).toFixed()} is below its reserve; the plan spends none of it`);
    }
    if (a.fractional) warnings.push(`${a.id} allows fractional shares: it trades in steps of ${FRACTIONAL_STEP} share`);
    return {
      id: a.id,
      taxable: a.taxTreatment === 'taxable',
      cash,
      floor: cash < reserve ? cash : reserve,
      fractional: a.fractional,
      step: a.fractional ? toMicro(FRACTIONAL_STEP) : 1_000_000n,
    };
  });

  // Sleeve values before trades.
  const A = sleeves.map(() => 0n);
  let value = 0n;
  for (const acc of accounts) {
    A[cashSleeve] = (A[cashSleeve] as bigint) + acc.cash * S_PER_M;
    value += acc.cash;
  }
  for (const [key, h] of held) {
    const [, symbol] = key.split('\u0000') as [string, string];
    const sec = securities[secIndex.get(symbol) as number] as PSecurity;
    const mv = sec.priceMicro * h.qty;
    value += mv;
    for (const { s, w } of sec.weights) A[s] = (A[s] as bigint) + mv * w;
  }
  const target = sleeves.map((name) => {
    const t = input.model.targets.get(name);
    return t ? micro(t.div(100), `model.targets.${name} (at most 4 decimal places)`) * value : 0n;
  });
  const u0 = A.map((a, s) => a - (target[s] as bigint));

  const minTradeM = micro(input.options.minTrade, 'options.minTrade') * M_PER_MICRO;
  const vars: PVar[] = [];
  accounts.forEach((acc, ai) => {
    const menu = input.buyable?.get(acc.id);
    // The most cash this account could ever have to spend: its cash over the floor plus everything it could sell.
    let budget = acc.cash - acc.floor;
    if (mode === 'full') {
      for (const sec of securities) {
        if (!noSell.has(`${acc.id}\u0000${sec.symbol}`)) budget += sec.priceMicro * (held.get(`${acc.id}\u0000${sec.symbol}`)?.qty ?? 0n);
      }
    }
    securities.forEach((sec, si) => {
      const h = held.get(`${acc.id}\u0000${sec.symbol}`);
      const qty = h?.qty ?? 0n;
      const unit = sec.priceMicro * acc.step;
      const key = `${acc.id}\u0000${sec.symbol}`;
      const canBuy = (!menu || menu.has(sec.symbol)) && unit > 0n && !noBuy.has(key) && !soldAtLossLately.has(sec.symbol);
      let kmin = mode === 'full' && unit > 0n && !noSell.has(key) ? -Number(qty / acc.step) : 0;
      const kmax = canBuy && budget > 0n ? Number(budget / unit) : 0;
      const lots = h?.lots ?? null;
      // A cap on the shares sold from the front of the lot order, as steps.
      const capAt = (shares: Decimal, why: string): void => {
        const steps = -Number(micro(shares, `positions.${acc.id}.${sec.symbol}`) / acc.step);
        if (steps > kmin) {
          kmin = steps;
          warnings.push(`${sec.symbol} in ${acc.id}: sells at most ${plainQty(shares, acc.step)} shares (${why})`);
        }
      };
      if (kmin < 0 && lots && acc.taxable && input.options.blockShortTermGains) {
        const asOf = input.options.asOf;
        capAt(sellableBefore(lots, dec(qty.toString()).div(1e6), (l) => isShortTerm(l.acquired, asOf) && sec.price.greaterThan(l.costPerShare)), 'short-term gains are blocked');
      }
      const bought = boughtLately.get(sec.symbol);
      if (kmin < 0 && lots && bought) {
        capAt(sellableBefore(lots, dec(qty.toString()).div(1e6), (l) => sec.price.lessThan(l.costPerShare)), `wash sales prevented: bought ${bought.join(', ')}`);
      }
      if (kmin === 0 && kmax === 0) return;
      const sl: number[] = [];
      const coef: bigint[] = [];
      for (const { s, w } of sec.weights) {
        const c = (s === cashSleeve ? w - 1_000_000n : w) * unit;
        sl.push(s);
        coef.push(c);
      }
      if (!sec.weights.some((x) => x.s === cashSleeve)) {
        sl.push(cashSleeve);
        coef.push(-1_000_000n * unit);
      }
      const minSteps = minTradeM > 0n ? Math.max(1, Number((minTradeM + unit - 1n) / unit)) : 1;
      vars.push({
        account: ai,
        sec: si,
        held: qty,
        unit,
        kmin: Math.abs(kmin) < minSteps ? 0 : kmin,
        kmax: kmax < minSteps ? 0 : kmax,
        minSteps,
        sleeves: sl,
        coef,
        coefF: coef.map((c) => Number(c) / 1e18),
        lots,
        taxable: acc.taxable,
      });
    });
  });
  return {
    input,
    accounts,
    securities,
    sleeves,
    cashSleeve,
    target,
    value,
    u0,
    vars: vars.filter((v) => v.kmin !== 0 || v.kmax !== 0),
    warnings,
    tax,
    gainBudget: input.options.gainBudget ? micro(input.options.gainBudget, 'options.gainBudget') * M_PER_MICRO : null,
    turnoverCap: input.options.turnoverCap ? micro(input.options.turnoverCap, 'options.turnoverCap') * M_PER_MICRO : null,
    tradeCost: input.options.tradeCost ? micro(input.options.tradeCost, 'options.tradeCost') * M_PER_MICRO * S_PER_M : 0n,
  };
}

/** Shares rounded down to the account's step, as text. */
function plainQty(shares: Decimal, step: bigint): string {
  const steps = BigInt(shares.times(1e6).floor().toFixed(0)) / step;
  return dec((steps * step).toString()).div(1e6).toFixed();
}

/** D = Σₛ |uₛ| (S units). */
export function objectiveOf(u: readonly bigint[]): bigint {
  let d = 0n;
  for (const x of u) d += x < 0n ? -x : x;
  return d;
}

export function sToDecimal(x: bigint): Decimal {
  return dec(x.toString()).div(S_PER_DOLLAR.toString());
}

export function mToDecimal(x: bigint): Decimal {
  return dec(x.toString()).div('1e12');
}

/**
 * Estimated tax of selling `steps` steps of `v` (tax units: M × permille, i.e. 1e-15 $), the search's last
 * tie-breaker: 0 outside taxable accounts; in a taxable account the estimated tax of the lots the sale uses (in
 * the variable's lot order; negative for a loss), 0 for shares without lots. With options.preferTaxAdvantaged
 * (the default) every taxable sale costs one tax unit more, so that between plans of equal D, equal trades and
 * equal estimated tax the one selling inside tax-deferred / tax-free accounts wins (a zero-gain taxable sale
 * loses to an IRA sale; a loss harvested in a taxable account still wins, it lowers the estimated tax).
 */
const taxCache = new WeakMap<PVar, Map<number, bigint>>();

export function saleTax(p: Problem, v: PVar, steps: number): bigint {
  if (!v.taxable || steps <= 0) return 0n;
  const prefer = (p.input.options.preferTaxAdvantaged ?? true) ? 1n : 0n;
  if (!v.lots) return prefer;
  let cache = taxCache.get(v);
  if (!cache) taxCache.set(v, (cache = new Map()));
  const hit = cache.get(steps);
  if (hit !== undefined) return hit;
  const t = saleTaxUncached(p, v, steps) + prefer;
  cache.set(steps, t);
  return t;
}

function saleTaxUncached(p: Problem, v: PVar, steps: number): bigint {
  const g = saleGain(p, v, steps);
  // Gains are in M units; × permille gives tax units.
  return g.short * p.tax.shortPermille + g.long * p.tax.longPermille;
}

const gainCache = new WeakMap<PVar, Map<number, { short: bigint; long: bigint }>>();

/**
 * The realised gain of selling `steps` steps of `v` (M units, 1e-12 $), short- and long-term, from the
 * variable's lots in their order (lots.ts); 0 outside taxable accounts and for shares without lots (renderPlan
 * warns about those). Exact whenever lot costs have at most 6 decimals (rounded half-even to M otherwise).
 */
export function saleGain(p: Problem, v: PVar, steps: number): { short: bigint; long: bigint } {
  if (!v.taxable || steps <= 0 || !v.lots) return { short: 0n, long: 0n };
  let cache = gainCache.get(v);
  if (!cache) gainCache.set(v, (cache = new Map()));
  const hit = cache.get(steps);
  if (hit) return hit;
  const acc = p.accounts[v.account] as PAccount;
  const sec = p.securities[v.sec] as PSecurity;
  const qty = dec((BigInt(steps) * acc.step).toString()).div(1e6);
  const sale = pickLots(v.lots, qty, sec.price, p.input.options.asOf);
  const m = (d: Decimal): bigint => BigInt(d.times(1e12).toFixed(0, Decimal.ROUND_HALF_EVEN));
  const g = { short: m(sale.short), long: m(sale.long) };
  cache.set(steps, g);
  return g;
}
