// Wash sales with concrete dates: the plan is made on 2026-11-29; the window is the 30 days before.
import { describe, expect, it } from 'vitest';
import { daysBetween, findWashSales, lossSalesBeforeBuys, replacementBuysBefore } from './wash.ts';
import { buildProblem } from './problem.ts';
import { parsePlanInput, planFromJson, verifyPlan, type PlanInputJson, type PlanOutput } from './index.ts';
import { acct, held, lot, planOptions, sec } from './testkit.ts';

// VTI at $200. The taxable account T holds 10 bought at $250 (a loss), the IRA holds cash; the model wants half
// of T's VTI sold into cash... and the IRA to buy VTI (a repurchase in another account).
function household(history: PlanInputJson['history'] = [], options: Partial<PlanInputJson['options']> = {}): PlanInputJson {
  return {
    accounts: [acct('T', 'taxable', '0')],
    securities: [
      sec('VTI', '200', 'US stocks'),
      sec('BND', '100', 'Bonds'),
    ],
    positions: [held('T', 'VTI', '10', lot('2025-06-02', '10', '250'))],
    model: { targets: { 'US stocks': 50, Bonds: 50 }, bandRule: 'either' },
    options: planOptions(options),
    ...(history.length > 0 ? { history } : {}),
  };
}

describe('dates', () => {
  it('the window is 30 days before asOf, both ends included', () => {
    expect(daysBetween('2026-10-30', '2026-11-29')).toBe(30);
    const input = parsePlanInput(
      household([
        { account: 'X', symbol: 'VTI', side: 'buy', date: '2026-10-30', quantity: '1' },
        { account: 'X', symbol: 'BND', side: 'buy', date: '2026-10-29', quantity: '1' },
        { account: 'X', symbol: 'QQQ', side: 'buy', date: '2026-11-30', quantity: '1' },
        { account: 'X', symbol: 'IWM', side: 'sell', date: '2026-11-29', quantity: '1', gain: '-5' },
        { account: 'X', symbol: 'XLF', side: 'sell', date: '2026-11-20', quantity: '1', gain: '5' },
      ]),
    );
    expect([...replacementBuysBefore(input)]).toEqual([['VTI', ['in X on 2026-10-30']]]);
    expect([...lossSalesBeforeBuys(input)]).toEqual([['IWM', ['in X on 2026-11-29']]]);
  });
});

describe('flagged (the default)', () => {
  it('a loss sale 12 days after a purchase in another account (an IRA) is a wash sale', () => {
    const p = planFromJson(household([{ account: 'IRA', symbol: 'VTI', side: 'buy', date: '2026-11-17', quantity: '3' }]));
    expect(p.trades.map((t) => `${t.side} ${t.quantity} ${t.symbol} ${(t.flags ?? []).join(',')}`)).toEqual(['sell 5 VTI wash-sale', 'buy 10 BND ']);
    expect(p.warnings).toContain('wash sale: the plan sells 5 VTI in T on 2026-11-29 at a loss of 250.00 and bought 3 in IRA on 2026-11-17');
    expect(p.tax?.washSales).toBe(1);
  });

  it('a purchase 31 days before is outside the window; a gain sale is never a wash sale', () => {
    expect(planFromJson(household([{ account: 'IRA', symbol: 'VTI', side: 'buy', date: '2026-10-29', quantity: '3' }])).tax?.washSales).toBe(0);
    const gain = household([{ account: 'IRA', symbol: 'VTI', side: 'buy', date: '2026-11-17', quantity: '3' }]);
    (gain.positions[0]?.lots?.[0] as { costPerShare: string }).costPerShare = '150';
    expect(planFromJson(gain).tax?.washSales).toBe(0);
  });

  it('the shares bought are the shares sold: not a wash sale', () => {
    const json = household([{ account: 'T', symbol: 'VTI', side: 'buy', date: '2026-11-17', quantity: '10' }]);
    (json.positions[0]?.lots?.[0] as { acquired: string }).acquired = '2026-11-17';
    // Selling 5 of the 10 bought that day leaves 5 of them: those are the replacement shares.
    expect(planFromJson(json).tax?.washSales).toBe(1);
    // Selling all 10 of them leaves none.
    json.model.targets = { 'US stocks': 0, Bonds: 100 };
    const all = planFromJson(json);
    expect(all.trades[0]).toMatchObject({ side: 'sell', quantity: '10' });
    expect(all.tax?.washSales).toBe(0);
  });

  it('a purchase in the plan after a history sale at a loss 5 days before is flagged; an unknown gain as possible', () => {
    const json = household([
      { account: 'OLD', symbol: 'BND', side: 'sell', date: '2026-11-24', quantity: '4', gain: '-40' },
      { account: 'OLD', symbol: 'BND', side: 'sell', date: '2026-11-25', quantity: '1' },
    ]);
    const p = planFromJson(json);
    const buy = p.trades.find((t) => t.side === 'buy');
    expect(buy?.flags).toEqual(['wash-sale']);
    expect(p.warnings).toContain(
      'wash sale: the plan buys 10 BND in T on 2026-11-29 within 30 days after 4 sold in OLD on 2026-11-24 at a loss of 40.00; 1 sold in OLD on 2026-11-25 (if at a loss: its gain is unknown)',
    );
  });

  it('inside the plan: a loss sale in one account and a purchase in another (findWashSales on given trades)', () => {
    const input = parsePlanInput(household());
    const trades: PlanOutput['trades'] = [
      { account: 'T', symbol: 'VTI', side: 'sell', quantity: '5', price: '200', amount: '1000', lots: [lot('2025-06-02', '5', '250')], gain: { short: '-250.00', long: '0.00' }, why: '' },
      { account: 'IRA', symbol: 'VTI', side: 'buy', quantity: '5', price: '200', amount: '1000', lots: [], gain: { short: '0.00', long: '0.00' }, why: '' },
    ];
    const w = findWashSales(input, trades);
    expect([...w.flagged].sort()).toEqual([0, 1]);
    expect(w.count).toBe(1);
    expect(w.inPlan).toBe(1);
    expect(w.warnings).toEqual(['wash sale: the plan sells 5 VTI in T on 2026-11-29 at a loss of 250.00 and the plan buys 5 in IRA on 2026-11-29']);
  });
});

