// The solvers over a Problem: a greedy baseline, a pair-move local search, the LP relaxation (for dual
// multipliers and a rounded start) and an exact branch and bound. All state and every bound is exact (BigInt);
// floats only *suggest* moves and multipliers, which are then checked or evaluated exactly.
import { simplex, type LpColumn } from './lp.ts';
import { objectiveOf, saleGain, saleTax, type Problem, type PVar } from './problem.ts';

export interface Solution {
  /** Steps per variable (same order as problem.vars). */
  k: number[];
  /** D in S units. */
  d: bigint;
  trades: number;
  /** Estimated tax (tie-breaker), tax units. */
  tax: bigint;
}

/** J = D + F·trades (F = problem.tradeCost, 0 by default: D with trades only as a tie-break), the quantity the search minimises (ties: fewer trades, then less tax). */
export function costOf(p: Problem, s: Pick<Solution, 'd' | 'trades'>): bigint {
  return s.d + p.tradeCost * BigInt(s.trades);
}

/** Lexicographic (J, trades, tax): is a better than b? */
export function betterSolution(p: Problem, a: Pick<Solution, 'd' | 'trades' | 'tax'>, b: Pick<Solution, 'd' | 'trades' | 'tax'>): boolean {
  const ja = costOf(p, a);
  const jb = costOf(p, b);
  return ja < jb || (ja === jb && (a.trades < b.trades || (a.trades === b.trades && a.tax < b.tax)));
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
  /** F in dollars, as a float hint for the heuristics. */
  readonly tradeCostF: number;
  /** Σ |k|·unit (M units), kept when the problem caps turnover. */
  turnover = 0n;
  /** Net realised gain of the taxable sales (M units), kept when the problem has a gain budget. */
  gain = 0n;
  constructor(readonly p: Problem) {
    this.tradeCostF = Number(p.tradeCost) / 1e18;
    this.k = p.vars.map(() => 0);
    this.u = [...p.u0];
    this.uf = this.u.map((x) => Number(x) / 1e18);
    this.cash = p.accounts.map((a) => a.cash);
  }
  get d(): bigint {
    return objectiveOf(this.u);
  }
  /** Exact change of J = D + F·trades if variable j moves by t steps. */
  deltaJ(j: number, t: number): bigint {
    const k = this.k[j] as number;
    const opened = (k === 0 ? 0 : 1) - (k + t === 0 ? 0 : 1);
    return this.delta(j, t) - this.p.tradeCost * BigInt(opened);
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
    const k0 = this.k[j] as number;
    if (this.p.turnoverCap !== null) this.turnover += v.unit * BigInt(Math.abs(k0 + t) - Math.abs(k0));
    if (this.p.gainBudget !== null) this.gain += gainAt(this.p, v, k0 + t) - gainAt(this.p, v, k0);
    this.k[j] = (this.k[j] as number) + t;
    for (let x = 0; x < v.sleeves.length; x++) {
      const s = v.sleeves[x] as number;
      const nu = (this.u[s] as bigint) + (v.coef[x] as bigint) * bt;
      this.u[s] = nu;
      this.uf[s] = Number(nu) / 1e18;
    }
    this.cash[v.account] = (this.cash[v.account] as bigint) - v.unit * bt;
  }
  /** Feasible range of the final k of variable j given the account's current cash and the turnover cap (may be empty). */
  range(j: number): [number, number] {
    const v = this.p.vars[j] as PVar;
    const acc = this.p.accounts[v.account];
    const spare = (this.cash[v.account] as bigint) - (acc?.floor ?? 0n);
    const up = (this.k[j] as number) + Number(floorDiv(spare, v.unit));
    let lo = v.kmin;
    let hi = Math.min(v.kmax, up);
    const cap = this.p.turnoverCap;
    if (cap !== null) {
      const room = Number((cap - this.turnover) / v.unit) + Math.abs(this.k[j] as number);
      lo = Math.max(lo, -room);
      hi = Math.min(hi, room);
    }
    return [lo, hi];
  }
  /** Whether moving j by t keeps the turnover cap and the gain budget (cash is the caller's, via range). */
  allows(j: number, t: number): boolean {
    const p = this.p;
    if (p.turnoverCap === null && p.gainBudget === null) return true;
    const v = p.vars[j] as PVar;
    const k0 = this.k[j] as number;
    if (p.turnoverCap !== null && this.turnover + v.unit * BigInt(Math.abs(k0 + t) - Math.abs(k0)) > p.turnoverCap) return false;
    if (p.gainBudget !== null && this.gain + gainAt(p, v, k0 + t) - gainAt(p, v, k0) > p.gainBudget) return false;
    return true;
  }
  /** Whether the state keeps every account's floor, the turnover cap and the gain budget. */
  feasible(): boolean {
    const p = this.p;
    if (!p.accounts.every((a, i) => (this.cash[i] as bigint) >= a.floor)) return false;
    if (p.turnoverCap !== null && this.turnover > p.turnoverCap) return false;
    return p.gainBudget === null || this.gain <= p.gainBudget;
  }
}

