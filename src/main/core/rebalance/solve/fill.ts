// Exact change: spends each account's cash above its floor to the cent.
//
// Whole shares leave every account some cash; the LP's rounding and the greedy leave more. With the sleeves at
// or below their targets, D falls by two dollars for every dollar spent, so the optimum usually has every
// account at its floor exactly — and hitting an amount to the cent with shares of many prices is a subset sum
// that single and pair moves rarely solve. Per account, every move of a variable by a few steps (more in an
// account with few variables) is sorted by the cash it uses; then
//   1. a move, or two, whose cash is at most the account's excess and closest to it (binary search);
//   2. when that finds nothing better: "small" combinations — one move, or two whose cash nearly cancels (a
//      swap inside a sleeve) — sorted by their net cash, and two of them adding up to the excess (a meet in the
//      middle over sorted sums), in a window that widens while nothing is found.
// Candidates are ranked by a float estimate of ΔJ and kept only when the exact (BigInt) J falls and the state
// stays feasible (floors, turnover cap, gain budget). Floats only choose; they never decide. fewerTrades, at the
// end, reuses the same search to take trades out of a plan whose D is already proven.
import type { Problem, PVar } from '../problem.ts';
import type { State } from '../state.ts';

const RADIUS = 3;
/** An account with few variables gets a wider radius: about this many moves per account, up to MAX_RADIUS steps. */
const MOVES_PER_ACCOUNT = 240;
const MAX_RADIUS = 12;
/** Partners tried per move (step 1) and per combination (step 2), closest to the excess first. */
const PARTNERS = 4;
const SMALL_PARTNERS = 2;
/** Step 2's window starts at this much cash either side of [0, excess] (M units: $5) and grows WIDEN_BY times up to WIDEN times. */
const WINDOW = 5n * 10n ** 12n;
const WIDEN = 4;
const WIDEN_BY = 4;
/** The most small combinations step 2 builds per account and pass. */
const MAX_SMALL = 40_000;

// Scratch for the float estimate: the sleeves a candidate touches and their change.
const touchedS = new Int32Array(32);
const touchedC = new Float64Array(32);

/** Float estimate of ΔJ for up to four moves (j, t) in `mv[0..len)`, distinct variables. */
function estimate(st: State, mv: Int32Array, len: number): number {
  const p = st.p;
  let n = 0;
  let opened = 0;
  for (let m = 0; m < len; m += 2) {
    const j = mv[m] as number;
    const t = mv[m + 1] as number;
    const v = p.vars[j] as PVar;
    const k = st.k[j] as number;
    opened += (k === 0 ? 1 : 0) - (k + t === 0 ? 1 : 0);
    for (let x = 0; x < v.sleeves.length; x++) {
      const s = v.sleeves[x] as number;
      const c = (v.coefF[x] as number) * t;
      let y = 0;
      while (y < n && touchedS[y] !== s) y++;
      if (y === n) {
        touchedS[n] = s;
        touchedC[n] = c;
        n++;
      } else touchedC[y] = (touchedC[y] as number) + c;
    }
  }
  let d = opened * st.tradeCostF;
  for (let y = 0; y < n; y++) {
    const u = st.uf[touchedS[y] as number] as number;
    d += Math.abs(u + (touchedC[y] as number)) - Math.abs(u);
  }
  return d;
}

