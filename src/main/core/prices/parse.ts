// Price files, parsed without touching the database. Three layouts, told apart by the header row (the first row):
// - generic: `Symbol,Price[,Date]` (also Ticker; Last, Close, Last Price, Close Price; As Of, Price Date; optional
//   Name and Currency), one row per symbol; a row without a date is a price as of the day given (today).
// - yahoo: `Date,Open,High,Low,Close,Adj Close,Volume` (Yahoo Finance's daily history download);
// - stooq: `Date,Open,High,Low,Close,Volume` (stooq.com's daily history download).
// A daily-history file holds one symbol: the one asked for, else its file name's (VTV.csv, xlb_us_d.csv → XLB),
// else the caller must ask (needsSymbol). Each symbol's price is its newest row's close.
// Hostile files are refused as every Keel import refuses them: the CSV reader's limits and errors (line, column),
// control characters stripped from cells, and a bad cell is an ImportError naming file, line and column.
import type { PriceFileLayout } from '../../../shared/types/prices.ts';
import { readCsvRows, type CsvInput, type CsvRow } from '../import/csv.ts';
import { ImportError } from '../import/errors.ts';
import { isEmptyMarker } from '../import/numbers.ts';
import { Header, cell, date as dateCell, num } from '../import/table.ts';
import { CleanedCells } from '../import/untrusted.ts';
import type { Warning } from '../import/types.ts';
import { toMicroRounded } from '../money.ts';

/** More rows than this is not a price file anyone downloads (decades of daily closes are ~10,000). */
export const MAX_PRICE_ROWS = 200_000;

/** A symbol as Keel stores it: upper case, a letter or digit first, then letters, digits, '.', '-' or '/'. */
export const SYMBOL = /^[A-Z0-9][A-Z0-9./-]{0,15}$/;

export interface PriceFileRow {
  symbol: string;
  /** YYYY-MM-DD. */
  date: string;
  closeMicro: bigint;
  line: number;
}

export interface ParsedPriceFile {
  layout: PriceFileLayout;
  /** The daily file's symbol (asked for or from the file name); null for a generic file or when unknown. */
  symbol: string | null;
  needsSymbol: boolean;
  /** Every dated close, in file order; a later row for the same symbol and date replaces an earlier one. */
  rows: PriceFileRow[];
  /** Optional per-symbol names and currencies a generic file gives. */
  names: Map<string, string>;
  currencies: Map<string, string>;
  /** Rows read (data rows, skipped ones included). */
  read: number;
  warnings: Warning[];
}

export interface PriceParseOptions {
  /** The symbol a daily file is for (the CLI's --symbol, the preview's answer). */
  symbol?: string | undefined;
  /** YYYY-MM-DD: a generic row's date when it has none, and the latest date a price may have. */
  today: string;
}

const DAILY = ['date', 'open', 'high', 'low', 'close'];
// A generic file must be narrow: these columns mean a broker's positions or history file instead.
const NOT_PRICE_COLUMNS = ['quantity', 'qty', 'shares', 'market value', 'value', 'account', 'action', 'amount', 'cost basis', 'units'];

function layoutOf(h: Header): PriceFileLayout | null {
  if (DAILY.every((c) => h.has(c))) return h.has('adj close', 'adj. close') ? 'yahoo' : 'stooq';
  if (h.has('symbol', 'ticker') && h.has('price', 'last', 'close', 'last price', 'close price') && !NOT_PRICE_COLUMNS.some((c) => h.has(c))) return 'generic';
  return null;
}

/** Names a file name may have that are not a symbol. */
const NOT_SYMBOLS = new Set(['DATA', 'FILE', 'TEST', 'PRICE', 'QUOTE', 'QUOTES', 'TABLE', 'CHART', 'EXPORT', 'CSV']);

/**
 * The symbol a daily file's name gives: `VTV.csv` → VTV, `BRK-B.csv` → BRK-B, Stooq's `xlb_us_d.csv` / `xlb.us.csv`
 * → XLB; a download's copy suffix (`VTV (1).csv`) is ignored. Null when the name is not a symbol.
 */
export function symbolFromFileName(file: string): string | null {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.(csv|txt)$/i, '').replace(/\s*\(\d+\)$/, '').trim();
  const stooq = /^([a-z0-9-]+)[._][a-z]{2}(?:_d)?$/i.exec(base) ?? /^([a-z0-9-]+)_d$/i.exec(base);
  const s = (stooq?.[1] ?? base).toUpperCase();
  if (!/^[A-Z][A-Z0-9]{0,4}(?:[.-][A-Z])?$/.test(s) || NOT_SYMBOLS.has(s)) return null;
  return s;
}

function badCell(file: string, row: CsvRow, col: number, reason: 'BAD_NUMBER' | 'BAD_DATE' | 'BAD_ROW', text: string): ImportError {
  return new ImportError({ file, line: row.line, column: col + 1, reason }, text);
}

