// What every mode planner gets and gives back.
import type { OnBetter, Solved } from '../solve/pipeline.ts';
import type { PlanInput, PlanOutput } from '../types.ts';

/** One planning call: its start, its time limit (ms, for the whole call) and who hears of better plans. */
export interface PlanRun {
  t0: number;
  limit: number;
  onBetter: OnBetter | null;
}

/** A mode's plan (rendered, not yet verified) and how its search went. */
export interface ModePlan {
  plan: PlanOutput;
  r: Solved;
}

/** The input as the full mode sees it (every holding may be sold), for the modes built on it. */
export function asFull(input: PlanInput): PlanInput {
  return { ...input, options: { ...input.options, mode: 'full' } };
}
