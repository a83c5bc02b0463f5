// A small bounded-variable primal simplex (revised, dense basis inverse) for the planner's LP relaxation.
// It runs in floats and is only used to *find* dual multipliers: the bound they give is then evaluated exactly
// (bounds.ts, bnb.ts), so a rounding error here can weaken the bound but never make it wrong.

/** Below this many columns, every pivot prices them all. */
const PARTIAL_FROM = 1000;

export interface LpColumn {
  rows: number[];
  vals: number[];
  cost: number;
  lo: number;
  hi: number;
}

export interface LpResult {
  status: 'optimal' | 'iteration-limit' | 'unbounded';
  objective: number;
  /** Row duals y (c_B B⁻¹). */
  duals: Float64Array;
  /** Primal values of the columns. */
  x: Float64Array;
  iterations: number;
}

/**
 * min c·x s.t. A x = b, lo ≤ x ≤ hi, starting from a feasible basis given as one column per row whose column is
 * ±(unit vector) of that row (slack-like), with every other column nonbasic at its lower bound.
 */
export function simplex(m: number, cols: LpColumn[], b: number[], basis: number[], maxIter = 20_000, deadline = Infinity): LpResult {
  const n = cols.length;
  const x = new Float64Array(n);
  const atUpper = new Uint8Array(n);
  const isBasic = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) x[j] = (cols[j] as LpColumn).lo;
  const Binv = new Float64Array(m * m);
  basis.forEach((j, i) => {
    isBasic[j] = i;
    const c = cols[j] as LpColumn;
    const v = c.vals[c.rows.indexOf(i)] as number;
    Binv[i * m + i] = 1 / v;
  });
  // x_B = B⁻¹ (b − Σ_nonbasic A_j x_j)
  const r = Float64Array.from(b);
  for (let j = 0; j < n; j++) {
    if ((isBasic[j] as number) >= 0) continue;
    const c = cols[j] as LpColumn;
    for (let t = 0; t < c.rows.length; t++) r[c.rows[t] as number] = (r[c.rows[t] as number] as number) - (c.vals[t] as number) * (x[j] as number);
  }
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += (Binv[i * m + k] as number) * (r[k] as number);
    x[basis[i] as number] = s;
  }
  const y = new Float64Array(m);
  const alpha = new Float64Array(m);
  const EPS = 1e-9;
  const chunk = n <= PARTIAL_FROM ? n : Math.max(PARTIAL_FROM, Math.ceil(n / 8));
  let start = 0;
  let it = 0;
  for (; it < maxIter; it++) {
    if ((it & 63) === 63 && performance.now() > deadline) return { status: 'iteration-limit', objective: NaN, duals: y, x, iterations: it };
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += (cols[basis[i] as number] as LpColumn).cost * (Binv[i * m + k] as number);
      y[k] = s;
    }
    // Pricing: Dantzig over a window of the columns (partial pricing, from where the last window ended): on
    // thousands of columns, scanning them all for every pivot is what costs; the whole set is scanned before
    // the LP is declared optimal.
    let q = -1;
    let bestScore = 0;
    let qDir = 0;
    for (let seen = 0; seen < n; ) {
      const end = Math.min(seen + chunk, n);
      for (; seen < end; seen++) {
        const j = (start + seen) % n;
        if ((isBasic[j] as number) >= 0) continue;
        const c = cols[j] as LpColumn;
        if (c.lo === c.hi) continue;
        let d = c.cost;
        for (let t = 0; t < c.rows.length; t++) d -= (y[c.rows[t] as number] as number) * (c.vals[t] as number);
        const dir = atUpper[j] ? (d > EPS ? -1 : 0) : d < -EPS ? 1 : 0;
        if (dir === 0) continue;
        const score = Math.abs(d);
        if (score > bestScore) {
          bestScore = score;
          q = j;
          qDir = dir;
        }
      }
      if (q >= 0) {
        start = (start + seen) % n;
        break;
      }
    }
    if (q < 0) break;
    const cq = cols[q] as LpColumn;
    alpha.fill(0);
    for (let t = 0; t < cq.rows.length; t++) {
      const row = cq.rows[t] as number;
      const v = cq.vals[t] as number;
      for (let i = 0; i < m; i++) alpha[i] = (alpha[i] as number) + (Binv[i * m + row] as number) * v;
    }
    let theta = cq.hi - cq.lo;
    let leave = -1;
    let leaveToUpper = false;
    for (let i = 0; i < m; i++) {
      const rate = -qDir * (alpha[i] as number);
      const bj = basis[i] as number;
      const bc = cols[bj] as LpColumn;
      if (rate < -EPS) {
        const lim = ((x[bj] as number) - bc.lo) / -rate;
        if (lim < theta) {
          theta = Math.max(0, lim);
          leave = i;
          leaveToUpper = false;
        }
      } else if (rate > EPS && Number.isFinite(bc.hi)) {
        const lim = (bc.hi - (x[bj] as number)) / rate;
        if (lim < theta) {
          theta = Math.max(0, lim);
          leave = i;
          leaveToUpper = true;
        }
      }
    }
    if (!Number.isFinite(theta)) return { status: 'unbounded', objective: -Infinity, duals: y, x, iterations: it };
    x[q] = (x[q] as number) + qDir * theta;
    for (let i = 0; i < m; i++) x[basis[i] as number] = (x[basis[i] as number] as number) - qDir * theta * (alpha[i] as number);
    if (leave < 0) {
      atUpper[q] = atUpper[q] ? 0 : 1;
      continue;
    }
    const out = basis[leave] as number;
    const oc = cols[out] as LpColumn;
    x[out] = leaveToUpper ? oc.hi : oc.lo;
    atUpper[out] = leaveToUpper ? 1 : 0;
    isBasic[out] = -1;
    basis[leave] = q;
    isBasic[q] = leave;
    atUpper[q] = 0;
    // Pivot B⁻¹ on alpha[leave].
    const piv = alpha[leave] as number;
    for (let k = 0; k < m; k++) Binv[leave * m + k] = (Binv[leave * m + k] as number) / piv;
    for (let i = 0; i < m; i++) {
      if (i === leave) continue;
      const f = alpha[i] as number;
      if (f === 0) continue;
      for (let k = 0; k < m; k++) Binv[i * m + k] = (Binv[i * m + k] as number) - f * (Binv[leave * m + k] as number);
    }
  }
  let obj = 0;
  for (let j = 0; j < n; j++) obj += (cols[j] as LpColumn).cost * (x[j] as number);
  return { status: it >= maxIter ? 'iteration-limit' : 'optimal', objective: obj, duals: y, x, iterations: it };
}
