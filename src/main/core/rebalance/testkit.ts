// Households for the planner's tests and bench: small ones written by hand with the builders below, and generated
// ones (deterministic from a seed; no floats reach money: prices and cash are built as integer cents and written
// as decimal strings).
import type { PlanInputJson } from './types.ts';

type Json = PlanInputJson;
type LotJson = NonNullable<Json['positions'][number]['lots']>[number];

/** An account of whole shares; no cash reserve unless given. */
export const acct = (id: string, taxTreatment: Json['accounts'][number]['taxTreatment'], cash: string, cashReserve = '0'): Json['accounts'][number] =>
  ({ id, taxTreatment, cash, cashReserve, fractional: false });

/** A security wholly in one sleeve. */
export const sec = (symbol: string, price: string, sleeve: string): Json['securities'][number] => ({ symbol, price, sleeves: { [sleeve]: 100 } });

/** A tax lot: bought on `acquired`, `quantity` shares at `costPerShare`. */
export const lot = (acquired: string, quantity: string, costPerShare: string): LotJson => ({ acquired, quantity, costPerShare });

/** A holding of `quantity` shares; its lots when any are given. */
export const held = (account: string, symbol: string, quantity: string, ...lots: LotJson[]): Json['positions'][number] =>
  lots.length > 0 ? { account, symbol, quantity, lots } : { account, symbol, quantity };

/** Options that ask for nothing special: a full rebalance on 2026-11-29, no cash flows, pins or minimum trade; `extra` on top. */
export const planOptions = (extra: Partial<Json['options']> = {}): Json['options'] => ({
  mode: 'full',
  cashFlows: {},
  minTrade: '0',
  pinned: [],
  asOf: '2026-11-29',
  ...extra,
});

/** The 2026 rotation's ETFs at the prices the hand-written tests use, each wholly in its sleeve. */
const ROTATION_ETFS = {
  IWM: ['215.30', 'Small-cap'],
  QQQ: ['610.10', 'Large-cap growth'],
  XLI: ['140.25', 'Cyclicals'],
  XLF: ['52.40', 'Value'],
  VTV: ['180.40', 'Value'],
} as const;
export function rotationEtfs(...symbols: (keyof typeof ROTATION_ETFS)[]): Json['securities'] {
  return symbols.map((s) => {
    const [price, sleeve] = ROTATION_ETFS[s];
    return sec(s, price, sleeve);
  });
}

/**
 * Two accounts without cash, listed by id, each holding 10 QQQ ($100) bought in the one lot given; the model wants a
 * quarter in small caps (IWM, $100), so selling 5 QQQ for 5 IWM in either account rebalances it: a tie on D and
 * trades that the tax rules decide.
 */
export function sellInEither(taxable: string, ira: string, bought: LotJson): Json {
  const accounts = [acct(taxable, 'taxable', '0'), acct(ira, 'tax-deferred', '0')].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    accounts,
    securities: [sec('QQQ', '100', 'Large-cap growth'), sec('IWM', '100', 'Small-cap')],
    positions: [held(taxable, 'QQQ', '10', bought), held(ira, 'QQQ', '10', bought)],
    model: { targets: { 'Small-cap': 25, 'Large-cap growth': 75 }, bandRule: 'either' },
    options: planOptions(),
  };
}

export const ROTATION_TARGETS = { 'Small-cap': 30, Cyclicals: 20, Value: 20, 'Large-cap growth': 30 };
export const SLEEVES = ['Small-cap', 'Cyclicals', 'Value', 'Large-cap growth', 'International', 'Bonds'];

/** Mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const cents = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

export interface GenOptions {
  accounts: number;
  securities: number;
  /** Securities held per account. */
  heldPerAccount: number;
  lotsPerPosition: number;
  seed: number;
  timeLimitMs?: number;
  mode?: 'full' | 'invest';
  /** Securities each account may buy (a menu) besides those it holds; all when absent. */
  menu?: number;
}

/** A household of the given size: prices $5–$500, holdings drifted ±35% around the model, ~2% cash. */
export function generateHousehold(o: GenOptions): PlanInputJson {
  const r = rng(o.seed);
  const securities = Array.from({ length: o.securities }, (_, i) => {
    const sleeve = SLEEVES[i % SLEEVES.length] as string;
    const split = i % 7 === 3 ? { [sleeve]: 60, [SLEEVES[(i + 1) % SLEEVES.length] as string]: 40 } : { [sleeve]: 100 };
    return { symbol: `S${String(i).padStart(4, '0')}`, priceCents: 500 + Math.floor(r() * 49_500), sleeves: split };
  });
  const accounts: PlanInputJson['accounts'] = [];
  const positions: PlanInputJson['positions'] = [];
  const buyable: Record<string, string[]> = {};
  const treatments = ['taxable', 'tax-deferred', 'tax-free', 'hsa'] as const;
  for (let a = 0; a < o.accounts; a++) {
    const id = `ACC${a}`;
    const size = 50_000 + Math.floor(r() * 650_000); // dollars
    let invested = 0;
    const start = Math.floor(r() * o.securities);
    const held = new Set<number>();
    for (let h = 0; h < o.heldPerAccount; h++) {
      const i = (start + h * 7) % o.securities;
      if (held.has(i)) continue;
      held.add(i);
      const sec = securities[i] as (typeof securities)[number];
      const dollars = (size / o.heldPerAccount) * (0.65 + r() * 0.7);
      const qty = Math.max(1, Math.floor((dollars * 100) / sec.priceCents));
      invested += (qty * sec.priceCents) / 100;
      const lots = [];
      let left = qty;
      for (let l = 0; l < o.lotsPerPosition && left > 0; l++) {
        const q = l === o.lotsPerPosition - 1 ? left : Math.max(1, Math.floor(left / 2));
        left -= q;
        const month = 1 + Math.floor(r() * 12);
        const year = 2020 + Math.floor(r() * 7);
        lots.push({ acquired: `${year}-${String(month).padStart(2, '0')}-15`, quantity: String(q), costPerShare: cents(Math.floor(sec.priceCents * (0.5 + r() * 0.9))) });
      }
      positions.push({ account: id, symbol: sec.symbol, quantity: String(qty), ...(o.lotsPerPosition > 0 ? { lots } : {}) });
    }
    accounts.push({ id, taxTreatment: treatments[a % treatments.length] as (typeof treatments)[number], cash: cents(Math.floor(invested * 2)), cashReserve: '100', fractional: false });
    if (o.menu !== undefined) {
      const list = new Set([...held].map((i) => (securities[i] as { symbol: string }).symbol));
      for (let m = 0; m < o.menu; m++) list.add((securities[Math.floor(r() * o.securities)] as { symbol: string }).symbol);
      buyable[id] = [...list].sort();
    }
  }
  return {
    accounts,
    securities: securities.map((s) => ({ symbol: s.symbol, price: cents(s.priceCents), sleeves: s.sleeves })),
    positions,
    ...(o.menu !== undefined ? { buyable } : {}),
    model: { targets: { ...ROTATION_TARGETS, 'Small-cap': 20, International: 10 }, bandRule: 'either' },
    options: { mode: o.mode ?? 'full', cashFlows: {}, minTrade: '0', pinned: [], asOf: '2026-11-29', ...(o.timeLimitMs ? { timeLimitMs: o.timeLimitMs } : {}) },
  };
}
