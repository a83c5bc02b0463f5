// The exact change (fill.ts) and the root bound: spending an account's cash to the cent, never breaking a
// constraint, and the planner proving the bench households' optimum (D = 2 × the reserves) with time to spare.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashFill, fewerTrades } from './fill.ts';
import { parsePlanInput, planFromJson, type PlanInputJson } from '../index.ts';
import { buildProblem, sToDecimal, type Problem } from '../problem.ts';
import { costOf, State } from '../state.ts';
import { branchAndBound } from './bnb.ts';
import { latticeBound, rootBound, rootCut } from './bounds.ts';
import { greedy } from './greedy.ts';
import { lpRelaxation } from './lp.ts';
import { acct, generateHousehold, planOptions, sec } from '../testkit.ts';

const S_PER_DOLLAR = 10n ** 18n;

/** One account with $1,000.00 to spend on three sleeves, two funds each at awkward prices. */
function puzzle(extra: Partial<PlanInputJson['options']> = {}): PlanInputJson {
  return {
    accounts: [acct('A', 'tax-deferred', '1000.00')],
    securities: [
      sec('SC1', '37.13', 'Small-cap'),
      sec('SC2', '41.07', 'Small-cap'),
      sec('CY1', '53.29', 'Cyclicals'),
      sec('CY2', '29.83', 'Cyclicals'),
      sec('VA1', '61.17', 'Value'),
      sec('VA2', '23.11', 'Value'),
    ],
    positions: [],
    model: { targets: { 'Small-cap': 40, Cyclicals: 30, Value: 30 }, bandRule: 'either' },
    options: planOptions(extra),
  };
}

const dollars = (x: bigint): string => sToDecimal(x).toFixed(2);
const brief = (p: { trades: { side: string; quantity: string; symbol: string }[] }): string[] => p.trades.map((t) => `${t.side} ${t.quantity} ${t.symbol}`);

