// The exact depth-first branch and bound (BigInt): the proven optimum, or on time-out the best plan found and
// a proven lower bound.
import { objectiveOf, saleTax, type Problem, type PVar } from '../problem.ts';
import { allowed, betterSolution, costOf, gainAt, type Solution } from '../state.ts';
import { minGain } from './bounds.ts';
import { ceilDiv, floorDiv, gcd } from './integers.ts';
import { LAG_SCALE, lpRelaxation, type Multipliers } from './lp.ts';

/** Node LPs are solved when the problem has at most this many variables (beyond, the root multipliers only). */
export const NODE_LP_MAX_VARS = 600;
/** Largest problem the (recursive) branch and bound takes on; larger ones keep the LP-rounded plan and its bound. */
export const BNB_MAX_VARS = 1200;

export interface BranchResult {
  best: Solution;
  /** True when the search space was exhausted: best is the proven optimum. */
  complete: boolean;
  /** A proven lower bound on D (S units): best.d when complete. */
  lowerBound: bigint;
  nodes: number;
}

/**
 * Exact depth-first branch and bound over the variables (largest step value first).
 *
 * Bound: with the first d variables fixed, each later variable moves every sleeve within the interval its
 * own step range allows; summing those intervals per sleeve (suffix sums) bounds where each uₛ can end, so
 * Σₛ dist(0, [uₛ + minₛ, uₛ + maxₛ]) ≤ D of every completion. It ignores the cash rows and the coupling
 * between sleeves, so it is weaker than an LP but valid, and it is convex in the value of the variable being
 * branched on: the values worth trying form an interval around its minimiser, enumerated outward and cut
 * off on each side as soon as the bound reaches the incumbent. Cash feasibility is checked per account
 * against what the unfixed variables of that account could still raise by selling.
 *
 * Ties: a completion replaces the incumbent only when it is lexicographically better on (D, trades, tax),
 * so the result is the optimum of the tie-broken objective when the search completes.
 */
export function branchAndBound(
  p: Problem,
  incumbent: Solution,
  deadline: number,
  multipliers?: Multipliers,
  onImprove?: (d: bigint) => void,
  /** Stop after this many nodes too (a budget that does not depend on the machine's speed). */
  maxNodes = Infinity,
  /**
   * A completion is taken only when this accepts it (the household search: a split across accounts exists); one it
   * refuses bounds the search no better than its own J, reported as `refused`.
   */
  accept?: (k: readonly number[]) => boolean,
): BranchResult & { refused: bigint | null } {
  const n = p.vars.length;
  // The Lagrangian bound's per-variable slope G_j (exact, scaled by LAG_SCALE).
  const mult = multipliers ?? lpRelaxation(p, incumbentU(p, incumbent), Number(incumbent.d) / 1e18);
  const search: Search = {
    p,
    tables: suffixTables(p, mult),
    mult,
    deadline,
    maxNodes,
    onImprove,
    accept,
    refused: null,
    // Node LPs: the LP relaxation with the variables fixed so far; its duals are this node's own multipliers.
    useNodeLp: n <= NODE_LP_MAX_VARS,
    u: [...p.u0],
    cash: p.accounts.map((a) => a.cash),
    k: new Array<number>(n).fill(0),
    fixLo: p.vars.map((v) => v.kmin),
    fixHi: p.vars.map((v) => v.kmax),
    turnover: 0n,
    gain: 0n,
    tax: 0n,
    best: incumbent,
    // J of the incumbent: every bound below is a bound on D, plus F for each trade already made.
    bestJ: costOf(p, incumbent),
    nodes: 0,
    timedOut: false,
    openLb: new Array<bigint>(n + 1).fill(0n),
    stopDepth: 0,
  };
  const rootLb = nodeBound(search, 0);
  // J is already proven minimal; with no trades nothing can win a tie either.
  if (rootLb >= search.bestJ && search.best.trades === 0) return { best: search.best, complete: true, lowerBound: search.bestJ, nodes: 0, refused: null };
  // The search recurses once per variable; beyond BNB_MAX_VARS only the root bound is reported.
  if (n > BNB_MAX_VARS) return { best: search.best, complete: false, lowerBound: rootLb, nodes: 0, refused: null };
  // (Each variable's step value is at least LAG_SCALE for any price ≥ $0.0011, so a Lagrangian slope is 0 or at
  // least one unit per step: the ceil'd linear bound has no plateaus and the bound stays quasi-convex in k.)
  visit(search, 0, 0);
  if (!search.timedOut) return { best: search.best, complete: true, lowerBound: search.bestJ, nodes: search.nodes, refused: search.refused };
  // Unexplored space when stopped: at each depth on the current path, the two tails not yet tried, and the
  // subtree of the node where the clock ran out. Every completion there has D ≥ its bound.
  let lb = search.bestJ;
  for (let d = 0; d <= search.stopDepth; d++) if ((search.openLb[d] as bigint) < lb) lb = search.openLb[d] as bigint;
  if (lb < rootLb) lb = rootLb;
  return { best: search.best, complete: false, lowerBound: lb, nodes: search.nodes, refused: search.refused };
}

