// Writing the store: a price the user enters (setPrice, a plan request's inline prices) and price files.
import type { PriceView } from '../../../shared/types/prices.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { baseCurrency } from '../household/fx.ts';
import { upsertSecurity } from '../household/securities.ts';
import { dec, toMicro } from '../money.ts';
import { listPrices } from './list.ts';
import { SYMBOL } from './parse.ts';
import { isoDay } from './rank.ts';
import { putPrices } from './store.ts';

/**
 * The currency a symbol's prices are in when the price itself does not say: the one Keel was told before, else
 * the one a real holding of it is in, else the household's base currency.
 */
export function securityCurrency(db: Db, symbol: string): string {
  const row = db
    .prepare(
      `SELECT COALESCE(
         (SELECT currency FROM securities WHERE symbol = @symbol),
         (SELECT p.currency FROM positions p JOIN securities s ON s.id = p.security_id JOIN snapshots sn ON sn.id = p.snapshot_id
            JOIN accounts a ON a.id = sn.account_id WHERE s.symbol = @symbol AND a.is_demo = 0 ORDER BY sn.as_of DESC, p.id DESC LIMIT 1)
       ) AS currency`,
    )
    .get({ symbol }) as { currency: string | null };
  return row.currency ?? baseCurrency(db);
}

/** Makes the security known (an unknown symbol is added), names it when asked, and records its currency once. */
export function knowSecurity(db: Db, symbol: string, currency: string, name?: string): void {
  upsertSecurity(db, { symbol, ...(name ? { name } : {}) });
  if (name) db.prepare('UPDATE securities SET name = ? WHERE symbol = ?').run(name, symbol);
  db.prepare('UPDATE securities SET currency = ? WHERE symbol = ? AND currency IS NULL').run(currency, symbol);
}

export interface SetPriceInput {
  symbol: string;
  price: string;
  /** YYYY-MM-DD; today when absent. */
  asOf?: string | undefined;
  name?: string | undefined;
  currency?: string | undefined;
}

/** The symbol as stored (upper case), or VALIDATION naming `field`. */
export function symbolOf(raw: string, field = 'symbol'): string {
  const symbol = raw.trim().toUpperCase();
  if (!SYMBOL.test(symbol)) throw new CoreError('VALIDATION', `"${raw.slice(0, 40)}" is not a symbol.`, { field });
  return symbol;
}

/** Records a manual price in its own transaction (VALIDATION for a bad symbol, price or date); returns where it went. */
export function recordManualPrice(db: Db, input: SetPriceInput, now: Date = new Date()): { symbol: string; currency: string } {
  const symbol = symbolOf(input.symbol);
  const price = dec(input.price.trim());
  if (!price.isFinite() || !price.greaterThan(0)) throw new CoreError('VALIDATION', `${symbol}: a price must be more than 0.`, { field: 'price', symbol });
  let priceMicro: bigint;
  try {
    priceMicro = toMicro(price, 'price');
  } catch {
    throw new CoreError('VALIDATION', `${symbol}: a price may have at most 6 decimal places.`, { field: 'price', symbol });
  }
  const date = input.asOf ?? isoDay(now);
  if (date > isoDay(now)) throw new CoreError('VALIDATION', `${symbol}: ${date} is in the future.`, { field: 'asOf', symbol });
  return db.transaction(() => {
    const currency = input.currency ?? securityCurrency(db, symbol);
    knowSecurity(db, symbol, currency, input.name?.trim());
    putPrices(db, [{ symbol, currency, date, priceMicro }], 'manual', null, now);
    return { symbol, currency };
  })();
}

/** setPrice: records a manual price and returns the symbol's latest price after it (a newer one may still beat it). */
export function setPrice(db: Db, input: SetPriceInput, now: Date = new Date()): PriceView {
  const { symbol, currency } = recordManualPrice(db, input, now);
  return listPrices(db, now).prices.find((p) => p.symbol === symbol && p.currency === currency)!;
}

/** A plan request's inline prices (symbol → price), saved as today's manual prices before planning; all or none. */
export function saveInlinePrices(db: Db, prices: Record<string, string>, now: Date = new Date()): void {
  db.transaction(() => {
    for (const [symbol, price] of Object.entries(prices)) recordManualPrice(db, { symbol, price }, now);
  })();
}
