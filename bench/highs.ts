// HiGHS (highs-js, WebAssembly) on the planner's own whole-share problem, for bench/planner: the same Problem the
// planner solves (buildProblem), written in CPLEX LP format with money as float dollars, solved by HiGHS, and
// its integer answer then re-evaluated EXACTLY with our BigInt model — so HiGHS's D is compared with ours on the
// same terms, and an answer that fails our checks (integrality, bounds, minimum trade, cash ≥ floor, the
// planner's own verifyPlan) is reported as such rather than trusted.
//
// Model (k_j = trade steps of variable j; coef in S units = 1e-18 $, unit and cash in M units = 1e-12 $):
//   minimise  Σₛ dₛ
//   s.t.      dₛ ≥  u0ₛ + Σⱼ coefⱼₛ·kⱼ,   dₛ ≥ −(u0ₛ + Σⱼ coefⱼₛ·kⱼ)        (per sleeve, in dollars)
//             Σⱼ∈a unitⱼ·kⱼ ≤ cashₐ − floorₐ                                 (per account, in dollars)
//             kⱼ integer in [kminⱼ, kmaxⱼ]; with a minimum trade (minStepsⱼ > 1): kⱼ = 0 or |kⱼ| ≥ minStepsⱼ
//
// Two variants:
//   full        the whole MIP with a time limit (status optimal or time limit, with HiGHS's dual bound);
//   restricted  the multiple-choice formulation of docs/rebalancing.md: an LP relaxation (with a tiny turnover
//               cost so that positions the LP need not touch stay at hold) gives a continuous optimum xⱼ; each
//               kⱼ is then restricted to {0 (hold)} ∪ {a−1, a, a+1, a+2}, a = ⌊xⱼ⌋, and that MIP is solved to
//               optimality. Its time includes the LP.
// Every highs-js model is disposed (WebAssembly memory is not garbage collected).
import highsLoader, { type Highs, type Model } from 'highs';
import { objectiveOf, type Problem, type PVar } from '../src/main/core/rebalance/problem.ts';
import { renderPlan, verifyPlan } from '../src/main/core/rebalance/index.ts';

const S_PER_DOLLAR = 1e18;
const M_PER_DOLLAR = 1e12;
/** Turnover cost (per dollar traded) in the restricted variant's LP: small against D's ±1 per dollar. */
const TURNOVER_EPS = 1e-4;
/** HiGHS's own integrality tolerance (mip_feasibility_tolerance default). */
const INT_TOL = 1e-6;

export interface ExactCheck {
  /** D recomputed in BigInt from HiGHS's k (S units). */
  d: bigint;
  trades: number;
  /** Empty when HiGHS's answer passes every check. */
  problems: string[];
}

export interface HighsRun {
  variant: 'full' | 'restricted';
  /** HiGHS's model status, e.g. "optimal", "time limit". */
  status: string;
  /** HiGHS's own objective (float dollars), NaN without a solution. */
  objective: number;
  /** HiGHS's dual (lower) bound on its objective, float dollars (MIP). */
  dualBound: number;
  /** Wall time: writing the LP text, parsing, solving (and for restricted, the LP relaxation first). */
  ms: number;
  /** HiGHS's k per problem variable (rounded to integers), null without a solution. */
  k: number[] | null;
  exact: ExactCheck | null;
  /** Columns / rows / integer columns of the (last) MIP HiGHS solved. */
  size: string;
  /** Restricted: LP relaxation objective and ms; how many candidate values in total. */
  note?: string;
}

let runtime: Promise<Highs> | null = null;
export function loadHighs(): Promise<Highs> {
  return (runtime ??= highsLoader());
}

// ---------------------------------------------------------------------------------------------- LP writing

/** How one problem variable k_j appears in the LP: k_j = Σ mult·column. */
interface VarLp {
  expr: [string, number][];
  /** Constant part of k_j (k_j = offset + Σ mult·column); 0 unless given. */
  offset?: number;
  bounds: string[];
  generals: string[];
  binaries: string[];
  rows: string[];
  objective: [string, number][];
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`non-finite coefficient ${x}`);
  return String(x);
};

function linear(terms: [string, number][]): string {
  let out = '';
  let n = 0;
  for (const [name, c] of terms) {
    if (c === 0) continue;
    out += `${n === 0 ? (c < 0 ? '-' : '') : c < 0 ? ' -' : ' +'} ${fmt(Math.abs(c))} ${name}`;
    if (++n % 8 === 0) out += '\n   ';
  }
  if (out === '') throw new Error('empty linear expression');
  return out;
}

