// One plan trade as the contract carries it, for tests of what is made from a plan (trade list, CSV, grouping).
import type { PlanTradeView } from '../../src/shared/types';

export function tradeView(
  account: string,
  side: 'buy' | 'sell',
  symbol: string,
  quantity: string,
  price: string,
  amount: string,
  extra: Partial<PlanTradeView> = {},
): PlanTradeView {
  return { account, symbol, side, quantity, price, amount, lots: [], gain: { short: '0.00', long: '0.00' }, why: `${side} ${symbol}`, ...extra };
}
