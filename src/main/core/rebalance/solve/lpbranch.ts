// LP-based branch and bound on variable bounds, for small problems the search cannot prove.
//
// The depth-first branch and bound (bnb.ts) fixes one variable per level to one of its values: with ranges of
// thousands of shares and an optimum a few cents above the LP bound, its tree is too wide to finish. Here a node
// is a box (lo ≤ k ≤ hi per variable); its LP relaxation (floats) suggests multipliers, whose Lagrangian bound
// over the box is then evaluated exactly (boxBound) — so a pruned subtree is pruned on an exact bound. Nodes are
// taken best bound first; a variable the LP leaves fractional splits its box at the LP value (k ≤ ⌊x⌋ | k ≥ ⌈x⌉),
// and one whose value breaks the minimum trade splits into {0}, the buys and the sales. An LP point that is
// whole is checked exactly as a plan (it becomes the incumbent when better); a box that fails that check without
// a split left to try makes the search incomplete rather than claim anything. The turnover cap and the gain
// budget are not in the LP: problems with them are not taken (the caller keeps its other searches).
import type { Problem, PVar } from '../problem.ts';
import { betterSolution, costOf, State, turnoverOf, type Solution } from '../state.ts';
import { boxBound, rootCut } from './bounds.ts';
import { lpRelaxation } from './lp.ts';

export interface LpBranchResult {
  best: Solution;
  /** Every box was closed: `best` has the least J there is (ties are not searched). */
  complete: boolean;
  /** A proven lower bound on J: the least bound of the boxes still open (best's J when complete). */
  lowerBound: bigint;
  nodes: number;
}

interface Box {
  lo: number[];
  hi: number[];
  bound: bigint;
}

const allowedAt = (v: PVar, k: number): boolean => k === 0 || Math.abs(k) >= v.minSteps;

/** A binary heap of boxes, least bound first. */
class Queue {
  private readonly a: Box[] = [];
  get size(): number {
    return this.a.length;
  }
  min(): bigint | null {
    return this.a[0]?.bound ?? null;
  }
  push(b: Box): void {
    const a = this.a;
    a.push(b);
    for (let i = a.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if ((a[up] as Box).bound <= b.bound) break;
      a[i] = a[up] as Box;
      a[up] = b;
      i = up;
    }
  }
  pop(): Box | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && (a[l] as Box).bound < (a[m] as Box).bound) m = l;
        if (r < a.length && (a[r] as Box).bound < (a[m] as Box).bound) m = r;
        if (m === i) break;
        const t = a[i] as Box;
        a[i] = a[m] as Box;
        a[m] = t;
        i = m;
      }
    }
    return top;
  }
}

/** Whether lpBranch takes the problem (see the header). */
export function lpBranchApplies(p: Problem, maxVars: number): boolean {
  return p.vars.length <= maxVars && p.turnoverCap === null && p.gainBudget === null;
}

export function lpBranch(p: Problem, incumbent: Solution, deadline: number): LpBranchResult {
  const cut = rootCut(p);
  let best = incumbent;
  let bestJ = costOf(p, best);
  let nodes = 0;
  // The least bound of a box the search could not settle (its LP gave up, or its whole point missed a floor by
  // a float's hair): the proven lower bound can be no higher.
  let unsettled: bigint | null = null;
  const giveUp = (b: bigint): void => {
    if (unsettled === null || b < unsettled) unsettled = b;
  };
  const queue = new Queue();
  queue.push({ lo: p.vars.map((v) => v.kmin), hi: p.vars.map((v) => v.kmax), bound: -1n });
  const candidate = (k: number[]): boolean => {
    const st = new State(p);
    k.forEach((x, j) => st.apply(j, x));
    if (!st.feasible()) return false;
    let trades = 0;
    for (const x of k) if (x !== 0) trades++;
    // (Tax, the last tie-break, is left to the caller: `tax` is not computed here.)
    const sol = { k, d: st.d, trades, turnover: turnoverOf(p, k), tax: best.tax };
    if (betterSolution(p, sol, best)) {
      best = sol;
      bestJ = costOf(p, sol);
    }
    return true;
  };
  while (queue.size > 0) {
    if (performance.now() > deadline) break;
    const box = queue.pop() as Box;
    if (box.bound >= bestJ) continue;
    nodes++;
    const m = lpRelaxation(p, null, 0, { lo: box.lo, hi: box.hi }, deadline, cut);
    if (!m.x) {
      // No LP point: an empty box (no plan keeps the floors) — or the LP gave up, which proves nothing.
      if (lpEmpty(p, box)) continue;
      if (performance.now() > deadline) queue.push(box);
      else giveUp(box.bound);
      continue;
    }
    const bound = boxBound(p, m, box.lo, box.hi);
    if (bound >= bestJ) continue;
    // Branch on the most fractional variable; else on a minimum-trade violation; else the point is a plan.
    let j = -1;
    let frac = 1e-6;
    m.x.forEach((x, i) => {
      const f = Math.abs(x - Math.round(x));
      if (f > frac) {
        frac = f;
        j = i;
      }
    });
    const child = (lo: number[], hi: number[]): void => {
      if (lo.every((l, i) => l <= (hi[i] as number))) queue.push({ lo, hi, bound });
    };
    if (j >= 0) {
      const x = m.x[j] as number;
      child(box.lo, box.hi.map((h, i) => (i === j ? Math.floor(x) : h)));
      child(box.lo.map((l, i) => (i === j ? Math.ceil(x) : l)), box.hi);
      continue;
    }
    const k = m.x.map((x) => Math.round(x));
    const bad = k.findIndex((x, i) => !allowedAt(p.vars[i] as PVar, x));
    if (bad >= 0) {
      const v = p.vars[bad] as PVar;
      const set = (i0: number, lo: number, hi: number): void =>
        child(box.lo.map((l, i) => (i === i0 ? Math.max(l, lo) : l)), box.hi.map((h, i) => (i === i0 ? Math.min(h, hi) : h)));
      set(bad, 0, 0);
      set(bad, v.minSteps, v.kmax);
      set(bad, v.kmin, -v.minSteps);
      continue;
    }
    // A whole point: a plan when it keeps every floor exactly (the LP's floats may miss by a hair).
    if (!candidate(k)) giveUp(bound);
  }
  let lowerBound = bestJ;
  for (const b of [queue.min(), unsettled]) if (b !== null && b < lowerBound) lowerBound = b < 0n ? 0n : b;
  return { best, complete: queue.size === 0 && unsettled === null, lowerBound, nodes };
}

/** Whether no plan in the box keeps every account at its floor: even selling all the box allows falls short. */
function lpEmpty(p: Problem, box: Box): boolean {
  const most = p.accounts.map((a) => a.cash - a.floor);
  p.vars.forEach((v, j) => {
    most[v.account] = (most[v.account] as bigint) - v.unit * BigInt(box.lo[j] as number);
  });
  return most.some((x) => x < 0n);
}
