// The search pipeline on a built problem, within a time limit for the whole call (the plan is rendered and
// verified after it, in modes/ and plan.ts):
//   1. LP relaxations (floats): one for the bound (its duals, evaluated exactly, with the lattice bound), one
//      charged per dollar traded for a calm start; each rounded, then the greedy and the exact change (fill.ts)
//      that spends every account's cash to the cent. A plan that meets the bound is proven optimal at once;
//   2. otherwise exact searches over each LP's fractional variables (local.ts), the greedy baseline from the
//      portfolio as it is (fallback, reported) and exact searches around the best plan over each sleeve's
//      finest securities;
//   3. on a small problem, an LP-based branch and bound on variable bounds (lpbranch.ts);
//   4. the depth-first exact branch and bound (bnb.ts) from the best start, bounded by LP duals and per-sleeve
//      intervals: the proven optimum, or on time-out the best plan with a proven gap. Once D is proven, what
//      time is left (a share of it) goes to the ties: fewer trades, then less tax.
import type { Problem, PVar } from '../problem.ts';
import { saleTax } from '../problem.ts';
import { betterSolution, costOf, solutionOf, State, stateOf, type Solution } from '../state.ts';
import { PlanInputError } from '../types.ts';
import { rootBound, rootCut } from './bounds.ts';
import { BNB_MAX_VARS, branchAndBound } from './bnb.ts';
import { undoChurn } from './exchange.ts';
import { cashFill, fewerTrades } from './fill.ts';
import { greedy } from './greedy.ts';
import { diveSearch, pairSearch, refineSearch } from './local.ts';
import { lpRelaxation, roundLp } from './lp.ts';
import { lpBranch, lpBranchApplies } from './lpbranch.ts';
import { settleTies } from './ties.ts';
import { searchTotals, totalsApply } from './totals.ts';

/** Told the D (S units) of each better plan the search finds; the caller decides how often to pass it on. */
export type OnBetter = (p: Problem, d: bigint) => void;

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
function repairCash(p: Problem, st: State): boolean {
  for (let a = 0; a < p.accounts.length; a++) {
    const acc = p.accounts[a];
    if (!acc) continue;
    for (;;) {
      const short = acc.floor - (st.cash[a] as bigint);
      if (short <= 0n) break;
      let saleVar = -1;
      let saleSteps = 0;
      let bestKey: [bigint, number, bigint] | null = null;
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
        if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
          bestKey = key;
          saleVar = j;
          saleSteps = t;
        }
      });
      if (saleVar < 0) return false;
      st.apply(saleVar, saleSteps);
    }
  }
  return true;
}

export interface Solved {
  best: Solution;
  optimal: boolean;
  gap: bigint;
  /** D of the greedy baseline, when it ran (not when a start was proven optimal before it). */
  greedyD: bigint | null;
  lowerBound: bigint;
  nodes: number;
  /** With optimal: the ties (fewest trades, then turnover, then tax) were settled exactly too. */
  tiesProven: boolean;
}

/** Largest problem the LP-based branch and bound takes on (beyond, its boxes rarely close in seconds). */
const LP_BRANCH_MAX_VARS = 40;
/** Largest problem the search over household totals (totals.ts) takes on. */
const TOTALS_MAX_VARS = 120;
/** Largest problem whose ties the branch and bound settles after its D is proven optimal. */
const TIE_SEARCH_MAX_VARS = 40;
/** Once D is proven optimal on a large problem: the share of the time limit that may go to fewer trades. */
const TIE_SHARE = 0.1;
/**
 * The most nodes the exact tie search (ties.ts) takes on a small problem — a budget rather than only the clock, so
 * that the same input settles its ties the same way on any machine that gets through it before the time limit.
 */
const TIE_NODES = 3000;

/** LP cost per dollar traded for the search's calm start: $1 of D per $10,000 traded. */
const TURNOVER_HINT = 1e-4;

