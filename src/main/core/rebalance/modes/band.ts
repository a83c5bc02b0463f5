// The band mode: only sleeves out of band trade, each towards its nearest band edge (or its target).
import { Decimal, plainString, ratioString } from '../../money.ts';
import { buildProblem, sToDecimal, type Problem } from '../problem.ts';
import { renderPlan, timeWarning } from '../render.ts';
import { solve } from '../solve/pipeline.ts';
import type { PlanInput } from '../types.ts';
import { frozenInBand, sleeveBands } from './rules.ts';
import { asFull, type ModePlan, type PlanRun } from './run.ts';

/**
 * Band mode. Only sleeves out of band trade; every security with weight in an in-band sleeve (or a sleeve with
 * no band) has no variable, so in-band sleeves keep their holdings. The objective the search minimises is the
 * full mode's D with one change: for each out-of-band sleeve s, Tₛ is the nearest band edge (the upper edge
 * of an overweight sleeve, the lower edge of an underweight one) instead of the target, i.e. the term is
 * |Aₛ − edgeₛ| · V-scaled — the deviation from the nearest band edge; with options.toTarget it stays the target.
 * In-band sleeves' terms are constants (their securities do not trade); the Cash sleeve keeps its target. The
 * edge is rounded to a millionth of the household (the precision of targets). The plan's objective/drift are
 * still reported against the targets (as verifyPlan recomputes them); band.objective is the minimised one, and
 * optimal/gap refer to it.
 */
export function planBand(input: PlanInput, run: PlanRun): ModePlan {
  const bands = sleeveBands(input);
  const frozen = frozenInBand(input, bands);
  const p0 = buildProblem(asFull(input));
  const target = [...p0.target];
  for (const b of bands) {
    if (b.status === 'in') continue;
    const s = p0.sleeves.indexOf(b.sleeve);
    const millionths = BigInt(b.aim.div(100).times(1e6).toFixed(0, Decimal.ROUND_HALF_EVEN));
    target[s] = millionths * p0.value;
  }
  const u0 = p0.u0.map((u, s) => u + (p0.target[s] as bigint) - (target[s] as bigint));
  const pb: Problem = { ...p0, target, u0, vars: p0.vars.filter((v) => !frozen.has((p0.securities[v.sec] as { symbol: string }).symbol)) };
  const r = solve(pb, run.t0, run.limit, run.onBetter);
  const k = p0.vars.map((v) => {
    const j = pb.vars.indexOf(v);
    return j < 0 ? 0 : (r.best.k[j] as number);
  });
  const out = bands.filter((b) => b.status !== 'in');
  const extra = out.length === 0 ? ['every sleeve is within its band: nothing to trade'] : [];
  if (!r.optimal) extra.push(timeWarning(run.limit, r.gap, pb));
  const plan = renderPlan(p0, k, r.optimal, r.gap, extra);
  plan.band = {
    objective: plainString(sToDecimal(r.best.d)),
    toTarget: input.options.toTarget,
    sleeves: bands.map((b) => ({ sleeve: b.sleeve, status: b.status, before: ratioString(b.current, new Decimal(100)), aim: ratioString(b.aim, new Decimal(100)) })),
  };
  return { plan, r };
}
