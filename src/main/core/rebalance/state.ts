// A plan while the solvers search for it: the solution they compare (steps per variable, D, trades, tax) and the
// mutable exact state they move (k per variable, uₛ per sleeve, cash per account). All exact (BigInt); the float
// mirror uf only guides the heuristics.
import { objectiveOf, saleGain, saleTax, type Problem, type PVar } from './problem.ts';
import { floorDiv } from './solve/integers.ts';

export interface Solution {
  /** Steps per variable (same order as problem.vars). */
  k: number[];
  /** D in S units. */
  d: bigint;
  trades: number;
  /** Money traded, Σ |k|·unit (M units): the second tie-breaker. */
  turnover: bigint;
  /** Estimated tax (the last tie-breaker), tax units. */
  tax: bigint;
}

type Ranked = Pick<Solution, 'd' | 'trades' | 'turnover' | 'tax'>;

/** J = D + F·trades (F = problem.tradeCost, 0 by default: D with trades only as a tie-break), the quantity the search minimises (ties: fewer trades, then less turnover, then less tax). */
export function costOf(p: Problem, s: Pick<Solution, 'd' | 'trades'>): bigint {
  return s.d + p.tradeCost * BigInt(s.trades);
}

/** Lexicographic (J, trades, turnover, tax): is a better than b? */
export function betterSolution(p: Problem, a: Ranked, b: Ranked): boolean {
  const ja = costOf(p, a);
  const jb = costOf(p, b);
  if (ja !== jb) return ja < jb;
  if (a.trades !== b.trades) return a.trades < b.trades;
  if (a.turnover !== b.turnover) return a.turnover < b.turnover;
  return a.tax < b.tax;
}

/** Σ |k|·unit (M units). */
export function turnoverOf(p: Problem, k: readonly number[]): bigint {
  let t = 0n;
  k.forEach((x, j) => {
    if (x !== 0) t += (p.vars[j] as PVar).unit * BigInt(x < 0 ? -x : x);
  });
  return t;
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
  /** Scratch for the greedy's weighted median (bestMove sorts up to 64 breakpoints here rather than allocate). */
  readonly scratch = { breakpoints: new Float64Array(64), weights: new Float64Array(64) };
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

/** Whether a variable may end at k steps: held, or at least its minimum trade. */
export const allowed = (v: PVar, k: number): boolean => k === 0 || Math.abs(k) >= v.minSteps;

/** The solution a state describes (its tax recomputed: only a tie-breaker). */
export function solutionOf(p: Problem, st: State): Solution {
  let trades = 0;
  st.k.forEach((k) => {
    if (k !== 0) trades++;
  });
  // Tax is only a tie-breaker: the branch and bound recomputes it for every completion it compares.
  return { k: [...st.k], d: st.d, trades, turnover: turnoverOf(p, st.k), tax: taxOf(p, st.k) };
}

/** The state a solution describes. */
export function stateOf(p: Problem, sol: Solution): State {
  const st = new State(p);
  sol.k.forEach((kk, j) => st.apply(j, kk));
  return st;
}

/** Estimated tax of the sales in k (tax units). */
function taxOf(p: Problem, k: readonly number[]): bigint {
  let tax = 0n;
  k.forEach((x, j) => {
    if (x < 0) tax += saleTax(p, p.vars[j] as PVar, -x);
  });
  return tax;
}
