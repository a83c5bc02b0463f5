// A plan's trades as CSV, for every door (`keel plan --csv`, getTradeList, the Rebalance page's download):
// security-reliability.md §16–17. RFC 4180 (fields holding , " CR or LF are quoted, " doubled; CRLF line ends)
// and safe to open in a spreadsheet: a text cell starting with = + - @ tab CR or NUL gets a leading ' so it is
// shown as text, never run as a formula; a plain number (negative ones too) stays a number, so quantities,
// prices and amounts re-import to the same values. Pure and dependency-free, so core and renderer share it.
import type { HouseholdPlanView } from './types.ts';

const NUMBER = /^-?\d+(\.\d+)?$/;

/** One CSV cell (RFC 4180), protected against formula injection. */
export function csvCell(value: string): string {
  const text = NUMBER.test(value) ? value : /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per trade (account, symbol, side, quantity, price, amount, why), CRLF line ends; a trade naming an
 *  account the plan does not list shows its id. */
export function planCsv(view: Pick<HouseholdPlanView, 'plan' | 'accounts'>): string {
  const name = (id: string): string => view.accounts.find((a) => a.id === id)?.name ?? id;
  const rows = [['account', 'symbol', 'side', 'quantity', 'price', 'amount', 'why']];
  for (const t of view.plan.trades) rows.push([name(t.account), t.symbol, t.side, t.quantity, t.price, t.amount, t.why]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