/** Integer k_j in [kmin, kmax] honouring the minimum trade (binaries only when minSteps > 1). */
function integerVar(v: PVar, j: number): VarLp {
  if (v.minSteps <= 1) {
    return { expr: [[`k${j}`, 1]], bounds: [` ${v.kmin} <= k${j} <= ${v.kmax}`], generals: [`k${j}`], binaries: [], rows: [], objective: [] };
  }
  // k = kp − kn; kp ∈ {0} ∪ [minSteps, kmax] via bp, kn likewise via bn; never both.
  const m = v.minSteps;
  const up = Math.max(0, v.kmax);
  const dn = Math.max(0, -v.kmin);
  return {
    expr: [
      [`kp${j}`, 1],
      [`kn${j}`, -1],
    ],
    bounds: [` 0 <= kp${j} <= ${up}`, ` 0 <= kn${j} <= ${dn}`],
    generals: [`kp${j}`, `kn${j}`],
    binaries: [`bp${j}`, `bn${j}`],
    rows: [
      ` mp${j}: kp${j} - ${m} bp${j} >= 0`,
      ` Mp${j}: kp${j} - ${up} bp${j} <= 0`,
      ` mn${j}: kn${j} - ${m} bn${j} >= 0`,
      ` Mn${j}: kn${j} - ${dn} bn${j} <= 0`,
      ` xb${j}: bp${j} + bn${j} <= 1`,
    ],
    objective: [],
  };
}

/** Continuous k_j = kp − kn with a small turnover cost (the restricted variant's LP relaxation). */
function continuousVar(v: PVar, j: number, center = 0): VarLp {
  const cost = (TURNOVER_EPS * Number(v.unit)) / M_PER_DOLLAR;
  const c = Math.min(Math.max(center, v.kmin), v.kmax);
  return {
    expr: [
      [`kp${j}`, 1],
      [`kn${j}`, -1],
    ],
    offset: c,
    bounds: [` 0 <= kp${j} <= ${fmt(Math.max(0, v.kmax - c))}`, ` 0 <= kn${j} <= ${fmt(Math.max(0, c - v.kmin))}`],
    generals: [],
    binaries: [],
    rows: [],
    objective: [
      [`kp${j}`, cost],
      [`kn${j}`, cost],
    ],
  };
}

/** k_j restricted to the given sorted candidate values: one integer range when contiguous, else one binary per value. */
function choiceVar(values: number[], j: number): VarLp {
  const lo = values[0] as number;
  const hi = values[values.length - 1] as number;
  if (hi - lo + 1 === values.length) {
    return { expr: [[`k${j}`, 1]], bounds: [` ${lo} <= k${j} <= ${hi}`], generals: [`k${j}`], binaries: [], rows: [], objective: [] };
  }
  const ys = values.map((_, c) => `y${j}_${c}`);
  return {
    expr: values.map((val, c) => [ys[c] as string, val] as [string, number]).filter(([, val]) => val !== 0),
    bounds: [],
    generals: [],
    binaries: ys,
    rows: [` one${j}: ${ys.join(' + ')} = 1`],
    objective: [],
  };
}

