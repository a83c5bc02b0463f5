// CSV export of a plan's trades (security-reliability.md §16–17): RFC 4180 (fields containing , " CR or LF are
// quoted, " doubled; CRLF line ends) and safe to open in a spreadsheet: a text cell starting with = + - @ tab CR
// or NUL gets a leading ' so it is shown as text, never run as a formula; a plain number (negative ones too)
// stays a number, so quantities, prices and amounts re-import to the same values.
import type { HouseholdPlanView } from '../../../shared/contract.ts';

const NUMBER = /^-?\d+(\.\d+)?$/;

/** One CSV cell (RFC 4180), protected against formula injection. */
export function csvCell(value: string): string {
  const text = NUMBER.test(value) ? value : /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per trade (account, symbol, side, quantity, price, amount, why), CRLF line ends: `keel plan --csv` and getTradeList. */
export function planCsv(v: HouseholdPlanView): string {
  const name = (id: string): string => v.accounts.find((a) => a.id === id)?.name ?? id;
  const rows = [['account', 'symbol', 'side', 'quantity', 'price', 'amount', 'why']];
  for (const t of v.plan.trades) rows.push([name(t.account), t.symbol, t.side, t.quantity, t.price, t.amount, t.why]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