/** What the search precomputes over its variable order: sums over the unfixed variables order[d..n−1] per depth d. */
interface SuffixTables {
  /** The variables, largest step value first. */
  order: number[];
  /** sleeveMin[d·S + s], sleeveMax[d·S + s]: the least and most the unfixed variables can move sleeve s. */
  sleeveMin: bigint[];
  sleeveMax: bigint[];
  /** sell[d·A + a]: the cash the unfixed variables of account a could still raise by selling. */
  sell: bigint[];
  /** stepGcd[d·A + a]: the gcd of the step values of the unfixed variables of account a (0: none). */
  stepGcd: bigint[];
  /** G_j: the Lagrangian bound's slope per step of variable j (scaled by LAG_SCALE). */
  slope: bigint[];
  /** lagrangian[d]: the minimum of Σ G_j·k_j over the unfixed variables' boxes. */
  lagrangian: bigint[];
  /** minGain[d]: the most gain the unfixed variables could still take back (their most negative gain), when the problem has a gain budget. */
  minGain: bigint[];
}

function suffixTables(p: Problem, mult: Multipliers): SuffixTables {
  const n = p.vars.length;
  const S = p.sleeves.length;
  const A = p.accounts.length;
  const order = p.vars.map((_, j) => j).sort((a, b) => {
    const ua = (p.vars[a] as PVar).unit;
    const ub = (p.vars[b] as PVar).unit;
    return ua > ub ? -1 : ua < ub ? 1 : a - b;
  });
  // Suffix intervals: sleeveMin[d*S+s] = Σ_{e ≥ d} min over k of coefₛ·k for variable order[e].
  const sleeveMin = new Array<bigint>((n + 1) * S).fill(0n);
  const sleeveMax = new Array<bigint>((n + 1) * S).fill(0n);
  const sell = new Array<bigint>((n + 1) * A).fill(0n);
  for (let d = n - 1; d >= 0; d--) {
    for (let s = 0; s < S; s++) {
      sleeveMin[d * S + s] = sleeveMin[(d + 1) * S + s] as bigint;
      sleeveMax[d * S + s] = sleeveMax[(d + 1) * S + s] as bigint;
    }
    for (let a = 0; a < A; a++) sell[d * A + a] = sell[(d + 1) * A + a] as bigint;
    const v = p.vars[order[d] as number] as PVar;
    for (let x = 0; x < v.sleeves.length; x++) {
      const s = v.sleeves[x] as number;
      const c = v.coef[x] as bigint;
      const lo = c * BigInt(v.kmin);
      const hi = c * BigInt(v.kmax);
      sleeveMin[d * S + s] = (sleeveMin[d * S + s] as bigint) + (lo < hi ? lo : hi);
      sleeveMax[d * S + s] = (sleeveMax[d * S + s] as bigint) + (lo < hi ? hi : lo);
    }
    sell[d * A + v.account] = (sell[d * A + v.account] as bigint) + v.unit * BigInt(-v.kmin);
  }
  // gcd cuts: an account's cash moves in multiples of the gcd g of its remaining variables' step values, so its
  // leftover above the floor is at least (cash − floor) mod g — valid for every integer completion.
  const stepGcd = new Array<bigint>((n + 1) * A).fill(0n);
  for (let d = n - 1; d >= 0; d--) {
    for (let a = 0; a < A; a++) stepGcd[d * A + a] = stepGcd[(d + 1) * A + a] as bigint;
    const v = p.vars[order[d] as number] as PVar;
    stepGcd[d * A + v.account] = gcd(stepGcd[d * A + v.account] as bigint, v.unit);
  }
  const slope = p.vars.map((v) => lagrangeSlope(mult, v));
  const lagrangian = new Array<bigint>(n + 1).fill(0n);
  for (let d = n - 1; d >= 0; d--) {
    const j = order[d] as number;
    const v = p.vars[j] as PVar;
    const g = slope[j] as bigint;
    const a1 = g * BigInt(v.kmin);
    const a2 = g * BigInt(v.kmax);
    lagrangian[d] = (lagrangian[d + 1] as bigint) + (a1 < a2 ? a1 : a2);
  }
  // Turnover (Σ |k|·unit) only grows as variables are fixed, so the cap prunes exactly; the gain budget prunes
  // with the most gain the unfixed variables could still take back (their most negative gain, suffix sums).
  const minGains = new Array<bigint>(n + 1).fill(0n);
  if (p.gainBudget !== null) {
    for (let d = n - 1; d >= 0; d--) minGains[d] = (minGains[d + 1] as bigint) + minGain(p, p.vars[order[d] as number] as PVar);
  }
  return { order, sleeveMin, sleeveMax, sell, stepGcd, slope, lagrangian, minGain: minGains };
}