function writeLp(p: Problem, vars: VarLp[]): { text: string; cols: number; rows: number; ints: number } {
  const nS = p.sleeves.length;
  const sleeveTerms: [string, number][][] = Array.from({ length: nS }, () => []);
  const cashTerms: [string, number][][] = p.accounts.map(() => []);
  const sleeveConst = p.sleeves.map(() => 0);
  const cashConst = p.accounts.map(() => 0);
  p.vars.forEach((v, j) => {
    const lp = vars[j] as VarLp;
    const off = lp.offset ?? 0;
    v.sleeves.forEach((s, t) => {
      const c = Number(v.coef[t] as bigint) / S_PER_DOLLAR;
      for (const [col, mult] of lp.expr) (sleeveTerms[s] as [string, number][]).push([col, c * mult]);
      sleeveConst[s] = (sleeveConst[s] as number) + c * off;
    });
    const u = Number(v.unit) / M_PER_DOLLAR;
    for (const [col, mult] of lp.expr) (cashTerms[v.account] as [string, number][]).push([col, u * mult]);
    cashConst[v.account] = (cashConst[v.account] as number) + u * off;
  });
  const obj: [string, number][] = p.sleeves.map((_, s) => [`d${s}`, 1]);
  for (const lp of vars) obj.push(...lp.objective);
  const lines: string[] = ['Minimize', ` obj: ${linear(obj)}`, 'Subject To'];
  let rows = 0;
  for (let s = 0; s < nS; s++) {
    const u0 = Number(p.u0[s] as bigint) / S_PER_DOLLAR + (sleeveConst[s] as number);
    const t = sleeveTerms[s] as [string, number][];
    // dₛ − Σ c·k ≥ u0ₛ  and  dₛ + Σ c·k ≥ −u0ₛ
    lines.push(` sp${s}: ${linear([[`d${s}`, 1], ...t.map(([n, c]) => [n, -c] as [string, number])])} >= ${fmt(u0)}`);
    lines.push(` sn${s}: ${linear([[`d${s}`, 1], ...t])} >= ${fmt(-u0)}`);
    rows += 2;
  }
  p.accounts.forEach((a, i) => {
    const t = cashTerms[i] as [string, number][];
    if (t.length === 0) return;
    lines.push(` c${i}: ${linear(t)} <= ${fmt(Number(a.cash - a.floor) / M_PER_DOLLAR - (cashConst[i] as number))}`);
    rows++;
  });
  for (const lp of vars) {
    lines.push(...lp.rows);
    rows += lp.rows.length;
  }
  lines.push('Bounds');
  for (let s = 0; s < nS; s++) lines.push(` d${s} >= 0`);
  for (const lp of vars) lines.push(...lp.bounds);
  const generals = vars.flatMap((lp) => lp.generals);
  const binaries = vars.flatMap((lp) => lp.binaries);
  const wrap = (names: string[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < names.length; i += 20) out.push(` ${names.slice(i, i + 20).join(' ')}`);
    return out;
  };
  if (generals.length) lines.push('Generals', ...wrap(generals));
  if (binaries.length) lines.push('Binaries', ...wrap(binaries));
  lines.push('End', '');
  const cols = nS + new Set(vars.flatMap((lp) => [...lp.expr.map(([n]) => n), ...lp.binaries])).size;
  return { text: lines.join('\n'), cols, rows, ints: generals.length + binaries.length };
}

// ---------------------------------------------------------------------------------------------- solving

interface Solved {
  status: string;
  objective: number;
  dualBound: number;
  values: Map<string, number> | null;
}

function statusName(highs: Highs, code: number): string {
  for (const [name, c] of Object.entries(highs.constants.modelStatus)) {
    if (c === code) return name.replace(/([A-Z])/g, ' $1').toLowerCase();
  }
  return `status ${code}`;
}

function solveLp(highs: Highs, text: string, options: Record<string, number | boolean | string>): Solved {
  const model: Model = highs.createModel({ format: 'lp', data: text });
  try {
    model.options.set({ output_flag: false, ...options });
    model.run();
    const status = statusName(highs, model.getModelStatus());
    const hasPrimal = Number(model.info.get('primal_solution_status')) === 2; // kSolutionStatusFeasible
    let dualBound = NaN;
    try {
      dualBound = Number(model.info.get('mip_dual_bound'));
    } catch {
      // not a MIP
    }
    if (!hasPrimal) return { status, objective: NaN, dualBound, values: null };
    const x = model.getSolution().colValue;
    const values = new Map<string, number>();
    for (let i = 0; i < x.length; i++) values.set(model.getColName(i), x[i] as number);
    return { status, objective: model.getObjectiveValue(), dualBound, values };
  } finally {
    model.dispose();
  }
}

/** k_j from HiGHS's column values through each variable's expression (unrounded). */
function kValues(vars: VarLp[], values: Map<string, number>): number[] {
  return vars.map((lp) => lp.expr.reduce((t, [col, mult]) => t + mult * (values.get(col) ?? 0), lp.offset ?? 0));
}

