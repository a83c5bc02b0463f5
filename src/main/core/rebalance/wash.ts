// Wash sales (issue 5, Tax): pure functions over the plan input and a plan's trades, no solver.
//
// The plan's trades all happen on options.asOf. Across every account (IRAs included, as the advisor tools do:
// a loss sold in one account and bought back in an IRA is the classic trap):
//   1. a plan sale at a loss with a purchase of the same security in the history within 30 days before asOf
//      (any account) is a wash sale — unless that purchase is the shares being sold (same account, and the
//      sale uses at least that many shares of lots acquired that day);
//   2. a plan sale at a loss with a plan purchase of the same security (another account: one account never
//      buys and sells one security in a plan) is a wash sale; both trades are flagged;
//   3. a history sale at a loss within 30 days before asOf followed by a plan purchase of the same security is
//      a wash sale; the purchase is flagged. A history sale whose gain is unknown (Keel's imported transactions
//      carry none) may have been at a loss: the purchase is flagged as a possible wash sale.
// "At a loss": the sale uses at least one lot whose cost per share is above the price (in that lot the loss is
// realised). Sales without lots cannot be judged and are not flagged.
//
// With options.washSales 'prevent', problem.ts keeps 1 and 3 (known losses) out of the plan before the search
// (replacementBuysBefore, lossSalesBeforeBuys); 2 is found here after it and reported.
import { Decimal, moneyString } from '../money.ts';
import type { HistoryEntry, PlanInput, PlanTrade } from './types.ts';

export const WASH_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** History entries of one side dated within the 30 days up to and including asOf. */
function recent(input: PlanInput, side: 'buy' | 'sell'): HistoryEntry[] {
  return (input.history ?? []).filter((h) => {
    if (h.side !== side) return false;
    const d = daysBetween(h.date, input.options.asOf);
    return d >= 0 && d <= WASH_WINDOW_DAYS;
  });
}

const where = (h: HistoryEntry): string => `in ${h.account} on ${h.date}`;

/** Symbol → the purchases (as "in ACCOUNT on DATE") within 30 days before asOf: rule 1's replacements. */
export function replacementBuysBefore(input: PlanInput): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const h of recent(input, 'buy')) out.set(h.symbol, [...(out.get(h.symbol) ?? []), where(h)]);
  return out;
}

/** Symbol → the sales at a known loss (gain < 0) within 30 days before asOf: rule 3, prevented by not buying. */
export function lossSalesBeforeBuys(input: PlanInput): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const h of recent(input, 'sell')) {
    if (h.gain && h.gain.isNegative()) out.set(h.symbol, [...(out.get(h.symbol) ?? []), where(h)]);
  }
  return out;
}

/** The loss a sale realises on its lots at a loss (a positive amount), or 0. */
export function saleLoss(t: Pick<PlanTrade, 'side' | 'price' | 'lots'>): Decimal {
  if (t.side !== 'sell') return new Decimal(0);
  const price = new Decimal(t.price);
  let loss = new Decimal(0);
  for (const l of t.lots) {
    const cost = new Decimal(l.costPerShare);
    if (cost.greaterThan(price)) loss = loss.plus(cost.minus(price).times(l.quantity));
  }
  return loss;
}

export interface WashSales {
  /** Indexes of the trades to flag 'wash-sale'. */
  flagged: Set<number>;
  /** Wash sales found: plan sales at a loss next to a purchase, and plan purchases after a history sale at a (possible) loss. */
  count: number;
  /** One line each, naming account, symbol and dates. */
  warnings: string[];
  /** Rule 2 findings (a loss sale and a purchase both in the plan): what 'prevent' cannot yet keep out. */
  inPlan: number;
}

/** Finds the wash sales of a plan's trades (rules 1–3 above). */
export function findWashSales(input: PlanInput, trades: readonly PlanTrade[]): WashSales {
  const asOf = input.options.asOf;
  const flagged = new Set<number>();
  const warnings: string[] = [];
  let count = 0;
  let inPlan = 0;
  const buys = recent(input, 'buy');
  const sells = recent(input, 'sell');
  // The plan's purchases by symbol (a plan can have thousands of trades).
  const buysOf = new Map<string, { b: PlanTrade; j: number }[]>();
  trades.forEach((b, j) => {
    if (b.side === 'buy') buysOf.set(b.symbol, [...(buysOf.get(b.symbol) ?? []), { b, j }]);
  });
  trades.forEach((t, i) => {
    if (t.side !== 'sell') return;
    const loss = saleLoss(t);
    if (!loss.greaterThan(0)) return;
    const reasons: string[] = [];
    for (const h of buys) {
      if (h.symbol !== t.symbol) continue;
      if (h.account === t.account) {
        // The purchase is the shares being sold when the sale uses that many shares of lots bought that day.
        const same = t.lots.filter((l) => l.acquired === h.date).reduce((s, l) => s.plus(l.quantity), new Decimal(0));
        if (same.greaterThanOrEqualTo(h.quantity)) continue;
      }
      reasons.push(`bought ${h.quantity.toFixed()} in ${h.account} on ${h.date}`);
    }
    const planBuys = buysOf.get(t.symbol) ?? [];
    for (const { b, j } of planBuys) {
      flagged.add(j);
      reasons.push(`the plan buys ${b.quantity} in ${b.account} on ${asOf}`);
    }
    if (reasons.length === 0) return;
    if (planBuys.length > 0) inPlan++;
    flagged.add(i);
    count++;
    warnings.push(`wash sale: the plan sells ${t.quantity} ${t.symbol} in ${t.account} on ${asOf} at a loss of ${moneyString(loss)} and ${reasons.join('; ')}`);
  });
  trades.forEach((t, i) => {
    if (t.side !== 'buy') return;
    const before = sells.filter((h) => h.symbol === t.symbol && !(h.gain && !h.gain.isNegative()));
    if (before.length === 0) return;
    flagged.add(i);
    count++;
    const said = before.map((h) => `${h.quantity.toFixed()} sold in ${h.account} on ${h.date}${h.gain ? ` at a loss of ${moneyString(h.gain.negated())}` : ' (if at a loss: its gain is unknown)'}`);
    warnings.push(`wash sale: the plan buys ${t.quantity} ${t.symbol} in ${t.account} on ${asOf} within 30 days after ${said.join('; ')}`);
  });
  return { flagged, count, warnings, inPlan };
}
