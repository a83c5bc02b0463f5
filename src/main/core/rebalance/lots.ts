// Which lots a sale uses and the gain it realises. HIFO for now (highest cost first; ties: oldest first, then
// input order), the lot-order strategies of issue 5 (FIFO, min-tax, specific lots) slot in as other orderings.
import { Decimal } from '../money.ts';
import type { Lot } from './types.ts';

export type LotOrder = 'hifo';

export interface LotUse {
  acquired: string;
  quantity: Decimal;
  costPerShare: Decimal;
}

export interface SaleLots {
  lots: LotUse[];
  short: Decimal;
  long: Decimal;
  /** Shares sold that no lot covers (lots missing or summing to less than the holding): gain unknown. */
  uncovered: Decimal;
}

const DAY_MS = 86_400_000;

/** Held at most 365 days before `asOf` is short-term. */
export function isShortTerm(acquired: string, asOf: string): boolean {
  const days = (Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${acquired}T00:00:00Z`)) / DAY_MS;
  return days <= 365;
}

export function orderLots(lots: readonly Lot[], _order: LotOrder = 'hifo'): Lot[] {
  return lots
    .map((l, i) => ({ l, i }))
    .sort((a, b) => b.l.costPerShare.comparedTo(a.l.costPerShare) || a.l.acquired.localeCompare(b.l.acquired) || a.i - b.i)
    .map((x) => x.l);
}

/** The lots a sale of `quantity` shares at `price` uses, in order, with the estimated short/long gain. */
export function pickLots(ordered: readonly Lot[] | null, quantity: Decimal, price: Decimal, asOf: string): SaleLots {
  let left = quantity;
  const lots: LotUse[] = [];
  let short = new Decimal(0);
  let long = new Decimal(0);
  for (const lot of ordered ?? []) {
    if (left.isZero()) break;
    if (lot.quantity.isZero()) continue;
    const take = Decimal.min(left, lot.quantity);
    lots.push({ acquired: lot.acquired, quantity: take, costPerShare: lot.costPerShare });
    const gain = price.minus(lot.costPerShare).times(take);
    if (isShortTerm(lot.acquired, asOf)) short = short.plus(gain);
    else long = long.plus(gain);
    left = left.minus(take);
  }
  return { lots, short, long, uncovered: left };
}
