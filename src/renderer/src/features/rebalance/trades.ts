// A plan's trades as the Rebalance page shows them: grouped by account with exact totals, as CSV, and the name of
// the downloaded file. Pure: no React, no API.
import type { HouseholdPlanView, PlanTradeView, TaxTreatment } from '../../../../shared/types';
import { compareDecimal, sumDecimals } from '../../decimal';

export interface AccountTrades {
  account: { id: string; name: string; numberMasked?: string; taxTreatment?: TaxTreatment };
  trades: PlanTradeView[];
  /** Sums of the amounts bought and sold, exact ("0" when none). */
  bought: string;
  sold: string;
}

/** A sell's amount may come signed ("-20"); totals add magnitudes. */
export function magnitude(amount: string): string {
  return amount.trim().replace(/^[-+]/, '');
}

/**
 * The trades per account, in the order the plan lists its accounts (accounts without trades left out); a trade
 * naming an account the plan does not list still shows, under its id. Within an account: sells first (they fund
 * the buys), then buys, each by symbol.
 */
export function groupTradesByAccount(view: Pick<HouseholdPlanView, 'plan' | 'accounts'>): AccountTrades[] {
  const byId = new Map<string, PlanTradeView[]>();
  for (const t of view.plan.trades) {
    const list = byId.get(t.account) ?? [];
    list.push(t);
    byId.set(t.account, list);
  }
  const order = [...view.accounts.map((a) => a.id), ...[...byId.keys()].filter((id) => !view.accounts.some((a) => a.id === id))];
  const out: AccountTrades[] = [];
  for (const id of order) {
    const trades = byId.get(id);
    if (!trades) continue;
    trades.sort((a, b) => (a.side === b.side ? (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0) : a.side === 'sell' ? -1 : 1));
    const account = view.accounts.find((a) => a.id === id) ?? { id, name: `Account ${id}` };
    out.push({
      account,
      trades,
      bought: sumDecimals(trades.filter((t) => t.side === 'buy').map((t) => magnitude(t.amount))) ?? '0',
      sold: sumDecimals(trades.filter((t) => t.side === 'sell').map((t) => magnitude(t.amount))) ?? '0',
    });
  }
  return out;
}

/** Buys plus sells, exactly. */
export function turnover(trades: readonly PlanTradeView[]): string {
  return sumDecimals(trades.map((t) => magnitude(t.amount))) ?? '0';
}

/** The sum of the leftover cash over every account. */
export function totalLeftover(leftover: Record<string, string> | undefined): string {
  return sumDecimals(Object.values(leftover ?? {})) ?? '0';
}

/** The distinct flags a plan's trades carry, with how many trades carry each. */
export function flagCounts(trades: readonly PlanTradeView[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of trades) for (const f of t.flags ?? []) out.set(f, (out.get(f) ?? 0) + 1);
  return out;
}

// ---- CSV (RFC 4180, formula-safe) ----

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV field: numbers stay numbers; text starting with = + - @ tab CR or NUL gets a leading apostrophe so a
 * spreadsheet shows it rather than running it as a formula; a field holding a quote, comma or line break is
 * quoted, quotes doubled (RFC 4180).
 */
export function csvCell(value: string): string {
  const text = NUMBER.test(value) ? value : /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The trade list as CSV, with the same columns and rules as `keel plan --csv`: account, symbol, side, quantity,
 * price, amount, why; CRLF line ends. Used when the core does not hand over its own CSV.
 */
export function tradesCsv(view: Pick<HouseholdPlanView, 'plan' | 'accounts'>): string {
  const name = (id: string): string => view.accounts.find((a) => a.id === id)?.name ?? id;
  const rows = [['account', 'symbol', 'side', 'quantity', 'price', 'amount', 'why']];
  for (const t of view.plan.trades) rows.push([name(t.account), t.symbol, t.side, t.quantity, t.price, t.amount, t.why]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** "keel-trades-2026-11-29-2026-rotation.csv": the date, then the model, reduced to safe file-name characters. */
export function csvFileName(date: string, model?: string | null): string {
  const slug = (model ?? '')
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 40)
    .replace(/-+$/, '');
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : 'undated';
  return `keel-trades-${day}${slug ? `-${slug}` : ''}.csv`;
}

/** Sorts decimal-string amounts descending (largest trade first), for the biggest-first lists. */
export function byAmountDesc(a: PlanTradeView, b: PlanTradeView): number {
  return compareDecimal(magnitude(b.amount), magnitude(a.amount));
}