/** The search on a built problem, within `limit` ms from t0, and its plan tidied (sellWhole). */
export function solve(p: Problem, t0: number, limit: number, onBetter: OnBetter | null = null): Solved {
  const r = search(p, t0, limit, onBetter);
  // No churn: a security sold in one account and bought in another only when D needs it (exchange.ts).
  const st = stateOf(p, r.best);
  const best = undoChurn(p, st, performance.now() + Math.max(10, limit * 0.05)) ? solutionOf(p, st) : r.best;
  return { ...r, best: sellWhole(p, best) };
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
function search(p: Problem, t0: number, limit: number, onBetter: OnBetter | null): Solved {
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
      onBetter?.(p, start.d);
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
    if (start.trades === 0) return { best: start, optimal: true, gap: 0n, greedyD, lowerBound: bound, nodes: 0, tiesProven: true };
    if (p.vars.length <= TIE_SEARCH_MAX_VARS) {
      const t = settleTies(p, start, deadline, TIE_NODES);
      return { best: t.best, optimal: true, gap: 0n, greedyD, lowerBound: bound, nodes: t.nodes, tiesProven: t.complete };
    }
    const until = Math.min(deadline, performance.now() + limit * TIE_SHARE);
    if (settled) {
      const trading = new Set(settled.k.flatMap((k, j) => (k !== 0 ? [j] : [])));
      cashFill(p, settled, until, bound, (j) => trading.has(j));
      cashFill(p, settled, until, bound);
      if (costOf(p, solutionOf(p, settled)) <= bound) consider(settled);
    }
    consider(fewerTrades(p, stateOf(p, start), until));
    return { best: start, optimal: true, gap: 0n, greedyD, lowerBound: bound, nodes: 0, tiesProven: false };
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
  //    depth-first search below cannot finish; its open boxes bound the rest. A household with a security in
  //    several accounts: also the search over household totals (totals.ts), which meets each plan once rather than
  //    once per way of splitting it across accounts. Neither knows in advance whether it will close, so they take
  //    turns in slices that double (each restarts; at most about twice the work of the one that proves it).
  const runs: ((until: number) => { lowerBound: bigint; best: Solution; closed: boolean })[] = [];
  if (lpBranchApplies(p, LP_BRANCH_MAX_VARS)) {
    runs.push((until) => {
      const r = lpBranch(p, start, until);
      return { lowerBound: r.lowerBound, best: r.best, closed: r.complete };
    });
  }
  if (totalsApply(p) && p.vars.length <= TOTALS_MAX_VARS) {
    runs.push((until) => {
      const r = searchTotals(p, start, until);
      return { lowerBound: r.lowerBound, best: r.best, closed: r.complete || performance.now() < until };
    });
  }
  for (let slice = Math.max(20, limit * 0.02); runs.length > 0 && left(0.95); slice *= 2) {
    for (let i = 0; i < runs.length; i++) {
      const last = runs.length === 1;
      const r = (runs[i] as (until: number) => { lowerBound: bigint; best: Solution; closed: boolean })(last ? at(0.95) : Math.min(at(0.95), performance.now() + slice));
      consider(stateOf(p, r.best));
      if (r.lowerBound > bound) bound = r.lowerBound;
      if (proven()) return done(greedyD);
      // A search that finished without proving has said all it can.
      if (r.closed) runs.splice(i--, 1);
    }
  }
  // Too large for the branch and bound: the rest of the time goes to the local search from the best start.
  if (p.vars.length > BNB_MAX_VARS && left(1)) {
    const best = stateOf(p, start);
    pairSearch(p, best, deadline);
    consider(best);
  }
  if (!left(1)) return { best: start, optimal: false, gap: costOf(p, start) - bound, greedyD, lowerBound: bound, nodes: 0, tiesProven: false };
  // 4. Branch and bound from the best start until the optimum is proven or the time is up.
  onBetter?.(p, start.d);
  const bb = branchAndBound(p, start, deadline, lp, onBetter ? (d) => onBetter(p, d) : undefined);
  // "optimal": D is proven minimal (the search finished, or the bound meets D). Ties (fewer trades, then less
  // tax) are settled exactly when the search finished, best-effort otherwise.
  const bestJ = costOf(p, bb.best);
  const lowerBound = bb.lowerBound > bound ? bb.lowerBound : bound;
  const optimal = bb.complete || lowerBound >= bestJ;
  if (optimal && !bb.complete && p.vars.length <= TIE_SEARCH_MAX_VARS) {
    // Proven by the bound with the search unfinished: the ties are still open.
    const t = settleTies(p, bb.best, deadline, TIE_NODES);
    return { best: t.best, optimal, gap: 0n, greedyD, lowerBound, nodes: bb.nodes + t.nodes, tiesProven: t.complete };
  }
  return { best: bb.best, optimal, gap: optimal ? 0n : bestJ - lowerBound, greedyD, lowerBound, nodes: bb.nodes, tiesProven: bb.complete };
}
