// The ties, exactly: once J (= D + F·trades) is proven minimal, the fewest trades at that J, then the least
// turnover, then the least estimated tax.
//
// The depth-first branch and bound (bnb.ts) compares completions lexicographically, but its bounds are bounds on J
// only: at the optimal J almost nothing is pruned, and over share counts in the thousands it rarely finishes.
// Here the search is over which variables may trade (the support): a binary tree, each variable held (k = 0) or
// free, held first. A node is pruned when its free variables already outnumber the incumbent's trades, or when
// the bound of the box it leaves (held variables at 0, the rest in their ranges: the interval bound, then the
// LP-dual bound with the gcd cuts, both exact — bounds.ts) is above J*. At a leaf the branch and bound searches
// only the free variables (few: at most the incumbent's trades) for a plan better than the incumbent on
// (J, trades, turnover, tax). When every node is closed the incumbent is the lexicographic optimum.
import type { Problem, PVar } from '../problem.ts';
import { costOf, type Solution } from '../state.ts';
import { boxBound, rootCut } from './bounds.ts';
import { branchAndBound } from './bnb.ts';
import { lpRelaxation, type Multipliers } from './lp.ts';

export interface TieResult {
  best: Solution;
  /** Every support was settled: best is the lexicographic optimum (given that its J is minimal). */
  complete: boolean;
  nodes: number;
}

/** Fewest trades, then least turnover, then least tax at the incumbent's J (proven minimal by the caller). */
export function settleTies(p: Problem, incumbent: Solution, deadline: number, maxNodes = Infinity): TieResult {
  const n = p.vars.length;
  const jStar = costOf(p, incumbent);
  const zero: Multipliers = { L: p.sleeves.map(() => 0n), Mu: p.accounts.map(() => 0n) };
  const cut = rootCut(p);
  // Variables the incumbent trades first: the supports near it are tried (and found) early.
  const order = p.vars.map((_, j) => j).sort((a, b) => Number((incumbent.k[b] as number) !== 0) - Number((incumbent.k[a] as number) !== 0) || a - b);
  const lo = p.vars.map((v) => v.kmin);
  const hi = p.vars.map((v) => v.kmax);
  let best = incumbent;
  let nodes = 0;
  let timedOut = false;
  const boxOk = (): boolean => {
    // Every account can still reach its floor (selling all the box allows: a withdrawal must be raised somewhere).
    const most = p.accounts.map((a) => a.cash - a.floor);
    p.vars.forEach((v, j) => (most[v.account] = (most[v.account] as bigint) - v.unit * BigInt(lo[j] as number)));
    if (most.some((x) => x < 0n)) return false;
    if (boxBound(p, zero, lo, hi) > jStar) return false;
    const m = lpRelaxation(p, null, 0, { lo, hi }, deadline, cut);
    // (An LP that gave up proves nothing: the box stays open.)
    return !m.x || boxBound(p, m, lo, hi) <= jStar;
  };
  const leaf = (free: number[]): void => {
    if (!boxOk()) return;
    const sub: Problem = { ...p, vars: free.map((j) => p.vars[j] as PVar) };
    // The incumbent as the sub-search's sentinel: only a lexicographically better plan replaces it.
    const sentinel: Solution = { ...best, k: free.map(() => 0) };
    const r = branchAndBound(sub, sentinel, deadline, undefined, undefined, maxNodes - nodes);
    nodes += r.nodes;
    if (!r.complete) timedOut = true;
    if (r.best !== sentinel) {
      const k = p.vars.map(() => 0);
      free.forEach((j, i) => (k[j] = r.best.k[i] as number));
      best = { ...r.best, k };
    }
  };
  const visit = (d: number, free: number[]): void => {
    if (timedOut) return;
    if (performance.now() > deadline || nodes > maxNodes) {
      timedOut = true;
      return;
    }
    nodes++;
    if (free.length > best.trades) return;
    if (d === n) {
      if (free.length > 0) leaf(free);
      return;
    }
    const j = order[d] as number;
    const v = p.vars[j] as PVar;
    // Held: the variable's box shrinks to 0 (when 0 is in its range).
    if (v.kmin <= 0 && v.kmax >= 0) {
      lo[j] = 0;
      hi[j] = 0;
      if (boxOk()) visit(d + 1, free);
      lo[j] = v.kmin;
      hi[j] = v.kmax;
    }
    // Free: one trade more allowed.
    if (free.length < best.trades) visit(d + 1, [...free, j]);
  };
  if (best.trades > 0 && boxOk()) visit(0, []);
  return { best, complete: !timedOut, nodes };
}
