// The planner for every mode (band, raise and pinned reshape the full mode's problem; see below), within options.timeLimitMs for the whole call:
//   1. LP relaxations (floats): one for the bound (its duals, evaluated exactly, with the lattice bound), one
//      charged per dollar traded for a calm start; each rounded, then the greedy and the exact change (fill.ts)
//      that spends every account's cash to the cent. A plan that meets the bound is proven optimal at once;
//   2. otherwise exact searches over each LP's fractional variables, the greedy baseline from the portfolio as
//      it is (fallback, reported) and exact searches around the best plan over each sleeve's finest securities;
//   3. on a small problem, an LP-based branch and bound on variable bounds (lpbranch.ts);
//   4. the depth-first exact branch and bound (BigInt) from the best start, bounded by LP duals and per-sleeve
//      intervals: the proven optimum, or on time-out the best plan with a proven gap. Once D is proven, what
//      time is left (a share of it) goes to the ties: fewer trades, then less tax;
//   5. an independent check in exact decimals (verify.ts); a plan that fails it is never returned.
import { Decimal, dec, moneyString, plainString, ratioString, toMicro } from '../money.ts';
import { lotOrderFor, pickLots } from './lots.ts';
import { band } from '../allocation/bands.ts';
import { annotatePlan } from './annotate.ts';
import { frozenInBand, resolvePinned, sleeveBands } from './modes.ts';
import { buildProblem, mToDecimal, objectiveOf, saleTax, sToDecimal, type Problem, type PVar } from './problem.ts';
import { cashFill, fewerTrades } from './fill.ts';
import { lpBranch, lpBranchApplies } from './lpbranch.ts';
import { BNB_MAX_VARS, betterSolution, branchAndBound, costOf, diveSearch, greedy, refineSearch, lpRelaxation, pairSearch, rootBound, rootCut, roundLp, State, type Solution } from './search.ts';
import { parsePlanInput, PlanInputError, type PlanInput, type PlanOutput, type PlanTrade } from './types.ts';
import { verifyPlan } from './verify.ts';
import { findWashSales, saleLoss } from './wash.ts';

export interface PlanStats {
  /** D of the greedy baseline (same units as objective), when it ran. */
  greedyObjective: string | null;
  lowerBound: string;
  nodes: number;
  ms: number;
}

/** What a caller (the worker job) hears while a plan is being searched. */
export interface PlanHooks {
  /** The drift (D / 2V, a fraction) of the best plan found so far; called at most every PROGRESS_MS. */
  onProgress?: (drift: string) => void;
}
const PROGRESS_MS = 100;
// The hooks of the plan being made (planning is synchronous: one at a time per thread).
let progressHook: ((p: Problem, d: bigint) => void) | null = null;

function progressReporter(hooks: PlanHooks | undefined): ((p: Problem, d: bigint) => void) | null {
  const on = hooks?.onProgress;
  if (!on) return null;
  let last = -Infinity;
  return (p, d) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    on(ratioString(sToDecimal(d), mToDecimal(p.value).times(2)));
  };
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

