// The LP relaxation (floats) of a problem: its duals are the multipliers of the exact Lagrangian bound
// (bounds.ts, bnb.ts), and its solution, rounded cash-safely, a start for the other searches.
import type { Problem, PVar } from '../problem.ts';
import { State } from '../state.ts';
import { simplex, type LpColumn } from './simplex.ts';

/** Multipliers of the Lagrangian (LP-dual) bound, as integers over LAG_SCALE: |L_s| ≤ LAG_SCALE, Mu_a ≥ 0. */
export interface Multipliers {
  L: bigint[];
  Mu: bigint[];
}
export const LAG_SCALE = 1n << 20n;

/**
 * For any λ ∈ [−1, 1]^S and μ ≥ 0, every feasible completion has
 *   D = Σₛ|uₛ| ≥ Σₛ λₛ uₛ ≥ Σₛ λₛ uₛ − Σₐ μₐ·slackₐ   (slackₐ = cashₐ − floorₐ ≥ 0),
 * and the right side is linear in each k, so its minimum over the boxes kmin ≤ k ≤ kmax is a valid lower bound
 * whose maximum over (λ, μ) is the LP relaxation's value. The multipliers are found by projected subgradient
 * ascent in floats (they only need to be *some* valid multipliers); the bound itself is then evaluated exactly.
 */
function lagrangeMultipliers(p: Problem, incumbentU: readonly bigint[], ub: number, iterations = 400): Multipliers {
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
