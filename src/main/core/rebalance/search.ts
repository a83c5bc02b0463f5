// The solvers over a Problem: a greedy baseline, a pair-move local search, and an exact branch and bound.
// All state is exact (BigInt); floats are only used to *suggest* moves, which are then checked exactly.
import { objectiveOf, saleTax, type Problem, type PVar } from './problem.ts';

export interface Solution {
  /** Steps per variable (same order as problem.vars). */
  k: number[];
  /** D in S units. */
  d: bigint;
  trades: number;
  /** Estimated tax (tie-breaker), tax units. */
  tax: bigint;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Mutable exact state: k per variable, uₛ = Aₛ − Tₛ, cash per account. */
export class State {
  k: number[];
  u: bigint[];
  uf: number[];
  cash: bigint[];
  constructor(readonly p: Problem) {
    this.k = p.vars.map(() => 0);
    this.u = [...p.u0];
    this.uf = this.u.map((x) => Number(x) / 1e18);
    this.cash = p.accounts.map((a) => a.cash);
  }
  get d(): bigint {
    return objectiveOf(this.u);
  }
  /** Exact change of D if variable j moves by t steps. */
  delta(j: number, t: number): bigint {
    const v = this.p.vars[j] as PVar;
    const bt = BigInt(t);
    let dd = 0n;
    for (let x = 0; x < v.sleeves.length; x++) {
      const s = v.sleeves[x] as number;
      const before = this.u[s] as bigint;
      const after = before + (v.coef[x] as bigint) * bt;
      dd += (after < 0n ? -after : after) - (before < 0n ? -before : before);
    }
    return dd;
  }
  apply(j: number, t: number): void {
    if (t === 0) return;
    const v = this.p.vars[j] as PVar;
    const bt = BigInt(t);
    this.k[j] = (this.k[j] as number) + t;
    for (let x = 0; x < v.sleeves.length; x++) {
      const s = v.sleeves[x] as number;
      const nu = (this.u[s] as bigint) + (v.coef[x] as bigint) * bt;
      this.u[s] = nu;
      this.uf[s] = Number(nu) / 1e18;
    }
    this.cash[v.account] = (this.cash[v.account] as bigint) - v.unit * bt;
  }
  /** Feasible range of the final k of variable j given the account's current cash (may be empty). */
  range(j: number): [number, number] {
    const v = this.p.vars[j] as PVar;
    const acc = this.p.accounts[v.account];
    const spare = (this.cash[v.account] as bigint) - (acc?.floor ?? 0n);
    const up = (this.k[j] as number) + Number(floorDiv(spare, v.unit));
    return [v.kmin, Math.min(v.kmax, up)];
  }
}

/** Float estimate of the change of D when variable j moves by t steps. */
function deltaF(st: State, v: PVar, t: number): number {
  let dd = 0;
  for (let x = 0; x < v.sleeves.length; x++) {
    const u = st.uf[v.sleeves[x] as number] as number;
    dd += Math.abs(u + (v.coefF[x] as number) * t) - Math.abs(u);
  }
  return dd;
}

const allowed = (v: PVar, k: number): boolean => k === 0 || Math.abs(k) >= v.minSteps;

/**
 * The best single move of variable j (float estimate): the minimiser of the convex Σ|uₛ + cₛ t| is a weighted
 * median of the breakpoints; the integers around it (and the minimum-trade edges) are tried.
 */
export function bestMove(st: State, j: number): { t: number; gain: number } {
  const v = st.p.vars[j] as PVar;
  const [lo, hi] = st.range(j);
  const k = st.k[j] as number;
  if (lo > hi) return { t: 0, gain: 0 };
  const n = v.sleeves.length;
  const pts: { b: number; w: number }[] = [];
  let total = 0;
  for (let x = 0; x < n; x++) {
    const c = v.coefF[x] as number;
    if (c === 0) continue;
    pts.push({ b: -(st.uf[v.sleeves[x] as number] as number) / c, w: Math.abs(c) });
    total += Math.abs(c);
  }
  if (pts.length === 0) return { t: 0, gain: 0 };
  pts.sort((a, b) => a.b - b.b);
  let acc = 0;
  let med = (pts[0] as { b: number }).b;
  for (const pt of pts) {
    acc += pt.w;
    med = pt.b;
    if (acc >= total / 2) break;
  }
  const cands = new Set<number>();
  const push = (kk: number): void => {
    const c = Math.min(hi, Math.max(lo, kk));
    if (allowed(v, c)) cands.add(c);
    else {
      for (const e of [0, v.minSteps, -v.minSteps]) if (e >= lo && e <= hi) cands.add(e);
    }
  };
  if (Number.isFinite(med)) {
    push(Math.floor(k + med));
    push(Math.ceil(k + med));
  }
  let best = { t: 0, gain: 0 };
  for (const c of cands) {
    const t = c - k;
    if (t === 0) continue;
    const gain = -deltaF(st, v, t);
    if (gain > best.gain || (gain === best.gain && best.t !== 0 && Math.abs(t) < Math.abs(best.t))) best = { t, gain };
  }
  return best;
}

/**
 * The greedy baseline: repeatedly make the one trade adjustment (a variable moved to its best share count)
 * that most reduces D, until none does. Every accepted move lowers D exactly, so it terminates.
 */
export function greedy(p: Problem, st: State = new State(p), deadline = Infinity): State {
  const blocked = new Set<number>();
  for (;;) {
    let bj = -1;
    let bm = { t: 0, gain: 0 };
    for (let j = 0; j < p.vars.length; j++) {
      if (blocked.has(j)) continue;
      const m = bestMove(st, j);
      if (m.t !== 0 && m.gain > bm.gain) {
        bj = j;
        bm = m;
      }
    }
    if (bj < 0) return st;
    if (st.delta(bj, bm.t) < 0n) {
      st.apply(bj, bm.t);
      blocked.clear();
    } else blocked.add(bj);
    if (performance.now() > deadline) return st;
  }
}

/**
 * Pair moves inside one account (one step of i, then the best move of j with the cash that frees or uses):
 * what a single-variable greedy cannot see when cash is tight or the last dollars need two securities.
 * First improvement, exact acceptance; stops at a local optimum or the deadline.
 */
export function pairSearch(p: Problem, st: State, deadline: number): State {
  const byAccount = p.accounts.map(() => [] as number[]);
  p.vars.forEach((v, j) => byAccount[v.account]?.push(j));
  let improved = true;
  while (improved) {
    improved = false;
    greedy(p, st, deadline);
    for (const list of byAccount) {
      for (const i of list) {
        const vi = p.vars[i] as PVar;
        for (const dir of [1, -1]) {
          if (performance.now() > deadline) return st;
          const ki = st.k[i] as number;
          let to = ki + dir;
          if (ki === 0) to = dir * vi.minSteps;
          else if (!allowed(vi, to)) to = 0;
          if (to < vi.kmin || to > vi.kmax) continue;
          const ti = to - ki;
          const d0 = st.d;
          st.apply(i, ti);
          let done = false;
          for (const j of list) {
            if (j === i) continue;
            const m = bestMove(st, j);
            if (m.t === 0) continue;
            // Exact: D after both moves below D before, and the account's cash back above its floor.
            const dd = st.delta(j, m.t);
            const v = p.vars[j] as PVar;
            const cashAfter = (st.cash[v.account] as bigint) - v.unit * BigInt(m.t);
            if (st.d + dd < d0 && cashAfter >= (p.accounts[v.account]?.floor ?? 0n)) {
              st.apply(j, m.t);
              done = true;
              break;
            }
          }
          if (done) {
            improved = true;
            break;
          }
          st.apply(i, -ti);
        }
      }
    }
  }
  return st;
}

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
export function branchAndBound(p: Problem, incumbent: Solution, deadline: number): BranchResult {
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
  const dist = (u: bigint, d: number, s: number): bigint => {
    const lo = u + (sufMin[d * S + s] as bigint);
    if (lo > 0n) return lo;
    const hi = u + (sufMax[d * S + s] as bigint);
    return hi < 0n ? -hi : 0n;
  };

  const u = [...p.u0];
  const cash = p.accounts.map((a) => a.cash);
  const k = new Array<number>(n).fill(0);
  let best = incumbent;
  let nodes = 0;
  let timedOut = false;
  const openLb: bigint[] = new Array<bigint>(n + 1).fill(0n);
  let stopDepth = 0;
  let taxSoFar = 0n;

  const rootLb = (() => {
    let lb = 0n;
    for (let s = 0; s < S; s++) lb += dist(u[s] as bigint, 0, s);
    return lb;
  })();

  const better = (d: bigint, trades: number, tax: bigint): boolean =>
    d < best.d || (d === best.d && (trades < best.trades || (trades === best.trades && tax < best.tax)));

  const visit = (d: number, trades: number): void => {
    if (timedOut) return;
    if (++nodes % 256 === 0 && performance.now() > deadline) {
      // Stopped here: this node's whole subtree is unexplored, bounded by the node's own bound.
      timedOut = true;
      stopDepth = d;
      let lb = 0n;
      for (let s = 0; s < S; s++) lb += dist(u[s] as bigint, d, s);
      openLb[d] = lb;
      return;
    }
    if (d === n) {
      const D = objectiveOf(u);
      if (better(D, trades, taxSoFar)) {
        best = { k: [...k], d: D, trades, tax: taxSoFar };
      }
      return;
    }
    const j = order[d] as number;
    const v = p.vars[j] as PVar;
    // Bound of the untouched sleeves, then of this variable's sleeves as a function of its k.
    let base = 0n;
    const touched = new Set(v.sleeves);
    for (let s = 0; s < S; s++) if (!touched.has(s)) base += dist(u[s] as bigint, d + 1, s);
    const lbAt = (kk: number): bigint => {
      let lb = base;
      const bk = BigInt(kk);
      for (let x = 0; x < v.sleeves.length; x++) {
        const s = v.sleeves[x] as number;
        lb += dist((u[s] as bigint) + (v.coef[x] as bigint) * bk, d + 1, s);
      }
      return lb;
    };
    const acc = p.accounts[v.account];
    const spare = (cash[v.account] as bigint) + (sufSell[(d + 1) * A + v.account] as bigint) - (acc?.floor ?? 0n);
    const hi = Math.min(v.kmax, Number(floorDiv(spare, v.unit)));
    const lo = v.kmin;
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
      const lb = lbAt(kk);
      if (lb > best.d || (lb === best.d && t > best.trades)) return;
      const bk = BigInt(kk);
      for (let x = 0; x < v.sleeves.length; x++) {
        const s = v.sleeves[x] as number;
        u[s] = (u[s] as bigint) + (v.coef[x] as bigint) * bk;
      }
      cash[v.account] = (cash[v.account] as bigint) - v.unit * bk;
      const tax = kk < 0 ? saleTax(p, v, -kk) : 0n;
      taxSoFar += tax;
      k[j] = kk;
      visit(d + 1, t);
      k[j] = 0;
      taxSoFar -= tax;
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
      const lb = lbAt(kk);
      const canTieOnlyByHold = trades + 1 > best.trades;
      let next = side === 'r' ? kk + 1 : kk - 1;
      if (lb > best.d) {
        if (side === 'r') rightOpen = false;
        else leftOpen = false;
        return;
      }
      if (lb === best.d && canTieOnlyByHold && kk !== 0) {
        // Further values on this side tie at best; only a hold (fewer trades) could still win.
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
      let m = best.d;
      if (rightOpen && right <= hi) {
        const x = lbAt(right);
        if (x < m) m = x;
      }
      if (leftOpen && left >= lo) {
        const x = lbAt(left);
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
    if (!timedOut) openLb[d] = best.d;
  };

  visit(0, 0);
  if (!timedOut) return { best, complete: true, lowerBound: best.d, nodes };
  // Unexplored space when stopped: at each depth on the current path, the two tails not yet tried, and the
  // subtree of the node where the clock ran out. Every completion there has D ≥ its bound.
  let lb = best.d;
  for (let d = 0; d <= stopDepth; d++) if ((openLb[d] as bigint) < lb) lb = openLb[d] as bigint;
  if (lb < rootLb) lb = rootLb;
  return { best, complete: false, lowerBound: lb, nodes };
}
