// Tax and trading options (issue 5, Tax and Constraints): lot methods, picked lots, the short-term-gain block,
// restrictions, tax-advantaged preference, the plan's report (sleeves, accounts, tax, flags), and verifyPlan
// refusing plans that break them.
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { lotOrderFor, orderLots } from './lots.ts';
import { buildProblem, saleGain, saleTax } from './problem.ts';
import { PlanInputError, parsePlanInput, planFromJson, planRebalance, verifyPlan, type PlanInputJson, type PlanOutput } from './index.ts';
import { acct, held, lot, planOptions, sec, sellInEither } from './testkit.ts';

// QQQ at $100 on 2026-11-29, four lots of 10: a long-term loss, a short-term gain, a long-term gain, a
// short-term loss. Nothing else is held and there is no cash: the model's Cash target decides how many to sell.
const LOTS = [
  lot('2024-01-10', '10', '120'), // LT loss −20/share
  lot('2026-06-01', '10', '80'), // ST gain +20/share
  lot('2023-05-01', '10', '50'), // LT gain +50/share
  lot('2026-09-01', '10', '105'), // ST loss −5/share
];

function qqq(cashPct: number, options: Partial<PlanInputJson['options']> = {}): PlanInputJson {
  return {
    accounts: [acct('T', 'taxable', '0')],
    securities: [sec('QQQ', '100', 'Large-cap growth')],
    positions: [held('T', 'QQQ', '40', ...LOTS)],
    model: { targets: { 'Large-cap growth': 100 - cashPct, Cash: cashPct }, bandRule: 'either' },
    options: planOptions(options),
  };
}

const sale = (p: PlanOutput) => {
  expect(p.trades).toHaveLength(1);
  const t = p.trades[0];
  if (!t) throw new Error('no trade');
  return { quantity: t.quantity, lots: t.lots.map((l) => `${l.acquired}×${l.quantity}`), gain: t.gain, flags: t.flags ?? [] };
};