/** The Lagrangian slope of variable v under multipliers mult: Σₛ λₛ·coefₛ + μₐ·unit, per step (scaled by LAG_SCALE). */
function lagrangeSlope(mult: Multipliers, v: PVar): bigint {
  let g = (mult.Mu[v.account] as bigint) * v.unit * 1_000_000n;
  for (let x = 0; x < v.sleeves.length; x++) g += (mult.L[v.sleeves[x] as number] as bigint) * (v.coef[x] as bigint);
  return g;
}

/** The search: its fixed inputs, the path being explored (the fixed variables' effect) and the incumbent. */
interface Search {
  readonly p: Problem;
  readonly tables: SuffixTables;
  readonly mult: Multipliers;
  readonly deadline: number;
  readonly maxNodes: number;
  readonly onImprove: ((d: bigint) => void) | undefined;
  readonly accept: ((k: readonly number[]) => boolean) | undefined;
  /** The least J of a completion `accept` refused (null: none). */
  refused: bigint | null;
  readonly useNodeLp: boolean;
  /** uₛ, cash per account and k per variable with the variables order[0..d−1] fixed. */
  u: bigint[];
  cash: bigint[];
  k: number[];
  /** Each variable's box for the node LPs: its fixed value once fixed, its whole range before. */
  fixLo: number[];
  fixHi: number[];
  /** Turnover, realised gain and estimated tax of the fixed variables. */
  turnover: bigint;
  gain: bigint;
  tax: bigint;
  best: Solution;
  bestJ: bigint;
  nodes: number;
  timedOut: boolean;
  /** openLb[d]: the bound of what stays unexplored at depth d of the current path (for the bound on a time-out). */
  openLb: bigint[];
  stopDepth: number;
}

/** The gcd cut of every account with the variables order[0..d−1] fixed. */
function cutAt(search: Search, d: number): bigint[] {
  const A = search.p.accounts.length;
  return search.p.accounts.map((acc, a) => {
    const g = search.tables.stepGcd[d * A + a] as bigint;
    const x = (search.cash[a] as bigint) - acc.floor;
    return g === 0n ? x : ((x % g) + g) % g;
  });
}

/** The fixed part of the Lagrangian bound of multipliers mult at depth d: Σ λₛuₛ − Σ μₐ·(slackₐ − cutₐ), scaled. */
function lagrangeBase(search: Search, mult: Multipliers, cut: readonly bigint[]): bigint {
  const { p, u, cash } = search;
  let b = 0n;
  for (let s = 0; s < p.sleeves.length; s++) b += (mult.L[s] as bigint) * (u[s] as bigint);
  for (let a = 0; a < p.accounts.length; a++) b -= (mult.Mu[a] as bigint) * ((cash[a] as bigint) - (p.accounts[a]?.floor ?? 0n) - (cut[a] as bigint)) * 1_000_000n;
  return b;
}