/** Net realised gain (short + long, M units) of variable v at k steps: only sales realise. */
export function gainAt(p: Problem, v: PVar, k: number): bigint {
  if (k >= 0) return 0n;
  const g = saleGain(p, v, -k);
  return g.short + g.long;
}

/**
 * The most negative gain variable v can realise over its whole range (0 when holding is better). Within one lot
 * the gain is linear in the shares sold, so the minimum is at 0, at kmin, or at a step next to a lot boundary.
 */
export function minGain(p: Problem, v: PVar): bigint {
  if (!v.taxable || !v.lots || v.kmin >= 0) return 0n;
  const step = p.accounts[v.account]?.step ?? 1_000_000n;
  let best = gainAt(p, v, v.kmin);
  let cum = 0n;
  for (const lot of v.lots) {
    cum += BigInt(lot.quantity.times(1e6).toFixed(0));
    const lo = Number(cum / step);
    for (const steps of [lo, lo + 1]) {
      if (steps <= 0 || -steps < v.kmin) continue;
      const g = gainAt(p, v, -steps);
      if (g < best) best = g;
    }
  }
  return best < 0n ? best : 0n;
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

const bpB = new Float64Array(64);
const bpW = new Float64Array(64);

/**
 * The best single move of variable j (float estimate): the minimiser of the convex Σ|uₛ + cₛ t| is a weighted
 * median of the breakpoints; the integers around it (and the minimum-trade edges) are tried. Allocation-free:
 * it runs for every variable on every pass of the local search.
 */
export function bestMove(st: State, j: number): { t: number; gain: number } {
  const v = st.p.vars[j] as PVar;
  const [lo, hi] = st.range(j);
  const k = st.k[j] as number;
  if (lo > hi) return { t: 0, gain: 0 };
  let np = 0;
  let total = 0;
  for (let x = 0; x < v.sleeves.length && np < 64; x++) {
    const c = v.coefF[x] as number;
    if (c === 0) continue;
    const bpt = -(st.uf[v.sleeves[x] as number] as number) / c;
    const w = Math.abs(c);
    // insertion sort by breakpoint
    let i = np++;
    while (i > 0 && (bpB[i - 1] as number) > bpt) {
      bpB[i] = bpB[i - 1] as number;
      bpW[i] = bpW[i - 1] as number;
      i--;
    }
    bpB[i] = bpt;
    bpW[i] = w;
    total += w;
  }
  if (np === 0) return { t: 0, gain: 0 };
  let acc = 0;
  let med = bpB[0] as number;
  for (let i = 0; i < np; i++) {
    acc += bpW[i] as number;
    med = bpB[i] as number;
    if (acc >= total / 2) break;
  }
  if (!Number.isFinite(med)) return { t: 0, gain: 0 };
  moveT = 0;
  moveGain = 0;
  pushCandidate(st, v, k, lo, hi, Math.floor(k + med));
  pushCandidate(st, v, k, lo, hi, Math.ceil(k + med));
  if (st.tradeCostF > 0 && k !== 0) considerCandidate(st, v, k, lo, hi, 0);
  return { t: moveT, gain: moveGain };
}

// bestMove's best candidate so far (module state rather than closures: it runs for every variable on every pass).
let moveT = 0;
let moveGain = 0;

function considerCandidate(st: State, v: PVar, k: number, lo: number, hi: number, c: number): void {
  const t = c - k;
  if (t === 0 || c < lo || c > hi) return;
  // Opening a trade costs F, closing one saves it.
  const f = st.tradeCostF;
  const gain = -deltaF(st, v, t) - (k === 0 ? f : 0) + (c === 0 ? f : 0);
  if (gain > moveGain || (gain === moveGain && moveT !== 0 && Math.abs(t) < Math.abs(moveT))) {
    moveGain = gain;
    moveT = t;
  }
}

function pushCandidate(st: State, v: PVar, k: number, lo: number, hi: number, kk: number): void {
  const c = Math.min(hi, Math.max(lo, kk));
  if (allowed(v, c)) considerCandidate(st, v, k, lo, hi, c);
  else {
    considerCandidate(st, v, k, lo, hi, 0);
    considerCandidate(st, v, k, lo, hi, v.minSteps);
    considerCandidate(st, v, k, lo, hi, -v.minSteps);
  }
}

/** D without the Cash sleeve, as a float hint: the greedy's sell phase lowers it while D stays put. */
function deltaNonCashF(st: State, v: PVar, t: number): number {
  let dd = 0;
  for (let x = 0; x < v.sleeves.length; x++) {
    const s = v.sleeves[x] as number;
    if (s === st.p.cashSleeve) continue;
    const u = st.uf[s] as number;
    dd += Math.abs(u + (v.coefF[x] as number) * t) - Math.abs(u);
  }
  return dd;
}

/** Smallest gain (in dollars) a float hint must promise before it is checked exactly. */
const MIN_GAIN = 1e-7;

/**
 * The greedy baseline: repeatedly make the one trade adjustment (a variable moved to its best share count) that
 * most reduces D; when none does, sell the one share that most reduces the overweight of the non-cash sleeves
 * without raising D (freeing cash for the next buys). Buys lower D strictly and sells lower the non-cash part
 * with D unchanged, so it terminates.
 */
export function greedy(p: Problem, st: State = new State(p), deadline = Infinity): State {
  const blocked = new Set<number>();
  for (;;) {
    let bj = -1;
    let bm = { t: 0, gain: MIN_GAIN };
    for (let j = 0; j < p.vars.length; j++) {
      if (blocked.has(j)) continue;
      const m = bestMove(st, j);
      if (m.t !== 0 && m.gain > bm.gain) {
        bj = j;
        bm = m;
      }
    }
    if (bj >= 0) {
      if (st.deltaJ(bj, bm.t) < 0n && st.allows(bj, bm.t)) {
        st.apply(bj, bm.t);
        blocked.clear();
      } else blocked.add(bj);
    } else {
      // With a trade cost a D-neutral sale costs F and buying it back saves F: the two would alternate forever,
      // so the sell phase is for F = 0 only (the pair moves free cash otherwise).
      if (st.tradeCostF > 0) return dropTrades(p, st);
      // Sell phase: the sale that most lowers the non-cash overweight without taking any sleeve below target.
      let sj = -1;
      let sg = MIN_GAIN;
      let st1 = 0;
      for (let j = 0; j < p.vars.length; j++) {
        const v = p.vars[j] as PVar;
        const kj = st.k[j] as number;
        let steps = kj - v.kmin;
        for (let x = 0; x < v.sleeves.length && steps > 0; x++) {
          const sl = v.sleeves[x] as number;
          const c = v.coefF[x] as number;
          if (sl === p.cashSleeve || c <= 0) continue;
          steps = Math.min(steps, Math.max(0, Math.floor((st.uf[sl] as number) / c)));
        }
        if (steps <= 0) continue;
        let to = kj - steps;
        if (!allowed(v, to)) to = to < 0 ? (-v.minSteps >= v.kmin ? -v.minSteps : 0) : 0;
        if (to >= kj) continue;
        const g = -deltaNonCashF(st, v, to - kj);
        if (g > sg && deltaF(st, v, to - kj) <= 1e-6 && st.allows(j, to - kj)) {
          sg = g;
          sj = j;
          st1 = to - kj;
        }
      }
      if (sj < 0 || st.delta(sj, st1) > 0n) return dropTrades(p, st);
      st.apply(sj, st1);
      blocked.clear();
    }
    if (performance.now() > deadline) return dropTrades(p, st);
  }
}

/**
 * With a trade cost F > 0: undoes every trade whose D improvement does not pay for it (J = D + F·trades drops),
 * smallest first, while each account stays at or above its floor. A no-op when F = 0.
 */
export function dropTrades(p: Problem, st: State): State {
  if (p.tradeCost === 0n) return st;
  for (let changed = true; changed; ) {
    changed = false;
    let bj = -1;
    let bd = 0n;
    for (let j = 0; j < p.vars.length; j++) {
      const k = st.k[j] as number;
      if (k === 0) continue;
      const v = p.vars[j] as PVar;
      if (0 < v.kmin || 0 > v.kmax) continue;
      // Undoing a sale takes its cash back.
      if ((st.cash[v.account] as bigint) + v.unit * BigInt(k) < (p.accounts[v.account]?.floor ?? 0n)) continue;
      const dj = st.deltaJ(j, -k);
      if (dj < bd && st.allows(j, -k)) {
        bd = dj;
        bj = j;
      }
    }
    if (bj >= 0) {
      st.apply(bj, -(st.k[bj] as number));
      changed = true;
    }
  }
  return st;
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
          if (!st.allows(i, ti)) continue;
          const costI = st.deltaJ(i, ti);
          const lossI = deltaF(st, vi, ti) + (ki === 0 ? st.tradeCostF : 0) - (to === 0 ? st.tradeCostF : 0);
          st.apply(i, ti);
          let done = false;
          for (const j of list) {
            if (j === i) continue;
            const m = bestMove(st, j);
            // Float hint first (the pair must promise a gain), then the exact check.
            if (m.t === 0 || m.gain - lossI <= MIN_GAIN) continue;
            // Exact: J after both moves below J before, and the account's cash back above its floor.
            const dd = st.deltaJ(j, m.t);
            const v = p.vars[j] as PVar;
            const cashAfter = (st.cash[v.account] as bigint) - v.unit * BigInt(m.t);
            if (costI + dd < 0n && cashAfter >= (p.accounts[v.account]?.floor ?? 0n) && st.allows(j, m.t)) {
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

/** Multipliers of the Lagrangian (LP-dual) bound, as integers over LAG_SCALE: |L_s| ≤ LAG_SCALE, Mu_a ≥ 0. */
export interface Multipliers {
  L: bigint[];
  Mu: bigint[];
}
export const LAG_SCALE = 1n << 20n;
/** Node LPs are solved when the problem has at most this many variables (beyond, the root multipliers only). */
export const NODE_LP_MAX_VARS = 600;
/** Largest problem the (recursive) branch and bound takes on; larger ones keep the LP-rounded plan and its bound. */
export const BNB_MAX_VARS = 1200;

/**
 * For any λ ∈ [−1, 1]^S and μ ≥ 0, every feasible completion has
 *   D = Σₛ|uₛ| ≥ Σₛ λₛ uₛ ≥ Σₛ λₛ uₛ − Σₐ μₐ·slackₐ   (slackₐ = cashₐ − floorₐ ≥ 0),
 * and the right side is linear in each k, so its minimum over the boxes kmin ≤ k ≤ kmax is a valid lower bound
 * whose maximum over (λ, μ) is the LP relaxation's value. The multipliers are found by projected subgradient
 * ascent in floats (they only need to be *some* valid multipliers); the bound itself is then evaluated exactly.
 */
export function lagrangeMultipliers(p: Problem, incumbentU: readonly bigint[], ub: number, iterations = 400): Multipliers {
  const S = p.sleeves.length;
  const A = p.accounts.length;
  const uf = p.u0.map((x) => Number(x) / 1e18);
  const slack = p.accounts.map((a) => Number(a.cash - a.floor) / 1e12);
  const unitF = p.vars.map((v) => Number(v.unit) / 1e12);
  let lam: number[] = incumbentU.map((x) => (x > 0n ? 1 : x < 0n ? -1 : 0));
  let mu = new Array<number>(A).fill(0);
  let best = { lam: [...lam], mu: [...mu], val: -Infinity };
  const gl = new Array<number>(S).fill(0);
  const gm = new Array<number>(A).fill(0);
  let theta = 1;
  let stall = 0;
  for (let it = 0; it < iterations; it++) {
    let val = 0;
    for (let s = 0; s < S; s++) {
      val += (lam[s] as number) * (uf[s] as number);
      gl[s] = uf[s] as number;
    }
    for (let a = 0; a < A; a++) {
      val -= (mu[a] as number) * (slack[a] as number);
      gm[a] = -(slack[a] as number);
    }
    p.vars.forEach((v, j) => {
      let g = (mu[v.account] as number) * (unitF[j] as number);
      for (let x = 0; x < v.sleeves.length; x++) g += (lam[v.sleeves[x] as number] as number) * (v.coefF[x] as number);
      const k = g > 0 ? v.kmin : g < 0 ? v.kmax : 0;
      if (k === 0) return;
      val += k * g;
      for (let x = 0; x < v.sleeves.length; x++) gl[v.sleeves[x] as number] = (gl[v.sleeves[x] as number] as number) + k * (v.coefF[x] as number);
      gm[v.account] = (gm[v.account] as number) + k * (unitF[j] as number);
    });
    if (val > best.val + 1e-9 * Math.abs(best.val)) {
      best = { lam: [...lam], mu: [...mu], val };
      stall = 0;
    } else if (++stall >= 8) {
      theta /= 2;
      stall = 0;
      lam = [...best.lam];
      mu = [...best.mu];
      if (theta < 1e-4) break;
      continue;
    }
    let norm = 0;
    for (const g of gl) norm += g * g;
    for (const g of gm) norm += g * g;
    if (norm === 0 || val >= ub) break;
    const step = (theta * Math.max(ub - val, 1e-9)) / norm;
    lam = lam.map((l, s) => Math.max(-1, Math.min(1, l + step * (gl[s] as number))));
    mu = mu.map((m, a) => Math.max(0, m + step * (gm[a] as number)));
  }
  const sc = Number(LAG_SCALE);
  return {
    L: best.lam.map((l) => BigInt(Math.max(-sc, Math.min(sc, Math.round(l * sc))))),
    Mu: best.mu.map((m) => BigInt(Math.max(0, Math.round(m * sc)))),
  };
}

/**
 * Multipliers from the LP relaxation's optimal duals (λₛ = −yₛ, μₐ = −yₐ): the best (λ, μ) there is, so the
 * Lagrangian bound equals the LP bound at the root. Falls back to subgradient ascent if the LP stalls.
 */
export function lpRelaxation(
  p: Problem,
  incumbentU: readonly bigint[] | null,
  ub: number,
  bounds?: { lo: readonly number[]; hi: readonly number[] },
  deadline = Infinity,
  cut?: readonly bigint[],
  /** Cost per dollar traded (a float): > 0 makes the LP prefer, among its many equally good vertices, one that trades less. */
  turnoverCost = 0,
): Multipliers & { lp: number; x: number[] | null } {
  const S = p.sleeves.length;
  const A = p.accounts.length;
  const cols: LpColumn[] = [];
  const splitAt: number[] = [];
  const residual = p.u0.map((x) => -Number(x) / 1e18);
  // Cash rows, tightened by the gcd cuts when given (integer plans leave at least cut[a] above the floor).
  const slack = p.accounts.map((acc, a) => Number(acc.cash - acc.floor - (cut?.[a] ?? 0n)) / 1e12);
  p.vars.forEach((v, j) => {
    const lo = bounds ? (bounds.lo[j] as number) : v.kmin;
    const hi = bounds ? (bounds.hi[j] as number) : v.kmax;
    const unit = Number(v.unit) / 1e12;
    if (turnoverCost > 0 && lo < 0 && hi > 0) {
      // Sells and buys as two columns, each charged per dollar (a sell column's x is ≤ 0, so its cost is −κ·unit).
      cols.push({ rows: [...v.sleeves, S + v.account], vals: [...v.coefF, unit], cost: turnoverCost * unit, lo: 0, hi });
      cols.push({ rows: [...v.sleeves, S + v.account], vals: [...v.coefF, unit], cost: -turnoverCost * unit, lo, hi: 0 });
      splitAt.push(j);
    } else {
      cols.push({ rows: [...v.sleeves, S + v.account], vals: [...v.coefF, unit], cost: turnoverCost * unit * (lo < 0 ? -1 : 1), lo, hi });
    }
    for (let x = 0; x < v.sleeves.length; x++) residual[v.sleeves[x] as number] = (residual[v.sleeves[x] as number] as number) - (v.coefF[x] as number) * lo;
    slack[v.account] = (slack[v.account] as number) - unit * lo;
  });
  const basis: number[] = [];
  for (let s = 0; s < S; s++) {
    cols.push({ rows: [s], vals: [-1], cost: 1, lo: 0, hi: Infinity }); // p_s: the part of uₛ above 0
    cols.push({ rows: [s], vals: [1], cost: 1, lo: 0, hi: Infinity }); // n_s: the part below
    basis.push(cols.length - ((residual[s] as number) >= 0 ? 1 : 2));
  }
  const b = p.u0.map((x) => -Number(x) / 1e18);
  for (let a = 0; a < A; a++) {
    const acc = p.accounts[a];
    cols.push({ rows: [S + a], vals: [1], cost: 0, lo: 0, hi: Infinity }); // unspent cash above the floor
    basis.push(cols.length - 1);
    b.push(acc ? Number(acc.cash - acc.floor - (cut?.[a] ?? 0n)) / 1e12 : 0);
  }
  const none = { L: new Array<bigint>(S).fill(0n), Mu: new Array<bigint>(A).fill(0n), lp: -Infinity, x: null };
  if (slack.some((x) => x < -1e-6)) return none; // no feasible start (the caller's cash check prunes such nodes)
  const res = simplex(S + A, cols, b, basis, 20_000, deadline);
  if (res.status !== 'optimal') return incumbentU && performance.now() < deadline ? { ...lagrangeMultipliers(p, incumbentU, ub), lp: -Infinity, x: null } : none;
  const sc = Number(LAG_SCALE);
  return {
    L: Array.from({ length: S }, (_, s) => BigInt(Math.max(-sc, Math.min(sc, Math.round(-(res.duals[s] as number) * sc))))),
    Mu: Array.from({ length: A }, (_, a) => BigInt(Math.max(0, Math.round(-(res.duals[S + a] as number) * sc)))),
    lp: res.objective,
    x: splitAt.length === 0 ? Array.from(res.x.subarray(0, p.vars.length)) : joinSplit(res.x, p.vars.length, splitAt),
  };
}

/** Each variable's value from the LP columns, where the variables listed in splitAt have a buy and a sell column. */
function joinSplit(x: Float64Array, n: number, splitAt: readonly number[]): number[] {
  const out: number[] = [];
  let col = 0;
  let next = 0;
  for (let j = 0; j < n; j++) {
    if (splitAt[next] === j) {
      out.push((x[col] as number) + (x[col + 1] as number));
      col += 2;
      next++;
    } else out.push(x[col++] as number);
  }
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

const ceilDiv = (a: bigint, b: bigint): bigint => -floorDiv(-a, b);

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

/**
 * Cash-safe rounding of the LP solution: sells rounded up (more cash), buys down, minimum trades respected, buys
 * capped by each account's cash; the result is feasible and a good start for the local search.
 */
export function roundLp(p: Problem, x: readonly number[]): State {
  const st = new State(p);
  const target = p.vars.map((v, j) => {
    const xj = x[j] as number;
    let k = xj > 0 ? Math.floor(xj + 1e-7) : -Math.ceil(-xj - 1e-7);
    k = Math.max(v.kmin, Math.min(v.kmax, k));
    if (k !== 0 && Math.abs(k) < v.minSteps) k = k < 0 && -v.minSteps >= v.kmin ? -v.minSteps : 0;
    return k;
  });
  target.forEach((k, j) => {
    if (k < 0) st.apply(j, k);
  });
  target.forEach((k, j) => {
    if (k <= 0) return;
    const [, hi] = st.range(j);
    let t = Math.min(k, hi);
    if (t < (p.vars[j] as PVar).minSteps) t = 0;
    if (t > 0) st.apply(j, t);
  });
  return st;
}

/**
 * Rounds an LP solution by an exact search over its fractional part: the variables the LP left at whole steps
 * stay there, and the few it left between two (at most one per LP row) get the steps around their LP value,
 * searched by the branch and bound. The LP optimum is rarely more than a few steps from an integer optimum, so
 * this usually finds a plan at (or next to) the LP bound — which then proves it optimal. Returns null when the
 * fixed part alone breaks a cap or budget, or no completion keeps every account above its floor.
 */
export function diveSearch(p: Problem, x: readonly number[], deadline: number): State | null {
  const st = new State(p);
  const free: number[] = [];
  const ranges: [number, number][] = [];
  p.vars.forEach((v, j) => {
    const xj = x[j] as number;
    const r = Math.round(xj);
    if (Math.abs(xj - r) < 1e-6 && r >= v.kmin && r <= v.kmax && allowed(v, r)) {
      st.apply(j, r);
    } else {
      free.push(j);
      ranges.push([Math.max(v.kmin, Math.floor(xj) - 1), Math.min(v.kmax, Math.ceil(xj) + 1)]);
    }
  });
  if (p.turnoverCap !== null && st.turnover > p.turnoverCap) return null;
  if (free.length > 0 && !searchAround(p, st, free, ranges, null, deadline)) return null;
  return st.feasible() ? st : null;
}

/**
 * The exact branch and bound on a neighbourhood: the variables in `free` take values in their ranges, every
 * other variable stays where `st` has it. With an incumbent (`current`: the free variables' values in `st`)
 * only a better completion is taken. Applies the best completion found to `st`; false when there is none.
 */
function searchAround(p: Problem, st: State, free: readonly number[], ranges: readonly [number, number][], current: Solution | null, deadline: number): boolean {
  const sub: Problem = {
    ...p,
    vars: free.map((j, i) => ({ ...(p.vars[j] as PVar), kmin: (ranges[i] as [number, number])[0], kmax: (ranges[i] as [number, number])[1] })),
    u0: [...st.u],
    accounts: p.accounts.map((a, i) => ({ ...a, cash: st.cash[i] as bigint })),
    turnoverCap: p.turnoverCap === null ? null : p.turnoverCap - st.turnover,
    gainBudget: p.gainBudget === null ? null : p.gainBudget - st.gain,
  };
  // Without an incumbent, a sentinel no plan can lose to: the search's first leaf replaces it.
  const none: Solution = current ?? { k: sub.vars.map(() => 0), d: 1n << 200n, trades: sub.vars.length + 1, tax: 0n };
  const r = branchAndBound(sub, none, deadline);
  if (r.best === none) return false;
  r.best.k.forEach((kk, i) => st.apply(free[i] as number, kk));
  return true;
}

/**
 * Refines a plan to the cent: in each account and sleeve, the few securities with the smallest step value (the
 * finest way to move that sleeve) may move a few steps from where the plan has them, and the branch and bound
 * finds the best such combination exactly — what hitting each sleeve's target to the cent takes, and what the
 * LP's own rounding cannot see. Keeps `st` when nothing better is found.
 */
export function refineSearch(p: Problem, st: State, deadline: number, perSleeve = 3, radius = 3): void {
  const groups = new Map<string, number[]>();
  p.vars.forEach((v, j) => {
    if (v.kmin === v.kmax) return;
    let main = v.sleeves[0] as number;
    let best = -1n;
    v.sleeves.forEach((sl, x) => {
      const c = v.coef[x] as bigint;
      if (sl !== p.cashSleeve && (c < 0n ? -c : c) > best) {
        best = c < 0n ? -c : c;
        main = sl;
      }
    });
    const key = `${v.account}:${main}`;
    const g = groups.get(key);
    if (g) g.push(j);
    else groups.set(key, [j]);
  });
  const free: number[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => {
      const ua = (p.vars[a] as PVar).unit;
      const ub = (p.vars[b] as PVar).unit;
      return ua < ub ? -1 : ua > ub ? 1 : a - b;
    });
    free.push(...g.slice(0, perSleeve));
  }
  if (free.length === 0 || free.length > NODE_LP_MAX_VARS) return;
  const ranges = free.map((j): [number, number] => {
    const v = p.vars[j] as PVar;
    const k = st.k[j] as number;
    return [Math.max(v.kmin, k - radius), Math.min(v.kmax, k + radius)];
  });
  const current: Solution = { k: free.map((j) => st.k[j] as number), d: st.d, trades: 0, tax: 0n };
  // The incumbent's trades and tax counted over the free variables only (the others stay as they are).
  current.trades = current.k.filter((kk) => kk !== 0).length;
  current.tax = free.reduce((t, j) => t + ((st.k[j] as number) < 0 ? saleTax(p, p.vars[j] as PVar, -(st.k[j] as number)) : 0n), 0n);
  const base = new State(p);
  st.k.forEach((kk, j) => {
    if (!free.includes(j)) base.apply(j, kk);
  });
  if (searchAround(p, base, free, ranges, current, deadline)) {
    st.k.forEach((_, j) => st.apply(j, (base.k[j] as number) - (st.k[j] as number)));
  }
}

/**
 * The bound at the root, exact: the largest of the branch and bound's own (the per-sleeve interval bound and
 * the Lagrangian bound of `mult` with the root gcd cuts) and the lattice bound. No plan has a smaller D (nor J);
 * a plan that meets it is proven optimal without a search.
 */
export function rootBound(p: Problem, mult: Multipliers): bigint {
  const box = boxBound(p, mult);
  const lattice = latticeBound(p);
  return lattice > box ? lattice : box;
}

/**
 * The bound with every variable in a box (default: its whole range): the larger of the per-sleeve interval
 * bound and the Lagrangian bound of `mult` with the root gcd cuts, exact. Valid for every plan in the box.
 */
export function boxBound(p: Problem, mult: Multipliers, boxLo?: readonly number[], boxHi?: readonly number[]): bigint {
  const lo = [...p.u0];
  const hi = [...p.u0];
  let lag = 0n;
  p.vars.forEach((v, j) => {
    const kLo = BigInt(boxLo ? (boxLo[j] as number) : v.kmin);
    const kHi = BigInt(boxHi ? (boxHi[j] as number) : v.kmax);
    let g = (mult.Mu[v.account] as bigint) * v.unit * 1_000_000n;
    for (let x = 0; x < v.sleeves.length; x++) {
      const s = v.sleeves[x] as number;
      const c = v.coef[x] as bigint;
      const a = c * kLo;
      const b = c * kHi;
      lo[s] = (lo[s] as bigint) + (a < b ? a : b);
      hi[s] = (hi[s] as bigint) + (a < b ? b : a);
      g += (mult.L[s] as bigint) * c;
    }
    const a = g * kLo;
    const b = g * kHi;
    lag += a < b ? a : b;
  });
  p.u0.forEach((u, s) => {
    lag += (mult.L[s] as bigint) * u;
  });
  const cut = rootCut(p);
  p.accounts.forEach((acc, a) => {
    lag -= (mult.Mu[a] as bigint) * (acc.cash - acc.floor - (cut[a] as bigint)) * 1_000_000n;
  });
  let interval = 0n;
  for (let s = 0; s < lo.length; s++) {
    const l = lo[s] as bigint;
    const h = hi[s] as bigint;
    interval += l > 0n ? l : h < 0n ? -h : 0n;
  }
  const lagrangian = ceilDiv(lag, LAG_SCALE);
  return lagrangian > interval ? lagrangian : interval;
}

/**
 * The lattice bound: whole shares move sleeve s only in multiples of gₛ, the gcd of the steps of the variables
 * touching it, so uₛ stays on the lattice uₛ⁰ + gₛℤ and |uₛ| ≥ δₛ, its distance from 0. One lumpy sleeve (a
 * single $250 fund) then bounds D twice over: Σ uₛ = U is fixed (trades move value, never create it), so
 * D ≥ |u_t| + max(Σ_{s≠t} δₛ, |U − u_t|) for every sleeve t, minimised over u_t's lattice (a convex function,
 * so the lattice points next to its breakpoints 0, U and U ± K suffice). What the LP cannot see: its
 * relaxation moves every sleeve continuously. Exact; the best t is taken.
 */
export function latticeBound(p: Problem): bigint {
  const S = p.sleeves.length;
  const base = [...p.u0];
  const g = new Array<bigint>(S).fill(0n);
  // Σ uₛ is fixed when every variable only moves value between sleeves (true of every plan's problem; not of
  // the rows min-cash builds, where only the per-sleeve part holds).
  let conserved = true;
  for (const v of p.vars) {
    if (v.kmin !== v.kmax && v.coef.reduce((t, c) => t + c, 0n) !== 0n) conserved = false;
    for (let x = 0; x < v.sleeves.length; x++) {
      const sl = v.sleeves[x] as number;
      const c = v.coef[x] as bigint;
      // A variable fixed at a value moves the sleeve by a known amount; one that may move widens the lattice.
      if (v.kmin === v.kmax) base[sl] = (base[sl] as bigint) + c * BigInt(v.kmin);
      else g[sl] = gcd(g[sl] as bigint, c);
    }
  }
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  // The lattice points of sleeve s next to y (below and above; the point itself when the sleeve cannot move).
  const near = (s: number, y: bigint): bigint[] => {
    const gs = g[s] as bigint;
    const b = base[s] as bigint;
    if (gs === 0n) return [b];
    const below = y - ((((y - b) % gs) + gs) % gs);
    return below === y ? [y] : [below, below + gs];
  };
  const delta = base.map((_, s) => {
    const [a, b] = near(s, 0n) as [bigint, bigint?];
    return b === undefined || abs(a) < abs(b) ? abs(a) : abs(b);
  });
  const U = base.reduce((t, x) => t + x, 0n);
  const sumDelta = delta.reduce((t, x) => t + x, 0n);
  let best = sumDelta;
  for (let t = 0; t < S && conserved; t++) {
    const K = sumDelta - (delta[t] as bigint);
    let low: bigint | null = null;
    for (const y of [0n, U, U - K, U + K]) {
      for (const x of near(t, y)) {
        const f = abs(x) + (K > abs(U - x) ? K : abs(U - x));
        if (low === null || f < low) low = f;
      }
    }
    if (low !== null && low > best) best = low;
  }
  return best;
}

/** The gcd cut of every account before any trade (see branchAndBound). */
export function rootCut(p: Problem): bigint[] {
  const g = p.accounts.map(() => 0n);
  for (const v of p.vars) g[v.account] = gcd(g[v.account] as bigint, v.unit);
  return p.accounts.map((acc, a) => {
    const x = acc.cash - acc.floor;
    const ga = g[a] as bigint;
    return ga === 0n ? x : ((x % ga) + ga) % ga;
  });
}