/** Rounds HiGHS's k to integers and evaluates them exactly with our model. */
export function checkExact(p: Problem, raw: readonly number[]): { k: number[]; check: ExactCheck } {
  const problems: string[] = [];
  const k = raw.map((x) => Math.round(x));
  let offInt = 0;
  raw.forEach((x, j) => {
    if (Math.abs(x - (k[j] as number)) > INT_TOL) offInt++;
  });
  if (offInt) problems.push(`${offInt} values not integral within ${INT_TOL}`);
  const u = [...p.u0];
  const cash = p.accounts.map((a) => a.cash);
  let trades = 0;
  let outOfBounds = 0;
  let underMin = 0;
  p.vars.forEach((v, j) => {
    const kj = k[j] as number;
    if (kj === 0) return;
    trades++;
    if (kj < v.kmin || kj > v.kmax) outOfBounds++;
    if (Math.abs(kj) < v.minSteps) underMin++;
    const K = BigInt(kj);
    v.sleeves.forEach((s, t) => {
      u[s] = (u[s] as bigint) + (v.coef[t] as bigint) * K;
    });
    cash[v.account] = (cash[v.account] as bigint) - v.unit * K;
  });
  if (outOfBounds) problems.push(`${outOfBounds} trades outside [kmin, kmax] (selling more than held, or over budget)`);
  if (underMin) problems.push(`${underMin} trades under the minimum trade`);
  p.accounts.forEach((a, i) => {
    const c = cash[i] as bigint;
    if (c < a.floor) problems.push(`${a.id}: cash ends ${Number(a.floor - c) / M_PER_DOLLAR} $ below its floor`);
  });
  if (problems.length === 0) {
    // The planner's own independent check, in exact decimals, on the plan HiGHS's k describes.
    const check = verifyPlan(p.input, renderPlan(p, k, false, 0n));
    if (!check.ok) problems.push(...check.problems.map((x) => `verifyPlan: ${x}`));
  }
  return { k, check: { d: objectiveOf(u), trades, problems } };
}

/** The full MIP with a time limit (seconds). */
export function solveFull(highs: Highs, p: Problem, timeLimitS: number): HighsRun {
  const t0 = performance.now();
  const vars = p.vars.map((v, j) => integerVar(v, j));
  const lp = writeLp(p, vars);
  const r = solveLp(highs, lp.text, { time_limit: timeLimitS, mip_rel_gap: 1e-9, mip_abs_gap: 1e-6 });
  const ms = performance.now() - t0;
  const size = `${lp.cols} cols, ${lp.rows} rows, ${lp.ints} integer`;
  if (!r.values) return { variant: 'full', status: r.status, objective: NaN, dualBound: r.dualBound, ms, k: null, exact: null, size };
  const { k, check } = checkExact(p, kValues(vars, r.values));
  return { variant: 'full', status: r.status, objective: r.objective, dualBound: r.dualBound, ms, k, exact: check, size };
}

/** The restricted (multiple-choice) formulation: LP relaxation → candidates {hold, a−1..a+2} → MIP to optimality. */
export function solveRestricted(highs: Highs, p: Problem, timeLimitS: number, center: 'hold' | 'proportional' = 'proportional'): HighsRun {
  const t0 = performance.now();
  const prop = center === 'proportional' ? proportionalTarget(p) : p.vars.map(() => 0);
  const relaxed = p.vars.map((v, j) => continuousVar(v, j, prop[j]));
  const lpText = writeLp(p, relaxed).text;
  const rel = solveLp(highs, lpText, { time_limit: timeLimitS });
  const lpMs = performance.now() - t0;
  if (!rel.values) {
    return { variant: 'restricted', status: `LP ${rel.status}`, objective: NaN, dualBound: NaN, ms: lpMs, k: null, exact: null, size: '' };
  }
  const x = kValues(relaxed, rel.values);
  let candidates = 0;
  const vars = p.vars.map((v, j) => {
    const a = Math.floor((x[j] as number) + 1e-9);
    const set = new Set<number>([0]);
    for (let c = a - 1; c <= a + 2; c++) if (c >= v.kmin && c <= v.kmax && (c === 0 || Math.abs(c) >= v.minSteps)) set.add(c);
    const values = [...set].sort((m, n) => m - n);
    candidates += values.length;
    return choiceVar(values, j);
  });
  const lp = writeLp(p, vars);
  const left = Math.max(0.05, timeLimitS - lpMs / 1000);
  const r = solveLp(highs, lp.text, { time_limit: left, mip_rel_gap: 1e-9, mip_abs_gap: 1e-6 });
  const ms = performance.now() - t0;
  const size = `${lp.cols} cols, ${lp.rows} rows, ${lp.ints} integer`;
  const note = `LP relaxation ${rel.objective.toFixed(2)} $ (D part ≈ ${sumD(p, rel.values).toFixed(2)} $) in ${lpMs.toFixed(0)} ms; ${candidates} candidate values for ${p.vars.length} variables`;
  if (!r.values) return { variant: 'restricted', status: r.status, objective: NaN, dualBound: r.dualBound, ms, k: null, exact: null, size, note };
  const { k, check } = checkExact(p, kValues(vars, r.values));
  return { variant: 'restricted', status: r.status, objective: r.objective, dualBound: r.dualBound, ms, k, exact: check, size, note };
}

