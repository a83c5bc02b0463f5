// getTradeList fills what a recorded view lacks from the stored planner input: sleeves and accounts before/after.
import { describe, expect, it } from 'vitest';
import type { PlanTradeView } from '../../../shared/contract.ts';
import type { PlanInputJson } from '../rebalance/types.ts';
import { accountsFromInput, sleevesFromInput } from './tradeList.ts';

const input: PlanInputJson = {
  accounts: [
    { id: '1', taxTreatment: 'taxable', cash: '100.50' },
    { id: '2', taxTreatment: 'tax-free', cash: '0' },
  ],
  securities: [
    { symbol: 'IWM', price: '200', sleeves: { 'Small-cap': '100' } },
    { symbol: 'RSP', price: '150', sleeves: { Value: '50', 'Large-cap growth': '50' } },
    { symbol: 'ODD', price: '10', sleeves: {} },
  ],
  positions: [
    { account: '1', symbol: 'RSP', quantity: '10' },
    { account: '2', symbol: 'ODD', quantity: '5' },
  ],
  model: { targets: { 'Small-cap': '30', Value: '35', 'Large-cap growth': '35' } },
  options: { mode: 'invest', cashFlows: { '1': '1000' } },
};
const trades: PlanTradeView[] = [
  { account: '1', symbol: 'IWM', side: 'buy', quantity: '5', price: '200', amount: '1000.00', lots: [], gain: { short: '0', long: '0' }, why: '' },
  { account: '1', symbol: 'RSP', side: 'sell', quantity: '1', price: '150', amount: '150.00', lots: [], gain: { short: '0', long: '0' }, why: '' },
];

describe('trade-list fallbacks from the stored input', () => {
  it('sleeves before and after in exact decimals (cash flows counted; unclassified as Other)', () => {
    // Before: RSP 1500 → Value 750, LCG 750; ODD 50 → Other; cash 100.50 + 1000 = 1100.50; total 2650.50.
    // After: IWM 1000; RSP 9 × 150 = 1350 → 675 + 675; Other 50; cash 1100.50 − 1000 + 150 = 250.50; total 2650.50.
    expect(sleevesFromInput(input, trades)).toEqual([
      { sleeve: 'Small-cap', target: '0.3', before: '0', after: '0.377287', beforeValue: '0.00', afterValue: '1000.00' },
      { sleeve: 'Value', target: '0.35', before: '0.282965', after: '0.254669', beforeValue: '750.00', afterValue: '675.00' },
      { sleeve: 'Large-cap growth', target: '0.35', before: '0.282965', after: '0.254669', beforeValue: '750.00', afterValue: '675.00' },
      { sleeve: 'Cash', target: '0', before: '0.415205', after: '0.09451', beforeValue: '1100.50', afterValue: '250.50' },
      { sleeve: 'Other', target: '0', before: '0.018864', after: '0.018864', beforeValue: '50.00', afterValue: '50.00' },
    ]);
  });

  it('accounts: cash before includes the cash flow; after is before − buys + sells', () => {
    expect(accountsFromInput(input, trades)).toEqual([
      { account: '1', valueBefore: '2600.50', valueAfter: '2600.50', cashBefore: '1100.50', cashAfter: '250.50', bought: '1000.00', sold: '150.00' },
      { account: '2', valueBefore: '50.00', valueAfter: '50.00', cashBefore: '0.00', cashAfter: '0.00', bought: '0.00', sold: '0.00' },
    ]);
  });
});
