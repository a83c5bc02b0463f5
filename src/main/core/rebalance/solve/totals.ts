// The search over household totals: D depends only on how many shares of each security the household ends with
// and on its cash, never on which account holds them. The depth-first search over one variable per (account,
// security) therefore meets every plan once per way of splitting the same totals across accounts — on a small
// household most of its nodes. Here it runs over one variable per security (its total trade Tᵢ = Σₐ kₐᵢ) with
// the household's cash as one account (a relaxation: its optimum bounds D from below), and takes a completion
// only when a split across the accounts exists that keeps every account's floor (found by `splitTotals`, exact
// integers). A completion whose split is not found is refused and bounds the answer no better than its own D.
// Problems with a trade cost, a minimum trade, a turnover cap, a gain budget or a fractional account are not
// taken (their J is not a function of the totals); nor are problems where no security is in two accounts.
import type { PAccount, Problem, PVar } from '../problem.ts';
import { costOf, solutionOf, State, type Solution } from '../state.ts';
import { branchAndBound } from './bnb.ts';
import { lpRelaxation } from './lp.ts';

export interface TotalsResult {
  best: Solution;
  /** Every completion was searched and none refused: best has the least D there is. */
  complete: boolean;
  /** A proven lower bound on D. */
  lowerBound: bigint;
  nodes: number;
}

/** Whether the search over totals takes the problem (see the header). */
export function totalsApply(p: Problem): boolean {
  if (p.tradeCost !== 0n || p.turnoverCap !== null || p.gainBudget !== null) return false;
  if (p.accounts.some((a) => a.fractional)) return false;
  if (p.vars.some((v) => v.minSteps > 1)) return false;
  const secs = new Set(p.vars.map((v) => v.sec));
  return secs.size < p.vars.length;
}

/** The household as one account: one variable per security, its range the sum of the accounts'. */
function aggregate(p: Problem): { q: Problem; members: number[][] } {
  const bySec = new Map<number, number[]>();
  p.vars.forEach((v, j) => bySec.set(v.sec, [...(bySec.get(v.sec) ?? []), j]));
  const members = [...bySec.values()];
  const household: PAccount = {
    id: 'household',
    taxable: false,
    cash: p.accounts.reduce((t, a) => t + a.cash, 0n),
    floor: p.accounts.reduce((t, a) => t + a.floor, 0n),
    fractional: false,
    step: 1_000_000n,
  };
  const vars: PVar[] = members.map((js) => {
    const v0 = p.vars[js[0] as number] as PVar;
    let kmin = 0;
    let kmax = 0;
    let held = 0n;
    for (const j of js) {
      const v = p.vars[j] as PVar;
      kmin += v.kmin;
      kmax += v.kmax;
      held += v.held;
    }
    return { ...v0, account: 0, held, kmin, kmax, lots: null, taxable: false };
  });
  return { q: { ...p, accounts: [household], vars }, members };
}

/**
 * Integer trades per (account, security) with the given totals per security that keep every account at or above
 * its floor, or null when this greedy split finds none: starting from `template` (a feasible plan), each
 * security's difference is spread first where it undoes a trade (a sale reduced before a buy is added, and so
 * on), sales and smaller buys before larger buys so that the cash they free is there to spend.
 */
