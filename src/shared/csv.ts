// A plan's trades as CSV, for every door (`keel plan --csv`, getTradeList, the Rebalance page's download):
// security-reliability.md §16–17. RFC 4180 (fields holding , " CR or LF are quoted, " doubled; CRLF line ends)
// and safe to open in a spreadsheet: a text cell starting with = + - @ tab CR or NUL gets a leading ' so it is
// shown as text, never run as a formula; a plain number (negative ones too) stays a number, so quantities,
// prices and amounts re-import to the same values. Pure and dependency-free, so core and renderer share it.
import { LOCALE, numberFormat } from './money.ts';
import type { HouseholdPlanView } from './types.ts';

const NUMBER = /^-?\d+(\.\d+)?$/;

/** One CSV cell (RFC 4180), protected against formula injection. */
export function csvCell(value: string): string {
  const text = NUMBER.test(value) ? value : /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A decimal string to the cent (half-even, no grouping, never "-0.00"); exact: Intl reads the string, not a float. */
export function toCents(value: string): string {
  const v = value.trim();
  if (!NUMBER.test(v)) return value;
  return numberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false, roundingMode: 'halfEven', signDisplay: 'negative' }).format(v as `${number}`);
}

/** One row per trade (account, symbol, side, quantity, price, amount, why), CRLF line ends. The account is its
 *  name and masked number ("Brokerage ...4821"), so two accounts of one name stay apart; a trade naming an account
 *  the plan does not list shows its id. Amounts are to the cent (what an order ticket takes); quantities and
 *  prices keep their digits. */
export function planCsv(view: Pick<HouseholdPlanView, 'plan' | 'accounts'>): string {
  const label = (id: string): string => {
    const a = view.accounts.find((x) => x.id === id);
    if (!a) return id;
    return a.numberMasked && !a.name.includes(a.numberMasked) ? `${a.name} ${a.numberMasked}` : a.name;
  };
  const rows = [['account', 'symbol', 'side', 'quantity', 'price', 'amount', 'why']];
  for (const t of view.plan.trades) rows.push([label(t.account), t.symbol, t.side, t.quantity, t.price, toCents(t.amount), t.why]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