/** The least |u| of sleeve s can reach once the variables order[d..] move it (its interval's distance from 0). */
function sleeveDist(search: Search, u: bigint, d: number, s: number): bigint {
  const S = search.p.sleeves.length;
  const lo = u + (search.tables.sleeveMin[d * S + s] as bigint);
  if (lo > 0n) return lo;
  const hi = u + (search.tables.sleeveMax[d * S + s] as bigint);
  return hi < 0n ? -hi : 0n;
}

/** The bound on D of every completion of the node at depth d: the larger of the interval and Lagrangian bounds. */
function nodeBound(search: Search, d: number): bigint {
  let lb = 0n;
  for (let s = 0; s < search.p.sleeves.length; s++) lb += sleeveDist(search, search.u[s] as bigint, d, s);
  const lag = ceilDiv(lagrangeBase(search, search.mult, cutAt(search, d)) + (search.tables.lagrangian[d] as bigint), LAG_SCALE);
  return lag > lb ? lag : lb;
}

/** A node: the variable order[d] being branched on, with `trades` trades among the fixed ones, and its bound's parts. */
interface Branch {
  d: number;
  trades: number;
  j: number;
  v: PVar;
  /** The interval bound of the sleeves this variable does not touch. */
  untouched: bigint;
  /** The Lagrangian bound without this variable's term (scaled), and its slope. */
  lag0: bigint;
  slope: bigint;
  /** The same from this node's own LP, when it solved. */
  nodeLp: { lag0: bigint; slope: bigint } | null;
}

const F = (search: Search): bigint => search.p.tradeCost;

function visit(search: Search, d: number, trades: number): void {
  if (search.timedOut) return;
  const { p, tables } = search;
  if ((++search.nodes % 256 === 0 || search.useNodeLp) && (performance.now() > search.deadline || search.nodes > search.maxNodes)) {
    // Stopped here: this node's whole subtree is unexplored, bounded by the node's own bound.
    search.timedOut = true;
    search.stopDepth = d;
    search.openLb[d] = nodeBound(search, d) + F(search) * BigInt(trades);
    return;
  }
  if (d === p.vars.length) {
    const D = objectiveOf(search.u);
    const cand = { d: D, trades, turnover: search.turnover, tax: search.tax };
    if (betterSolution(p, cand, search.best)) {
      if (search.accept && !search.accept(search.k)) {
        const j = costOf(p, cand);
        if (search.refused === null || j < search.refused) search.refused = j;
        return;
      }
      search.best = { k: [...search.k], ...cand };
      search.bestJ = costOf(p, search.best);
      search.onImprove?.(D);
    }
    return;
  }
  const j = tables.order[d] as number;
  const v = p.vars[j] as PVar;
  // Bound of the untouched sleeves, then of this variable's sleeves as a function of its k.
  let untouched = 0n;
  const touched = new Set(v.sleeves);
  for (let s = 0; s < p.sleeves.length; s++) if (!touched.has(s)) untouched += sleeveDist(search, search.u[s] as bigint, d + 1, s);
  const branch: Branch = {
    d,
    trades,
    j,
    v,
    untouched,
    lag0: lagrangeBase(search, search.mult, cutAt(search, d)) + (tables.lagrangian[d + 1] as bigint),
    slope: tables.slope[j] as bigint,
    nodeLp: null,
  };
  if (search.useNodeLp) {
    const cut = cutAt(search, d);
    const m = lpRelaxation(p, null, 0, { lo: search.fixLo, hi: search.fixHi }, search.deadline, cut);
    if (m.x) {
      let b0 = lagrangeBase(search, m, cut);
      for (let e = d + 1; e < p.vars.length; e++) {
        const w = p.vars[tables.order[e] as number] as PVar;
        const g = lagrangeSlope(m, w);
        const a1 = g * BigInt(w.kmin);
        const a2 = g * BigInt(w.kmax);
        b0 += a1 < a2 ? a1 : a2;
      }
      const g = lagrangeSlope(m, v);
      branch.nodeLp = { lag0: b0, slope: g };
      // The whole node: the minimum over this variable's box too.
      const a1 = g * BigInt(v.kmin);
      const a2 = g * BigInt(v.kmax);
      const whole = ceilDiv(b0 + (a1 < a2 ? a1 : a2), LAG_SCALE) + F(search) * BigInt(trades);
      if (whole > search.bestJ || (whole === search.bestJ && trades > search.best.trades)) return;
    }
  }
  const A = p.accounts.length;
  const acc = p.accounts[v.account];
  const spare = (search.cash[v.account] as bigint) + (tables.sell[(d + 1) * A + v.account] as bigint) - (acc?.floor ?? 0n);
  let hi = Math.min(v.kmax, Number(floorDiv(spare, v.unit)));
  let lo = v.kmin;
  if (p.turnoverCap !== null) {
    const room = Number((p.turnoverCap - search.turnover) / v.unit);
    hi = Math.min(hi, room);
    lo = Math.max(lo, -room);
  }
  if (lo > hi) return;
  // Minimiser of the convex bound: smallest kk with lb(kk+1) ≥ lb(kk).
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = a + Math.floor((b - a) / 2);
    if (valueBound(search, branch, m + 1) >= valueBound(search, branch, m)) b = m;
    else a = m + 1;
  }
  enumerateOutward(search, branch, lo, hi, a);
}