describe('lot methods', () => {
  it('HIFO (default): the $120 and $105 lots, both losses', () => {
    const p = planFromJson(qqq(50));
    expect(sale(p)).toEqual({ quantity: '20', lots: ['2024-01-10×10', '2026-09-01×10'], gain: { short: '-50.00', long: '-200.00' }, flags: [] });
    expect(p.tax).toEqual({ shortTerm: '-50.00', longTerm: '-200.00', sheltered: '0.00', washSales: 0 });
  });

  it('FIFO: oldest first, the 2023 and 2024 lots', () => {
    const p = planFromJson(qqq(50, { lotMethod: 'fifo' }));
    expect(sale(p)).toEqual({ quantity: '20', lots: ['2023-05-01×10', '2024-01-10×10'], gain: { short: '0.00', long: '300.00' }, flags: [] });
  });

  it('min-tax: short-term losses, long-term losses, long-term gains, short-term gains', () => {
    const p = planFromJson(qqq(100, { lotMethod: 'min-tax' }));
    // All 40 shares: the whole order is visible.
    expect(sale(p)).toEqual({
      quantity: '40',
      lots: ['2026-09-01×10', '2024-01-10×10', '2023-05-01×10', '2026-06-01×10'],
      gain: { short: '150.00', long: '300.00' },
      flags: ['short-term-gain'],
    });
    const input = parsePlanInput(qqq(50));
    const order = orderLots(input.positions[0]?.lots ?? [], 'min-tax', { price: dec(100), asOf: '2026-11-29' });
    expect(order.map((l) => l.acquired)).toEqual(['2026-09-01', '2024-01-10', '2023-05-01', '2026-06-01']);
    // Inside a group the largest loss per share first; a zero gain between losses and gains.
    const more = orderLots(
      [
        { acquired: '2020-01-01', quantity: dec(1), costPerShare: dec(110) },
        { acquired: '2020-01-01', quantity: dec(1), costPerShare: dec(100) },
        { acquired: '2020-01-01', quantity: dec(1), costPerShare: dec(130) },
        { acquired: '2020-01-01', quantity: dec(1), costPerShare: dec(60) },
        { acquired: '2020-01-01', quantity: dec(1), costPerShare: dec(90) },
      ],
      'min-tax',
      { price: dec(100), asOf: '2026-11-29' },
    );
    expect(more.map((l) => l.costPerShare.toNumber())).toEqual([130, 110, 100, 90, 60]);
  });

  it('picked lots go first, in the order given, then the method', () => {
    const p = planFromJson(qqq(50, { specificLots: [{ account: 'T', symbol: 'QQQ', acquired: '2026-06-01', quantity: '5' }] }));
    expect(sale(p)).toEqual({ quantity: '20', lots: ['2026-06-01×5', '2024-01-10×10', '2026-09-01×5'], gain: { short: '75.00', long: '-200.00' }, flags: ['short-term-gain'] });
    const input = parsePlanInput(
      qqq(50, {
        lotMethod: 'fifo',
        specificLots: [
          { account: 'T', symbol: 'QQQ', acquired: '2026-09-01', quantity: '3' },
          { account: 'T', symbol: 'QQQ', acquired: '2026-06-01', quantity: '10' },
        ],
      }),
    );
    expect(lotOrderFor(input, 'T', 'QQQ')?.map((l) => `${l.acquired}×${l.quantity.toFixed()}`)).toEqual([
      '2026-09-01×3',
      '2026-06-01×10',
      '2023-05-01×10',
      '2024-01-10×10',
      '2026-09-01×7',
    ]);
  });

  it('picked lots that do not exist are input errors with the field path', () => {
    expect(() => parsePlanInput(qqq(50, { specificLots: [{ account: 'T', symbol: 'QQQ', acquired: '2025-01-01', quantity: '1' }] }))).toThrow(/options\.specificLots\[0\]\.acquired/);
    expect(() => parsePlanInput(qqq(50, { specificLots: [{ account: 'T', symbol: 'QQQ', acquired: '2026-06-01', quantity: '11' }] }))).toThrow(/options\.specificLots\[0\]\.quantity/);
    expect(() => parsePlanInput(qqq(50, { lotMethod: 'lifo' as 'fifo' }))).toThrow(/options\.lotMethod/);
  });

  it('saleGain and saleTax follow the lot order, exactly in M units', () => {
    const fifo = buildProblem(parsePlanInput(qqq(50, { lotMethod: 'fifo' })));
    const v = fifo.vars[0];
    if (!v) throw new Error('no var');
    expect(saleGain(fifo, v, 25)).toEqual({ short: 100n * 10n ** 12n, long: 300n * 10n ** 12n });
    // Tax units: M × permille (37% short, 20% long) + 1 for a taxable sale (preferTaxAdvantaged).
    expect(saleTax(fifo, v, 25)).toBe((100n * 370n + 300n * 200n) * 10n ** 12n + 1n);
    const hifo = buildProblem(parsePlanInput(qqq(50, { preferTaxAdvantaged: false })));
    expect(saleGain(hifo, hifo.vars[0] as NonNullable<typeof v>, 20)).toEqual({ short: -50n * 10n ** 12n, long: -200n * 10n ** 12n });
    expect(saleTax(hifo, hifo.vars[0] as NonNullable<typeof v>, 20)).toBe((-50n * 370n - 200n * 200n) * 10n ** 12n);
  });
});

describe('short-term gains blocked', () => {
  it('FIFO would sell into the short-term gain lot: the sale stops before it', () => {
    const free = planFromJson(qqq(75, { lotMethod: 'fifo' }));
    expect(sale(free)).toMatchObject({ quantity: '30', lots: ['2023-05-01×10', '2024-01-10×10', '2026-06-01×10'], flags: ['short-term-gain'] });
    const blocked = planFromJson(qqq(75, { lotMethod: 'fifo', blockShortTermGains: true }));
    expect(sale(blocked)).toMatchObject({ quantity: '20', lots: ['2023-05-01×10', '2024-01-10×10'], gain: { short: '0.00', long: '300.00' }, flags: [] });
    expect(blocked.warnings).toContain('QQQ in T: sells at most 20 shares (short-term gains are blocked)');
  });

  it('with min-tax the short-term gains come last, so the block binds only at the end', () => {
    const p = planFromJson(qqq(75, { lotMethod: 'min-tax', blockShortTermGains: true }));
    expect(sale(p)).toMatchObject({ quantity: '30', lots: ['2026-09-01×10', '2024-01-10×10', '2023-05-01×10'], flags: [] });
  });

  it('does not apply in a tax-deferred account', () => {
    const json = qqq(75, { lotMethod: 'fifo', blockShortTermGains: true });
    (json.accounts[0] as { taxTreatment: string }).taxTreatment = 'tax-deferred';
    const p = planFromJson(json);
    expect(sale(p)).toMatchObject({ quantity: '30', gain: { short: '0.00', long: '0.00' }, flags: [] });
    expect(p.tax).toEqual({ shortTerm: '0.00', longTerm: '0.00', sheltered: '500.00', washSales: 0 });
  });
});

