import { describe, expect, it } from 'vitest';
import { planRequest } from '../../../../shared/contract';
import {
  buildPlanRequest,
  countChanges,
  DEFAULT_FORM,
  describePin,
  excludeTrade,
  formFromRequest,
  fractionToPercent,
  normalizeAmount,
  pinTrade,
  rotationPlaybook,
  type PlanForm,
} from './request';

const form = (over: Partial<PlanForm> = {}): PlanForm => ({ ...DEFAULT_FORM, ...over });

function built(f: PlanForm) {
  const r = buildPlanRequest(f);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  // Whatever the form sends, the core's own schema accepts.
  expect(planRequest.safeParse(r.request).success).toBe(true);
  return r.request;
}

describe('the Rebalance form becomes a planRequest', () => {
  it('sends only the mode for an untouched form (the planner’s defaults stay the planner’s)', () => {
    expect(built(DEFAULT_FORM)).toEqual({ mode: 'invest' });
  });

  it('"invest $10,000" into one account: the amount as typed, cleaned, as a string', () => {
    const r = built(form({ cash: { '3': { direction: 'add', amount: '$10,000' }, '4': { direction: 'add', amount: '' } } }));
    expect(r).toEqual({ mode: 'invest', cash: [{ account: '3', amount: '10000' }] });
  });

  it('a withdrawal is a negative amount; a zero amount is no entry', () => {
    const r = built(form({ mode: 'raise', cash: { '1': { direction: 'withdraw', amount: '2500.50' }, '2': { direction: 'add', amount: '0.00' } } }));
    expect(r.cash).toEqual([{ account: '1', amount: '-2500.50' }]);
  });

  it('keeps every digit of a large amount (no float rounding)', () => {
    const r = built(form({ cash: { '1': { direction: 'add', amount: '123456789012.345678' } } }));
    expect(r.cash).toEqual([{ account: '1', amount: '123456789012.345678' }]);
  });

  it('reports each amount that is not one, by field, and sends nothing', () => {
    const r = buildPlanRequest(form({ cash: { '1': { direction: 'add', amount: 'ten' } }, minTrade: '5e3', gainBudget: '-1' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['cash.1', 'minTrade', 'gainBudget']);
  });

  it('sends the constraints and tax options the user changed', () => {
    const r = built(
      form({
        mode: 'band',
        toTarget: true,
        minTrade: '100',
        turnoverCap: '20,000',
        tradeCost: '$25',
        reserves: { '1': '500', '2': '' },
        lotMethod: 'min-tax',
        blockShortTermGains: true,
        gainBudget: '3000',
        preferTaxAdvantaged: false,
        washSales: 'prevent',
        restrictions: [{ symbol: 'tsla', rule: 'no-sell' }, { symbol: 'QQQ', account: '1', rule: 'no-buy' }],
        fractional: ['2'],
      }),
    );
    expect(r).toEqual({
      mode: 'band',
      toTarget: true,
      minTrade: '100',
      turnoverCap: '20000',
      tradeCost: '25',
      reserves: [{ account: '1', amount: '500' }],
      lotMethod: 'min-tax',
      blockShortTermGains: true,
      gainBudget: '3000',
      preferTaxAdvantaged: false,
      washSales: 'prevent',
      restrictions: [
        { symbol: 'TSLA', rule: 'no-sell' },
        { symbol: 'QQQ', rule: 'no-buy', account: '1' },
      ],
      fractional: ['2'],
    });
  });

  it('toTarget only goes with band mode', () => {
    expect(built(form({ mode: 'full', toTarget: true }))).toEqual({ mode: 'full' });
  });

  it('a saved request opens as the same form, and builds back to the same request', () => {
    const request = built(
      form({
        model: 'Classic 60/40',
        mode: 'pinned',
        cash: { '2': { direction: 'withdraw', amount: '100' } },
        pinned: [{ account: '1', symbol: 'QQQ', side: 'sell', fraction: '0.2' }],
        restrictions: [{ symbol: 'AAPL', account: '1', rule: 'no-trade' }],
        reserves: { '1': '250' },
      }),
    );
    expect(built(formFromRequest(request))).toEqual(request);
  });
});

describe('editing a plan’s trades', () => {
  const trade = { account: '1', symbol: 'QQQ', side: 'sell' as const };

  it('leaving a trade out is a do-not-trade restriction on that security in that account, replacing any pin on it', () => {
    const f = excludeTrade(form({ pinned: [{ account: '1', symbol: 'QQQ', side: 'sell', quantity: '3' }] }), trade);
    expect(f.restrictions).toEqual([{ symbol: 'QQQ', account: '1', rule: 'no-trade' }]);
    expect(f.pinned).toEqual([]);
    expect(excludeTrade(f, trade).restrictions).toHaveLength(1);
  });

  it('changing its shares pins the trade and plans the rest around it (pinned mode)', () => {
    const f = pinTrade(excludeTrade(DEFAULT_FORM, trade), trade, '12');
    expect(f.mode).toBe('pinned');
    expect(f.pinned).toEqual([{ account: '1', symbol: 'QQQ', side: 'sell', quantity: '12' }]);
    expect(f.restrictions).toEqual([]);
    expect(built(f).pinned).toEqual([{ account: '1', symbol: 'QQQ', side: 'sell', quantity: '12' }]);
  });

  it('counts each position changed since the plan once, and an undone change not at all', () => {
    const other = { account: '2', symbol: 'IWM', side: 'buy' as const };
    const edited = pinTrade(excludeTrade(DEFAULT_FORM, trade), other, '5');
    expect(countChanges(DEFAULT_FORM, edited)).toBe(2);
    expect(countChanges(DEFAULT_FORM, pinTrade(edited, other, '6'))).toBe(2);
    expect(countChanges(edited, edited)).toBe(0);
    expect(countChanges(DEFAULT_FORM, { ...edited, restrictions: [], pinned: [] })).toBe(0);
  });

  it('the 2026 Rotation playbook sells a fifth of QQQ in each account holding it, buys none back, against the 2026 Rotation model', () => {
    const f = rotationPlaybook(form({ cash: { '1': { direction: 'add', amount: '1000' } } }), ['1', '3']);
    const r = built(f);
    expect(r.model).toBe('2026 Rotation');
    expect(r.mode).toBe('pinned');
    expect(r.pinned).toEqual([
      { account: '1', symbol: 'QQQ', side: 'sell', fraction: '0.2' },
      { account: '3', symbol: 'QQQ', side: 'sell', fraction: '0.2' },
    ]);
    expect(r.restrictions).toEqual([{ symbol: 'QQQ', rule: 'no-buy' }]);
    expect(r.cash).toEqual([{ account: '1', amount: '1000' }]);
    expect(rotationPlaybook(f, ['1']).pinned).toHaveLength(1);
    expect(rotationPlaybook(f, ['1']).restrictions).toHaveLength(1);
  });
});

describe('small helpers', () => {
  it('normalises typed amounts', () => {
    expect(normalizeAmount(' $1,234.50 ')).toBe('1234.50');
    expect(normalizeAmount('')).toBe('');
    expect(normalizeAmount('1.2.3')).toBeNull();
    expect(normalizeAmount('-5')).toBeNull();
  });

  it('reads pins and fractions as people say them', () => {
    expect(fractionToPercent('0.2')).toBe('20');
    expect(fractionToPercent('0.125')).toBe('12.5');
    expect(fractionToPercent('1')).toBe('100');
    expect(fractionToPercent('0.05')).toBe('5');
    expect(describePin({ account: '1', symbol: 'QQQ', side: 'sell', fraction: '0.2' })).toBe('Sell 20% of QQQ');
    expect(describePin({ account: '1', symbol: 'IWM', side: 'buy', quantity: '12' })).toBe('Buy 12 shares of IWM');
  });
});
