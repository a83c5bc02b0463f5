// The planner against HiGHS (bench/highs.ts, an independent exact MIP) on generated households: for each seed
// the planner's plan and, from HiGHS, the least D and the fewest trades at that D (a second solve with binary
// trade indicators). What may be asserted of every seed: the planner's lower bound never exceeds HiGHS's proven
// D, and a plan the planner calls optimal has HiGHS's D to the cent and — when HiGHS proved it — its trade count.
import type { Highs } from 'highs';
import { solveLexicographic } from '../../../../../bench/highs.ts';
import { Decimal } from '../../money.ts';
import { raiseProblem } from '../modes/raise.ts';
import { planWithStats } from '../plan.ts';
import { buildProblem, sToDecimal } from '../problem.ts';
import { parsePlanInput } from '../types.ts';
import { shapeOf, smallHousehold } from './households.ts';

export interface OracleRow {
  seed: number;
  ours: { d: Decimal; lowerBound: Decimal; trades: number; optimal: boolean; tiesProven: boolean; elapsedMs: number };
  /** HiGHS: the least D and the fewest trades at it, each null when HiGHS did not prove it in its time. */
  highs: { d: Decimal | null; trades: number | null; problems: string[] };
}

export function oracleRow(highs: Highs, seed: number, ourLimitMs: number, highsLimitS: number): OracleRow | null {
  const shape = shapeOf(seed);
  const input = parsePlanInput(smallHousehold(seed, shape, ourLimitMs));
  let p;
  try {
    p = shape.mode === 'raise' ? raiseProblem(input) : buildProblem(input);
  } catch {
    return null; // a withdrawal the household cannot raise: refused, nothing to compare
  }
  const r = planWithStats(input);
  const h = solveLexicographic(highs, p, highsLimitS);
  return {
    seed,
    ours: { d: new Decimal(r.plan.objective), lowerBound: new Decimal(r.stats.lowerBound), trades: r.plan.trades.length, optimal: r.plan.optimal, tiesProven: r.stats.tiesProven, elapsedMs: r.plan.elapsedMs ?? 0 },
    highs: { d: h.d === null ? null : sToDecimal(h.d), trades: h.trades, problems: h.problems },
  };
}
