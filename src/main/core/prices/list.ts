// Reading the store: every symbol's latest price (listPrices) and the prices a plan uses, through the same rule
// that values the holdings (household/valuation.ts latestPrices, which overlays the store on the positions' prices).
import type { PriceSource, PriceView } from '../../../shared/types/prices.ts';
import type { Db } from '../db/open.ts';
import { latestPrices, priceKey, unitPrice } from '../household/valuation.ts';
import { fromMicro, plainString } from '../money.ts';
import { ageDays, isoDay } from './rank.ts';
import { storedPrices, storeKey } from './store.ts';

interface SecurityRow {
  id: number;
  symbol: string;
  name: string;
}

function securities(db: Db): SecurityRow[] {
  return db.prepare('SELECT id, symbol, name FROM securities ORDER BY symbol').all() as SecurityRow[];
}

interface Latest {
  symbol: string;
  currency: string;
  priceMicro: bigint;
  /** The price of one unit of quantity (a held option's or bond's multiplier applied). */
  unitPrice: string;
  date: string;
  source: PriceSource;
}

/** The latest price of every symbol in every currency, keyed by storeKey: the real holdings' (or, `demo`, the demo household's) and the store's. */
function latestBySymbol(db: Db, demo: boolean): Map<string, Latest> {
  const out = new Map<string, Latest>();
  const held = latestPrices(db);
  const currencies = new Set<string>();
  for (const key of held.keys()) currencies.add(key.split('\u0000')[1]!);
  for (const s of securities(db)) {
    for (const currency of currencies) {
      const p = held.get(priceKey(s.id, currency, demo));
      if (p) out.set(storeKey(s.symbol, currency), { symbol: s.symbol, currency, priceMicro: p.priceMicro, unitPrice: p.unitPrice, date: p.date, source: p.source });
    }
  }
  // Symbols no holding prices (or holds only in another currency): the store's own latest.
  for (const [key, p] of storedPrices(db)) {
    if (!out.has(key)) out.set(key, { ...p, unitPrice: unitPrice(p.priceMicro, { num: 1n, den: 1n }) });
  }
  return out;
}

/** listPrices: every symbol with a real price, by symbol then currency; ageDays counted to `now`'s day. */
export function listPrices(db: Db, now: Date = new Date()): { prices: PriceView[] } {
  const names = new Map(securities(db).map((s) => [s.symbol, s.name]));
  const today = isoDay(now);
  const prices = [...latestBySymbol(db, false).values()]
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((p): PriceView => {
      const asOf = p.date.slice(0, 10);
      return { symbol: p.symbol, name: names.get(p.symbol) ?? '', price: plainString(fromMicro(p.priceMicro)), currency: p.currency, asOf, source: p.source, ageDays: ageDays(asOf, today) };
    });
  return { prices };
}

export interface PlanPrice {
  unitPrice: string;
  date: string;
  source: PriceSource;
}

/**
 * The price of one unit of every symbol in `currency`, for a plan. `demo`: the plan is of the demo household (it
 * is the whole household), so what it holds is priced at the demo's own prices; a real plan never sees them.
 * Symbols nothing holds take the store's latest either way.
 */
export function planPrices(db: Db, currency: string, demo: boolean): Map<string, PlanPrice> {
  const out = new Map<string, PlanPrice>();
  for (const p of latestBySymbol(db, demo).values()) {
    if (p.currency === currency) out.set(p.symbol, { unitPrice: p.unitPrice, date: p.date, source: p.source });
  }
  return out;
}
