// The prices store: dated closes from price files and prices the user entered (table prices), and the traded
// prices of imported histories (table transactions). The fourth source, positions imports, is read where the
// holdings are valued (household/valuation.ts), so every source answers through one rule (rank.ts).
// Only the real household's rows count here: the demo household's made-up prices value the demo alone.
import type { PriceSource } from '../../../shared/types/prices.ts';
import type { Db } from '../db/open.ts';
import { latestOf } from './rank.ts';

export interface StoredPrice {
  symbol: string;
  currency: string;
  /** As quoted, micro-units. */
  priceMicro: bigint;
  date: string;
  source: PriceSource;
}

export const storeKey = (symbol: string, currency: string): string => `${symbol}\u0000${currency}`;

// The newest file or manual price of one symbol and currency (a manual one first on the same date).
const NEWEST_SQL = `
  SELECT date, close_micro AS price_micro, source FROM prices
  WHERE symbol = @symbol AND currency = @currency
    AND date = (SELECT date FROM prices WHERE symbol = @symbol AND currency = @currency ORDER BY date DESC LIMIT 1)
  ORDER BY source = 'manual' DESC LIMIT 1`;

// Per symbol and currency, the last trade of the imported histories (trade_prices: one row per batch).
const HISTORY_SQL = `
  SELECT symbol, currency, date, price_micro FROM (
    SELECT symbol, currency, date, price_micro,
           ROW_NUMBER() OVER (PARTITION BY symbol, currency ORDER BY date DESC, batch_id DESC) AS n
    FROM trade_prices)
  WHERE n = 1`;

interface Row {
  symbol: string;
  currency: string;
  price_micro: bigint;
}

/** The latest price of each symbol and currency among files, manual entries and histories (not positions). */
export function storedPrices(db: Db): Map<string, StoredPrice> {
  const out = new Map<string, StoredPrice>();
  const offer = (p: StoredPrice): void => {
    const key = storeKey(p.symbol, p.currency);
    const best = latestOf([out.get(key), p].filter((x): x is StoredPrice => x !== undefined));
    out.set(key, best!);
  };
  // A price file brings years of closes: the (symbol, currency) pairs are found by stepping through the unique
  // index, one seek each, never by reading the whole history.
  const nextSymbol = db.prepare('SELECT symbol FROM prices WHERE symbol > ? ORDER BY symbol LIMIT 1').pluck();
  const nextCurrency = db.prepare('SELECT currency FROM prices WHERE symbol = ? AND currency > ? ORDER BY currency LIMIT 1').pluck();
  const newest = db.prepare(NEWEST_SQL).safeIntegers(true);
  for (let symbol = nextSymbol.get('') as string | undefined; symbol !== undefined; symbol = nextSymbol.get(symbol) as string | undefined) {
    for (let currency = nextCurrency.get(symbol, '') as string | undefined; currency !== undefined; currency = nextCurrency.get(symbol, currency) as string | undefined) {
      const r = newest.get({ symbol, currency }) as { date: string; price_micro: bigint; source: 'file' | 'manual' };
      offer({ symbol, currency, priceMicro: r.price_micro, date: r.date, source: r.source });
    }
  }
  for (const r of db.prepare(HISTORY_SQL).safeIntegers(true).all() as (Row & { date: string })[]) {
    offer({ symbol: r.symbol, currency: r.currency, priceMicro: r.price_micro, date: r.date, source: 'history' });
  }
  return out;
}

export interface PriceRow {
  symbol: string;
  currency: string;
  date: string;
  priceMicro: bigint;
}

/** Writes dated closes (a later write for the same symbol, currency, date and source replaces the earlier one). */
export function putPrices(db: Db, rows: readonly PriceRow[], source: 'file' | 'manual', fileId: number | null, now: Date): void {
  const put = db.prepare(
    `INSERT INTO prices (symbol, currency, date, close_micro, source, file_id, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (symbol, currency, date, source) DO UPDATE SET
       close_micro = excluded.close_micro, file_id = excluded.file_id, entered_at = excluded.entered_at`,
  );
  const at = now.toISOString();
  for (const r of rows) put.run(r.symbol, r.currency, r.date, r.priceMicro, source, fileId, at);
}

/** The dated closes the store holds for a symbol (files and manual entries, the manual one on a day both give), oldest first: the signals' input. */
export function closeHistory(db: Db, symbol: string, currency: string): { date: string; close: bigint; source: 'file' | 'manual' }[] {
  return db
    .prepare(
      `SELECT date, close, source FROM (
         SELECT date, close_micro AS close, source, ROW_NUMBER() OVER (PARTITION BY date ORDER BY source = 'manual' DESC) AS n
         FROM prices WHERE symbol = ? AND currency = ?)
       WHERE n = 1 ORDER BY date`,
    )
    .safeIntegers(true)
    .all(symbol, currency) as { date: string; close: bigint; source: 'file' | 'manual' }[];
}

/** The last trade of each symbol and currency in one history batch, collected as its rows are written. */
export class LastTrades {
  private readonly last = new Map<string, { symbol: string; currency: string; date: string; priceMicro: bigint }>();

  /** A history row as written: a buy, sale or reinvestment with a price counts (a later date, or the later row on one date). */
  offer(type: string, symbol: string | null, currency: string, date: string, priceMicro: bigint | null): void {
    if ((type !== 'buy' && type !== 'sell' && type !== 'reinvest') || !symbol || priceMicro === null || priceMicro <= 0n) return;
    const key = storeKey(symbol, currency);
    const day = date.slice(0, 10);
    const seen = this.last.get(key);
    if (!seen || day >= seen.date) this.last.set(key, { symbol, currency, date: day, priceMicro });
  }

  write(db: Db, batchId: number): void {
    const put = db.prepare('INSERT INTO trade_prices (batch_id, symbol, currency, date, price_micro) VALUES (?, ?, ?, ?, ?)');
    for (const t of this.last.values()) put.run(batchId, t.symbol, t.currency, t.date, t.priceMicro);
  }
}
