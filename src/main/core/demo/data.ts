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

export const DEMO_SECURITIES: readonly DemoSecurity[] = [
  { symbol: 'IWM', name: 'iShares Russell 2000 ETF', assetType: 'etf', price: '248.12' },
  { symbol: 'QQQ', name: 'Invesco QQQ Trust', assetType: 'etf', price: '612.40' },
  { symbol: 'XLI', name: 'Industrial Select Sector SPDR Fund', assetType: 'etf', price: '151.35' },
  { symbol: 'XLB', name: 'Materials Select Sector SPDR Fund', assetType: 'etf', price: '94.20' },
  { symbol: 'XLF', name: 'Financial Select Sector SPDR Fund', assetType: 'etf', price: '53.18' },
  { symbol: 'KRE', name: 'SPDR S&P Regional Banking ETF', assetType: 'etf', price: '64.75' },
  { symbol: 'RSP', name: 'Invesco S&P 500 Equal Weight ETF', assetType: 'etf', price: '192.66' },
  { symbol: 'VTV', name: 'Vanguard Value ETF', assetType: 'etf', price: '186.40' },
  { symbol: 'AAPL', name: 'Apple Inc.', assetType: 'stock', price: '241.30' },
  { symbol: 'NVDA', name: 'NVIDIA Corporation', assetType: 'stock', price: '183.55' },
  { symbol: 'TSLA', name: 'Tesla, Inc.', assetType: 'stock', price: '402.10' },
  { symbol: 'CAT', name: 'Caterpillar Inc.', assetType: 'stock', price: '512.80' },
  { symbol: 'NUE', name: 'Nucor Corporation', assetType: 'stock', price: '158.25' },
  { symbol: 'DE', name: 'Deere & Company', assetType: 'stock', price: '498.60' },
  { symbol: 'LEN', name: 'Lennar Corporation', assetType: 'stock', price: '131.45' },
  { symbol: 'FCX', name: 'Freeport-McMoRan Inc.', assetType: 'stock', price: '47.90' },
  { symbol: 'BND', name: 'Vanguard Total Bond Market ETF', assetType: 'etf', price: '74.12' },
  { symbol: 'SWVXX', name: 'Schwab Value Advantage Money Fund', assetType: 'money-market', price: '1.00' },
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    name: 'Demo Taxable Brokerage',
    broker: 'Schwab',
    numberMasked: '...4821',
    taxTreatment: 'taxable',
    cash: '2340.55',
    positions: [
      { symbol: 'QQQ', quantity: '85', costBasis: '31450.00' },
      { symbol: 'NVDA', quantity: '110', costBasis: '9875.40' },
      { symbol: 'IWM', quantity: '120', costBasis: '26112.00' },
      { symbol: 'AAPL', quantity: '90', costBasis: '15930.00' },
      { symbol: 'TSLA', quantity: '25', costBasis: '6210.75' },
      { symbol: 'XLF', quantity: '150', costBasis: '6120.00' },
      { symbol: 'CAT', quantity: '15', costBasis: '5085.30' },
      { symbol: 'KRE', quantity: '80', costBasis: '4480.00' },
      { symbol: 'XLI', quantity: '60', costBasis: '7620.60' },
      { symbol: 'SWVXX', quantity: '12500', costBasis: '12500.00' },
    ],
  },
  {
    name: 'Demo Traditional IRA',
    broker: 'Fidelity',
    numberMasked: '...7703',
    taxTreatment: 'tax-deferred',
    cash: '1205.10',
    positions: [
      { symbol: 'VTV', quantity: '160', costBasis: '24960.00' },
      { symbol: 'RSP', quantity: '140', costBasis: '22680.00' },
      { symbol: 'BND', quantity: '300', costBasis: '22050.00' },
      { symbol: 'DE', quantity: '18', costBasis: '7380.00' },
      { symbol: 'XLB', quantity: '70', costBasis: '6300.00' },
      { symbol: 'NUE', quantity: '40', costBasis: '5720.00' },
    ],
  },
  {
    name: 'Demo Roth IRA',
    broker: 'Vanguard',
    numberMasked: '...3319',
    taxTreatment: 'tax-free',
    cash: '415.00',
    positions: [
      { symbol: 'QQQ', quantity: '20', costBasis: '8400.00' },
      { symbol: 'IWM', quantity: '40', costBasis: '8360.00' },
      { symbol: 'FCX', quantity: '120', costBasis: '4920.00' },
      { symbol: 'LEN', quantity: '30', costBasis: '4155.00' },
    ],
  },
];
