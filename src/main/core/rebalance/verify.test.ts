// verify() is the last line of defence: every way a plan can break the rules must be caught.
import { describe, expect, it } from 'vitest';
import { parsePlanInput, planRebalance, verifyPlan, type PlanInputJson, type PlanOutput } from './index.ts';
import { acct, held, lot, planOptions, sec } from './testkit.ts';

const json: PlanInputJson = {
  accounts: [
    acct('A', 'taxable', '1000', '100'),
    acct('B', 'tax-free', '0'),
  ],
  securities: [
    sec('IWM', '200', 'Small-cap'),
    sec('QQQ', '500', 'Large-cap growth'),
  ],
  positions: [
    held('A', 'QQQ', '4', lot('2025-01-02', '4', '300')),
    held('B', 'QQQ', '2'),
  ],
  buyable: { B: ['QQQ'] },
  model: { targets: { 'Small-cap': 50, 'Large-cap growth': 50 }, bandRule: 'either' },
  options: planOptions(),
};
const input = parsePlanInput(json);
const good = planRebalance(input);

function broken(edit: (p: PlanOutput) => void): string[] {
  const p: PlanOutput = structuredClone(good);
  edit(p);
  return verifyPlan(input, p).problems;
}

describe('verifyPlan', () => {
  it('accepts the planner’s plan', () => {
    expect(good.trades.length).toBeGreaterThan(0);
    expect(verifyPlan(input, good)).toMatchObject({ ok: true, problems: [] });
  });

  it('catches each broken rule', () => {
    const sell = (p: PlanOutput): PlanOutput['trades'][number] => p.trades.find((t) => t.side === 'sell') as PlanOutput['trades'][number];
    const buy = (p: PlanOutput): PlanOutput['trades'][number] => p.trades.find((t) => t.side === 'buy') as PlanOutput['trades'][number];
    expect(broken((p) => (buy(p).quantity = '0.5'))).toEqual(expect.arrayContaining([expect.stringMatching(/not a whole number of shares/)]));
    expect(broken((p) => (sell(p).quantity = '9'))).toEqual(expect.arrayContaining([expect.stringMatching(/sells more than the 4 held/)]));
    expect(broken((p) => (buy(p).amount = '1.00'))).toEqual(expect.arrayContaining([expect.stringMatching(/not price × quantity/)]));
    expect(broken((p) => (buy(p).price = '199'))).toEqual(expect.arrayContaining([expect.stringMatching(/is not the input's 200/)]));
    expect(broken((p) => (p.leftoverCash.A = '0'))).toEqual(expect.arrayContaining([expect.stringMatching(/sum to zero/)]));
    expect(broken((p) => (p.objective = '0'))).toEqual(expect.arrayContaining([expect.stringMatching(/not the recomputed D/)]));
    expect(broken((p) => p.trades.push({ ...buy(p), account: 'B', symbol: 'IWM', quantity: '1', amount: '200' }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/B cannot buy IWM/)]),
    );
    expect(broken((p) => p.trades.push({ ...sell(p), side: 'buy', lots: [] }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/never buy and sell one security in one account/)]),
    );
    expect(broken((p) => (sell(p).lots = [lot('2025-01-02', '5', '300')]))).toEqual(
      expect.arrayContaining([expect.stringMatching(/is not in the holding's lots/)]),
    );
    expect(broken((p) => (p.gap = '-1'))).toEqual(expect.arrayContaining([expect.stringMatching(/non-negative/)]));
    expect(broken((p) => ((p.optimal = true), (p.gap = '1')))).toEqual(expect.arrayContaining(['an optimal plan has gap 0']));
  });

  it('catches spending below the reserve', () => {
    // Buy one more IWM with cash the reserve holds back.
    const p: PlanOutput = structuredClone(good);
    const t = p.trades.find((x) => x.account === 'A' && x.symbol === 'IWM' && x.side === 'buy');
    expect(t).toBeDefined();
    if (!t) return;
    const extra = Math.ceil((Number(p.leftoverCash.A) - 100 + 1) / 200);
    t.quantity = String(Number(t.quantity) + extra);
    t.amount = String(Number(t.quantity) * 200);
    p.leftoverCash.A = String(Number(p.leftoverCash.A) - extra * 200);
    expect(verifyPlan(input, p).problems).toEqual(expect.arrayContaining([expect.stringMatching(/ends below its reserve 100/)]));
  });
});
