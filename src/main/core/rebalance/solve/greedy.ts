// The greedy baseline and its single-variable move: each variable moved to its best share count (a weighted
// median of breakpoints, in floats), the move then checked exactly; with a trade cost, trades that do not pay
// for themselves are undone.
import type { Problem, PVar } from '../problem.ts';
import { allowed, State } from '../state.ts';

/** Float estimate of the change of D when variable j moves by t steps. */
export function deltaF(st: State, v: PVar, t: number): number {
  let dd = 0;
  for (let x = 0; x < v.sleeves.length; x++) {
    const u = st.uf[v.sleeves[x] as number] as number;
    dd += Math.abs(u + (v.coefF[x] as number) * t) - Math.abs(u);
  }
  return dd;
}

/** A move of one variable by t steps and its estimated gain (dollars of J; float). */
export interface Move {
  t: number;
  gain: number;
}

/**
 * The best single move of variable j (float estimate): the minimiser of the convex Σ|uₛ + cₛ t| is a weighted
 * median of the breakpoints; the integers around it (and the minimum-trade edges) are tried. It sorts in the
 * state's scratch arrays: it runs for every variable on every pass of the local search.
 */
export function bestMove(st: State, j: number): Move {
  const v = st.p.vars[j] as PVar;
  const [lo, hi] = st.range(j);
  const k = st.k[j] as number;
  if (lo > hi) return { t: 0, gain: 0 };
  const bpB = st.scratch.breakpoints;
  const bpW = st.scratch.weights;
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
  const best: Move = { t: 0, gain: 0 };
  pushCandidate(st, v, k, lo, hi, Math.floor(k + med), best);
  pushCandidate(st, v, k, lo, hi, Math.ceil(k + med), best);
  if (st.tradeCostF > 0 && k !== 0) considerCandidate(st, v, k, lo, hi, 0, best);
  return best;
}

/** Takes the move of v from k to c into `best` if it is in [lo, hi] and gains more (or as much, in fewer steps). */
function considerCandidate(st: State, v: PVar, k: number, lo: number, hi: number, c: number, best: Move): void {
  const t = c - k;
  if (t === 0 || c < lo || c > hi) return;
  // Opening a trade costs F, closing one saves it.
  const f = st.tradeCostF;
  const gain = -deltaF(st, v, t) - (k === 0 ? f : 0) + (c === 0 ? f : 0);
  if (gain > best.gain || (gain === best.gain && best.t !== 0 && Math.abs(t) < Math.abs(best.t))) {
    best.gain = gain;
    best.t = t;
  }
}

/** Considers kk clamped to [lo, hi], or, when that breaks the minimum trade, a hold and the minimum trades. */
function pushCandidate(st: State, v: PVar, k: number, lo: number, hi: number, kk: number, best: Move): void {
  const c = Math.min(hi, Math.max(lo, kk));
  if (allowed(v, c)) considerCandidate(st, v, k, lo, hi, c, best);
  else {
    considerCandidate(st, v, k, lo, hi, 0, best);
    considerCandidate(st, v, k, lo, hi, v.minSteps, best);
    considerCandidate(st, v, k, lo, hi, -v.minSteps, best);
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
export const MIN_GAIN = 1e-7;

/**
 * The greedy baseline: repeatedly make the one trade adjustment (a variable moved to its best share count) that
 * most reduces D; when none does, sell the one share that most reduces the overweight of the non-cash sleeves
 * without raising D (freeing cash for the next buys). Buys lower D strictly and sells lower the non-cash part
 * with D unchanged, so it terminates.
 */
export function greedy(p: Problem, st: State = new State(p), deadline = Infinity): State {
  const blocked = new Set<number>();
  for (;;) {
    let bestVar = -1;
    let chosen = { t: 0, gain: MIN_GAIN };
    for (let j = 0; j < p.vars.length; j++) {
      if (blocked.has(j)) continue;
      const m = bestMove(st, j);
      if (m.t !== 0 && m.gain > chosen.gain) {
        bestVar = j;
        chosen = m;
      }
    }
    if (bestVar >= 0) {
      if (st.deltaJ(bestVar, chosen.t) < 0n && st.allows(bestVar, chosen.t)) {
        st.apply(bestVar, chosen.t);
        blocked.clear();
      } else blocked.add(bestVar);
    } else {
      // With a trade cost a D-neutral sale costs F and buying it back saves F: the two would alternate forever,
      // so the sell phase is for F = 0 only (the pair moves free cash otherwise).
      if (st.tradeCostF > 0) return dropTrades(p, st);
      // Sell phase: the sale that most lowers the non-cash overweight without taking any sleeve below target.
      let saleVar = -1;
      let bestSaleGain = MIN_GAIN;
      let saleSteps = 0;
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
        if (g > bestSaleGain && deltaF(st, v, to - kj) <= 1e-6 && st.allows(j, to - kj)) {
          bestSaleGain = g;
          saleVar = j;
          saleSteps = to - kj;
        }
      }
      if (saleVar < 0 || st.delta(saleVar, saleSteps) > 0n) return dropTrades(p, st);
      st.apply(saleVar, saleSteps);
      blocked.clear();
    }
    if (performance.now() > deadline) return dropTrades(p, st);
  }
}

/**
 * With a trade cost F > 0: undoes every trade whose D improvement does not pay for it (J = D + F·trades drops),
 * smallest first, while each account stays at or above its floor. A no-op when F = 0.
 */
function dropTrades(p: Problem, st: State): State {
  if (p.tradeCost === 0n) return st;
  for (let changed = true; changed; ) {
    changed = false;
    let undoVar = -1;
    let undoDelta = 0n;
    for (let j = 0; j < p.vars.length; j++) {
      const k = st.k[j] as number;
      if (k === 0) continue;
      const v = p.vars[j] as PVar;
      if (0 < v.kmin || 0 > v.kmax) continue;
      // Undoing a sale takes its cash back.
      if ((st.cash[v.account] as bigint) + v.unit * BigInt(k) < (p.accounts[v.account]?.floor ?? 0n)) continue;
      const dj = st.deltaJ(j, -k);
      if (dj < undoDelta && st.allows(j, -k)) {
        undoDelta = dj;
        undoVar = j;
      }
    }
    if (undoVar >= 0) {
      st.apply(undoVar, -(st.k[undoVar] as number));
      changed = true;
    }
  }
  return st;
}
