// Prices: every symbol Keel knows with its latest price, that price's date and where it came from; price files.
import type { DecimalString } from './app.ts';

/**
 * Where a price came from: a positions import (the broker's price on the statement), the last trade of an
 * imported history, a price file (a daily close), or the user. On one date a manual price wins, then a file's
 * close, then a positions file's price, then a traded price (PRICE_SOURCES is that order, strongest first).
 */
export const PRICE_SOURCES = ['manual', 'file', 'positions', 'history'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** The layouts a price file may have (see PriceFileView.layout). */
export const PRICE_FILE_LAYOUTS = ['generic', 'yahoo', 'stooq'] as const;
export type PriceFileLayout = (typeof PRICE_FILE_LAYOUTS)[number];

/** One symbol's latest price in one currency (listPrices, setPrice). The demo household's prices are not listed. */
export interface PriceView {
  symbol: string;
  /** The security's name where Keel knows one, else "". */
  name: string;
  /** As quoted (a bond's price per 100 of face value stays per 100). */
  price: DecimalString;
  currency: string;
  /** YYYY-MM-DD. */
  asOf: string;
  source: PriceSource;
  /** Whole days from asOf to today (0 today; never negative). */
  ageDays?: number;
}

/** A symbol the plan needs a price for and Keel has none (in the base currency): enter one (setPrice, or planRequest.prices). */
export interface MissingPriceView {
  symbol: string;
  /** Why the plan wanted it: "a preferred buy for Cyclicals", "pinned", "on Roth IRA's menu". */
  reason: string;
}

/** One price file read (previewPriceFiles) or imported (importPriceFiles / importPriceFilePaths). */
export interface PriceFileView {
  /** The upload's id (renderer) or the file's path (CLI). */
  source: string;
  file: string;
  /** False when the file is not a price file at all (hand it to previewImport instead); nothing else is then set. */
  isPriceFile: boolean;
  layout: PriceFileLayout | null;
  /**
   * A daily-history file (yahoo, stooq) holds one symbol: the one asked for, else the file name's (VTV.csv,
   * xlb_us_d.csv → XLB). True when neither gives one: ask the user and send it as `symbol`.
   */
  needsSymbol: boolean;
  /** Each symbol's price: the newest row's close, with its date; plus how many dated closes the file holds. */
  prices: { symbol: string; price: DecimalString; asOf: string; closes: number; known: boolean }[];
  /** Rows read. */
  rows: number;
  warnings: { line: number; column?: number; message: string }[];
  /** Set when the file is refused (nothing of it is written): the message names file, line and column. */
  error: { code: string; message: string; line: number; column: number } | null;
  status: 'previewed' | 'imported' | 'failed';
}

/** The price-age setting: prices older than staleDays (whole days) are named on the Rebalance page and the printed list. */
export interface PriceSettingsView {
  staleDays: number;
  /** False until someone sets it (the default applies): the app may then carry over an older local preference. */
  stored: boolean;
}
