// The planner for the "full" and "invest" modes, within options.timeLimitMs for the whole call:
//   1. greedy baseline (first incumbent, fallback);
//   2. LP relaxation with gcd cuts (bounded simplex, floats) → cash-safe rounding → greedy → pair moves;
//   3. exact branch and bound (BigInt) from the best start, bounded by LP duals evaluated exactly, node LPs and
//      per-sleeve intervals: the proven optimum, or on time-out the best plan with a proven gap;
//   4. an independent check in exact decimals (verify.ts); a plan that fails it is never returned.
import { Decimal, dec, moneyString, plainString, ratioString } from '../money.ts';
import { pickLots } from './lots.ts';
import { buildProblem, mToDecimal, objectiveOf, saleTax, sToDecimal, type Problem, type PVar } from './problem.ts';
import { branchAndBound, greedy, lpRelaxation, pairSearch, rootCut, roundLp, State, type Solution } from './search.ts';
import { parsePlanInput, type PlanInput, type PlanOutput, type PlanTrade } from './types.ts';
import { verifyPlan } from './verify.ts';

export interface PlanStats {
  /** D of the greedy baseline (same units as objective). */
  greedyObjective: string;
  lowerBound: string;
  nodes: number;
  ms: number;
}

export class PlanVerificationError extends Error {
  constructor(readonly problems: string[]) {
    super(`the planner produced a plan that failed verification: ${problems.join('; ')}`);
    this.name = 'PlanVerificationError';
  }
}

function solutionOf(p: Problem, st: State): Solution {
  let trades = 0;
  st.k.forEach((k) => {
    if (k !== 0) trades++;
  });
  // Tax is only a tie-breaker: the branch and bound recomputes it for every completion it compares.
  return { k: [...st.k], d: st.d, trades, tax: taxOf(p, st.k) };
}

function taxOf(p: Problem, k: number[]): bigint {
  let tax = 0n;
  k.forEach((x, j) => {
    if (x < 0) tax += saleTax(p, p.vars[j] as PVar, -x);
  });
  return tax;
}

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
      if (acc.taxable && sale.uncovered.greaterThan(0)) {
        warnings.push(`${sec.symbol} in ${acc.id}: ${plainString(sale.uncovered)} shares sold have no lot; their gain is not estimated`);
      }
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
  trades.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0) || (a.side === b.side ? 0 : a.side === 'sell' ? -1 : 1) || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));

  const D0 = objectiveOf(p.u0);
  const D = st.d;
  const twoV = V.times(2);
  const leftoverCash: Record<string, string> = {};
  p.accounts.forEach((a, i) => {
    leftoverCash[a.id] = plainString(mToDecimal(st.cash[i] as bigint));
  });
  return {
    trades,
    drift: { before: ratioString(sToDecimal(D0), twoV), after: ratioString(sToDecimal(D), twoV) },
    objective: plainString(sToDecimal(D)),
    optimal,
    gap: plainString(sToDecimal(gap)),
    leftoverCash,
    warnings,
  };
}

/** The greedy baseline alone, verified; it proves nothing, so its gap is its whole D (0 is the only bound it knows). */
export function greedyPlan(input: PlanInput): PlanOutput {
  const p = buildProblem(input);
  const st = greedy(p);
  const out = renderPlan(p, st.k, false, st.d);
  const check = verifyPlan(input, out);
  if (!check.ok) throw new PlanVerificationError(check.problems);
  return out;
}

/** Plans, returning the plan and how it was found. */
export function planWithStats(input: PlanInput): { plan: PlanOutput; stats: PlanStats } {
  const t0 = performance.now();
  const limit = input.options.timeLimitMs;
  const p = buildProblem(input);
  // The limit bounds the whole call: rendering and verifying the plan cost about twice building the problem,
  // so the search stops early enough to leave them that and some slack (never before half the limit).
  const built = performance.now() - t0;
  const searchMs = Math.max(limit * 0.5, limit - built * 4.5);
  const at = (f: number): number => t0 + built + (searchMs - built) * f;
  const deadline = at(1);
  // 1. The greedy baseline (a tenth of the budget): the first incumbent, and the fallback.
  const st = greedy(p, new State(p), at(0.1));
  const greedyD = st.d;
  let start = solutionOf(p, st);
  // 2. The LP relaxation with the gcd cuts: its duals give the bound, its solution (rounded cash-safely, then
  //    improved by the greedy and the pair moves) usually a far better start.
  const lp = lpRelaxation(p, st.u, Number(st.d) / 1e18, undefined, at(0.4), rootCut(p));
  const improved = lp.x ? roundLp(p, lp.x) : st;
  // (The local search stops by itself at a local optimum, which on small problems is almost at once; the branch
  // and bound gets whatever is left, and on large problems little can be proven anyway.)
  greedy(p, improved, at(0.5));
  pairSearch(p, improved, at(0.9));
  const alt = solutionOf(p, improved);
  if (alt.d < start.d || (alt.d === start.d && (alt.trades < start.trades || (alt.trades === start.trades && alt.tax < start.tax)))) start = alt;
  // 3. Branch and bound from the best start until the optimum is proven or the time is up.
  const bb = branchAndBound(p, start, deadline, lp);
  // "optimal": D is proven minimal (the search finished, or the bound meets D). Ties (fewer trades, then less
  // tax) are settled exactly when the search finished, best-effort otherwise.
  const optimal = bb.complete || bb.lowerBound >= bb.best.d;
  const gap = optimal ? 0n : bb.best.d - bb.lowerBound;
  const extra = optimal
    ? []
    : [`time limit of ${limit} ms reached: the plan is the best found, at most ${moneyString(sToDecimal(gap))} of D above the optimum`];
  const plan = renderPlan(p, bb.best.k, optimal, gap, extra);
  const check = verifyPlan(input, plan);
  if (!check.ok) throw new PlanVerificationError(check.problems);
  return {
    plan,
    stats: { greedyObjective: plainString(sToDecimal(greedyD)), lowerBound: plainString(sToDecimal(bb.lowerBound)), nodes: bb.nodes, ms: performance.now() - t0 },
  };
}

/** Plans the "full" or "invest" mode for a parsed input; throws PlanVerificationError rather than return an unchecked plan. */
export function planRebalance(input: PlanInput): PlanOutput {
  return planWithStats(input).plan;
}

/** Parses the `keel plan --input FILE.json` format and plans it. */
export function planFromJson(raw: unknown): PlanOutput {
  return planRebalance(parsePlanInput(raw));
}
