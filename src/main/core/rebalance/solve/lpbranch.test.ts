// The LP-based branch and bound: what the depth-first search could not prove in 30 s, proven in milliseconds.
import { describe, expect, it } from 'vitest';
import { parsePlanInput, planFromJson } from '../index.ts';
import { lpBranch, lpBranchApplies } from './lpbranch.ts';
import { buildProblem, sToDecimal } from '../problem.ts';
import { greedy } from './greedy.ts';
import { generateHousehold } from '../testkit.ts';

// Two accounts, twelve securities, one extra on each account's menu: large-cap growth only through one fund in
// one account, so most of the drift is structural and the last dollars hinge on whole shares in both accounts.
// The time limit is generous so a loaded machine cannot cut the proof short: the assertions are on the result,
// and the planner returns as soon as it has proven the optimum (bench/ keeps the times).
const household = () => generateHousehold({ accounts: 2, securities: 12, heldPerAccount: 5, lotsPerPosition: 1, menu: 1, seed: 2, timeLimitMs: 60_000 });

describe('lpBranch', () => {
  it('proves the optimum from a poor start (HiGHS’s full MIP agrees: $143,318.148)', () => {
    const p = buildProblem(parsePlanInput(household()));
    expect(lpBranchApplies(p, 40)).toBe(true);
    const st = greedy(p);
    const r = lpBranch(p, { k: [...st.k], d: st.d, trades: st.k.filter((k) => k !== 0).length, turnover: 0n, tax: 0n }, performance.now() + 60_000);
    expect(r.complete).toBe(true);
    expect(sToDecimal(r.best.d).toFixed()).toBe('143318.148');
    expect(r.lowerBound).toBe(r.best.d);
  });

  it('makes the planner’s answer proven (it said "at most $296.79 above the optimum" after 30 s before)', () => {
    const plan = planFromJson(household());
    expect(plan.objective).toBe('143318.148');
    expect(plan.optimal).toBe(true);
  });

  it('does not take problems with a turnover cap or a gain budget (the LP does not model them)', () => {
    const json = household();
    json.options = { ...json.options, turnoverCap: '50000' };
    expect(lpBranchApplies(buildProblem(parsePlanInput(json)), 40)).toBe(false);
  });
});
