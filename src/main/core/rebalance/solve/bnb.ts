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
): BranchResult {
  const n = p.vars.length;
  const S = p.sleeves.length;
  const A = p.accounts.length;
  const order = p.vars.map((_, j) => j).sort((a, b) => {
    const ua = (p.vars[a] as PVar).unit;
    const ub = (p.vars[b] as PVar).unit;
    return ua > ub ? -1 : ua < ub ? 1 : a - b;
  });
  // Suffix intervals: sufMin[d*S+s] = Σ_{e ≥ d} min over k of coefₛ·k for variable order[e].
  const sufMin = new Array<bigint>((n + 1) * S).fill(0n);
  const sufMax = new Array<bigint>((n + 1) * S).fill(0n);
  const sufSell = new Array<bigint>((n + 1) * A).fill(0n);
  for (let d = n - 1; d >= 0; d--) {
    for (let s = 0; s < S; s++) {
      sufMin[d * S + s] = sufMin[(d + 1) * S + s] as bigint;
      sufMax[d * S + s] = sufMax[(d + 1) * S + s] as bigint;
    }
    for (let a = 0; a < A; a++) sufSell[d * A + a] = sufSell[(d + 1) * A + a] as bigint;
    const v = p.vars[order[d] as number] as PVar;
    for (let x = 0; x < v.sleeves.length; x++) {
      const s = v.sleeves[x] as number;
      const c = v.coef[x] as bigint;
      const lo = c * BigInt(v.kmin);
      const hi = c * BigInt(v.kmax);
      sufMin[d * S + s] = (sufMin[d * S + s] as bigint) + (lo < hi ? lo : hi);
      sufMax[d * S + s] = (sufMax[d * S + s] as bigint) + (lo < hi ? hi : lo);
    }
    sufSell[d * A + v.account] = (sufSell[d * A + v.account] as bigint) + v.unit * BigInt(-v.kmin);
  }
  // gcd cuts: an account's cash moves in multiples of the gcd g of its remaining variables' step values, so its
  // leftover above the floor is at least (cash − floor) mod g — valid for every integer completion.
  const sufGcd = new Array<bigint>((n + 1) * A).fill(0n);
  for (let d = n - 1; d >= 0; d--) {
    for (let a = 0; a < A; a++) sufGcd[d * A + a] = sufGcd[(d + 1) * A + a] as bigint;
    const v = p.vars[order[d] as number] as PVar;
    sufGcd[d * A + v.account] = gcd(sufGcd[d * A + v.account] as bigint, v.unit);
  }
  const cutAt = (d: number): bigint[] =>
    p.accounts.map((acc, a) => {
      const g = sufGcd[d * A + a] as bigint;
      const x = (cash[a] as bigint) - acc.floor;
      return g === 0n ? x : ((x % g) + g) % g;
    });
  // The Lagrangian bound's per-variable slope G_j and suffix minima over the boxes (exact, scaled by LAG_SCALE).
  const mult = multipliers ?? lpRelaxation(p, incumbentU(p, incumbent), Number(incumbent.d) / 1e18);
  const G = p.vars.map((v) => {
    let g = (mult.Mu[v.account] as bigint) * v.unit * 1_000_000n;
    for (let x = 0; x < v.sleeves.length; x++) g += (mult.L[v.sleeves[x] as number] as bigint) * (v.coef[x] as bigint);
    return g;
  });
  const sufLag = new Array<bigint>(n + 1).fill(0n);
  for (let d = n - 1; d >= 0; d--) {
    const j = order[d] as number;
    const v = p.vars[j] as PVar;
    const g = G[j] as bigint;
    const a1 = g * BigInt(v.kmin);
    const a2 = g * BigInt(v.kmax);
    sufLag[d] = (sufLag[d + 1] as bigint) + (a1 < a2 ? a1 : a2);
  }
  const lagBase = (d: number): bigint => {
    const cut = cutAt(d);
    let b = 0n;
    for (let s = 0; s < S; s++) b += (mult.L[s] as bigint) * (u[s] as bigint);
    for (let a = 0; a < A; a++) b -= (mult.Mu[a] as bigint) * ((cash[a] as bigint) - (p.accounts[a]?.floor ?? 0n) - (cut[a] as bigint)) * 1_000_000n;
    return b;
  };
  const dist = (u: bigint, d: number, s: number): bigint => {
    const lo = u + (sufMin[d * S + s] as bigint);
    if (lo > 0n) return lo;
    const hi = u + (sufMax[d * S + s] as bigint);
    return hi < 0n ? -hi : 0n;
  };

  // Turnover (Σ |k|·unit) only grows as variables are fixed, so the cap prunes exactly; the gain budget prunes
  // with the most gain the unfixed variables could still take back (their most negative gain, suffix sums).
  const cap = p.turnoverCap;
  const budget = p.gainBudget;
  const sufMinGain = new Array<bigint>(n + 1).fill(0n);
  if (budget !== null) {
    for (let d = n - 1; d >= 0; d--) sufMinGain[d] = (sufMinGain[d + 1] as bigint) + minGain(p, p.vars[order[d] as number] as PVar);
  }
  let turnSoFar = 0n;
  let gainSoFar = 0n;
  const u = [...p.u0];
  const cash = p.accounts.map((a) => a.cash);
  const k = new Array<number>(n).fill(0);
  let best = incumbent;
  const F = p.tradeCost;
  // J of the incumbent: every bound below is a bound on D, plus F for each trade already made.
  let bestJ = costOf(p, best);
  let nodes = 0;
  let timedOut = false;
  const openLb: bigint[] = new Array<bigint>(n + 1).fill(0n);
  let stopDepth = 0;
  let taxSoFar = 0n;

  const nodeLb = (d: number): bigint => {
    let lb = 0n;
    for (let s = 0; s < S; s++) lb += dist(u[s] as bigint, d, s);
    const lag = ceilDiv(lagBase(d) + (sufLag[d] as bigint), LAG_SCALE);
    return lag > lb ? lag : lb;
  };
  const rootLb = nodeLb(0);
  // J is already proven minimal; with no trades nothing can win a tie either.
  if (rootLb >= bestJ && best.trades === 0) return { best, complete: true, lowerBound: bestJ, nodes: 0 };
  // The search recurses once per variable; beyond BNB_MAX_VARS only the root bound is reported.
  if (n > BNB_MAX_VARS) return { best, complete: false, lowerBound: rootLb, nodes: 0 };
  // Node LPs: the LP relaxation with the variables fixed so far; its duals are this node's own multipliers.
  const useNodeLp = n <= NODE_LP_MAX_VARS;
  // (Each variable's step value is at least LAG_SCALE for any price ≥ $0.0011, so a Lagrangian slope is 0 or at
  // least one unit per step: the ceil'd linear bound has no plateaus and the bound stays quasi-convex in k.)
  const fixLo = p.vars.map((v) => v.kmin);
  const fixHi = p.vars.map((v) => v.kmax);


  const visit = (d: number, trades: number): void => {
    if (timedOut) return;
    if ((++nodes % 256 === 0 || useNodeLp) && (performance.now() > deadline || nodes > maxNodes)) {
      // Stopped here: this node's whole subtree is unexplored, bounded by the node's own bound.
      timedOut = true;
      stopDepth = d;
      openLb[d] = nodeLb(d) + F * BigInt(trades);
      return;
    }
    if (d === n) {
      const D = objectiveOf(u);
      const cand = { d: D, trades, tax: taxSoFar };
      if (betterSolution(p, cand, best)) {
        best = { k: [...k], ...cand };
        bestJ = costOf(p, best);
        onImprove?.(D);
      }
      return;
    }
    const j = order[d] as number;
    const v = p.vars[j] as PVar;
    // Bound of the untouched sleeves, then of this variable's sleeves as a function of its k.
    let base = 0n;
    const touched = new Set(v.sleeves);
    for (let s = 0; s < S; s++) if (!touched.has(s)) base += dist(u[s] as bigint, d + 1, s);
    const lag0 = lagBase(d) + (sufLag[d + 1] as bigint);
    const gj = G[j] as bigint;
    let nodeLag0 = 0n;
    let nodeG = 0n;
    let haveNode = false;
    if (useNodeLp) {
      const cut = cutAt(d);
      const m = lpRelaxation(p, null, 0, { lo: fixLo, hi: fixHi }, deadline, cut);
      if (m.x) {
        haveNode = true;
        const gOf = (w: PVar): bigint => {
          let g = (m.Mu[w.account] as bigint) * w.unit * 1_000_000n;
          for (let x = 0; x < w.sleeves.length; x++) g += (m.L[w.sleeves[x] as number] as bigint) * (w.coef[x] as bigint);
          return g;
        };
        let b0 = 0n;
        for (let s = 0; s < S; s++) b0 += (m.L[s] as bigint) * (u[s] as bigint);
        for (let a = 0; a < A; a++) b0 -= (m.Mu[a] as bigint) * ((cash[a] as bigint) - (p.accounts[a]?.floor ?? 0n) - (cut[a] as bigint)) * 1_000_000n;
        for (let e = d + 1; e < n; e++) {
          const w = p.vars[order[e] as number] as PVar;
          const g = gOf(w);
          const a1 = g * BigInt(w.kmin);
          const a2 = g * BigInt(w.kmax);
          b0 += a1 < a2 ? a1 : a2;
        }
        nodeLag0 = b0;
        nodeG = gOf(v);
        // The whole node: the minimum over this variable's box too.
        const a1 = nodeG * BigInt(v.kmin);
        const a2 = nodeG * BigInt(v.kmax);
        const whole = ceilDiv(b0 + (a1 < a2 ? a1 : a2), LAG_SCALE) + F * BigInt(trades);
        if (whole > bestJ || (whole === bestJ && trades > best.trades)) return;
      }
    }
    const lbAt = (kk: number): bigint => {
      let lb = base;
      const bk = BigInt(kk);
      for (let x = 0; x < v.sleeves.length; x++) {
        const s = v.sleeves[x] as number;
        lb += dist((u[s] as bigint) + (v.coef[x] as bigint) * bk, d + 1, s);
      }
      // The Lagrangian bound is linear in k (G_j per step); the maximum of the two convex bounds is convex.
      const lag = ceilDiv(lag0 + gj * bk, LAG_SCALE);
      if (lag > lb) lb = lag;
      if (haveNode) {
        const nl = ceilDiv(nodeLag0 + nodeG * bk, LAG_SCALE);
        if (nl > lb) lb = nl;
      }
      return lb;
    };
    const acc = p.accounts[v.account];
    const spare = (cash[v.account] as bigint) + (sufSell[(d + 1) * A + v.account] as bigint) - (acc?.floor ?? 0n);
    let hi = Math.min(v.kmax, Number(floorDiv(spare, v.unit)));
    let lo = v.kmin;
    if (cap !== null) {
      const room = Number((cap - turnSoFar) / v.unit);
      hi = Math.min(hi, room);
      lo = Math.max(lo, -room);
    }
    if (lo > hi) return;
    // Minimiser of the convex bound: smallest kk with lb(kk+1) ≥ lb(kk).
    let a = lo;
    let b = hi;
    while (a < b) {
      const m = a + Math.floor((b - a) / 2);
      if (lbAt(m + 1) >= lbAt(m)) b = m;
      else a = m + 1;
    }
    const kStar = a;
    const tryValue = (kk: number): void => {
      if (!allowed(v, kk)) return;
      const t = kk === 0 ? trades : trades + 1;
      const lb = lbAt(kk) + F * BigInt(t);
      if (lb > bestJ || (lb === bestJ && t > best.trades)) return;
      const g = budget !== null ? gainAt(p, v, kk) : 0n;
      if (budget !== null && gainSoFar + g + (sufMinGain[d + 1] as bigint) > budget) return;
      const turn = v.unit * BigInt(Math.abs(kk));
      turnSoFar += turn;
      gainSoFar += g;
      const bk = BigInt(kk);
      for (let x = 0; x < v.sleeves.length; x++) {
        const s = v.sleeves[x] as number;
        u[s] = (u[s] as bigint) + (v.coef[x] as bigint) * bk;
      }
      cash[v.account] = (cash[v.account] as bigint) - v.unit * bk;
      const tax = kk < 0 ? saleTax(p, v, -kk) : 0n;
      taxSoFar += tax;
      k[j] = kk;
      fixLo[j] = kk;
      fixHi[j] = kk;
      visit(d + 1, t);
      fixLo[j] = v.kmin;
      fixHi[j] = v.kmax;
      k[j] = 0;
      taxSoFar -= tax;
      turnSoFar -= turn;
      gainSoFar -= g;
      cash[v.account] = (cash[v.account] as bigint) + v.unit * bk;
      for (let x = 0; x < v.sleeves.length; x++) {
        const s = v.sleeves[x] as number;
        u[s] = (u[s] as bigint) - (v.coef[x] as bigint) * bk;
      }
    };
    // Enumerate outward from kStar; a side stops once its bound exceeds the incumbent (convexity), or, when
    // only a hold could still tie, jumps straight to 0.
    let left = kStar - 1;
    let right = kStar;
    let leftOpen = left >= lo;
    let rightOpen = true;
    const sideStep = (side: 'l' | 'r'): void => {
      const kk = side === 'r' ? right : left;
      const lb = lbAt(kk) + F * BigInt(kk === 0 ? trades : trades + 1);
      const canTieOnlyByHold = trades + 1 > best.trades;
      let next = side === 'r' ? kk + 1 : kk - 1;
      if (kk === 0 ? lb > bestJ || (lb === bestJ && trades > best.trades) : lb > bestJ || (lb === bestJ && canTieOnlyByHold)) {
        if (kk === 0) {
          if (side === 'r') rightOpen = false;
          else leftOpen = false;
          return;
        }
        // Every further value on this side is at least as bad, except a hold (one trade fewer, F less), if it
        // lies on this side.
        if (side === 'r' && kk < 0 && 0 <= hi) next = 0;
        else if (side === 'l' && kk > 0 && 0 >= lo) next = 0;
        else {
          if (side === 'r') rightOpen = false;
          else leftOpen = false;
          return;
        }
        if (side === 'r') right = next;
        else left = next;
        return;
      }
      // Record what stays unexplored at this depth (the two tails) before descending.
      if (side === 'r') right = next;
      else left = next;
      openLb[d] = tailBound();
      tryValue(kk);
    };
    const tailBound = (): bigint => {
      let m = bestJ;
      if (rightOpen && right <= hi) {
        const x = lbAt(right) + F * BigInt(trades);
        if (x < m) m = x;
      }
      if (leftOpen && left >= lo) {
        const x = lbAt(left) + F * BigInt(trades);
        if (x < m) m = x;
      }
      return m;
    };
    while (!timedOut) {
      if (rightOpen && right > hi) rightOpen = false;
      if (leftOpen && left < lo) leftOpen = false;
      if (!rightOpen && !leftOpen) break;
      // Alternate, preferring the side with the smaller bound.
      if (rightOpen && (!leftOpen || lbAt(right) <= lbAt(left))) sideStep('r');
      else sideStep('l');
    }
    if (!timedOut) openLb[d] = bestJ;
  };

  visit(0, 0);
  if (!timedOut) return { best, complete: true, lowerBound: bestJ, nodes };
  // Unexplored space when stopped: at each depth on the current path, the two tails not yet tried, and the
  // subtree of the node where the clock ran out. Every completion there has D ≥ its bound.
  let lb = bestJ;
  for (let d = 0; d <= stopDepth; d++) if ((openLb[d] as bigint) < lb) lb = openLb[d] as bigint;
  if (lb < rootLb) lb = rootLb;
  return { best, complete: false, lowerBound: lb, nodes };
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
