// Which lots a sale uses and the gain it realises (issue 5, Tax). A position's lots are put in one order, and
// a sale of q shares takes the first q shares of that order (pickLots):
//   - HIFO (default): highest cost per share first;
//   - FIFO: oldest first;
//   - min-tax: short-term losses, long-term losses, zero gains, long-term gains, short-term gains; inside a
//     group the largest loss (smallest gain) per share first — at the plan's price, held > 1 year = long;
// ties: oldest first, then input order. Lots the user picked (options.specificLots) come before all of these,
// in the order given; what they leave of a lot stays in its place in the method's order.
import { Decimal } from '../money.ts';
import type { Lot, LotMethod, PlanInput, SpecificLot } from './types.ts';

/** Kept for callers of the first version (HIFO only). */
export type LotOrder = LotMethod;

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

/** min-tax group of a lot at `price` on `asOf`: 0 ST loss, 1 LT loss, 2 no gain, 3 LT gain, 4 ST gain. */
export function minTaxGroup(lot: Lot, price: Decimal, asOf: string): number {
  const g = price.comparedTo(lot.costPerShare);
  if (g === 0) return 2;
  const short = isShortTerm(lot.acquired, asOf);
  if (g < 0) return short ? 0 : 1;
  return short ? 4 : 3;
}

/**
 * The lots in the order a sale uses them. min-tax needs the price and the plan's date (`at`); HIFO and FIFO
 * ignore them.
 */
export function orderLots(lots: readonly Lot[], order: LotMethod = 'hifo', at?: { price: Decimal; asOf: string }): Lot[] {
  const xs = lots.map((l, i) => ({ l, i }));
  const tie = (a: { l: Lot; i: number }, b: { l: Lot; i: number }): number => a.l.acquired.localeCompare(b.l.acquired) || a.i - b.i;
  if (order === 'hifo') xs.sort((a, b) => b.l.costPerShare.comparedTo(a.l.costPerShare) || tie(a, b));
  else if (order === 'fifo') xs.sort(tie);
  else {
    if (!at) throw new Error('the min-tax lot order needs the price and the date');
    const keyed = xs.map((x) => ({ ...x, g: minTaxGroup(x.l, at.price, at.asOf), perShare: at.price.minus(x.l.costPerShare) }));
    keyed.sort((a, b) => a.g - b.g || a.perShare.comparedTo(b.perShare) || tie(a, b));
    return keyed.map((x) => x.l);
  }
  return xs.map((x) => x.l);
}

/**
 * The picked lots first (in the order given: each pick takes its shares from the lots acquired that day, in
 * `ordered`'s order), then what is left of every lot in `ordered`'s order. Picks beyond what a day holds are
 * cut to it (parsePlanInput refuses them).
 */
export function withSpecificLots(ordered: readonly Lot[], picks: readonly Pick<SpecificLot, 'acquired' | 'quantity'>[]): Lot[] {
  if (picks.length === 0) return [...ordered];
  const left = ordered.map((l) => ({ ...l }));
  const first: Lot[] = [];
  for (const pick of picks) {
    let want = pick.quantity;
    for (const l of left) {
      if (!want.greaterThan(0)) break;
      if (l.acquired !== pick.acquired || l.quantity.isZero()) continue;
      const take = Decimal.min(want, l.quantity);
      first.push({ acquired: l.acquired, quantity: take, costPerShare: l.costPerShare });
      l.quantity = l.quantity.minus(take);
      want = want.minus(take);
    }
  }
  return [...first, ...left.filter((l) => l.quantity.greaterThan(0))];
}

/**
 * The lots of one position in the order its sales use them under the input's options (lot method, then the
 * user's picks first); null when the position has no lots. The planner (problem.ts), the check (verify.ts) and
 * the wash-sale check read the order from here so all three agree.
 */
// Positions and prices of an input by key, built once per input (a plan can have thousands of positions).
const indexes = new WeakMap<PlanInput, { lots: Map<string, Lot[] | null>; prices: Map<string, Decimal> }>();
function indexOf(input: PlanInput): { lots: Map<string, Lot[] | null>; prices: Map<string, Decimal> } {
  let ix = indexes.get(input);
  if (!ix) {
    ix = {
      lots: new Map(input.positions.map((p) => [`${p.account}\u0000${p.symbol}`, p.lots])),
      prices: new Map(input.securities.map((s) => [s.symbol, s.price])),
    };
    indexes.set(input, ix);
  }
  return ix;
}

export function lotOrderFor(input: PlanInput, account: string, symbol: string, lots: readonly Lot[] | null = null): Lot[] | null {
  const ix = indexOf(input);
  const held = lots ?? ix.lots.get(`${account}\u0000${symbol}`) ?? null;
  if (!held) return null;
  const price = ix.prices.get(symbol) ?? new Decimal(0);
  const ordered = orderLots(held, input.options.lotMethod ?? 'hifo', { price, asOf: input.options.asOf });
  const picks = (input.options.specificLots ?? []).filter((l) => l.account === account && l.symbol === symbol);
  return withSpecificLots(ordered, picks);
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

/**
 * The most shares that can be sold from the front of `ordered` before the first lot `stop` says no to (the
 * holding beyond the lots, with no lot, is sellable: its gain is unknown). Used to cap a sale so that it
 * realises no short-term gain, or (wash sales) no loss.
 */
export function sellableBefore(ordered: readonly Lot[] | null, held: Decimal, stop: (lot: Lot) => boolean): Decimal {
  let total = new Decimal(0);
  for (const lot of ordered ?? []) {
    if (lot.quantity.isZero()) continue;
    if (stop(lot)) return Decimal.min(total, held);
    total = total.plus(lot.quantity);
  }
  return held;
}
