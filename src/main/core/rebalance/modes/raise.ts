// The raise mode: sell-only, every account ending at or above its reserve after the withdrawal.
import { Decimal, moneyString, toMicro } from '../../money.ts';
import { buildProblem, mToDecimal, type Problem } from '../problem.ts';
import { renderPlan, timeWarning } from '../render.ts';
import { solve } from '../solve/pipeline.ts';
import { PlanInputError, type PlanInput } from '../types.ts';
import { asFull, type ModePlan, type PlanRun } from './run.ts';

/**
 * Raise mode: a withdrawal per account (a negative cash flow, or options.raise). Sell-only: every variable is
 * a sale (no buys), and each account must end with cash ≥ its reserve after the withdrawal (the floor is the
 * reserve itself, not the cash it starts with). The objective is the full mode's D over the household after
 * the withdrawal, so sales come from overweight sleeves first; ties go to fewer trades, then to the lower
 * estimated tax (sales in tax-deferred and tax-free accounts cost none; HIFO lots realise the lowest gains).
 */
export function planRaise(input: PlanInput, run: PlanRun): ModePlan {
  const pr = raiseProblem(input);
  const r = solve(pr, run.t0, run.limit, run.onBetter);
  const plan = renderPlan(pr, r.best.k, r.optimal, r.gap, r.optimal ? [] : [timeWarning(run.limit, r.gap, pr)]);
  return { plan, r };
}

/** The raise mode's problem: sell-only variables, each account's floor its reserve (throws when one cannot reach it). */
export function raiseProblem(input: PlanInput): Problem {
  const p = buildProblem(asFull(input));
  for (const acc of p.accounts) {
    const a = input.accounts.find((x) => x.id === acc.id);
    acc.floor = toMicro(a?.cashReserve ?? 0) * 1_000_000n;
  }
  const vars = p.vars.filter((v) => v.kmin < 0).map((v) => ({ ...v, kmax: 0 }));
  const pr: Problem = { ...p, vars, warnings: p.warnings.filter((w) => !w.includes('is below its reserve')) };
  pr.accounts.forEach((acc, a) => {
    let can = acc.cash;
    for (const v of vars) if (v.account === a) can += v.unit * BigInt(-v.kmin);
    if (can < acc.floor) {
      const flow = input.options.cashFlows.get(acc.id) ?? new Decimal(0);
      throw new PlanInputError(
        `${acc.id} cannot raise ${moneyString(flow.negated())}: its cash after the withdrawal plus everything it can sell comes to ${moneyString(mToDecimal(can))}, ` +
          `${moneyString(mToDecimal(acc.floor - can))} short of its reserve ${moneyString(mToDecimal(acc.floor))}`,
        `options.cashFlows.${acc.id}`,
      );
    }
  });
  return pr;
}