/** The state a solution describes. */
function stateOf(p: Problem, sol: Solution): State {
  const st = new State(p);
  sol.k.forEach((kk, j) => st.apply(j, kk));
  return st;
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

/** The greedy baseline alone, verified; it proves nothing, so its gap is its whole D (0 is the only bound it knows). */
export function greedyPlan(input: PlanInput): PlanOutput {
  const p = buildProblem(input);
  const st = greedy(p);
  const out = renderPlan(p, st.k, false, st.d);
  const check = verifyPlan(input, out);
  if (!check.ok) throw new PlanVerificationError(check.problems);
  return out;
}

/** Every account at or above its floor. */
function cashFeasible(p: Problem, st: State): boolean {
  return p.accounts.every((a, i) => (st.cash[i] as bigint) >= a.floor);
}

/**
 * Raises each account's cash to its floor by sales when it starts below it (raise mode: the withdrawal; pinned
 * mode: pinned buys): repeatedly the sale covering the shortfall (or all a variable can still sell) that raises
 * D least, in a tax-deferred or tax-free account before a taxable one, then the lower estimated tax. Only a
 * first feasible plan for the search, which then optimises it. False when an account cannot reach its floor.
 */
export function repairCash(p: Problem, st: State): boolean {
  for (let a = 0; a < p.accounts.length; a++) {
    const acc = p.accounts[a];
    if (!acc) continue;
    for (;;) {
      const short = acc.floor - (st.cash[a] as bigint);
      if (short <= 0n) break;
      let bj = -1;
      let bt = 0;
      let bkey: [bigint, number, bigint] | null = null;
      p.vars.forEach((v, j) => {
        if (v.account !== a) return;
        const kj = st.k[j] as number;
        if (kj <= v.kmin) return;
        const need = Number((short + v.unit - 1n) / v.unit);
        let to = Math.max(v.kmin, kj - need);
        if (to !== 0 && Math.abs(to) < v.minSteps) to = to < 0 && -v.minSteps >= v.kmin ? -v.minSteps : 0;
        if (to >= kj) return;
        const t = to - kj;
        const key: [bigint, number, bigint] = [st.delta(j, t), v.taxable ? 1 : 0, to < 0 ? saleTax(p, v, -to) : 0n];
        if (!bkey || key[0] < bkey[0] || (key[0] === bkey[0] && (key[1] < bkey[1] || (key[1] === bkey[1] && key[2] < bkey[2])))) {
          bkey = key;
          bj = j;
          bt = t;
        }
      });
      if (bj < 0) return false;
      st.apply(bj, bt);
    }
  }
  return true;
}

interface Solved {
  best: Solution;
  optimal: boolean;
  gap: bigint;
  /** D of the greedy baseline, when it ran (not when a start was proven optimal before it). */
  greedyD: bigint | null;
  lowerBound: bigint;
  nodes: number;
}

/** Largest problem the LP-based branch and bound takes on (beyond, its boxes rarely close in seconds). */
const LP_BRANCH_MAX_VARS = 40;
/** Largest problem whose ties the branch and bound settles after its D is proven optimal. */
const TIE_SEARCH_MAX_VARS = 40;
/** Once D is proven optimal: the share of the time limit that may go to fewer trades, and (up to 40 variables) the most nodes. */
const TIE_SHARE = 0.1;
const TIE_NODES = 5000;

/** LP cost per dollar traded for the search's calm start: $1 of D per $10,000 traded. */
const TURNOVER_HINT = 1e-4;

/** The search on a built problem, within `limit` ms from t0, and its plan tidied (sellWhole). */
function solve(p: Problem, t0: number, limit: number): Solved {
  const r = search(p, t0, limit);
  return { ...r, best: sellWhole(p, r.best) };
}

/**
 * A sale that leaves a remainder whose sale would change nothing — not D, not the number of trades, not the
 * estimated tax (a money-market fund: its shares and cash are both the Cash sleeve) — sells it all: "sell
 * 12,499 of 12,500 SWVXX" is an artefact of the search, not a choice. The plan stays exactly as good.
 */
function sellWhole(p: Problem, sol: Solution): Solution {
  const st = stateOf(p, sol);
  let changed = false;
  sol.k.forEach((k, j) => {
    const v = p.vars[j] as PVar;
    if (k >= 0 || k <= v.kmin) return;
    const t = v.kmin - k;
    if (st.deltaJ(j, t) !== 0n || !st.allows(j, t) || saleTax(p, v, -v.kmin) > saleTax(p, v, -k)) return;
    st.apply(j, t);
    changed = true;
  });
  return changed && st.feasible() ? solutionOf(p, st) : sol;
}

/** The search pipeline on a built problem, within `limit` ms from t0. */
function search(p: Problem, t0: number, limit: number): Solved {
  // The limit bounds the whole call: rendering and verifying the plan cost about twice building the problem,
  // so the search stops early enough to leave them that (never before half the limit).
  const built = performance.now() - t0;
  const searchMs = Math.max(limit * 0.5, limit - Math.max(built * 2, p.vars.length * 0.02));
  const at = (f: number): number => t0 + built + (searchMs - built) * f;
  const deadline = at(1);
  // 0. An account that starts below its floor (a withdrawal, pinned buys) is first brought up to it by sales.
  const st = new State(p);
  if (!cashFeasible(p, st) && !repairCash(p, st)) throw new Error('no plan keeps every account at or above its cash floor');
  if (!st.feasible()) {
    throw new PlanInputError('raising the cash this plan needs would break the turnover cap or the gain budget; raise the cap or the budget', 'options');
  }
  let start = solutionOf(p, st);
  const consider = (cand: State): void => {
    const alt = solutionOf(p, cand);
    if (cand.feasible() && betterSolution(p, alt, start)) {
      start = alt;
      progressHook?.(p, start.d);
    }
  };
  // 1. The LP relaxation with the gcd cuts: its duals give the bound. The same LP charged a little per dollar
  //    traded picks, among the many LP optima (most of them swap one holding for another of the same sleeve, or
  //    move a sleeve from one account to another and back), one that trades little — a plan a person would
  //    make; it goes first. Each is rounded cash-safely, then polished: the greedy, then the exact change
  //    (fill.ts) spends what whole shares left in each account to the cent. A plan that meets the bound is
  //    proven optimal there and then. (The LP knows nothing of the turnover cap and the gain budget, so a
  //    start that breaks them is dropped.)
  const pure = lpRelaxation(p, st.u, Number(st.d) / 1e18, undefined, at(0.25), rootCut(p));
  // (On large problems the second LP may not finish in its share of the time; the pure LP's start is used then.)
  const calm = lpRelaxation(p, null, 0, undefined, at(0.5), rootCut(p), TURNOVER_HINT);
  // The bound: the pure LP's duals, else the calm LP's (any multipliers give a valid bound, only weaker).
  const lp = pure.x || !calm.x ? pure : calm;
  let bound = rootBound(p, lp);
  const proven = (): boolean => costOf(p, start) <= bound;
  // The first start after its greedy, before the exact change: where the search for fewer trades begins again.
  let settled: State | null = null;
  // Proven on D (J): then the ties. On a small problem the branch and bound settles them (fewer trades, then less
  // tax) exactly, which usually takes it moments (at most TIE_NODES nodes). On a large one the
  // plateau of equal-D plans is too wide to search: the first start's exact change is done again using only the
  // securities it already trades (a plan that meets the bound that way is as good and simpler), then each trade
  // undone in turn and the rest asked to make up for it (fill.ts fewerTrades).
  const done = (greedyD: bigint | null): Solved => {
    if (start.trades === 0) return { best: start, optimal: true, gap: 0n, greedyD, lowerBound: bound, nodes: 0 };
    if (p.vars.length <= TIE_SEARCH_MAX_VARS) {
      // (A node budget rather than a share of the time: the same input settles its ties the same way on any
      // machine that gets through the budget before the time limit.)
      const bb = branchAndBound(p, start, deadline, lp, undefined, TIE_NODES);
      return { best: bb.best, optimal: true, gap: 0n, greedyD, lowerBound: bound, nodes: bb.nodes };
    }
    const until = Math.min(deadline, performance.now() + limit * TIE_SHARE);
    if (settled) {
      const trading = new Set(settled.k.flatMap((k, j) => (k !== 0 ? [j] : [])));
      cashFill(p, settled, until, bound, (j) => trading.has(j));
      cashFill(p, settled, until, bound);
      if (costOf(p, solutionOf(p, settled)) <= bound) consider(settled);
    }
    consider(fewerTrades(p, stateOf(p, start), until));
    return { best: start, optimal: true, gap: 0n, greedyD, lowerBound: bound, nodes: 0 };
  };
  // (Each phase has a share of the time up to a point; most finish well before it.)
  const polish = (cand: State, greedyUntil: number, until: number): void => {
    greedy(p, cand, at(greedyUntil));
    settled ??= stateOf(p, solutionOf(p, cand));
    cashFill(p, cand, at(until), bound);
    consider(cand);
  };
  const starts = [calm.x, pure.x].filter((x): x is number[] => x !== null);
  for (const [i, x] of starts.entries()) {
    if (proven()) break;
    const rounded = roundLp(p, x);
    if (!(cashFeasible(p, rounded) || repairCash(p, rounded)) || !rounded.feasible()) continue;
    polish(rounded, 0.55 + 0.1 * i, 0.7 + 0.1 * i);
    // Cut short (a tight limit): this start keeps the time the next one would have had.
    if (i === 0 && !proven() && performance.now() >= at(0.7)) {
      cashFill(p, rounded, at(0.8), bound);
      consider(rounded);
      break;
    }
  }
  if (proven()) return done(null);
  // Rounding by an exact search over each LP's fractional variables, then the local search with pair moves.
  // (From here on a phase whose share of the time is already spent is skipped.)
  const left = (f: number): boolean => performance.now() < at(f);
  starts.forEach((x, i) => {
    if (proven() || !left(0.82 + 0.03 * i)) return;
    const dived = diveSearch(p, x, at(0.82 + 0.03 * i));
    if (!dived) return;
    polish(dived, 0.82 + 0.03 * i, 0.83 + 0.03 * i);
    pairSearch(p, dived, at(0.84 + 0.03 * i));
    consider(dived);
  });
  if (proven()) return done(null);
  // 2. The greedy baseline from the portfolio as it is: the fallback when the LP found nothing (then it runs
  //    whatever the time), and reported.
  let greedyD: bigint | null = null;
  if (starts.length === 0 || left(0.9)) {
    greedy(p, st, Math.max(at(0.9), performance.now() + 1));
    greedyD = st.d;
    consider(st);
  }
  // Refine the best start to the cent (a small exact search around it), then hand it to the branch and bound.
  {
    const best = stateOf(p, start);
    // Wider neighbourhoods while they keep finding better plans and time allows.
    for (const [perSleeve, radius] of [[3, 3], [5, 3], [8, 2], [3, 8]] as const) {
      if (proven() || !left(0.94)) break;
      const before = best.d;
      refineSearch(p, best, at(0.94), perSleeve, radius);
      consider(best);
      if (perSleeve > 3 && best.d === before) break;
    }
  }
  if (proven()) return done(greedyD);
  // 3. A small problem: the LP-based branch and bound on variable bounds (lpbranch.ts), which proves what the
  //    depth-first search below cannot finish, in most of the time left; its open boxes bound the rest.
  if (lpBranchApplies(p, LP_BRANCH_MAX_VARS) && left(0.95)) {
    const lb = lpBranch(p, start, at(0.95));
    consider(stateOf(p, lb.best));
    if (lb.lowerBound > bound) bound = lb.lowerBound;
    if (proven()) return done(greedyD);
  }
  // Too large for the branch and bound: the rest of the time goes to the local search from the best start.
  if (p.vars.length > BNB_MAX_VARS && left(1)) {
    const best = stateOf(p, start);
    pairSearch(p, best, deadline);
    consider(best);
  }
  if (!left(1)) return { best: start, optimal: false, gap: costOf(p, start) - bound, greedyD, lowerBound: bound, nodes: 0 };
  // 4. Branch and bound from the best start until the optimum is proven or the time is up.
  progressHook?.(p, start.d);
  const bb = branchAndBound(p, start, deadline, lp, progressHook ? (d) => progressHook?.(p, d) : undefined);
  // "optimal": D is proven minimal (the search finished, or the bound meets D). Ties (fewer trades, then less
  // tax) are settled exactly when the search finished, best-effort otherwise.
  const bestJ = costOf(p, bb.best);
  const lowerBound = bb.lowerBound > bound ? bb.lowerBound : bound;
  const optimal = bb.complete || lowerBound >= bestJ;
  return { best: bb.best, optimal, gap: optimal ? 0n : bestJ - lowerBound, greedyD, lowerBound, nodes: bb.nodes };
}

const timeWarning = (limit: number, gap: bigint, p?: Problem): string =>
  `time limit of ${limit} ms reached: the plan is the best found, at most ${moneyString(sToDecimal(gap))} of ${
    p && p.tradeCost > 0n ? 'D + trade costs' : 'D'
  } above the optimum`;

/** The input as the full mode sees it (every holding may be sold), for the modes built on it. */
function asFull(input: PlanInput): PlanInput {
  return { ...input, options: { ...input.options, mode: 'full' } };
}

/** Plans, returning the plan and how it was found. */
export function planWithStats(input: PlanInput, hooks?: PlanHooks): { plan: PlanOutput; stats: PlanStats } {
  const outer = progressHook;
  progressHook = progressReporter(hooks);
  try {
    return input.options.washSales === 'prevent' ? planWithoutWashSales(input) : planWithStatsNow(input);
  } finally {
    progressHook = outer;
  }
}

/**
 * Wash sales prevented inside the plan too: the lot bounds keep a plan from selling at a loss after a recent
 * purchase (problem.ts), but a loss sale in one account next to a purchase of the same security in another is
 * only seen once the plan exists. Then the security is made do-not-buy everywhere (the loss sale stays — it is
 * usually the point) and the plan is made again, up to three times, each pass with its share of the time limit.
 */
function planWithoutWashSales(input: PlanInput): { plan: PlanOutput; stats: PlanStats } {
  const passes = 3;
  const limit = input.options.timeLimitMs;
  let current: PlanInput = { ...input, options: { ...input.options, timeLimitMs: Math.max(1, Math.floor(limit / 2)) } };
  for (let pass = 1; ; pass++) {
    const r = planWithStatsNow(current);
    const pinned = new Set(current.options.pinned.map((x) => x.symbol));
    const wash = findWashSales(current, r.plan.trades);
    const symbols = new Set<string>();
    if (wash.inPlan > 0) {
      for (const t of r.plan.trades) {
        if (t.side !== 'sell' || pinned.has(t.symbol) || !saleLoss(t).greaterThan(0)) continue;
        if (r.plan.trades.some((b) => b.side === 'buy' && b.symbol === t.symbol)) symbols.add(t.symbol);
      }
    }
    // (A wash sale still there after the last pass is in the plan's warnings: annotate.ts.)
    if (symbols.size === 0 || pass === passes) return r;
    current = {
      ...current,
      options: {
        ...current.options,
        timeLimitMs: Math.max(1, Math.floor(limit / (2 * passes))),
        restrictions: [...current.options.restrictions, ...[...symbols].map((symbol) => ({ symbol, account: null, rule: 'no-buy' as const }))],
      },
    };
  }
}

function planWithStatsNow(input: PlanInput): { plan: PlanOutput; stats: PlanStats } {
  const t0 = performance.now();
  const limit = input.options.timeLimitMs;
  const mode = input.options.mode;
  let plan: PlanOutput;
  let r: Solved;
  if (mode === 'band') ({ plan, r } = planBand(input, t0, limit));
  else if (mode === 'raise') ({ plan, r } = planRaise(input, t0, limit));
  else if (mode === 'pinned') ({ plan, r } = planPinned(input, t0, limit));
  else if (mode === 'min-cash') ({ plan, r } = planMinCash(input, limit));
  else {
    const p = buildProblem(input);
    r = solve(p, t0, limit);
    plan = renderPlan(p, r.best.k, r.optimal, r.gap, r.optimal ? [] : [timeWarning(limit, r.gap, p)]);
  }
  const check = verifyPlan(input, plan);
  if (!check.ok) throw new PlanVerificationError(check.problems);
  return {
    plan,
    stats: { greedyObjective: r.greedyD === null ? null : plainString(sToDecimal(r.greedyD)), lowerBound: plainString(sToDecimal(r.lowerBound)), nodes: r.nodes, ms: performance.now() - t0 },
  };
}

/**
 * Band mode. Only sleeves out of band trade; every security with weight in an in-band sleeve (or a sleeve with
 * no band) has no variable, so in-band sleeves keep their holdings. The objective the search minimises is the
 * full mode's D with one change: for each out-of-band sleeve s, Tₛ is the nearest band edge (the upper edge
 * of an overweight sleeve, the lower edge of an underweight one) instead of the target, i.e. the term is
 * |Aₛ − edgeₛ| · V-scaled — the deviation from the nearest band edge; with options.toTarget it stays the target.
 * In-band sleeves' terms are constants (their securities do not trade); the Cash sleeve keeps its target. The
 * edge is rounded to a millionth of the household (the precision of targets). The plan's objective/drift are
 * still reported against the targets (as verifyPlan recomputes them); band.objective is the minimised one, and
 * optimal/gap refer to it.
 */
function planBand(input: PlanInput, t0: number, limit: number): { plan: PlanOutput; r: Solved } {
  const bands = sleeveBands(input);
  const frozen = frozenInBand(input, bands);
  const p0 = buildProblem(asFull(input));
  const target = [...p0.target];
  for (const b of bands) {
    if (b.status === 'in') continue;
    const s = p0.sleeves.indexOf(b.sleeve);
    const millionths = BigInt(b.aim.div(100).times(1e6).toFixed(0, Decimal.ROUND_HALF_EVEN));
    target[s] = millionths * p0.value;
  }
  const u0 = p0.u0.map((u, s) => u + (p0.target[s] as bigint) - (target[s] as bigint));
  const pb: Problem = { ...p0, target, u0, vars: p0.vars.filter((v) => !frozen.has((p0.securities[v.sec] as { symbol: string }).symbol)) };
  const r = solve(pb, t0, limit);
  const k = p0.vars.map((v) => {
    const j = pb.vars.indexOf(v);
    return j < 0 ? 0 : (r.best.k[j] as number);
  });
  const out = bands.filter((b) => b.status !== 'in');
  const extra = out.length === 0 ? ['every sleeve is within its band: nothing to trade'] : [];
  if (!r.optimal) extra.push(timeWarning(limit, r.gap, pb));
  const plan = renderPlan(p0, k, r.optimal, r.gap, extra);
  plan.band = {
    objective: plainString(sToDecimal(r.best.d)),
    toTarget: input.options.toTarget,
    sleeves: bands.map((b) => ({ sleeve: b.sleeve, status: b.status, before: ratioString(b.current, new Decimal(100)), aim: ratioString(b.aim, new Decimal(100)) })),
  };
  return { plan, r };
}

/**
 * Raise mode: a withdrawal per account (a negative cash flow, or options.raise). Sell-only: every variable is
 * a sale (no buys), and each account must end with cash ≥ its reserve after the withdrawal (the floor is the
 * reserve itself, not the cash it starts with). The objective is the full mode's D over the household after
 * the withdrawal, so sales come from overweight sleeves first; ties go to fewer trades, then to the lower
 * estimated tax (sales in tax-deferred and tax-free accounts cost none; HIFO lots realise the lowest gains).
 */
function planRaise(input: PlanInput, t0: number, limit: number): { plan: PlanOutput; r: Solved } {
  const p = buildProblem(asFull(input));
  for (const acc of p.accounts) {
    const a = input.accounts.find((x) => x.id === acc.id);
    acc.floor = toMicro(a?.cashReserve ?? 0) * 1_000_000n;
  }
  const vars = p.vars.filter((v) => v.kmin < 0).map((v) => ({ ...v, kmax: 0 }));
  const pr: Problem = { ...p, vars, warnings: p.warnings.filter((w) => !w.includes('is below its reserve')) };
  pr.accounts.forEach((acc, a) => {
    let can = acc.cash;
    for (const v of vars) if (v.account === a) can += v.unit * BigInt(-v.kmin);
    if (can < acc.floor) {
      const flow = input.options.cashFlows.get(acc.id) ?? new Decimal(0);
      throw new PlanInputError(
        `${acc.id} cannot raise ${moneyString(flow.negated())}: its cash after the withdrawal plus everything it can sell comes to ${moneyString(mToDecimal(can))}, ` +
          `${moneyString(mToDecimal(acc.floor - can))} short of its reserve ${moneyString(mToDecimal(acc.floor))}`,
        `options.cashFlows.${acc.id}`,
      );
    }
  });
  const r = solve(pr, t0, limit);
  const plan = renderPlan(pr, r.best.k, r.optimal, r.gap, r.optimal ? [] : [timeWarning(limit, r.gap, pr)]);
  return { plan, r };
}

/**
 * Pinned mode: the pinned trades (modes.ts resolves "sell 20%" and "buy $5,000" into shares) are applied
 * first and appear unchanged, first in the output; the rest is the full mode's problem on the household after
 * them, with no variable for a pinned (account, security) — so no second trade of it — and each account's
 * floor as before the pins (its reserve, or its starting cash if below), so a pinned buy may be paid by sales.
 */
function planPinned(input: PlanInput, t0: number, limit: number): { plan: PlanOutput; r: Solved } {
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
    r = solve(pp, t0, limit);
  } catch (e) {
    throw new PlanInputError(`the pinned trades leave an account below its cash reserve and the other holdings cannot cover it (${(e as Error).message})`, 'options.pinned');
  }
  const plan = renderPlan(pp, r.best.k, r.optimal, r.gap, r.optimal ? [] : [timeWarning(limit, r.gap, pp)]);
  plan.trades = [...pinnedTrades, ...plan.trades];
  const p0 = buildProblem(asFull(input));
  plan.drift.before = ratioString(sToDecimal(objectiveOf(p0.u0)), mToDecimal(p0.value).times(2));
  // Before/after, tax and flags from the household before the pins.
  return { plan: annotatePlan(input, plan), r };
}