describe('prevented', () => {
  it('a purchase within 30 days: no loss lot is sold', () => {
    const json = household([{ account: 'IRA', symbol: 'VTI', side: 'buy', date: '2026-11-17', quantity: '3' }], { washSales: 'prevent' });
    const p = planFromJson(json);
    expect(p.trades).toEqual([]);
    expect(p.tax?.washSales).toBe(0);
    expect(p.warnings).toContain('VTI in T: sells at most 0 shares (wash sales prevented: bought in IRA on 2026-11-17)');
    // A second, older lot at a gain (HIFO puts the loss lot first): still nothing; with FIFO the gain lot sells.
    json.positions[0] = held('T', 'VTI', '20', lot('2025-06-02', '10', '250'), lot('2020-06-02', '10', '100'));
    expect(planFromJson(json).trades.filter((t) => t.side === 'sell')).toEqual([]);
    const fifo = planFromJson({ ...json, options: { ...json.options, lotMethod: 'fifo' } });
    expect(fifo.trades.find((t) => t.side === 'sell')).toMatchObject({ quantity: '10', lots: [lot('2020-06-02', '10', '100')] });
  });

  it('a sale at a known loss within 30 days: the security is bought nowhere', () => {
    const json = household([{ account: 'OLD', symbol: 'BND', side: 'sell', date: '2026-11-24', quantity: '4', gain: '-40' }], { washSales: 'prevent' });
    const p = buildProblem(parsePlanInput(json));
    expect(p.vars.filter((v) => p.securities[v.sec]?.symbol === 'BND')).toEqual([]);
    expect(p.warnings).toContain('wash sales prevented: BND is bought in no account (sold at a loss in OLD on 2026-11-24)');
    expect(planFromJson(json).trades.filter((t) => t.symbol === 'BND')).toEqual([]);
  });

  it('verifyPlan refuses a plan that makes a prevented wash sale', () => {
    const flagged = household([{ account: 'IRA', symbol: 'VTI', side: 'buy', date: '2026-11-17', quantity: '3' }]);
    const plan = planFromJson(flagged);
    const prevent = parsePlanInput({ ...flagged, options: { ...flagged.options, washSales: 'prevent' } });
    expect(verifyPlan(prevent, plan).problems).toEqual([expect.stringMatching(/sell 5 VTI in T: sells at a loss after buying in IRA on 2026-11-17, a wash sale/)]);
    expect(verifyPlan(parsePlanInput(flagged), plan).ok).toBe(true);
  });

});

describe('wash sales inside one plan', () => {
  // A taxable account holds 20 X bought at $100, now $50; an IRA with $1,000 may buy only X. At 50/50 Value/Bonds
  // the D-optimal plan sells X at a loss in the taxable account and buys X in the IRA: a wash sale.
  const json = (washSales: 'flag' | 'prevent'): PlanInputJson => ({
    accounts: [
      { id: 'T', taxTreatment: 'taxable', cash: '0' },
      { id: 'I', taxTreatment: 'tax-deferred', cash: '1000' },
    ],
    securities: [
      sec('X', '50', 'Value'),
      sec('Z', '50', 'Bonds'),
    ],
    positions: [held('T', 'X', '20', lot('2024-01-02', '20', '100'))],
    buyable: { T: ['Z'], I: ['X'] },
    model: { targets: { Value: 50, Bonds: 50 } },
    options: { mode: 'full', asOf: '2026-11-29', washSales, timeLimitMs: 5000 },
  });

  it('flag: the plan sells X at a loss in T, buys X in I, and flags both', () => {
    const plan = planFromJson(json('flag'));
    expect(plan.trades.map((t) => [t.account, t.side, t.quantity, t.symbol, t.flags ?? []])).toEqual([
      ['I', 'buy', '20', 'X', ['wash-sale']],
      ['T', 'sell', '20', 'X', ['wash-sale']],
      ['T', 'buy', '20', 'Z', []],
    ]);
    expect(plan.objective).toBe('0');
  });

  it('prevent: X is not bought anywhere, so the loss sale has no replacement; the plan says so by D', () => {
    const plan = planFromJson(json('prevent'));
    expect(plan.trades.filter((t) => t.side === 'buy' && t.symbol === 'X')).toEqual([]);
    expect(plan.trades.some((t) => t.flags?.includes('wash-sale'))).toBe(false);
    // Holding (Value 1000, Bonds 0, Cash 1000) and selling 10 X for 10 Z both leave D = 2000; fewer trades wins.
    expect(plan).toMatchObject({ objective: '2000', optimal: true, trades: [] });
    expect(plan.warnings.some((w) => w.startsWith('wash sales prevent'))).toBe(false);
  });
});
