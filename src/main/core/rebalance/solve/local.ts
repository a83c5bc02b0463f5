// Local searches from a plan: pair moves inside one account, and small exact branch and bounds over a
// neighbourhood (the LP's fractional variables; each sleeve's finest securities around the plan).
import { saleTax, type Problem, type PVar } from '../problem.ts';
import { allowed, State, type Solution } from '../state.ts';
import { branchAndBound, NODE_LP_MAX_VARS } from './bnb.ts';
import { bestMove, deltaF, greedy, MIN_GAIN } from './greedy.ts';

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
  const none: Solution = current ?? { k: sub.vars.map(() => 0), d: 1n << 200n, trades: sub.vars.length + 1, turnover: 0n, tax: 0n };
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
  const current: Solution = { k: free.map((j) => st.k[j] as number), d: st.d, trades: 0, turnover: 0n, tax: 0n };
  // The incumbent's trades and tax counted over the free variables only (the others stay as they are).
  current.trades = current.k.filter((kk) => kk !== 0).length;
  current.turnover = free.reduce((t, j) => t + (p.vars[j] as PVar).unit * BigInt(Math.abs(st.k[j] as number)), 0n);
  current.tax = free.reduce((t, j) => t + ((st.k[j] as number) < 0 ? saleTax(p, p.vars[j] as PVar, -(st.k[j] as number)) : 0n), 0n);
  const base = new State(p);
  st.k.forEach((kk, j) => {
    if (!free.includes(j)) base.apply(j, kk);
  });
  if (searchAround(p, base, free, ranges, current, deadline)) {
    st.k.forEach((_, j) => st.apply(j, (base.k[j] as number) - (st.k[j] as number)));
  }
}
