// The planner's entry: parses or takes a PlanInput, plans it in its mode (modes/: each builds its problem, runs
// the search pipeline of solve/pipeline.ts within options.timeLimitMs for the whole call, and renders the plan),
// re-plans when the plan makes a wash sale across accounts (washReplan.ts), and checks every plan independently
// in exact decimals (verify.ts): a plan that fails the check is never returned.
import { CoreError } from '../errors.ts';
import { plainString, ratioString } from '../money.ts';
import { planBand } from './modes/band.ts';
import { planFull } from './modes/full.ts';
import { planMinCash } from './modes/minCash.ts';
import { planPinned } from './modes/pinned.ts';
import { planRaise } from './modes/raise.ts';
import type { ModePlan, PlanRun } from './modes/run.ts';
import { buildProblem, mToDecimal, sToDecimal } from './problem.ts';
import { renderPlan } from './render.ts';
import { greedy } from './solve/greedy.ts';
import type { OnBetter } from './solve/pipeline.ts';
import { parsePlanInput, type PlanInput, type PlanOutput } from './types.ts';
import { verifyPlan } from './verify.ts';
import { planWithoutWashSales } from './washReplan.ts';

export { renderPlan } from './render.ts';

export interface PlanStats {
  /** D of the greedy baseline (same units as objective), when it ran. */
  greedyObjective: string | null;
  lowerBound: string;
  nodes: number;
  ms: number;
  /** The ties at the optimal J were settled exactly (fewest trades, then turnover, then tax): the whole tuple is proven. */
  tiesProven: boolean;
}

/** What a caller (the worker job) hears while a plan is being searched. */
export interface PlanHooks {
  /** The drift (D / 2V, a fraction) of the best plan found so far; called at most every PROGRESS_MS. */
  onProgress?: (drift: string) => void;
}
const PROGRESS_MS = 100;

/** The search's better plans as drift, at most one every PROGRESS_MS for the whole call (all its passes). */
function progressReporter(hooks: PlanHooks | undefined): OnBetter | null {
  const on = hooks?.onProgress;
  if (!on) return null;
  let last = -Infinity;
  return (p, d) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    on(ratioString(sToDecimal(d), mToDecimal(p.value).times(2)));
  };
}

/** A plan that failed verifyPlan: never shown; PLAN_INVALID, and reported like INTERNAL (it is a bug in Keel). */
export class PlanVerificationError extends CoreError {
  override readonly reportable = true;
  constructor(readonly problems: string[]) {
    super('PLAN_INVALID', `the planner produced a plan that failed verification: ${problems.join('; ')}`, { problems });
    this.name = 'PlanVerificationError';
  }
}

/** The greedy baseline alone, verified; it proves nothing, so its gap is its whole D (0 is the only bound it knows). */
export function greedyPlan(input: PlanInput): PlanOutput {
  const p = buildProblem(input);
  const st = greedy(p);
  const out = renderPlan(p, st.k, false, st.d);
  const check = verifyPlan(input, out);
  if (!check.ok) throw new PlanVerificationError(check.problems);
  return out;
}

/** Plans, returning the plan and how it was found. */
export function planWithStats(input: PlanInput, hooks?: PlanHooks): { plan: PlanOutput; stats: PlanStats } {
  const t0 = performance.now();
  const onBetter = progressReporter(hooks);
  const once = (x: PlanInput): { plan: PlanOutput; stats: PlanStats } => planOnce(x, onBetter);
  const r = input.options.washSales === 'prevent' ? planWithoutWashSales(input, once) : once(input);
  // The planner's own time (the whole call: every pass, rendering, verification), whole milliseconds.
  return { ...r, plan: { ...r.plan, elapsedMs: Math.round(performance.now() - t0) } };
}

/** One plan in the input's mode, verified. */
function planOnce(input: PlanInput, onBetter: OnBetter | null): { plan: PlanOutput; stats: PlanStats } {
  const run: PlanRun = { t0: performance.now(), limit: input.options.timeLimitMs, onBetter };
  const { plan, r } = planInMode(input, run);
  const check = verifyPlan(input, plan);
  if (!check.ok) throw new PlanVerificationError(check.problems);
  return {
    plan,
    stats: { greedyObjective: r.greedyD === null ? null : plainString(sToDecimal(r.greedyD)), lowerBound: plainString(sToDecimal(r.lowerBound)), nodes: r.nodes, ms: performance.now() - run.t0, tiesProven: r.optimal && r.tiesProven },
  };
}

function planInMode(input: PlanInput, run: PlanRun): ModePlan {
  switch (input.options.mode) {
    case 'band':
      return planBand(input, run);
    case 'raise':
      return planRaise(input, run);
    case 'pinned':
      return planPinned(input, run);
    case 'min-cash':
      return planMinCash(input, run);
    case 'full':
    case 'invest':
      return planFull(input, run);
  }
}

/** Plans a parsed input in its mode; throws PlanVerificationError rather than return an unchecked plan. */
export function planRebalance(input: PlanInput, hooks?: PlanHooks): PlanOutput {
  return planWithStats(input, hooks).plan;
}

/** Parses the `keel plan --input FILE.json` format and plans it. */
export function planFromJson(raw: unknown, hooks?: PlanHooks): PlanOutput {
  return planRebalance(parsePlanInput(raw), hooks);
}
