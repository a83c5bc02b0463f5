// What the band, raise and pinned modes add to the full-mode problem (issue 5), shared by the planner (modes/)
// and the independent check (verify.ts) so both read the user's options the same way.
import { band, bandStatus, type BandStatus } from '../../allocation/bands.ts';
import { Decimal, dec } from '../../money.ts';
import { CASH_SLEEVE, OTHER_SLEEVE } from '../problem.ts';
import { FRACTIONAL_STEP, PlanInputError, type PinnedTrade, type PlanInput } from '../types.ts';

export interface ResolvedPin {
  pin: PinnedTrade;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  /** Shares, a positive multiple of the account's step. */
  quantity: Decimal;
  /** How the user said it, for the trade's why. */
  said: string;
}

/**
 * The pinned trades in shares: "sell 20%" is 20% of the holding rounded down to whole shares (or to the
 * fractional step), "buy $5,000" the most whole shares (steps) costing at most $5,000, a quantity as given
 * (it must be a multiple of the step). Throws PlanInputError for a pin that cannot be carried out.
 */
export function resolvePinned(input: PlanInput): ResolvedPin[] {
  const held = new Map(input.positions.map((p) => [`${p.account}\u0000${p.symbol}`, p.quantity]));
  const accounts = new Map(input.accounts.map((a) => [a.id, a]));
  const prices = new Map(input.securities.map((s) => [s.symbol, s.price]));
  const seen = new Set<string>();
  return input.options.pinned.map((pin, i) => {
    const path = `options.pinned[${i}]`;
    const key = `${pin.account}\u0000${pin.symbol}`;
    if (seen.has(key)) throw new PlanInputError(`a second pinned trade of ${pin.symbol} in ${pin.account}`, path);
    seen.add(key);
    const acc = accounts.get(pin.account);
    const price = prices.get(pin.symbol);
    if (!acc || !price) throw new PlanInputError('unknown account or security', path);
    const step = acc.fractional ? dec(FRACTIONAL_STEP) : new Decimal(1);
    const have = held.get(key) ?? new Decimal(0);
    const down = (q: Decimal): Decimal => q.div(step).floor().times(step);
    let quantity: Decimal;
    let said: string;
    if (pin.fraction !== undefined) {
      quantity = down(have.times(pin.fraction));
      said = `${pin.side} ${pin.fraction.times(100).toFixed()}% of ${pin.symbol}`;
      if (pin.side === 'buy') throw new PlanInputError('a fraction pins a sale ("sell 20% of QQQ"); pin a buy by amount or quantity', `${path}.fraction`);
    } else if (pin.amount !== undefined) {
      if (price.isZero()) throw new PlanInputError(`${pin.symbol} has no price`, `${path}.amount`);
      quantity = down(pin.amount.div(price));
      said = `${pin.side} $${pin.amount.toFixed()} of ${pin.symbol}`;
    } else {
      quantity = pin.quantity ?? new Decimal(0);
      if (!quantity.mod(step).isZero()) throw new PlanInputError(`not a multiple of ${step.toFixed()} share`, `${path}.quantity`);
      said = `${pin.side} ${quantity.toFixed()} ${pin.symbol}`;
    }
    if (!quantity.greaterThan(0)) throw new PlanInputError(`"${said}" rounds to no shares`, path);
    if (pin.side === 'sell' && quantity.greaterThan(have)) throw new PlanInputError(`sells ${quantity.toFixed()} ${pin.symbol}, ${pin.account} holds ${have.toFixed()}`, path);
    if (pin.side === 'buy') {
      const menu = input.buyable?.get(pin.account);
      if (menu && !menu.has(pin.symbol)) throw new PlanInputError(`${pin.account} cannot buy ${pin.symbol}`, path);
    }
    return { pin, account: pin.account, symbol: pin.symbol, side: pin.side, quantity, said };
  });
}

export interface SleeveBand {
  sleeve: string;
  /** Percent of the household before trades (after cash flows). */
  current: Decimal;
  target: Decimal;
  status: BandStatus;
  /** Percent: the nearest band edge for a sleeve out of band (the target with toTarget); the target otherwise. */
  aim: Decimal;
}

/**
 * Each sleeve's band status before trades, by the rule of allocation/bands.ts (a 0-target sleeve has only its
 * absolute band). A sleeve with no band in the model is never out of band, and the Cash sleeve is the funding,
 * not a sleeve that is banded.
 */
export function sleeveBands(input: PlanInput): SleeveBand[] {
  const A = new Map<string, Decimal>();
  let V = new Decimal(0);
  const add = (s: string, v: Decimal): void => {
    A.set(s, (A.get(s) ?? new Decimal(0)).plus(v));
  };
  for (const a of input.accounts) V = V.plus(a.cash.plus(input.options.cashFlows.get(a.id) ?? 0));
  const secs = new Map(input.securities.map((s) => [s.symbol, s]));
  for (const p of input.positions) {
    const sec = secs.get(p.symbol);
    if (!sec) continue;
    const mv = sec.price.times(p.quantity);
    V = V.plus(mv);
    let rest = new Decimal(100);
    for (const [s, w] of sec.sleeves) {
      add(s, mv.times(w).div(100));
      rest = rest.minus(w);
    }
    if (rest.greaterThan(0)) add(OTHER_SLEEVE, mv.times(rest).div(100));
  }
  const names = new Set([...input.model.targets.keys(), ...A.keys()]);
  names.delete(CASH_SLEEVE);
  return [...names].sort().map((sleeve) => {
    const target = input.model.targets.get(sleeve) ?? new Decimal(0);
    const current = V.isZero() ? new Decimal(0) : (A.get(sleeve) ?? new Decimal(0)).div(V).times(100);
    const cfg = input.model.bands.get(sleeve);
    if (!cfg) return { sleeve, current, target, status: 'in' as const, aim: target };
    const b = band(target, cfg.absolutePp, cfg.relativePct, input.model.bandRule);
    const status = bandStatus(current, target, b);
    const aim = status === 'in' || input.options.toTarget ? target : status === 'over' ? b.high : b.low;
    return { sleeve, current, target, status, aim };
  });
}

/** Securities band mode may not trade: those with any weight in an in-band sleeve (or in no sleeve: Other). */
export function frozenInBand(input: PlanInput, bands: SleeveBand[]): Set<string> {
  const inBand = new Set(bands.filter((b) => b.status === 'in').map((b) => b.sleeve));
  const frozen = new Set<string>();
  for (const s of input.securities) {
    let rest = new Decimal(100);
    for (const [sleeve, w] of s.sleeves) {
      if (inBand.has(sleeve)) frozen.add(s.symbol);
      rest = rest.minus(w);
    }
    if (rest.greaterThan(0) && inBand.has(OTHER_SLEEVE)) frozen.add(s.symbol);
  }
  return frozen;
}