function sumD(p: Problem, values: Map<string, number>): number {
  return p.sleeves.reduce((t, _, s) => t + (values.get(`d${s}`) ?? 0), 0);
}

/**
 * The proportional target of each variable, in steps: every sleeve scaled to its target (Tₛ/Aₛ) within the
 * positions that hold it, a security split across sleeves by its weights. Ignores cash per account (the LP and
 * the choice among candidates enforce it).
 */
export function proportionalTarget(p: Problem): number[] {
  const ratio = p.sleeves.map((_, s) => {
    const T = Number(p.target[s] as bigint);
    const A = Number((p.u0[s] as bigint) + (p.target[s] as bigint));
    return A > 0 ? T / A : 1;
  });
  return p.vars.map((v) => {
    const sec = p.securities[v.sec];
    if (!sec || v.held === 0n) return 0;
    const f = sec.weights.reduce((t, { s, w }) => t + (Number(w) / 1e6) * (ratio[s] as number), 0);
    const acc = p.accounts[v.account];
    const steps = Number(v.held) / Number(acc?.step ?? 1_000_000n);
    return steps * (f - 1);
  });
}

/** A trade indicator zⱼ per variable: kⱼ ≠ 0 forces zⱼ = 1 (kminⱼ·zⱼ ≤ kⱼ ≤ kmaxⱼ·zⱼ). */
function withIndicator(v: PVar, j: number, lp: VarLp): VarLp {
  const k = linear(lp.expr);
  return {
    ...lp,
    binaries: [...lp.binaries, `z${j}`],
    rows: [...lp.rows, ` zu${j}: ${k} - ${v.kmax} z${j} <= 0`, ` zl${j}: ${k} - ${v.kmin} z${j} >= 0`],
    objective: [[`z${j}`, 1]],
  };
}

export interface Lexicographic {
  /** Status of the D solve and of the fewest-trades solve. */
  status: [string, string];
  /** The least D (S units, exact from HiGHS's k), and the fewest trades among plans within half a cent of it. */
  d: bigint | null;
  trades: number | null;
  /** The fewest-trades plan's steps per variable (null without one). */
  k: number[] | null;
  problems: string[];
  ms: number;
}

/**
 * The oracle of the planner's first two lexicographic levels: the full MIP for the least D, then a second MIP with
 * binary trade indicators, Σ dₛ ≤ D* + ½¢, minimising the number of trades. Both answers are re-evaluated exactly.
 * (Trade cost, turnover cap and gain budget are not modelled: give it problems without them.)
 */
export function solveLexicographic(highs: Highs, p: Problem, timeLimitS: number): Lexicographic {
  const t0 = performance.now();
  const full = solveFull(highs, p, timeLimitS);
  const problems = [...(full.exact?.problems ?? [])];
  if (!full.exact || full.status !== 'optimal') {
    return { status: [full.status, ''], d: null, trades: null, k: null, problems, ms: performance.now() - t0 };
  }
  const dStar = full.exact.d;
  const vars = p.vars.map((v, j) => withIndicator(v, j, integerVar(v, j)));
  const text = writeLp(p, vars).text.replace(
    /^Minimize\n obj: .*$/m,
    `Minimize\n obj: ${linear(vars.flatMap((lp) => lp.objective))}`,
  );
  // Σ dₛ within half a cent of D* (in dollars).
  const dRow = ` dstar: ${linear(p.sleeves.map((_, s) => [`d${s}`, 1] as [string, number]))} <= ${fmt(Number(dStar) / S_PER_DOLLAR + 0.005)}`;
  const r = solveLp(highs, text.replace('Subject To\n', `Subject To\n${dRow}\n`), { time_limit: timeLimitS, mip_rel_gap: 0, mip_abs_gap: 0.5 });
  if (!r.values) return { status: [full.status, r.status], d: dStar, trades: null, k: full.k, problems, ms: performance.now() - t0 };
  const { k, check } = checkExact(p, kValues(vars, r.values));
  problems.push(...check.problems);
  const trades = r.status === 'optimal' ? Math.min(check.trades, full.exact.trades) : null;
  if (check.d > dStar + 5n * 10n ** 15n) problems.push(`the fewest-trades plan has D ${check.d} above D* ${dStar} + ½¢`);
  return { status: [full.status, r.status], d: dStar, trades, k: check.trades <= full.exact.trades ? k : full.k, problems, ms: performance.now() - t0 };
}
