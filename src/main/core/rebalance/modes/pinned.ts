// The pinned mode: the user's pinned trades first, as they are, then the full mode's plan around them.
import { Decimal, dec, moneyString, plainString, ratioString, toMicro } from '../../money.ts';
import { annotatePlan } from '../annotate.ts';
import { lotOrderFor, pickLots } from '../lots.ts';
import { buildProblem, mToDecimal, objectiveOf, sToDecimal, type Problem } from '../problem.ts';
import { renderPlan, timeWarning } from '../render.ts';
import { solve, type Solved } from '../solve/pipeline.ts';
import { PlanInputError, type PlanInput, type PlanTrade } from '../types.ts';
import { resolvePinned, type ResolvedPin } from './rules.ts';
import { asFull, type ModePlan, type PlanRun } from './run.ts';

/**
 * Pinned mode: the pinned trades (rules.ts resolves "sell 20%" and "buy $5,000" into shares) are applied
 * first and appear unchanged, first in the output; the rest is the full mode's problem on the household after
 * them, with no variable for a pinned (account, security) — so no second trade of it — and each account's
 * floor as before the pins (its reserve, or its starting cash if below), so a pinned buy may be paid by sales.
 */
export function planPinned(input: PlanInput, run: PlanRun): ModePlan {
  const pins = resolvePinned(input);
  const positions = input.positions.map((x) => ({ ...x }));
  const cash = new Map(input.accounts.map((a) => [a.id, a.cash]));
  const prices = new Map(input.securities.map((s) => [s.symbol, s.price]));
  const pinnedKeys = new Set<string>();
  for (const pin of pins) {
    pinnedKeys.add(`${pin.account}\u0000${pin.symbol}`);
    const price = prices.get(pin.symbol) as Decimal;
    const sign = pin.side === 'buy' ? 1 : -1;
    let pos = positions.find((x) => x.account === pin.account && x.symbol === pin.symbol);
    if (!pos) positions.push((pos = { account: pin.account, symbol: pin.symbol, quantity: new Decimal(0), lots: null }));
    pos.quantity = pos.quantity.plus(pin.quantity.times(sign));
    if (pin.side === 'sell' && pos.lots) {
      // The lots the pinned sale uses (in the plan's lot order) are gone; the rest stay for the holding left.
      let left = pin.quantity;
      pos.lots = (lotOrderFor(input, pin.account, pin.symbol, pos.lots) ?? []).map((l) => {
        const take = Decimal.min(left, l.quantity);
        left = left.minus(take);
        return { ...l, quantity: l.quantity.minus(take) };
      }).filter((l) => l.quantity.greaterThan(0));
    }
    cash.set(pin.account, (cash.get(pin.account) as Decimal).minus(price.times(pin.quantity).times(sign)));
  }
  const after: PlanInput = {
    ...input,
    accounts: input.accounts.map((a) => ({ ...a, cash: cash.get(a.id) as Decimal })),
    positions,
    options: { ...input.options, mode: 'full', pinned: [] },
  };
  const p = buildProblem(after);
  for (const acc of p.accounts) {
    const a = input.accounts.find((x) => x.id === acc.id);
    if (!a) continue;
    const start = a.cash.plus(input.options.cashFlows.get(a.id) ?? 0);
    acc.floor = toMicro(Decimal.min(start, a.cashReserve)) * 1_000_000n;
  }
  // The pinned trades use up part of the turnover cap and of the gain budget; the rest of the plan gets what is left.
  const pinnedTrades = pins.map((pin) => pinnedTrade(input, pin));
  let pinnedTurnover = 0n;
  let pinnedGain = 0n;
  for (const t of pinnedTrades) {
    pinnedTurnover += toMicro(dec(t.amount)) * 1_000_000n;
    pinnedGain += toMicro(dec(t.gain.short).plus(t.gain.long)) * 1_000_000n;
  }
  if (p.turnoverCap !== null && pinnedTurnover > p.turnoverCap) {
    throw new PlanInputError(`the pinned trades alone trade more than the turnover cap of ${moneyString(input.options.turnoverCap ?? new Decimal(0))}`, 'options.pinned');
  }
  const pp: Problem = {
    ...p,
    turnoverCap: p.turnoverCap === null ? null : p.turnoverCap - pinnedTurnover,
    gainBudget: p.gainBudget === null ? null : p.gainBudget - pinnedGain,
    vars: p.vars.filter((v) => !pinnedKeys.has(`${(p.accounts[v.account] as { id: string }).id}\u0000${(p.securities[v.sec] as { symbol: string }).symbol}`)),
    warnings: p.warnings.filter((w) => !w.includes('is below its reserve')),
  };
  let r: Solved;
  try {
    r = solve(pp, run.t0, run.limit, run.onBetter);
  } catch (e) {
    throw new PlanInputError(`the pinned trades leave an account below its cash reserve and the other holdings cannot cover it (${(e as Error).message})`, 'options.pinned');
  }
  const plan = renderPlan(pp, r.best.k, r.optimal, r.gap, r.optimal ? [] : [timeWarning(run.limit, r.gap, pp)]);
  plan.trades = [...pinnedTrades, ...plan.trades];
  const p0 = buildProblem(asFull(input));
  plan.drift.before = ratioString(sToDecimal(objectiveOf(p0.u0)), mToDecimal(p0.value).times(2));
  // Before/after, tax and flags from the household before the pins.
  return { plan: annotatePlan(input, plan), r };
}

/** A pinned trade as the plan lists it: its lots in the plan's lot order, and its gains in a taxable account. */
function pinnedTrade(input: PlanInput, pin: ResolvedPin): PlanTrade {
  const price = input.securities.find((s) => s.symbol === pin.symbol)?.price as Decimal;
  let lots: PlanTrade['lots'] = [];
  let short = new Decimal(0);
  let long = new Decimal(0);
  if (pin.side === 'sell') {
    const sale = pickLots(lotOrderFor(input, pin.account, pin.symbol), pin.quantity, price, input.options.asOf);
    lots = sale.lots.map((l) => ({ acquired: l.acquired, quantity: plainString(l.quantity), costPerShare: plainString(l.costPerShare) }));
    if (input.accounts.find((a) => a.id === pin.account)?.taxTreatment === 'taxable') {
      short = sale.short;
      long = sale.long;
    }
  }
  return {
    account: pin.account,
    symbol: pin.symbol,
    side: pin.side,
    quantity: plainString(pin.quantity),
    price: plainString(price),
    amount: plainString(price.times(pin.quantity)),
    lots,
    gain: { short: moneyString(short), long: moneyString(long) },
    why: `Pinned by the user: ${pin.said}`,
  };
}