function cleanSymbol(file: string, row: CsvRow, col: number): string {
  const raw = cell(row, col).trim().toUpperCase();
  if (!SYMBOL.test(raw)) throw badCell(file, row, col, 'BAD_ROW', raw === '' ? 'missing symbol' : `"${raw.slice(0, 40)}" is not a symbol`);
  return raw;
}

/**
 * Reads a price file; null when its header is none of the price layouts (a broker file, or not a price file).
 * Throws ImportError for a file that is a price file but has a bad row (nothing of it may be written).
 */
export async function parsePriceFile(input: CsvInput, file: string, opts: PriceParseOptions): Promise<ParsedPriceFile | null> {
  const cleaned = new CleanedCells();
  const rows = readCsvRows(input, file, { onCleaned: cleaned.onCleaned });
  const first = await rows.next();
  if (first.done) return null;
  const header = new Header(first.value);
  const layout = layoutOf(header);
  if (layout === null) return null;

  const asked = opts.symbol?.trim().toUpperCase();
  if (asked !== undefined && asked !== '' && !SYMBOL.test(asked)) {
    throw new ImportError({ file, line: header.line, column: 1, reason: 'BAD_ROW' }, `"${asked.slice(0, 40)}" is not a symbol`);
  }
  const daily = layout !== 'generic';
  const symbol = daily ? (asked || symbolFromFileName(file)) : null;
  const out: ParsedPriceFile = { layout, symbol, needsSymbol: daily && symbol === null, rows: [], names: new Map(), currencies: new Map(), read: 0, warnings: [] };

  const cols = {
    symbol: header.find('symbol', 'ticker'),
    close: daily ? header.find('close') : header.find('price', 'last', 'close', 'last price', 'close price'),
    date: header.find('date', 'as of', 'price date'),
    name: header.find('name', 'description'),
    currency: header.find('currency'),
  };
  let skipped = 0;
  for await (const row of rows) {
    if (++out.read > MAX_PRICE_ROWS) {
      throw new ImportError({ file, line: row.line, column: 1, reason: 'BAD_ROW' }, `more than ${MAX_PRICE_ROWS.toLocaleString('en-US')} rows: not a price file Keel reads`);
    }
    const rawClose = cell(row, cols.close);
    // Yahoo writes `null` across a row for a day without trading.
    if (daily && isEmptyMarker(rawClose)) {
      skipped++;
      continue;
    }
    const sym = daily ? (symbol ?? '') : cleanSymbol(file, row, cols.symbol);
    const close = num(file, row, cols.close);
    if (close === null) throw badCell(file, row, cols.close, 'BAD_NUMBER', 'missing price');
    if (!close.isPositive() || close.isZero()) throw badCell(file, row, cols.close, 'BAD_NUMBER', `a price must be more than 0, not ${rawClose.slice(0, 40)}`);
    const day = cols.date < 0 || (!daily && cell(row, cols.date) === '') ? opts.today : dateCell(file, row, cols.date);
    if (day === null) throw badCell(file, row, cols.date, 'BAD_DATE', 'missing date');
    if (day > opts.today) throw badCell(file, row, cols.date, 'BAD_DATE', `${day} is in the future`);
    const { micro } = toMicroRounded(close);
    if (micro <= 0n) throw badCell(file, row, cols.close, 'BAD_NUMBER', `${rawClose.slice(0, 40)} is less than 0.000001`);
    out.rows.push({ symbol: sym, date: day, closeMicro: micro, line: row.line });
    if (!daily) {
      const name = cell(row, cols.name);
      if (name) out.names.set(sym, name.slice(0, 200));
      const currency = cell(row, cols.currency).toUpperCase();
      if (currency) {
        if (!/^[A-Z]{3}$/.test(currency)) throw badCell(file, row, cols.currency, 'BAD_ROW', `"${currency.slice(0, 40)}" is not a currency code`);
        out.currencies.set(sym, currency);
      }
    }
  }
  if (out.rows.length === 0) {
    throw new ImportError({ file, line: header.line, column: 1, reason: 'NO_DATA' }, 'no prices below the header');
  }
  if (skipped > 0) out.warnings.push({ line: 0, message: `${skipped} row${skipped === 1 ? '' : 's'} without a close (days without trading) skipped` });
  out.warnings.push(...cleaned.all());
  return out;
}

export interface SymbolPrice {
  symbol: string;
  date: string;
  closeMicro: bigint;
  /** Dated closes the file holds for the symbol. */
  closes: number;
}

/** Each symbol's price: its newest row's close (the later line on one date). */
export function newestCloses(rows: readonly PriceFileRow[]): SymbolPrice[] {
  const by = new Map<string, SymbolPrice>();
  const days = new Map<string, Set<string>>();
  for (const r of rows) {
    const seen = days.get(r.symbol) ?? new Set<string>();
    seen.add(r.date);
    days.set(r.symbol, seen);
    const best = by.get(r.symbol);
    if (!best || r.date >= best.date) by.set(r.symbol, { symbol: r.symbol, date: r.date, closeMicro: r.closeMicro, closes: 0 });
  }
  return [...by.values()].map((p) => ({ ...p, closes: days.get(p.symbol)!.size })).sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
