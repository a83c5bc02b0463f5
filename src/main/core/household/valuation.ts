// The one valuation rule, used by the import check, the dashboard and holdings (householdSummary) and the
// planner (its input is built from householdSummary and latestPrices):
//
//   a holding is worth quantity × the latest price Keel has for its security (in that currency), × the
//   contract multiplier its file showed; a row without a quantity or a price (cash, a fund listed by value
//   only) is worth the market value its file states.
//
// The latest price (prices/rank.ts) is the newest over every source: the positions imports (by price date, then
// snapshot date), the last trade of an imported history, price files and the user's own prices; on one date a
// manual price wins, then a file's, then a statement's, then a trade's. The demo household's made-up prices
// value only the demo household, and only they do (no file or entered price revalues the illustration).
// The multiplier is what a row's own market value shows: 1 normally, 100 for an option quoted per share whose
// value is per contract, 1/100 for a bond quoted per 100 of face value or a price in pence; a row whose value
// fits none is valued at quantity × price (its import warned). Values are integer micro-units.
import type { Db } from '../db/open.ts';
import type { PriceSource } from '../../../shared/types/prices.ts';
import { divRoundHalfEven, fromMicro, plainString } from '../money.ts';
import { beats } from '../prices/rank.ts';
import { storedPrices, storeKey } from '../prices/store.ts';

export interface Multiplier {
  num: bigint;
  den: bigint;
}

const MICRO = 1_000_000n;
const ONE: Multiplier = { num: 1n, den: 1n };
const MULTIPLIERS: Multiplier[] = [ONE, { num: 100n, den: 1n }, { num: 1n, den: 100n }];

/** quantity × price × multiplier, in micro-units rounded half-even. */
export function valueMicro(quantity: bigint, price: bigint, m: Multiplier): bigint {
  return divRoundHalfEven(quantity * price * m.num, MICRO * m.den);
}

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** Two values agree up to rounding: they differ by at most the larger of 1 (a dollar) and 0.5% of the larger. */
export function withinRounding(a: bigint, b: bigint): boolean {
  const diff = abs(a - b);
  const larger = abs(a) > abs(b) ? abs(a) : abs(b);
  return diff <= MICRO || diff * 200n <= larger;
}

/** The multiplier a row's own market value shows for its quantity × price, or null when none fits. */
export function impliedMultiplier(quantity: bigint, price: bigint, marketValue: bigint): Multiplier | null {
  for (const m of MULTIPLIERS) if (withinRounding(valueMicro(quantity, price, m), marketValue)) return m;
  return null;
}

export interface LatestPrice {
  /** As stored (the price the file quoted). */
  priceMicro: bigint;
  multiplier: Multiplier;
  /** The price of one unit of quantity (price × multiplier), exact. */
  unitPrice: string;
  date: string;
  source: PriceSource;
}

export const priceKey = (securityId: bigint | number, currency: string, demo: boolean): string =>
  `${securityId}\u0000${currency}\u0000${demo ? 1 : 0}`;

// Rows with a quantity and a price, newest price date first (then snapshot date, then the latest written).
const LATEST_SQL = `
  SELECT p.security_id, sec.symbol, p.currency, p.quantity_micro, p.price_micro, p.market_value_micro,
         COALESCE(p.price_date, s.as_of) AS price_date, a.is_demo
  FROM positions p JOIN snapshots s ON s.id = p.snapshot_id JOIN accounts a ON a.id = s.account_id
  JOIN securities sec ON sec.id = p.security_id
  WHERE p.quantity_micro <> 0 AND p.price_micro <> 0
  ORDER BY COALESCE(p.price_date, s.as_of) DESC, s.as_of DESC, s.id DESC, p.id DESC`;

/**
 * The latest price of every security in every currency it was held in, by priceKey: the newest positions row's,
 * unless (real holdings only) the store has a later one. The multiplier is always the positions row's.
 */
export function latestPrices(db: Db): Map<string, LatestPrice> {
  const out = new Map<string, LatestPrice>();
  const rows = db.prepare(LATEST_SQL).safeIntegers(true).all() as {
    security_id: bigint;
    symbol: string;
    currency: string;
    quantity_micro: bigint;
    price_micro: bigint;
    market_value_micro: bigint;
    price_date: string;
    is_demo: bigint;
  }[];
  const stored = storedPrices(db);
  for (const r of rows) {
    const demo = r.is_demo === 1n;
    const key = priceKey(r.security_id, r.currency, demo);
    if (out.has(key)) continue;
    const multiplier = impliedMultiplier(r.quantity_micro, r.price_micro, r.market_value_micro) ?? ONE;
    const own = { priceMicro: r.price_micro, date: r.price_date, source: 'positions' as const };
    const other = demo ? undefined : stored.get(storeKey(r.symbol, r.currency));
    // Compared by day (a statement's price date may carry a time).
    const pick = other && beats(other, { ...own, date: own.date.slice(0, 10) }) ? other : own;
    out.set(key, { priceMicro: pick.priceMicro, multiplier, unitPrice: unitPrice(pick.priceMicro, multiplier), date: pick.date, source: pick.source });
  }
  return out;
}

/** The price of one unit of quantity: price × multiplier, exact. */
export function unitPrice(priceMicro: bigint, m: Multiplier): string {
  return plainString(fromMicro(priceMicro).times(m.num.toString()).div(m.den.toString()));
}

export interface StoredPosition {
  security_id: bigint;
  currency: string;
  quantity_micro: bigint;
  price_micro: bigint;
  market_value_micro: bigint;
  /** The value in the account's currency as imported; null when the position is in the account's currency. */
  account_value_micro: bigint | null;
  /** 1n in the demo household. */
  is_demo: bigint;
}

/**
 * A stored position's value in its account's currency by the rule above, and the price it was valued at (null
 * for a row valued at its file's market value). A position in another currency is converted at the rate its
 * own file gave (account value ÷ market value).
 */
export function positionValue(p: StoredPosition, prices: Map<string, LatestPrice>): { value: bigint; price: LatestPrice | null } {
  const latest = p.quantity_micro !== 0n && p.price_micro !== 0n ? prices.get(priceKey(p.security_id, p.currency, p.is_demo === 1n)) : undefined;
  if (!latest) return { value: p.account_value_micro ?? p.market_value_micro, price: null };
  const own = valueMicro(p.quantity_micro, latest.priceMicro, latest.multiplier);
  if (p.account_value_micro === null) return { value: own, price: latest };
  if (p.market_value_micro === 0n) return { value: p.account_value_micro, price: latest };
  const value = p.market_value_micro < 0n
    ? divRoundHalfEven(-own * p.account_value_micro, -p.market_value_micro)
    : divRoundHalfEven(own * p.account_value_micro, p.market_value_micro);
  return { value, price: latest };
}