/** First index with a[i] > x (a sorted ascending, length n). */
function upperBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((a[m] as number) <= x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** First index with a[i] ≥ x. */
function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((a[m] as number) < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The moves of one account's variables, sorted by the cash they use (M units, as floats). */
interface Moves {
  n: number;
  cash: Float64Array;
  j: Int32Array;
  t: Int32Array;
}

/**
 * Every move of the variables by up to RADIUS steps (more in an account with few variables: exact change there
 * needs larger multiples of fewer prices), whatever their bounds (those are checked as they are used).
 */
function movesOf(p: Problem, vars: readonly number[]): Moves {
  const radius = Math.min(MAX_RADIUS, Math.max(RADIUS, Math.floor(MOVES_PER_ACCOUNT / Math.max(1, vars.length))));
  const raw: { cash: number; j: number; t: number }[] = [];
  for (const j of vars) {
    const unit = Number((p.vars[j] as PVar).unit);
    for (let t = -radius; t <= radius; t++) if (t !== 0) raw.push({ cash: unit * t, j, t });
  }
  raw.sort((a, b) => a.cash - b.cash || a.j - b.j || a.t - b.t);
  const n = raw.length;
  const m: Moves = { n, cash: new Float64Array(n), j: new Int32Array(n), t: new Int32Array(n) };
  raw.forEach((r, i) => {
    m.cash[i] = r.cash;
    m.j[i] = r.j;
    m.t[i] = r.t;
  });
  return m;
}

/** Whether move i of m is possible from the state: within the variable's bounds and its minimum trade. */
function valid(st: State, m: Moves, i: number): boolean {
  const j = m.j[i] as number;
  const v = st.p.vars[j] as PVar;
  const to = (st.k[j] as number) + (m.t[i] as number);
  return to >= v.kmin && to <= v.kmax && (to === 0 || Math.abs(to) >= v.minSteps);
}

/** How many of the best candidates are kept: the best by the estimate may fail the exact check (a cap, a budget). */
const KEEP = 4;

/** The best candidates so far, best first (moves and their estimate). */
class Best {
  readonly mv = new Int32Array(8 * KEEP);
  readonly len = new Int32Array(KEEP);
  readonly est = new Float64Array(KEEP);
  count = 0;
  /** Candidates taken in so far (a step found something when this grows). */
  taken = 0;
  private readonly scratch = new Int32Array(8);
  constructor(private readonly st: State) {}
  /** Considers the moves i1, i2 (−1: none) of `a` and the moves k1, k2 of `b` (−1: none). */
  offer(a: Moves, i1: number, i2: number, b: Moves | null, k1: number, k2: number): void {
    let len = push(this.scratch, 0, a, i1);
    if (len >= 0) len = push(this.scratch, len, a, i2);
    if (len >= 0 && b) len = push(this.scratch, len, b, k1);
    if (len >= 0 && b) len = push(this.scratch, len, b, k2);
    if (len <= 0) return;
    const e = estimate(this.st, this.scratch, len);
    if (e >= -1e-7 || (this.count === KEEP && e >= (this.est[KEEP - 1] as number))) return;
    // (The same moves offered twice, in another order, have the same estimate: kept once.)
    for (let c = 0; c < this.count; c++) if (this.est[c] === e && this.len[c] === len) return;
    let at = Math.min(this.count, KEEP - 1);
    while (at > 0 && (this.est[at - 1] as number) > e) {
      this.est[at] = this.est[at - 1] as number;
      this.len[at] = this.len[at - 1] as number;
      this.mv.copyWithin(8 * at, 8 * (at - 1), 8 * at);
      at--;
    }
    this.est[at] = e;
    this.len[at] = len;
    this.mv.set(this.scratch.subarray(0, len), 8 * at);
    this.count = Math.min(KEEP, this.count + 1);
    this.taken++;
  }
  /** Applies the best candidate that lowers J exactly and keeps the state feasible; false when none does. */
  applyTo(st: State): boolean {
    for (let c = 0; c < this.count; c++) if (tryApply(st, this.mv.subarray(8 * c, 8 * c + (this.len[c] as number)))) return true;
    return false;
  }
}

/** Appends move i of m (−1: none) to the candidate s of length len; −1 when its variable is already in it. */
function push(s: Int32Array, len: number, m: Moves, i: number): number {
  if (i < 0) return len;
  const j = m.j[i] as number;
  for (let x = 0; x < len; x += 2) if (s[x] === j) return -1;
  s[len] = j;
  s[len + 1] = m.t[i] as number;
  return len + 2;
}

/** Step 1: one or two moves using at most `excess` cash, closest to it. */
function nearExcess(st: State, best: Best, m: Moves, excess: number, deadline: number): void {
  for (let i = 0; i < m.n; i++) {
    if ((i & 255) === 255 && performance.now() > deadline) return;
    if (!valid(st, m, i)) continue;
    const c = m.cash[i] as number;
    if (c <= excess) best.offer(m, i, -1, null, -1, -1);
    let tried = 0;
    for (let q = upperBound(m.cash, m.n, excess - c) - 1; q >= 0 && tried < PARTNERS; q--) {
      if (m.j[q] === m.j[i] || !valid(st, m, q)) continue;
      tried++;
      best.offer(m, i, q, null, -1, -1);
    }
  }
}

/** Step 2: two small combinations (each a move or a near-cancelling pair) adding up to at most `excess`. */
function smallPairs(st: State, best: Best, m: Moves, excess: number, window: number, deadline: number): 'found' | 'none' | 'full' {
  const lo = -window;
  const hi = excess + window;
  const first: number[] = [];
  const second: number[] = [];
  const sum: number[] = [];
  for (let i = 0; i < m.n; i++) {
    if (!valid(st, m, i)) continue;
    const c = m.cash[i] as number;
    if (c >= lo && c <= hi) {
      first.push(i);
      second.push(-1);
      sum.push(c);
    }
    const end = upperBound(m.cash, m.n, hi - c);
    for (let q = Math.max(i + 1, lowerBound(m.cash, m.n, lo - c)); q < end; q++) {
      if (m.j[q] === m.j[i] || !valid(st, m, q)) continue;
      first.push(i);
      second.push(q);
      sum.push(c + (m.cash[q] as number));
    }
    if (sum.length > MAX_SMALL) return 'full';
  }
  const n = sum.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (sum[a] as number) - (sum[b] as number) || a - b);
  const sorted = new Float64Array(n);
  order.forEach((o, i) => {
    sorted[i] = sum[o] as number;
  });
  const before = best.taken;
  for (let x = 0; x < n; x++) {
    if ((x & 1023) === 1023 && performance.now() > deadline) break;
    const ox = order[x] as number;
    let tried = 0;
    for (let y = upperBound(sorted, n, excess - (sorted[x] as number)) - 1; y >= x && tried < SMALL_PARTNERS; y--) {
      const oy = order[y] as number;
      tried++;
      best.offer(m, first[ox] as number, second[ox] as number, m, first[oy] as number, second[oy] as number);
    }
  }
  return best.taken !== before ? 'found' : 'none';
}

/** Whether a sleeve other than Cash is above its target. */
function overweight(st: State): boolean {
  return st.u.some((u, s) => s !== st.p.cashSleeve && u > 0n);
}

function tradesOf(st: State): number {
  let n = 0;
  for (const k of st.k) if (k !== 0) n++;
  return n;
}

/** Applies the moves when they lower J exactly and keep the state feasible; otherwise leaves `st` as it was. */
function tryApply(st: State, mv: Int32Array): boolean {
  const len = mv.length;
  let dj = 0n;
  for (let x = 0; x < len; x += 2) {
    dj += st.deltaJ(mv[x] as number, mv[x + 1] as number);
    st.apply(mv[x] as number, mv[x + 1] as number);
  }
  if (dj < 0n && st.feasible()) return true;
  for (let x = len - 2; x >= 0; x -= 2) st.apply(mv[x] as number, -(mv[x + 1] as number));
  return false;
}

/**
 * Spends the accounts' excess cash to the cent where that lowers J (see the header). Improves `st` in place;
 * stops early once J reaches `bound` (a proven lower bound: nothing can do better). `only` limits the moves to
 * some variables.
 */
export function cashFill(p: Problem, st: State, deadline: number, bound = -1n, only?: (j: number) => boolean): State {
  const byAccount = p.accounts.map(() => [] as number[]);
  p.vars.forEach((v, j) => {
    if (v.kmin < v.kmax && (!only || only(j))) byAccount[v.account]?.push(j);
  });
  // Step 2 is costly: an account where it found nothing rests until every account has (then all get one more
  // look if anything changed meanwhile, since the sleeves they share have moved).
  const active = p.accounts.map(() => true);
  const moves: (Moves | undefined)[] = p.accounts.map(() => undefined);
  let deep = false;
  let changedSinceSweep = false;
  for (;;) {
    let improved = false;
    for (let a = 0; a < p.accounts.length; a++) {
      if (performance.now() > deadline) return st;
      const acc = p.accounts[a];
      const vars = byAccount[a] as number[];
      if (!acc || vars.length === 0 || !active[a]) continue;
      // An account at its floor still gets a look when a sleeve is over its target: a sale there can pay for a
      // buy elsewhere. (With none over, moving money between sleeves at or under target cannot lower D.)
      const excessM = (st.cash[a] as bigint) - acc.floor;
      if (excessM < 0n || (excessM === 0n && !overweight(st))) {
        if (deep) active[a] = false;
        continue;
      }
      const excess = Number(excessM);
      const m = (moves[a] ??= movesOf(p, vars));
      const best = new Best(st);
      nearExcess(st, best, m, excess, deadline);
      if (best.count === 0 && deep) {
        for (let w = 0, window = Number(excessM > WINDOW ? excessM : WINDOW); w <= WIDEN; w++, window *= WIDEN_BY) {
          if (smallPairs(st, best, m, excess, window, deadline) !== 'none' || performance.now() > deadline) break;
        }
      }
      if (best.applyTo(st)) {
        improved = true;
        changedSinceSweep = true;
        if (st.d + p.tradeCost * BigInt(tradesOf(st)) <= bound) return st;
      } else if (deep) active[a] = false;
    }
    if (improved) continue;
    if (!deep) deep = true;
    else if (!changedSinceSweep) return st;
    else {
      active.fill(true);
      changedSinceSweep = false;
    }
  }
}

/**
 * Fewer trades at the same J (the first tie-break): each trade in turn, smallest first, is undone and the exact
 * change asked to restore J (the change-making trades the fill itself adds are often unneeded once the plan
 * has settled); kept when J is no worse with fewer trades. Best-effort, until the deadline.
 */
export function fewerTrades(p: Problem, st: State, deadline: number): State {
  const tradesNow = (): number => tradesOf(st);
  const jOf = (): bigint => st.d + p.tradeCost * BigInt(tradesNow());
  const order = st.k
    .map((k, j) => ({ j, amount: k < 0 ? -BigInt(k) * (p.vars[j] as PVar).unit : BigInt(k) * (p.vars[j] as PVar).unit }))
    .filter((x) => st.k[x.j] !== 0)
    .sort((a, b) => (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : a.j - b.j));
  for (const { j } of order) {
    if (performance.now() > deadline) break;
    const k = st.k[j] as number;
    if (k === 0 || (p.vars[j] as PVar).kmin > 0 || (p.vars[j] as PVar).kmax < 0) continue;
    const before = [...st.k];
    const j0 = jOf();
    const t0 = tradesNow();
    st.apply(j, -k);
    // Only the trades still in the plan may change: a new one would undo the point.
    cashFill(p, st, deadline, j0, (i) => st.k[i] !== 0);
    if (st.feasible() && jOf() <= j0 && tradesNow() < t0) continue;
    // Not better: back to where it was.
    st.k.forEach((kk, i) => {
      if (kk !== before[i]) st.apply(i, (before[i] as number) - kk);
    });
  }
  return st;
}
