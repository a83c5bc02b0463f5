// A plan's trades as the Rebalance page shows them: grouped by account with exact totals, and the name of the
// downloaded CSV (its content: shared/csv.ts, as every door writes it). Pure: no React, no API.
import type { HouseholdPlanView, PlanTradeView, TaxTreatment } from '../../../../shared/types';
import { compareDecimal, sumDecimals } from '../../decimal';

/** The trade list as CSV, as `keel plan --csv` writes it. */
export { planCsv as tradesCsv } from '../../../../shared/csv';

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
