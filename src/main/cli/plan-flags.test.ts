// `keel plan` option flags → the planRequest fields the contract validates.
import { describe, expect, it } from 'vitest';
import { planOptionsFromFlags } from './main.ts';

describe('keel plan option flags', () => {
  it('turns the rotation playbook into pinned trades and restrictions', () => {
    expect(
      planOptionsFromFlags({
        pin: ['Demo Taxable Brokerage:sell:qqq:20%', '...4821:buy:XLF:$5,000', '2:buy:IWM:10'],
        'no-sell': ['AAPL'],
        'no-trade': ['TSLA@...4821'],
        'trade-cost': '$25',
        'lot-method': 'min-tax',
        'block-short-term': true,
        'time-limit': '5000',
      }),
    ).toEqual({
      tradeCost: '25',
      lotMethod: 'min-tax',
      blockShortTermGains: true,
      timeLimitMs: 5000,
      pinned: [
        { account: 'Demo Taxable Brokerage', side: 'sell', symbol: 'QQQ', fraction: '0.2' },
        { account: '...4821', side: 'buy', symbol: 'XLF', amount: '5000' },
        { account: '2', side: 'buy', symbol: 'IWM', quantity: '10' },
      ],
      restrictions: [
        { symbol: 'AAPL', rule: 'no-sell' },
        { symbol: 'TSLA', rule: 'no-trade', account: '...4821' },
      ],
    });
  });

  it('refuses malformed flags with a usage error naming the flag', () => {
    expect(() => planOptionsFromFlags({ pin: ['QQQ 20%'] })).toThrow(/--pin expects/);
    expect(() => planOptionsFromFlags({ 'lot-method': 'lifo' })).toThrow(/--lot-method/);
    expect(() => planOptionsFromFlags({ 'gain-budget': 'lots' })).toThrow(/--gain-budget/);
    expect(() => planOptionsFromFlags({ 'time-limit': '0' })).toThrow(/--time-limit/);
    expect(() => planOptionsFromFlags({ pin: ['A:sell:QQQ:120%'] })).toThrow(/percentage/);
  });
});
