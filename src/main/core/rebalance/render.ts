// A solution as the plan the user reads: trades with their lots, gains and one line of why, drift before and
// after, leftover cash, and the annotations every plan carries (annotate.ts).
import { Decimal, dec, moneyString, plainString, ratioString } from '../money.ts';
import { annotatePlan } from './annotate.ts';
import { pickLots } from './lots.ts';
import { mToDecimal, objectiveOf, sToDecimal, type Problem, type PVar } from './problem.ts';
import { State } from './state.ts';
import type { PlanOutput, PlanTrade } from './types.ts';

/** Builds the output for a solution (steps per variable) of a problem. */
export function renderPlan(p: Problem, k: readonly number[], optimal: boolean, gap: bigint, extraWarnings: string[] = []): PlanOutput {
  const input = p.input;
  const warnings = [...p.warnings, ...extraWarnings];
  const V = mToDecimal(p.value);
  // Sleeve values before and after, for the one line of why.
  const st = new State(p);
  const before = st.u.map((x, s) => sToDecimal(x + (p.target[s] as bigint)));
  k.forEach((x, j) => st.apply(j, x));
  const after = st.u.map((x, s) => sToDecimal(x + (p.target[s] as bigint)));
  const pct = (x: Decimal): string => (V.isZero() ? '0' : x.div(V).times(100).toDecimalPlaces(2).toFixed(2));
  const targetPct = (s: number): string => (input.model.targets.get(p.sleeves[s] as string) ?? new Decimal(0)).toFixed();

  const trades: PlanTrade[] = [];
  // Taxable sales without lot records, per account: one warning each (a file without lots leaves many).
  const noLots = new Map<string, string[]>();
  k.forEach((x, j) => {
    if (x === 0) return;
    const v = p.vars[j] as PVar;
    const acc = p.accounts[v.account];
    const sec = p.securities[v.sec];
    if (!acc || !sec) return;
    const quantity = dec((BigInt(Math.abs(x)) * acc.step).toString()).div(1e6);
    const side = x > 0 ? 'buy' : 'sell';
    let lots: PlanTrade['lots'] = [];
    let short = new Decimal(0);
    let long = new Decimal(0);
    if (side === 'sell') {
      const sale = pickLots(v.lots, quantity, sec.price, input.options.asOf);
      lots = sale.lots.map((l) => ({ acquired: l.acquired, quantity: plainString(l.quantity), costPerShare: plainString(l.costPerShare) }));
      if (acc.taxable) {
        short = sale.short;
        long = sale.long;
      }
      if (acc.taxable && sale.uncovered.greaterThan(0)) noLots.set(acc.id, [...(noLots.get(acc.id) ?? []), sec.symbol]);
    }
    const main = [...sec.weights].sort((a, b) => (a.w > b.w ? -1 : a.w < b.w ? 1 : a.s - b.s))[0];
    const s = main?.s ?? p.cashSleeve;
    const name = p.sleeves[s] as string;
    const why =
      `${side === 'buy' ? 'Buy' : 'Sell'}: ${name} ${pct(before[s] as Decimal)}% → ${pct(after[s] as Decimal)}% of the household` +
      ` (target ${targetPct(s)}%)` +
      (side === 'sell' && !acc.taxable ? '; no tax in this account' : '');
    trades.push({
      account: acc.id,
      symbol: sec.symbol,
      side,
      quantity: plainString(quantity),
      price: plainString(sec.price),
      amount: plainString(sec.price.times(quantity)),
      lots,
      gain: { short: moneyString(short), long: moneyString(long) },
      why,
    });
  });
  for (const [account, symbols] of noLots) {
    warnings.push(`account ${account} has no lot records for ${symbols.sort().join(', ')}: the gains of those sales are not estimated`);
  }
  trades.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0) || (a.side === b.side ? 0 : a.side === 'sell' ? -1 : 1) || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));

  const D0 = objectiveOf(p.u0);
  const D = st.d;
  const twoV = V.times(2);
  const leftoverCash: Record<string, string> = {};
  p.accounts.forEach((a, i) => {
    leftoverCash[a.id] = plainString(mToDecimal(st.cash[i] as bigint));
  });
  // value, sleeves, accounts, tax, trade flags and wash-sale warnings (annotate.ts), from the input and trades.
  return annotatePlan(input, {
    trades,
    drift: { before: ratioString(sToDecimal(D0), twoV), after: ratioString(sToDecimal(D), twoV) },
    objective: plainString(sToDecimal(D)),
    optimal,
    gap: plainString(sToDecimal(gap)),
    leftoverCash,
    warnings,
  });
}

/** The warning of a plan the time limit cut short, with its proven gap. */
export const timeWarning = (limit: number, gap: bigint, p?: Problem): string =>
  `time limit of ${limit} ms reached: the plan is the best found, at most ${moneyString(sToDecimal(gap))} of ${
    p && p.tradeCost > 0n ? 'D + trade costs' : 'D'
  } above the optimum`;
