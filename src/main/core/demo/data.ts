// The demo household: made-up accounts holding the 2026 rotation's names, so that every screen has
// something to show on first run. Prices are illustrative closing prices, not quotes.
import type { TaxTreatment } from '../../../shared/contract.ts';

export interface DemoSecurity {
  symbol: string;
  name: string;
  assetType: 'stock' | 'etf' | 'money-market' | 'bond' | 'mutual-fund' | 'other';
  price: string;
}

export interface DemoAccount {
  name: string;
  broker: string;
  numberMasked: string;
  taxTreatment: TaxTreatment;
  cash: string;
  positions: { symbol: string; quantity: string; costBasis: string }[];
}

export const DEMO_AS_OF = '2026-11-27';

/** Symbol, name, asset type, price. */
export const DEMO_SECURITIES: readonly DemoSecurity[] = (
  [
    ['IWM', 'iShares Russell 2000 ETF', 'etf', '248.12'],
    ['QQQ', 'Invesco QQQ Trust', 'etf', '612.40'],
    ['XLI', 'Industrial Select Sector SPDR Fund', 'etf', '151.35'],
    ['XLB', 'Materials Select Sector SPDR Fund', 'etf', '94.20'],
    ['XLF', 'Financial Select Sector SPDR Fund', 'etf', '53.18'],
    ['KRE', 'SPDR S&P Regional Banking ETF', 'etf', '64.75'],
    ['RSP', 'Invesco S&P 500 Equal Weight ETF', 'etf', '192.66'],
    ['VTV', 'Vanguard Value ETF', 'etf', '186.40'],
    ['AAPL', 'Apple Inc.', 'stock', '241.30'],
    ['NVDA', 'NVIDIA Corporation', 'stock', '183.55'],
    ['TSLA', 'Tesla, Inc.', 'stock', '402.10'],
    ['CAT', 'Caterpillar Inc.', 'stock', '512.80'],
    ['NUE', 'Nucor Corporation', 'stock', '158.25'],
    ['DE', 'Deere & Company', 'stock', '498.60'],
    ['LEN', 'Lennar Corporation', 'stock', '131.45'],
    ['FCX', 'Freeport-McMoRan Inc.', 'stock', '47.90'],
    ['BND', 'Vanguard Total Bond Market ETF', 'etf', '74.12'],
    ['SWVXX', 'Schwab Value Advantage Money Fund', 'money-market', '1.00'],
  ] as const
).map(([symbol, name, assetType, price]) => ({ symbol, name, assetType, price }));

/** Name, broker, masked number, tax treatment, cash. */
const ACCOUNTS = [
  ['Demo Taxable Brokerage', 'Schwab', '...4821', 'taxable', '2340.55'],
  ['Demo Traditional IRA', 'Fidelity', '...7703', 'tax-deferred', '1205.10'],
  ['Demo Roth IRA', 'Vanguard', '...3319', 'tax-free', '415.00'],
] as const;

/** Masked account number, symbol, quantity, cost basis: each account's holdings in the order it lists them. */
const HOLDINGS = [
  ['...4821', 'QQQ', '85', '31450.00'],
  ['...4821', 'NVDA', '110', '9875.40'],
  ['...4821', 'IWM', '120', '26112.00'],
  ['...4821', 'AAPL', '90', '15930.00'],
  ['...4821', 'TSLA', '25', '6210.75'],
  ['...4821', 'XLF', '150', '6120.00'],
  ['...4821', 'CAT', '15', '5085.30'],
  ['...4821', 'KRE', '80', '4480.00'],
  ['...4821', 'XLI', '60', '7620.60'],
  ['...4821', 'SWVXX', '12500', '12500.00'],
  ['...7703', 'VTV', '160', '24960.00'],
  ['...7703', 'RSP', '140', '22680.00'],
  ['...7703', 'BND', '300', '22050.00'],
  ['...7703', 'DE', '18', '7380.00'],
  ['...7703', 'XLB', '70', '6300.00'],
  ['...7703', 'NUE', '40', '5720.00'],
  ['...3319', 'QQQ', '20', '8400.00'],
  ['...3319', 'IWM', '40', '8360.00'],
  ['...3319', 'FCX', '120', '4920.00'],
  ['...3319', 'LEN', '30', '4155.00'],
] as const;

export const DEMO_ACCOUNTS: readonly DemoAccount[] = ACCOUNTS.map(([name, broker, numberMasked, taxTreatment, cash]) => ({
  name,
  broker,
  numberMasked,
  taxTreatment,
  cash,
  positions: HOLDINGS.filter(([account]) => account === numberMasked).map(([, symbol, quantity, costBasis]) => ({ symbol, quantity, costBasis })),
}));
