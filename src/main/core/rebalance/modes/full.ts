// The full and invest modes: the problem as buildProblem makes it (invest: buy-only variables, the new cash
// spent), searched and rendered as it is.
import { buildProblem } from '../problem.ts';
import { renderPlan, timeWarning } from '../render.ts';
import { solve } from '../solve/pipeline.ts';
import type { PlanInput } from '../types.ts';
import type { ModePlan, PlanRun } from './run.ts';

export function planFull(input: PlanInput, run: PlanRun): ModePlan {
  const p = buildProblem(input);
  const r = solve(p, run.t0, run.limit, run.onBetter);
  const plan = renderPlan(p, r.best.k, r.optimal, r.gap, r.optimal ? [] : [timeWarning(run.limit, r.gap, p)]);
  return { plan, r };
}