function smallCap(options: Partial<PlanInputJson['options']> = {}): PlanInputJson {
  return {
    accounts: [
      acct('A', 'taxable', '1000'),
      acct('B', 'tax-free', '1000'),
    ],
    securities: [
      sec('IWM', '100', 'Small-cap'),
      sec('VB', '130', 'Small-cap'),
      sec('QQQ', '100', 'Large-cap growth'),
    ],
    positions: [held('A', 'QQQ', '20', lot('2020-01-02', '20', '40'))],
    model: { targets: { 'Small-cap': 50, 'Large-cap growth': 50 }, bandRule: 'either' },
    options: planOptions(options),
  };
}
const brief = (p: PlanOutput): string[] => p.trades.map((t) => `${t.account} ${t.side} ${t.quantity} ${t.symbol}`);

describe('restrictions', () => {
  it('without restrictions: 20 IWM bought with the cash of both accounts', () => {
    expect(brief(planFromJson(smallCap()))).toEqual(['A buy 10 IWM', 'B buy 10 IWM']);
  });

  it('no-buy IWM everywhere: VB ($130) instead, bought in A with the QQQ sold; B buys the QQQ back', () => {
    const p = planFromJson(smallCap({ restrictions: [{ symbol: 'IWM', rule: 'no-buy' }] }));
    expect(brief(p)).toEqual(['A sell 10 QQQ', 'A buy 15 VB', 'B buy 10 QQQ']);
    expect(p.objective).toBe('100');
  });

  it('no-trade IWM in B only: A holds all the small caps, B the large caps', () => {
    expect(brief(planFromJson(smallCap({ restrictions: [{ symbol: 'IWM', account: 'B', rule: 'no-trade' }] })))).toEqual(['A sell 10 QQQ', 'A buy 20 IWM', 'B buy 10 QQQ']);
  });

  it('no-sell QQQ: with no cash the plan cannot move at all', () => {
    const json = smallCap({ restrictions: [{ symbol: 'QQQ', rule: 'no-sell' }] });
    json.accounts = json.accounts.map((a) => ({ ...a, cash: '0' }));
    expect(brief(planFromJson(json))).toEqual([]);
    json.options = { ...json.options, restrictions: [] };
    expect(brief(planFromJson(json))).toEqual(['A sell 10 QQQ', 'A buy 10 IWM']);
  });

  it('a restriction on an unknown security or account is an input error', () => {
    expect(() => parsePlanInput(smallCap({ restrictions: [{ symbol: 'ARKK', rule: 'no-buy' }] }))).toThrow(/options\.restrictions\[0\]\.symbol: unknown security "ARKK"/);
    expect(() => parsePlanInput(smallCap({ restrictions: [{ symbol: 'IWM', account: 'Z', rule: 'no-buy' }] }))).toThrow(PlanInputError);
  });

  it('restrictions set the variables’ bounds', () => {
    const p = buildProblem(parsePlanInput(smallCap({ restrictions: [{ symbol: 'QQQ', rule: 'no-sell' }, { symbol: 'IWM', account: 'A', rule: 'no-buy' }] })));
    const bounds = Object.fromEntries(p.vars.map((v) => [`${p.accounts[v.account]?.id} ${p.securities[v.sec]?.symbol}`, [v.kmin, v.kmax]]));
    expect(bounds['A QQQ']).toEqual([0, 10]); // no sales: buys only from A's $1,000
    expect(bounds['A IWM']).toBeUndefined();
    expect(bounds['B IWM']).toEqual([0, 10]);
  });
});

