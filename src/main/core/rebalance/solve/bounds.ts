// Exact lower bounds on D over a whole problem (or a box of it): per-sleeve intervals, the Lagrangian bound of
// LP multipliers with the gcd cuts, and the lattice bound; and the most negative gain a variable can realise,
// which bounds the gain budget. A plan that meets a bound is proven optimal.
import type { Problem, PVar } from '../problem.ts';
import { gainAt } from '../state.ts';
import { ceilDiv, gcd } from './integers.ts';
import { LAG_SCALE, type Multipliers } from './lp.ts';

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