describe('cashFill', () => {
  it('spends what the greedy leaves with several securities at once; the planner reaches the optimum', () => {
    const p = buildProblem(parsePlanInput(puzzle()));
    const st = greedy(p);
    expect(dollars(st.d)).toBe('91.58'); // 6 SC1, 11 CY1, 11 VA2: $45.79 left over
    cashFill(p, st, Infinity);
    expect(st.feasible()).toBe(true);
    expect(st.d < 91n * S_PER_DOLLAR).toBe(true);
    // The optimum (checked by enumerating every share count): $2.39 left, Value $0.43 over its $300 → D = $5.64.
    const plan = planFromJson(puzzle());
    expect(brief(plan)).toEqual(['buy 10 CY2', 'buy 3 SC1', 'buy 7 SC2', 'buy 13 VA2']);
    expect(plan.objective).toBe('5.64');
    expect(plan.leftoverCash.A).toBe('2.39');
    expect(plan.optimal).toBe(true);
  });

  it('never raises J and never breaks a floor, the turnover cap or the gain budget (random starts); nor does fewerTrades, which never adds a trade', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.boolean(), fc.integer({ min: 0, max: 3 }), (seed, capped, stray) => {
        const json = generateHousehold({ accounts: 2, securities: 12, heldPerAccount: 5, lotsPerPosition: 1, seed, menu: 2 });
        if (capped) json.options = { ...json.options, turnoverCap: '20000', gainBudget: '500' };
        const p = buildProblem(parsePlanInput(json));
        const st = greedy(p);
        // A few stray steps so the fill starts from something other than a greedy optimum.
        for (let i = 0; i < stray; i++) {
          const j = (seed * 7 + i * 13) % p.vars.length;
          const [lo, hi] = st.range(j);
          const t = Math.max(lo, Math.min(hi, (st.k[j] as number) - 1)) - (st.k[j] as number);
          if (t !== 0 && st.allows(j, t)) st.apply(j, t);
        }
        if (!st.feasible()) return;
        const j0 = costOf(p, { d: st.d, trades: st.k.filter((k) => k !== 0).length });
        cashFill(p, st, Infinity);
        expect(st.feasible()).toBe(true);
        expect(costOf(p, { d: st.d, trades: st.k.filter((k) => k !== 0).length }) <= j0).toBe(true);
        p.vars.forEach((v, j) => {
          const k = st.k[j] as number;
          expect(k >= v.kmin && k <= v.kmax && (k === 0 || Math.abs(k) >= v.minSteps)).toBe(true);
        });
        // fewerTrades: J no higher, no more trades, still feasible.
        const j1 = costOf(p, { d: st.d, trades: st.k.filter((k) => k !== 0).length });
        const t1 = st.k.filter((k) => k !== 0).length;
        fewerTrades(p, st, Infinity);
        expect(st.feasible()).toBe(true);
        expect(costOf(p, { d: st.d, trades: st.k.filter((k) => k !== 0).length }) <= j1).toBe(true);
        expect(st.k.filter((k) => k !== 0).length <= t1).toBe(true);
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});

describe('rootBound', () => {
  const cases: [string, Problem][] = [1, 2, 3].map((seed) => {
    const json = generateHousehold({ accounts: 2, securities: 10, heldPerAccount: 4, lotsPerPosition: 0, seed, menu: 2 });
    return [`seed ${seed}`, buildProblem(parsePlanInput(json))];
  });
  it.each(cases)('is the branch and bound’s own bound at its root (%s)', (_, p) => {
    const st = new State(p);
    const lp = lpRelaxation(p, st.u, Number(st.d) / 1e18, undefined, Infinity, rootCut(p));
    const start = { k: p.vars.map(() => 0), d: st.d, trades: 0, turnover: 0n, tax: 0n };
    // Stopped before its first node, the search reports the root's bound.
    const bb = branchAndBound(p, start, -Infinity, lp);
    expect(rootBound(p, lp)).toBe(bb.lowerBound);
  });
});

describe('latticeBound', () => {
  // Small caps only through IWM ($248.12): 12 shares leave the $3,000 target $22.56 short, 13 overshoot by
  // $225.56, and whatever the small caps miss lands in another sleeve or in cash — D ≥ 2 × $22.56. The LP,
  // which buys 12.09 shares, sees none of it.
  const json: PlanInputJson = {
    accounts: [acct('A', 'tax-deferred', '10000.00')],
    securities: [
      sec('IWM', '248.12', 'Small-cap'),
      sec('VAL', '1.01', 'Value'),
      sec('CYC', '1.03', 'Cyclicals'),
    ],
    positions: [],
    model: { targets: { 'Small-cap': 30, Value: 40, Cyclicals: 30 }, bandRule: 'either' },
    options: planOptions(),
  };

  it('bounds D by a lumpy sleeve’s distance from its target, twice', () => {
    const p = buildProblem(parsePlanInput(json));
    expect(dollars(latticeBound(p))).toBe('45.12');
    const st = new State(p);
    const lp = lpRelaxation(p, st.u, Number(st.d) / 1e18, undefined, Infinity, rootCut(p));
    expect(Math.abs(lp.lp)).toBeLessThan(1e-6);
    expect(rootBound(p, lp)).toBe(latticeBound(p));
  });

  it('which proves the plan that meets it optimal', () => {
    const plan = planFromJson(json);
    expect(plan.objective).toBe('45.12');
    expect(plan.optimal).toBe(true);
    expect(plan.trades.find((t) => t.symbol === 'IWM')?.quantity).toBe('12');
  });
});

describe('the bench households (generated, seed 42): the optimum D is twice the reserves, proven', () => {
  // Every account must end at its $100 reserve exactly and no sleeve above its target: D = 2 × Σ reserves.
  it.each([
    [1, 200, 150, 0, '200'],
    [5, 100, 50, 2, '1000'],
  ])('%i account(s) × %i securities', (accounts, securities, held, lots, optimum) => {
    const json = generateHousehold({ accounts, securities, heldPerAccount: held, lotsPerPosition: lots, seed: 42, timeLimitMs: 5000 });
    const plan = planFromJson(json);
    expect(plan.objective).toBe(optimum);
    expect(plan.optimal).toBe(true);
    expect(Object.values(plan.leftoverCash).every((c) => c === '100')).toBe(true);
  });

  it('the root bound of the 1 × 200 household is exactly $200', () => {
    const p = buildProblem(parsePlanInput(generateHousehold({ accounts: 1, securities: 200, heldPerAccount: 150, lotsPerPosition: 0, seed: 42 })));
    const st = new State(p);
    const lp = lpRelaxation(p, st.u, Number(st.d) / 1e18, undefined, Infinity, rootCut(p));
    expect(rootBound(p, lp)).toBe(200n * S_PER_DOLLAR);
  });
});
