// Properties of the tax and trading options on random households: whatever the options, the plan the planner
// returns respects restrictions, reserves, the short-term-gain block, the gain budget and the turnover cap —
// checked by verifyPlan and again directly here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, Decimal } from '../money.ts';
import { isShortTerm } from './lots.ts';
import { generateHousehold } from './testkit.ts';
import { parsePlanInput, planRebalance, verifyPlan, type PlanInputJson } from './index.ts';

const options = fc.record({
  seed: fc.integer({ min: 1, max: 10_000 }),
  restrictions: fc.array(fc.record({ sec: fc.integer({ min: 0, max: 5 }), account: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }), rule: fc.constantFrom('no-buy' as const, 'no-sell' as const, 'no-trade' as const) }), { maxLength: 3 }),
  reserve: fc.constantFrom('0', '100', '2500'),
  lotMethod: fc.constantFrom('hifo' as const, 'fifo' as const, 'min-tax' as const),
  blockShortTermGains: fc.boolean(),
  gainBudget: fc.option(fc.constantFrom('0', '500', '5000'), { nil: undefined }),
  turnoverCap: fc.option(fc.constantFrom('1000', '20000', '100000'), { nil: undefined }),
  mode: fc.constantFrom('full' as const, 'full' as const, 'invest' as const),
});

describe('tax and trading options hold on random households', () => {
  it('restrictions, reserves, no short-term gains, gain budget and turnover cap', () => {
    fc.assert(
      fc.property(options, (o) => {
        const json: PlanInputJson = generateHousehold({ accounts: 2, securities: 6, heldPerAccount: 3, lotsPerPosition: 3, seed: o.seed, mode: o.mode, timeLimitMs: 300 });
        json.accounts = json.accounts.map((a) => ({ ...a, cashReserve: o.reserve }));
        const symbols = json.securities.map((s) => s.symbol);
        const restrictions = o.restrictions.map((r) => ({ symbol: symbols[r.sec] as string, ...(r.account !== undefined ? { account: `ACC${r.account}` } : {}), rule: r.rule }));
        json.options = {
          ...json.options,
          restrictions,
          lotMethod: o.lotMethod,
          blockShortTermGains: o.blockShortTermGains,
          ...(o.gainBudget !== undefined ? { gainBudget: o.gainBudget } : {}),
          ...(o.turnoverCap !== undefined ? { turnoverCap: o.turnoverCap } : {}),
        };
        const input = parsePlanInput(json);
        const plan = planRebalance(input);
        expect(verifyPlan(input, plan)).toMatchObject({ ok: true, problems: [] });
        // Directly: restrictions.
        for (const t of plan.trades) {
          for (const r of restrictions) {
            if (r.symbol !== t.symbol || (r.account !== undefined && r.account !== t.account)) continue;
            expect(r.rule === 'no-trade' || (r.rule === 'no-buy' && t.side === 'buy') || (r.rule === 'no-sell' && t.side === 'sell')).toBe(false);
          }
        }
        // Reserves: every account ends at or above min(reserve, its starting cash).
        for (const a of input.accounts) {
          const end = dec(plan.leftoverCash[a.id] as string);
          expect(end.greaterThanOrEqualTo(Decimal.min(a.cashReserve, a.cash))).toBe(true);
        }
        // Turnover, net gain and short-term gains, from the trades' own lots.
        let turnover = new Decimal(0);
        let gain = new Decimal(0);
        for (const t of plan.trades) {
          turnover = turnover.plus(t.amount);
          const taxable = input.accounts.find((a) => a.id === t.account)?.taxTreatment === 'taxable';
          if (t.side !== 'sell' || !taxable) continue;
          for (const l of t.lots) {
            const g = dec(t.price).minus(l.costPerShare).times(l.quantity);
            gain = gain.plus(g);
            if (o.blockShortTermGains) expect(isShortTerm(l.acquired, input.options.asOf) && g.greaterThan(0)).toBe(false);
          }
        }
        if (o.turnoverCap !== undefined) expect(turnover.lessThanOrEqualTo(o.turnoverCap)).toBe(true);
        if (o.gainBudget !== undefined) expect(gain.lessThanOrEqualTo(o.gainBudget)).toBe(true);
        // The report adds up: tax sums of the trades, one account view per account.
        expect(plan.accounts?.map((a) => a.account)).toEqual(input.accounts.map((a) => a.id).sort());
        const short = plan.trades.filter((t) => input.accounts.find((a) => a.id === t.account)?.taxTreatment === 'taxable').reduce((s, t) => s.plus(t.gain.short), new Decimal(0));
        expect(dec(plan.tax?.shortTerm ?? 'x').minus(short).abs().lessThanOrEqualTo(dec('0.005').times(plan.trades.length + 1))).toBe(true);
      }),
      { numRuns: 40, seed: 20261201 },
    );
  });
});