export function splitTotals(p: Problem, members: readonly number[][], totals: readonly number[], template: readonly number[]): number[] | null {
  const st = new State(p);
  template.forEach((k, j) => st.apply(j, k));
  const diff = members.map((js, i) => (totals[i] as number) - js.reduce((t, j) => t + (st.k[j] as number), 0));
  // Decreases first (they raise cash), then increases.
  const order = members.map((_, i) => i).sort((a, b) => (diff[a] as number) - (diff[b] as number));
  for (const i of order) {
    let left = diff[i] as number;
    if (left === 0) continue;
    const js = [...(members[i] as number[])];
    if (left < 0) {
      // Reduce the largest buys first, then sell where the holding is largest.
      js.sort((a, b) => (st.k[b] as number) - (st.k[a] as number));
      for (const j of js) {
        if (left === 0) break;
        const v = p.vars[j] as PVar;
        const t = Math.max(left, v.kmin - (st.k[j] as number));
        if (t < 0) {
          st.apply(j, t);
          left -= t;
        }
      }
    } else {
      // Undo sales first, then buy where the most cash is spare.
      js.sort((a, b) => (st.k[a] as number) - (st.k[b] as number) || Number((st.cash[(p.vars[b] as PVar).account] as bigint) - (st.cash[(p.vars[a] as PVar).account] as bigint)));
      for (const j of js) {
        if (left === 0) break;
        const v = p.vars[j] as PVar;
        // Within the account's cash when it can; what is left goes where the range allows (rebalanceCash then
        // moves it to where the cash is).
        const [, hi] = st.range(j);
        const t = Math.min(left, hi - (st.k[j] as number), v.kmax - (st.k[j] as number));
        if (t > 0) {
          st.apply(j, t);
          left -= t;
        }
      }
      for (const j of js) {
        if (left === 0) break;
        const t = Math.min(left, (p.vars[j] as PVar).kmax - (st.k[j] as number));
        if (t > 0) {
          st.apply(j, t);
          left -= t;
        }
      }
    }
    if (left !== 0) return null;
  }
  return st.feasible() || rebalanceCash(p, members, st) ? [...st.k] : null;
}

/**
 * Moves trades between accounts, keeping each security's total, until every account is at or above its floor: an
 * account short of cash buys m fewer (or sells m more) of a security another account with cash to spare then buys
 * m more of (or sells m fewer). False when no such move is left.
 */
function rebalanceCash(p: Problem, members: readonly number[][], st: State): boolean {
  const spare = (a: number): bigint => (st.cash[a] as bigint) - (p.accounts[a]?.floor ?? 0n);
  for (let moves = 0; moves < 200; moves++) {
    const a = p.accounts.findIndex((_, i) => spare(i) < 0n);
    if (a < 0) return true;
    let moved = false;
    for (const js of members) {
      const ja = js.find((j) => (p.vars[j] as PVar).account === a);
      if (ja === undefined) continue;
      const va = p.vars[ja] as PVar;
      for (const jb of js) {
        const vb = p.vars[jb] as PVar;
        if (jb === ja || vb.unit !== va.unit || spare(vb.account) < va.unit) continue;
        const need = Number((-spare(a) + va.unit - 1n) / va.unit);
        const m = Math.min(need, (st.k[ja] as number) - va.kmin, vb.kmax - (st.k[jb] as number), Number(spare(vb.account) / va.unit));
        if (m < 1) continue;
        st.apply(ja, -m);
        st.apply(jb, m);
        moved = true;
        break;
      }
      if (moved) break;
    }
    if (!moved) return false;
  }
  return st.feasible();
}

/** The search over totals from the incumbent `start` (a feasible plan of p), until the deadline. */
export function searchTotals(p: Problem, start: Solution, deadline: number): TotalsResult {
  const { q, members } = aggregate(p);
  const totalsOf = (k: readonly number[]): number[] => members.map((js) => js.reduce((t, j) => t + (k[j] as number), 0));
  const agg = (k: readonly number[]): Solution => {
    const st = new State(q);
    k.forEach((x, i) => st.apply(i, x));
    return solutionOf(q, st);
  };
  let best = start;
  const zero = p.vars.map(() => 0);
  const accept = (k: readonly number[]): boolean => {
    // From the best plan's trades, else from none.
    const split = splitTotals(p, members, k, best.k) ?? splitTotals(p, members, k, zero);
    if (!split) return false;
    const st = new State(p);
    split.forEach((x, j) => st.apply(j, x));
    const sol = solutionOf(p, st);
    if (sol.d < best.d) best = sol;
    return true;
  };
  const mult = lpRelaxation(q, null, 0, undefined, deadline);
  const r = branchAndBound(q, agg(totalsOf(start.k)), deadline, mult.x ? mult : undefined, undefined, Infinity, accept);
  let lowerBound = r.lowerBound;
  if (r.refused !== null && r.refused < lowerBound) lowerBound = r.refused;
  if (lowerBound > costOf(p, best)) lowerBound = costOf(p, best);
  return { best, complete: r.complete && r.refused === null, lowerBound, nodes: r.nodes };
}