/** A pinned trade as the plan lists it: its lots in the plan's lot order, and its gains in a taxable account. */
function pinnedTrade(input: PlanInput, pin: ReturnType<typeof resolvePinned>[number]): PlanTrade {
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

/**
 * Minimum-cash mode: the smallest new contribution (in cents) to one account (options.minCashAccount, default
 * the first account listed) with which a buy-only plan brings every banded sleeve into its band (with
 * options.toTarget: and every banded sleeve that starts below its target up to at least its target).
 *
 * Feasibility of an amount c is an exact optimisation: for each banded sleeve s with edges [Lₛ, Hₛ] (L rounded
 * up, H down, to a millionth of V) the problem gets two rows, Aₛ − Lₛ and Aₛ − Hₛ, and no Cash row. Since
 * |A − L| + |A − H| ≥ H − L with equality exactly when L ≤ A ≤ H, the minimum of Σ rows is Σ(Hₛ − Lₛ) iff
 * some buy-only plan puts every banded sleeve in band — and the plan found is then the witness. Amounts are
 * searched by doubling, then bisection on cents; the final amount's plan is verified. (Feasibility is not
 * monotone in c in every whole-share case; the answer is the smallest feasible amount the bisection meets,
 * proven smallest only where every smaller amount it tried was proven infeasible.)
 */
function planMinCash(input: PlanInput, limit: number): { plan: PlanOutput; r: Solved } {
  const accountId = input.options.minCashAccount ?? input.accounts[0]?.id;
  if (!accountId || !input.accounts.some((a) => a.id === accountId)) throw new PlanInputError(`unknown account "${accountId}"`, 'options.minCashAccount');
  const bands = sleeveBands(input).filter((b) => input.model.bands.has(b.sleeve));
  if (bands.length === 0) throw new PlanInputError('min-cash needs bands in the model (a sleeve with no band is never out of band)', 'model.bands');
  const perCheck = Math.max(50, Math.floor(limit / 10));
  let uncertain = false;
  // attempt(c): is there a deposit d ≤ c (cents) and a buy-only plan with every banded sleeve in band? The
  // deposit is a variable of the problem (monotone in c: what works with c works with more), so the bisection
  // below is exact wherever each check is proven. The rows are built on V without the contribution; the
  // deposit variable moves V (and so each edge row by −edge per cent) and the account's cash.
  const attempt = (cents: bigint): { ok: boolean; deposit: bigint; p: Problem; r: Solved } => {
    const flows = new Map(input.options.cashFlows);
    flows.set(accountId, (flows.get(accountId) ?? new Decimal(0)).plus(dec(cents.toString()).div(100)));
    const withCash: PlanInput = { ...input, options: { ...input.options, mode: 'invest', cashFlows: flows } };
    const p = buildProblem(withCash);
    const CENT = 10_000_000_000n; // $0.01 in M units
    const ai = p.accounts.findIndex((x) => x.id === accountId);
    const V0 = p.value - cents * CENT;
    const rowsU: bigint[] = [];
    const rowOf = new Map<number, number[]>();
    const depositCoef: bigint[] = [];
    for (const b of bands) {
      const s = p.sleeves.indexOf(b.sleeve);
      const cfg = input.model.bands.get(b.sleeve);
      if (!cfg) continue;
      const e = band(b.target, cfg.absolutePp, cfg.relativePct, input.model.bandRule);
      // toTarget: a sleeve below its target before must reach it (its lower edge is the target).
      const low = input.options.toTarget && b.current.lessThan(b.target) ? Decimal.max(e.low, b.target) : e.low;
      const loM = BigInt(low.div(100).times(1e6).ceil().toFixed(0));
      const hiM = BigInt(e.high.div(100).times(1e6).floor().toFixed(0));
      const A = (p.u0[s] as bigint) + (p.target[s] as bigint);
      rowOf.set(s, [rowsU.length, rowsU.length + 1]);
      rowsU.push(A - loM * V0, A - hiM * V0);
      depositCoef.push(loM * CENT, hiM * CENT);
    }
    const vars: PVar[] = p.vars.map((v) => {
      const sleeves: number[] = [];
      const coef: bigint[] = [];
      v.sleeves.forEach((s, x) => {
        for (const row of rowOf.get(s) ?? []) {
          sleeves.push(row);
          coef.push(v.coef[x] as bigint);
        }
      });
      return { ...v, sleeves, coef, coefF: coef.map((c) => Number(c) / 1e18) };
    });
    // The deposit, as a "sale" of cents: k = −d raises the account's cash by d cents and V by d cents. Each row
    // pair sums to 2·dist(A, [L·V, H·V]) + (H − L)·V, and V grows with d; one more row, −Big + W·d with
    // W = Σ(H − L) per cent and Big ≥ W·c (so it is never positive), adds Big − W·d and cancels that growth:
    // the objective is 2·Σ dist + a constant, minimal (= the constant) exactly when every banded sleeve is in
    // band, whatever the deposit.
    let W = 0n;
    for (let i = 0; i < depositCoef.length; i += 2) W += (depositCoef[i + 1] as bigint) - (depositCoef[i] as bigint);
    rowsU.push(-(W * cents) - 1n);
    depositCoef.push(-W);
    const rows = rowsU.map((_, i) => i);
    vars.push({
      account: ai,
      sec: -1,
      held: 0n,
      unit: CENT,
      kmin: -Number(cents),
      kmax: 0,
      minSteps: 1,
      sleeves: rows,
      coef: depositCoef,
      coefF: depositCoef.map((c) => Number(c) / 1e18),
      lots: null,
      taxable: false,
    });
    const accounts = p.accounts.map((x, i) => (i === ai ? { ...x, cash: x.cash - cents * CENT, floor: x.floor > x.cash - cents * CENT ? x.cash - cents * CENT : x.floor } : x));
    const pr: Problem = { ...p, accounts, sleeves: rows.map((i) => `row${i}`), cashSleeve: -1, target: rows.map(() => 0n), u0: rowsU, vars };
    const r = solve(pr, performance.now(), perCheck);
    const deposit = BigInt(-(r.best.k[vars.length - 1] as number));
    // In band iff every row pair meets its width: |A−L·V| + |A−H·V| = (H−L)·V exactly when L·V ≤ A ≤ H·V.
    const st = new State(pr);
    r.best.k.forEach((x, j) => st.apply(j, x));
    let inBand = V0 + deposit * CENT > 0n;
    for (let i = 0; i + 1 < rowsU.length; i += 2) {
      const lo = st.u[i] as bigint;
      const hi = st.u[i + 1] as bigint;
      if (lo < 0n || hi > 0n) inBand = false;
    }
    if (!inBand && !r.optimal) uncertain = true;
    return { ok: inBand, deposit, p, r };
  };
  let lo = 0n; // the largest amount found (or taken, on a time-out) to be infeasible
  let hi = 0n;
  let found = attempt(0n);
  if (!found.ok) {
    hi = 100n;
    for (;;) {
      found = attempt(hi);
      if (found.ok) break;
      lo = hi;
      if (hi > 10n ** 15n) throw new PlanInputError('no contribution up to $10 trillion brings every sleeve into its band by buying', 'options.mode');
      hi *= 2n;
    }
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      const t = attempt(mid);
      if (t.ok) {
        hi = mid;
        found = t;
      } else lo = mid;
    }
  }
  // The witness may deposit less than the amount searched (only when a check was cut short): plan with that.
  while (found.deposit < hi) {
    hi = found.deposit;
    const again = attempt(hi);
    if (!again.ok) break;
    found = again;
  }
  const total = moneyString(dec(hi.toString()).div(100));
  const extra = uncertain ? ['the time limit cut some feasibility checks short: a smaller amount may also suffice'] : [];
  const plan = renderPlan(found.p, found.r.best.k.slice(0, found.p.vars.length), !uncertain, 0n, extra);
  plan.minCash = { total, perAccount: { [accountId]: total } };
  return { plan, r: { ...found.r, optimal: !uncertain } };
}

/** Plans the "full" or "invest" mode for a parsed input; throws PlanVerificationError rather than return an unchecked plan. */
export function planRebalance(input: PlanInput, hooks?: PlanHooks): PlanOutput {
  return planWithStats(input, hooks).plan;
}

/** Parses the `keel plan --input FILE.json` format and plans it. */
export function planFromJson(raw: unknown, hooks?: PlanHooks): PlanOutput {
  return planRebalance(parsePlanInput(raw), hooks);
}
