// The planner's problem in exact integers (BigInt), built once from a parsed input.
//
// Units: prices in micro-dollars, quantities in micro-shares, so money is in units of 1e-12 $ ("M") and a
// value split by a sleeve weight (a fraction in millionths) is in units of 1e-18 $ ("S"). Every quantity the
// objective touches is an exact integer in these units; floats appear only as hints in the heuristics.
//
// Decision variables: one per (account, security) that may trade — k, the number of trade steps (whole
// shares, or FRACTIONAL_STEP shares in a fractional account); k > 0 buys, k < 0 sells, 0 holds. One net trade
// per pair means an account never buys and sells one security in the same plan.
import { Decimal, dec, toMicro } from '../money.ts';
import { orderLots, pickLots } from './lots.ts';
import { FRACTIONAL_STEP, PlanInputError, type Lot, type PlanInput } from './types.ts';

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
    held.set(`${p.account}\u0000${p.symbol}`, { qty, lots: p.lots ? orderLots(p.lots) : null });
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
      for (const sec of securities) budget += sec.priceMicro * (held.get(`${acc.id}\u0000${sec.symbol}`)?.qty ?? 0n);
    }
    securities.forEach((sec, si) => {
      const h = held.get(`${acc.id}\u0000${sec.symbol}`);
      const qty = h?.qty ?? 0n;
      const unit = sec.priceMicro * acc.step;
      const canBuy = (!menu || menu.has(sec.symbol)) && unit > 0n;
      const kmin = mode === 'full' && unit > 0n ? -Number(qty / acc.step) : 0;
      const kmax = canBuy && budget > 0n ? Number(budget / unit) : 0;
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
        lots: h?.lots ?? null,
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
  };
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

/** Estimated tax of selling `steps` steps of `v` (tax units: M × permille); 0 outside taxable accounts. */
const taxCache = new WeakMap<PVar, Map<number, bigint>>();

export function saleTax(p: Problem, v: PVar, steps: number): bigint {
  if (!v.taxable || steps <= 0 || !v.lots) return 0n;
  let cache = taxCache.get(v);
  if (!cache) taxCache.set(v, (cache = new Map()));
  const hit = cache.get(steps);
  if (hit !== undefined) return hit;
  const t = saleTaxUncached(p, v, steps);
  cache.set(steps, t);
  return t;
}

function saleTaxUncached(p: Problem, v: PVar, steps: number): bigint {
  const acc = p.accounts[v.account] as PAccount;
  const sec = p.securities[v.sec] as PSecurity;
  const qty = dec((BigInt(steps) * acc.step).toString()).div(1e6);
  const sale = pickLots(v.lots, qty, sec.price, p.input.options.asOf);
  const t = sale.short.times(p.tax.shortPermille.toString()).plus(sale.long.times(p.tax.longPermille.toString()));
  return BigInt(t.times(1e12).toFixed(0, Decimal.ROUND_HALF_EVEN));
}
