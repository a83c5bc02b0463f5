// What a broker file declares (its layouts: how each is detected and which parser reads it), and helpers shared
// by the broker parsers.
import type { BrokerId } from '../../../../shared/brokers.ts';
import { accountKey } from '../accounts.ts';
import type { CsvRow } from '../csv.ts';
import { Header, cell, norm } from '../table.ts';
import type { Sink } from '../sink.ts';
import type { ImportKind, Transaction } from '../types.ts';
import { signQuantity } from '../classify.ts';

/** One layout of a broker's exports: the header row that identifies it, and the parser that reads it. */
export interface BrokerLayout {
  layout: string;
  kind: ImportKind;
  /** Normalised cells that must all be in the row (any position). */
  all?: string[];
  /** Normalised cells that must start the row, in order. */
  prefix?: string[];
  /** Normalised cells that must not be in the row. */
  none?: string[];
  /** Exact cell count (after trailing empty cells are dropped). */
  width?: number;
  parse: BrokerParser;
}

/** A broker: its id (its names are in shared/brokers.ts) and its layouts, most specific first. */
export interface Broker {
  id: BrokerId;
  layouts: BrokerLayout[];
}

/** A layout with the broker it belongs to, as detection reports it. */
export interface LayoutSig extends BrokerLayout {
  broker: BrokerId;
}

export interface ParserCtx {
  file: string;
  sink: Sink;
  sig: LayoutSig;
  /** A parser may refine the detected kind (an IBKR statement with only trades is a transactions file). */
  kind: ImportKind;
  /** A parser may refine the layout name too (Schwab transaction eras differ only by title and a trailing comma). */
  layout: string;
}

export type BrokerParser = (rows: AsyncIterable<CsvRow>, ctx: ParserCtx) => Promise<void>;

/** Total rows are skipped (or read as the file's total) by label, never by position. */
export const TOTAL_LABEL = /^(account total|positions total|transactions total|total|totals|grand total|total value:?)$/i;
const FOOTER_LABEL =
  /^(\*\*\*end of file\*\*\*|date downloaded|"?date downloaded"?|generated at|the data and information|brokerage services|informational purposes|recommendation for any|exported and is subject|purposes\. for more|financial services llc|fidelity insurance agency|the data provided is for informational)/i;

/**
 * Disclaimers and download stamps (by label, or one long text cell anywhere: Robinhood puts its disclaimer in
 * the last column) are skipped silently. Rows with fewer than half the header's cells are skipped too, but with
 * a warning when a sink is given, so a damaged data row is never dropped unseen.
 */
export function isFooter(row: CsvRow, headerWidth: number, sink?: Sink): boolean {
  const first = row.cells[0] ?? '';
  if (FOOTER_LABEL.test(first)) return true;
  // The one filled cell, if exactly one is (no array per row: this runs on every data row).
  let only: string | null = null;
  let filled = 0;
  for (const c of row.cells) {
    if (c !== '') {
      if (++filled > 1) break;
      only = c;
    }
  }
  if (filled === 1 && FOOTER_LABEL.test(only!)) return true;
  if (filled === 1 && /\s/.test(only!) && only!.length > 40) return true;
  // Width counts trailing empty cells: Fidelity cash rows end in a run of empty columns.
  if (row.width <= Math.floor(headerWidth / 2)) {
    sink?.skip(row.line, `skipped a row with ${row.width} of ${headerWidth} columns: "${row.cells.join(',').slice(0, 60)}"`);
    return true;
  }
  return false;
}

/** The account key (accounts.ts) of an account label as splitAccount reads it. */
export function accountKeyOf(label: string): string {
  return accountKey(splitAccount(label));
}

/** `Intelligent XXXX-4321` → name + masked number; `Individual ...920`; `Brokerage XXXX-1234`. */
export function splitAccount(label: string): { name: string; number: string } {
  const s = label.trim();
  // E*TRADE writes `Brokerage -4821`: the dash belongs to the masked number.
  const m = /^(.*?)[\s(]*(-?(?:[X*#]{2,}|\.{3})[-\w*]*|-?[A-Z]?\d[\d-]{3,}|[A-Z]\d{5,}|U\*{2,}\d+)\)?$/.exec(s);
  if (m && m[2]) return { name: m[1]!.trim() || m[2], number: m[2] };
  return { name: s, number: '' };
}

/**
 * A transaction from a trade list or order history, which gives no settlement date: its quantity signed by its
 * type (classify.ts), its line the row's.
 */
export function trade(row: CsvRow, t: Omit<Transaction, 'settleDate' | 'line'>): Transaction {
  return { ...t, settleDate: null, quantity: signQuantity(t.type, t.quantity), line: row.line };
}

/**
 * A transaction from an account history, whose cash rows carry a quantity of 0: that is no quantity, not a
 * zero-share trade; any other quantity is signed by the type (classify.ts). Its line is the row's.
 */
export function historyTx(row: CsvRow, t: Omit<Transaction, 'line'>): Transaction {
  return { ...t, quantity: t.quantity !== null && t.quantity.isZero() ? null : signQuantity(t.type, t.quantity), line: row.line };
}

/**
 * The data rows of an export with one header row: the first row whose leading cells (normalised) are `first`;
 * rows before it (titles, filters) are passed over, and after it isFooter's rows are skipped. Each comes with
 * the header.
 */
export async function* dataRows(rows: AsyncIterable<CsvRow>, sink: Sink, ...first: string[]): AsyncGenerator<[CsvRow, Header]> {
  let h: Header | null = null;
  for await (const row of rows) {
    if (!h) {
      if (first.every((name, i) => norm(cell(row, i)) === name)) h = new Header(row);
      continue;
    }
    if (isFooter(row, h.names.length, sink)) continue;
    yield [row, h];
  }
}