/** The bound on D of every completion with this variable at kk. */
function valueBound(search: Search, branch: Branch, kk: number): bigint {
  const { v, d } = branch;
  let lb = branch.untouched;
  const bk = BigInt(kk);
  for (let x = 0; x < v.sleeves.length; x++) {
    const s = v.sleeves[x] as number;
    lb += sleeveDist(search, (search.u[s] as bigint) + (v.coef[x] as bigint) * bk, d + 1, s);
  }
  // The Lagrangian bound is linear in k (G_j per step); the maximum of the two convex bounds is convex.
  const lag = ceilDiv(branch.lag0 + branch.slope * bk, LAG_SCALE);
  if (lag > lb) lb = lag;
  if (branch.nodeLp) {
    const nl = ceilDiv(branch.nodeLp.lag0 + branch.nodeLp.slope * bk, LAG_SCALE);
    if (nl > lb) lb = nl;
  }
  return lb;
}

/** Fixes the variable at kk (when the bound, the gain budget and the minimum trade allow) and searches below. */
function tryValue(search: Search, branch: Branch, kk: number): void {
  const { p } = search;
  const { v, j, d, trades } = branch;
  if (!allowed(v, kk)) return;
  const t = kk === 0 ? trades : trades + 1;
  const lb = valueBound(search, branch, kk) + F(search) * BigInt(t);
  if (lb > search.bestJ || (lb === search.bestJ && t > search.best.trades)) return;
  // Lexicographic: at the incumbent's J and trades, turnover (which only grows as variables are fixed) decides.
  const turn = v.unit * BigInt(Math.abs(kk));
  if (lb === search.bestJ && t === search.best.trades && search.turnover + turn > search.best.turnover) return;
  const budget = p.gainBudget;
  const g = budget !== null ? gainAt(p, v, kk) : 0n;
  if (budget !== null && search.gain + g + (search.tables.minGain[d + 1] as bigint) > budget) return;
  search.turnover += turn;
  search.gain += g;
  const bk = BigInt(kk);
  const { u, cash } = search;
  for (let x = 0; x < v.sleeves.length; x++) {
    const s = v.sleeves[x] as number;
    u[s] = (u[s] as bigint) + (v.coef[x] as bigint) * bk;
  }
  cash[v.account] = (cash[v.account] as bigint) - v.unit * bk;
  const tax = kk < 0 ? saleTax(p, v, -kk) : 0n;
  search.tax += tax;
  search.k[j] = kk;
  search.fixLo[j] = kk;
  search.fixHi[j] = kk;
  visit(search, d + 1, t);
  search.fixLo[j] = v.kmin;
  search.fixHi[j] = v.kmax;
  search.k[j] = 0;
  search.tax -= tax;
  search.turnover -= turn;
  search.gain -= g;
  cash[v.account] = (cash[v.account] as bigint) + v.unit * bk;
  for (let x = 0; x < v.sleeves.length; x++) {
    const s = v.sleeves[x] as number;
    u[s] = (u[s] as bigint) - (v.coef[x] as bigint) * bk;
  }
}

