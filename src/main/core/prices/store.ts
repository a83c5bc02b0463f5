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

// Per symbol and currency, the newest file or manual price (a manual one first on the same date).
const TABLE_SQL = `
  SELECT symbol, currency, date, close_micro AS price_micro, source FROM (
    SELECT symbol, currency, date, close_micro, source,
           ROW_NUMBER() OVER (PARTITION BY symbol, currency ORDER BY date DESC, source = 'manual' DESC) AS n
    FROM prices)
  WHERE n = 1`;

// Per symbol and currency, the last trade of a real account's history (SQLite takes the bare columns from the
// row that has the MAX). Dates may carry a time; the day is what counts.
const HISTORY_SQL = `
  SELECT t.symbol, t.currency, MAX(substr(t.date, 1, 10) || printf('%012d', t.id)) AS pick, t.price_micro
  FROM transactions t
  WHERE t.type IN ('buy', 'sell', 'reinvest') AND t.symbol IS NOT NULL AND t.symbol <> '' AND t.price_micro > 0
    AND t.account_id IN (SELECT id FROM accounts WHERE is_demo = 0)
  GROUP BY t.symbol, t.currency`;

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
  for (const r of db.prepare(TABLE_SQL).safeIntegers(true).all() as (Row & { date: string; source: 'file' | 'manual' })[]) {
    offer({ symbol: r.symbol, currency: r.currency, priceMicro: r.price_micro, date: r.date, source: r.source });
  }
  for (const r of db.prepare(HISTORY_SQL).safeIntegers(true).all() as (Row & { pick: string })[]) {
    offer({ symbol: r.symbol, currency: r.currency, priceMicro: r.price_micro, date: r.pick.slice(0, 10), source: 'history' });
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
