import { describe, expect, it } from 'vitest';
import type { HouseholdPlanView, PlanTradeView } from '../../../../shared/types';
import { tradeView } from '../../../../../tests/support/trades';
import { csvFileName, flagCounts, groupTradesByAccount, totalLeftover, turnover } from './trades';

const t = tradeView;

const view = (trades: PlanTradeView[]): Pick<HouseholdPlanView, 'plan' | 'accounts'> => ({
  accounts: [
    { id: '2', name: 'Roth IRA', taxTreatment: 'tax-free' },
    { id: '1', name: 'Joint, "main"', taxTreatment: 'taxable' },
    { id: '5', name: 'Idle' },
  ],
  plan: { trades, drift: { before: '0.1', after: '0.01' }, objective: '0', optimal: true, gap: '0', leftoverCash: { '1': '10.05', '2': '0.10' }, warnings: [] },
});

describe('grouping a plan’s trades by account', () => {
  const trades = [
    t('1', 'buy', 'IWM', '10', '248.12', '2481.2'),
    t('2', 'buy', 'VTV', '3', '186.40', '559.2'),
    t('1', 'sell', 'QQQ', '4', '612.40', '2449.6'),
    t('1', 'sell', 'AAPL', '1', '241.30', '-241.3'),
    t('9', 'buy', 'XLF', '1', '53.18', '53.18'),
  ];

  it('follows the plan’s account order, leaves out accounts without trades, keeps trades of an unknown account', () => {
    const groups = groupTradesByAccount(view(trades));
    expect(groups.map((g) => g.account.name)).toEqual(['Roth IRA', 'Joint, "main"', 'Account 9']);
  });

  it('lists sells first (they fund the buys), then buys, each by symbol', () => {
    const joint = groupTradesByAccount(view(trades))[1];
    expect(joint?.trades.map((x) => `${x.side} ${x.symbol}`)).toEqual(['sell AAPL', 'sell QQQ', 'buy IWM']);
  });

  it('totals buys and sells exactly, signed or not', () => {
    const joint = groupTradesByAccount(view(trades))[1];
    expect(joint?.sold).toBe('2690.9');
    expect(joint?.bought).toBe('2481.2');
    expect(turnover(trades)).toBe('5784.48');
    expect(totalLeftover({ a: '0.1', b: '0.2' })).toBe('0.3');
  });

  it('counts flags per kind', () => {
    const flagged = [t('1', 'sell', 'A', '1', '1', '1', { flags: ['wash-sale', 'short-term-gain'] }), t('1', 'sell', 'B', '1', '1', '1', { flags: ['wash-sale'] })];
    expect([...flagCounts(flagged)]).toEqual([
      ['wash-sale', 2],
      ['short-term-gain', 1],
    ]);
  });
});

describe('the downloaded CSV (its content: shared/csv.test.ts)', () => {
  it('names the download by date and model, in safe characters only', () => {
    expect(csvFileName('2026-11-29', '2026 Rotation')).toBe('keel-trades-2026-11-29-2026-rotation.csv');
    expect(csvFileName('2026-11-29', '../../etc/passwd')).toBe('keel-trades-2026-11-29-etcpasswd.csv');
    expect(csvFileName('2026-11-29', null)).toBe('keel-trades-2026-11-29.csv');
    expect(csvFileName('not a date', 'Élan 60/40')).toBe('keel-trades-undated-elan-6040.csv');
  });
});