/** The values of a branch still to try: `right` upwards and `left` downwards from the bound's minimiser. */
interface Walk {
  left: number;
  right: number;
  leftOpen: boolean;
  rightOpen: boolean;
}

/**
 * Enumerates the branch's values outward from kStar; a side stops once its bound exceeds the incumbent
 * (convexity), or, when only a hold could still tie, jumps straight to 0.
 */
function enumerateOutward(search: Search, branch: Branch, lo: number, hi: number, kStar: number): void {
  const walk: Walk = { left: kStar - 1, right: kStar, leftOpen: kStar - 1 >= lo, rightOpen: true };
  while (!search.timedOut) {
    if (walk.rightOpen && walk.right > hi) walk.rightOpen = false;
    if (walk.leftOpen && walk.left < lo) walk.leftOpen = false;
    if (!walk.rightOpen && !walk.leftOpen) break;
    // Alternate, preferring the side with the smaller bound.
    if (walk.rightOpen && (!walk.leftOpen || valueBound(search, branch, walk.right) <= valueBound(search, branch, walk.left))) sideStep(search, branch, walk, 'r', lo, hi);
    else sideStep(search, branch, walk, 'l', lo, hi);
  }
  if (!search.timedOut) search.openLb[branch.d] = search.bestJ;
}

function sideStep(search: Search, branch: Branch, walk: Walk, side: 'l' | 'r', lo: number, hi: number): void {
  const { trades } = branch;
  const kk = side === 'r' ? walk.right : walk.left;
  const lb = valueBound(search, branch, kk) + F(search) * BigInt(kk === 0 ? trades : trades + 1);
  const canTieOnlyByHold = trades + 1 > search.best.trades;
  const bestJ = search.bestJ;
  let next = side === 'r' ? kk + 1 : kk - 1;
  if (kk === 0 ? lb > bestJ || (lb === bestJ && trades > search.best.trades) : lb > bestJ || (lb === bestJ && canTieOnlyByHold)) {
    if (kk === 0) {
      if (side === 'r') walk.rightOpen = false;
      else walk.leftOpen = false;
      return;
    }
    // Every further value on this side is at least as bad, except a hold (one trade fewer, F less), if it
    // lies on this side.
    if (side === 'r' && kk < 0 && 0 <= hi) next = 0;
    else if (side === 'l' && kk > 0 && 0 >= lo) next = 0;
    else {
      if (side === 'r') walk.rightOpen = false;
      else walk.leftOpen = false;
      return;
    }
    if (side === 'r') walk.right = next;
    else walk.left = next;
    return;
  }
  // Record what stays unexplored at this depth (the two tails) before descending.
  if (side === 'r') walk.right = next;
  else walk.left = next;
  search.openLb[branch.d] = tailBound(search, branch, walk, lo, hi);
  tryValue(search, branch, kk);
}

/** The bound of the values of this branch not yet tried (the incumbent's J when none is left). */
function tailBound(search: Search, branch: Branch, walk: Walk, lo: number, hi: number): bigint {
  const Ft = F(search) * BigInt(branch.trades);
  let m = search.bestJ;
  if (walk.rightOpen && walk.right <= hi) {
    const x = valueBound(search, branch, walk.right) + Ft;
    if (x < m) m = x;
  }
  if (walk.leftOpen && walk.left >= lo) {
    const x = valueBound(search, branch, walk.left) + Ft;
    if (x < m) m = x;
  }
  return m;
}

/** uₛ of a solution. */
function incumbentU(p: Problem, sol: Solution): bigint[] {
  const u = [...p.u0];
  sol.k.forEach((k, j) => {
    if (k === 0) return;
    const v = p.vars[j] as PVar;
    for (let x = 0; x < v.sleeves.length; x++) u[v.sleeves[x] as number] = (u[v.sleeves[x] as number] as bigint) + (v.coef[x] as bigint) * BigInt(k);
  });
  return u;
}
