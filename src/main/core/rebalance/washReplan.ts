// Wash sales across accounts, prevented by planning again (the lot bounds in problem.ts prevent the rest).
import type { PlanOutput, PlanInput } from './types.ts';
import { findWashSales, saleLoss } from './wash.ts';

/**
 * Wash sales prevented inside the plan too: the lot bounds keep a plan from selling at a loss after a recent
 * purchase (problem.ts), but a loss sale in one account next to a purchase of the same security in another is
 * only seen once the plan exists. Then the security is made do-not-buy everywhere (the loss sale stays — it is
 * usually the point) and the plan is made again, up to three times, each pass with its share of the time limit.
 */
export function planWithoutWashSales<R extends { plan: PlanOutput }>(input: PlanInput, planOnce: (input: PlanInput) => R): R {
  const passes = 3;
  const limit = input.options.timeLimitMs;
  let current: PlanInput = { ...input, options: { ...input.options, timeLimitMs: Math.max(1, Math.floor(limit / 2)) } };
  for (let pass = 1; ; pass++) {
    const r = planOnce(current);
    const pinned = new Set(current.options.pinned.map((x) => x.symbol));
    const wash = findWashSales(current, r.plan.trades);
    const symbols = new Set<string>();
    if (wash.inPlan > 0) {
      for (const t of r.plan.trades) {
        if (t.side !== 'sell' || pinned.has(t.symbol) || !saleLoss(t).greaterThan(0)) continue;
        if (r.plan.trades.some((b) => b.side === 'buy' && b.symbol === t.symbol)) symbols.add(t.symbol);
      }
    }
    // (A wash sale still there after the last pass is in the plan's warnings: annotate.ts.)
    if (symbols.size === 0 || pass === passes) return r;
    current = {
      ...current,
      options: {
        ...current.options,
        timeLimitMs: Math.max(1, Math.floor(limit / (2 * passes))),
        restrictions: [...current.options.restrictions, ...[...symbols].map((symbol) => ({ symbol, account: null, rule: 'no-buy' as const }))],
      },
    };
  }
}