describe('preferTaxAdvantaged', () => {
  it('a zero-gain sale in a taxable account ties an IRA sale on D, trades and tax: the IRA sells', () => {
    const p = planFromJson(sellInEither('A-TAXABLE', 'Z-IRA', lot('2020-01-02', '10', '100')));
    expect(brief(p)).toEqual(['Z-IRA sell 5 QQQ', 'Z-IRA buy 5 IWM']);
    expect(p.optimal).toBe(true);
  });
});

describe('the plan report', () => {
  it('value, sleeves, accounts and tax of the two-account small-cap plan', () => {
    const p = planFromJson(smallCap());
    expect(p.value).toBe('4000');
    expect(p.sleeves).toEqual([
      { sleeve: 'Cash', target: '0', before: '0.5', after: '0', beforeValue: '2000.00', afterValue: '0.00' },
      { sleeve: 'Large-cap growth', target: '0.5', before: '0.5', after: '0.5', beforeValue: '2000.00', afterValue: '2000.00' },
      { sleeve: 'Small-cap', target: '0.5', before: '0', after: '0.5', beforeValue: '0.00', afterValue: '2000.00' },
    ]);
    expect(p.accounts).toEqual([
      { account: 'A', valueBefore: '3000', valueAfter: '3000', cashBefore: '1000', cashAfter: '0', bought: '1000', sold: '0' },
      { account: 'B', valueBefore: '1000', valueAfter: '1000', cashBefore: '1000', cashAfter: '0', bought: '1000', sold: '0' },
    ]);
    expect(p.tax).toEqual({ shortTerm: '0.00', longTerm: '0.00', sheltered: '0.00', washSales: 0 });
  });
});

// ---- verifyPlan refuses plans that break the options ----

describe('verifyPlan and the tax options', () => {
  const base = qqq(75, { lotMethod: 'fifo' });
  const input = parsePlanInput(base);
  const good = planRebalance(input);
  const check = (opts: Partial<PlanInputJson['options']>, edit: (p: PlanOutput) => void = () => {}): string[] => {
    const p = structuredClone(good);
    edit(p);
    return verifyPlan(parsePlanInput({ ...base, options: { ...base.options, ...opts } }), p).problems;
  };

  it('accepts the plan as made', () => {
    expect(check({})).toEqual([]);
  });

  it('a restriction broken', () => {
    expect(check({ restrictions: [{ symbol: 'QQQ', rule: 'no-sell' }] })).toEqual([expect.stringMatching(/breaks the restriction no-sell QQQ/)]);
    expect(check({ restrictions: [{ symbol: 'QQQ', account: 'T', rule: 'no-trade' }] })).toEqual([expect.stringMatching(/breaks the restriction no-trade QQQ in T/)]);
    expect(check({ restrictions: [{ symbol: 'QQQ', rule: 'no-buy' }] })).toEqual([]);
  });

  it('turnover over the cap', () => {
    expect(check({ turnoverCap: '2999.99' })).toEqual(['turnover 3000 exceeds the cap 2999.99']);
    expect(check({ turnoverCap: '3000' })).toEqual([]);
  });

  it('net gain over the budget', () => {
    // FIFO, 30 shares: long 500 − 200 = 300, short +200: net 500.
    expect(check({ gainBudget: '499.99' })).toEqual(['net realised gain 500 in taxable accounts exceeds the budget 499.99']);
    expect(check({ gainBudget: '500' })).toEqual([]);
  });

  it('a short-term gain when they are blocked', () => {
    expect(check({ blockShortTermGains: true })).toEqual([expect.stringMatching(/realises a short-term gain, and short-term gains are blocked/)]);
  });

  it('lots other than the method’s, and gains that are not the lots’', () => {
    expect(check({ lotMethod: 'hifo' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/lots used \[2023-05-01×10@50, 2024-01-10×10@120, 2026-06-01×10@80\] are not those the hifo order gives/)]),
    );
    expect(check({}, (p) => ((p.trades[0] as PlanOutput['trades'][number]).gain.long = '0.00'))).toEqual([expect.stringMatching(/gain 200.00\/0.00 is not the lots' 200.00\/300.00/)]);
  });
});
