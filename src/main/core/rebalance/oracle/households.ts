// Generated households of the shape individual investors have (the oracle tests and bench/planner): 1–4
// accounts, 3–20 funds at $20–$600 a share, some split across two sleeves, a few thousand dollars of cash,
// full / invest / raise plans, lots in taxable accounts, menus of what an account may buy. Deterministic from a
// seed; money is built as integer cents and written as decimal strings (no float reaches money).
import { cents, rng } from '../testkit.ts';
import type { PlanInputJson } from '../types.ts';

type Json = PlanInputJson;
const SLEEVES = ['US large', 'US small', 'International', 'Emerging', 'Bonds', 'REIT'];
const TREATMENTS = ['taxable', 'tax-deferred', 'tax-free', 'hsa'] as const;

export interface SmallShape {
  accounts: number;
  securities: number;
  mode: 'full' | 'invest' | 'raise';
  lots: boolean;
  menus: boolean;
}

/** The shape of seed n: varied over every dimension the oracle checks. */
export function shapeOf(seed: number): SmallShape {
  const r = rng(seed * 7919 + 1);
  const accounts = 1 + Math.floor(r() * 4);
  // Most households are small; one in five has up to 20 funds.
  const securities = r() < 0.8 ? 3 + Math.floor(r() * 6) : 9 + Math.floor(r() * 12);
  const m = r();
  return { accounts, securities, mode: m < 0.6 ? 'full' : m < 0.8 ? 'invest' : 'raise', lots: r() < 0.5, menus: r() < 0.3 };
}

/** A household of the given shape (seeded): every holding a whole number of shares, targets summing to 100. */
export function smallHousehold(seed: number, shape: SmallShape = shapeOf(seed), timeLimitMs = 2000): Json {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const nSleeves = Math.min(SLEEVES.length, Math.max(2, Math.min(shape.securities, int(3, 6))));
  const sleeves = SLEEVES.slice(0, nSleeves);
  const securities: Json['securities'] = Array.from({ length: shape.securities }, (_, i) => {
    const a = sleeves[i % nSleeves] as string;
    const b = sleeves[(i + 1) % nSleeves] as string;
    // About one fund in five is split across two sleeves (a target-date or balanced fund).
    const split = r() < 0.2 && a !== b ? { [a]: 60, [b]: 40 } : { [a]: 100 };
    return { symbol: `F${String(i).padStart(2, '0')}`, price: cents(int(2_000, 60_000)), sleeves: split };
  });
  const accounts: Json['accounts'] = [];
  const positions: Json['positions'] = [];
  const buyable: Record<string, string[]> = {};
  const cashFlows: Record<string, string> = {};
  for (let a = 0; a < shape.accounts; a++) {
    const id = `A${a}`;
    const taxTreatment = TREATMENTS[(a + seed) % TREATMENTS.length] as (typeof TREATMENTS)[number];
    accounts.push({ id, taxTreatment, cash: cents(int(50_000, 850_000)), cashReserve: r() < 0.3 ? '100' : '0', fractional: false });
    const count = Math.min(shape.securities, int(2, 6));
    const start = int(0, shape.securities - 1);
    const held: string[] = [];
    for (let h = 0; h < count; h++) {
      const sec = securities[(start + h * 3) % shape.securities] as Json['securities'][number];
      if (held.includes(sec.symbol)) continue;
      held.push(sec.symbol);
      const priceCents = Math.round(Number(sec.price) * 100);
      const qty = Math.max(1, Math.floor(int(300_000, 8_000_000) / priceCents));
      const withLots = shape.lots && taxTreatment === 'taxable';
      const lots = withLots ? lotsOf(r, qty, priceCents) : [];
      positions.push({ account: id, symbol: sec.symbol, quantity: String(qty), ...(withLots ? { lots } : {}) });
    }
    if (shape.menus) buyable[id] = [...new Set([...held, ...securities.filter(() => r() < 0.3).map((s) => s.symbol)])].sort();
    if (shape.mode === 'invest') cashFlows[id] = cents(int(100_000, 1_500_000));
    if (shape.mode === 'raise' && a === 0) cashFlows[id] = `-${cents(int(100_000, 1_000_000))}`;
  }
  // Targets: whole percents over the sleeves, summing to 100.
  const raw = sleeves.map(() => int(1, 10));
  const total = raw.reduce((t, x) => t + x, 0);
  const targets: Record<string, number> = {};
  let left = 100;
  sleeves.forEach((s, i) => {
    const pct = i === sleeves.length - 1 ? left : Math.floor(((raw[i] as number) * 100) / total);
    targets[s] = pct;
    left -= pct;
  });
  return {
    accounts,
    securities,
    positions,
    ...(shape.menus ? { buyable } : {}),
    model: { targets, bandRule: 'either' },
    options: { mode: shape.mode, cashFlows, minTrade: '0', pinned: [], asOf: '2026-11-29', timeLimitMs },
  };
}

function lotsOf(r: () => number, qty: number, priceCents: number): NonNullable<Json['positions'][number]['lots']> {
  const lots: NonNullable<Json['positions'][number]['lots']> = [];
  let left = qty;
  for (let l = 0; left > 0; l++) {
    const q = l === 2 ? left : Math.max(1, Math.floor(left * (0.3 + r() * 0.4)));
    left -= q;
    const acquired = `${2019 + Math.floor(r() * 8)}-${String(1 + Math.floor(r() * 11)).padStart(2, '0')}-15`;
    lots.push({ acquired, quantity: String(q), costPerShare: cents(Math.floor(priceCents * (0.5 + r() * 0.9))) });
  }
  return lots;
}

/**
 * One account of `funds` funds, each its own sleeve ("VTI 40, VXUS 20, BND 40" — a sleeve per fund): $50k–$700k,
 * holdings drifted ±35% around the model, ~2% cash.
 */
export function sleevePerFund(seed: number, funds = 50, timeLimitMs = 2000): Json {
  const r = rng(seed);
  const size = 50_000 + Math.floor(r() * 650_000);
  const securities: Json['securities'] = [];
  const positions: Json['positions'] = [];
  const weights = Array.from({ length: funds }, () => 1 + r() * 4);
  const wsum = weights.reduce((t, x) => t + x, 0);
  const targets: Record<string, number> = {};
  let left = 1_000_000; // millionths... as 4-decimal percents
  let invested = 0;
  weights.forEach((w, i) => {
    const symbol = `P${String(i).padStart(2, '0')}`;
    const priceCents = 2_000 + Math.floor(r() * 58_000);
    securities.push({ symbol, price: cents(priceCents), sleeves: { [symbol]: 100 } });
    // Targets in ten-thousandths of a percent (4 decimals), summing to exactly 100%.
    const part = i === funds - 1 ? left : Math.floor((w / wsum) * 1_000_000);
    left -= part;
    targets[symbol] = part / 10_000;
    const qty = Math.max(0, Math.floor(((size * (w / wsum) * (0.65 + r() * 0.7)) * 100) / priceCents));
    invested += (qty * priceCents) / 100;
    if (qty > 0) positions.push({ account: 'A0', symbol, quantity: String(qty) });
  });
  return {
    accounts: [{ id: 'A0', taxTreatment: 'tax-deferred', cash: cents(Math.floor(invested * 2)), cashReserve: '0', fractional: false }],
    securities,
    positions,
    model: { targets, bandRule: 'either' },
    options: { mode: 'full', cashFlows: {}, minTrade: '0', pinned: [], asOf: '2026-11-29', timeLimitMs },
  };
}
