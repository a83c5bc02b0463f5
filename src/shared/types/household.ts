// The household as the dashboard shows it: accounts, positions and their lots, exchange rates, the demo.
import type { DecimalString } from './app.ts';

export const TAX_TREATMENTS = ['taxable', 'tax-deferred', 'tax-free', 'hsa', 'other'] as const;
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

export interface PositionView {
  symbol: string;
  name: string;
  assetType: string;
  quantity: DecimalString;
  price: DecimalString;
  priceDate: string | null;
  marketValue: DecimalString;
  costBasis: DecimalString | null;
  /** marketValue − costBasis; null when the cost basis is unknown. */
  unrealizedGain: DecimalString | null;
  /** Share of the account's total (positions + cash), as a fraction rounded to 6 places: "0.166743". */
  weight: DecimalString;
  /** Tax lots from the newest lot-details import for this account and security; empty when none was imported. */
  lots: LotView[];
}

export interface LotView {
  acquired: string;
  quantity: DecimalString;
  costBasis: DecimalString;
}

export interface AccountView {
  id: number;
  name: string;
  broker: string;
  numberMasked: string;
  taxTreatment: TaxTreatment;
  currency: string;
  isDemo: boolean;
  asOf: string | null;
  cash: DecimalString;
  positionsValue: DecimalString;
  total: DecimalString;
  /** The account's total in the household's base currency; null when no exchange rate is known. */
  totalInBase: DecimalString | null;
  /** Cash as a share of the account's total, a fraction rounded to 6 places. */
  cashWeight: DecimalString;
  /** The account's share of the household's total, a fraction rounded to 6 places. */
  weight: DecimalString;
  positions: PositionView[];
}

export interface HouseholdSummary {
  baseCurrency: string;
  total: DecimalString;
  cash: DecimalString;
  /** Cash as a share of the household's total, a fraction rounded to 6 places. */
  cashWeight: DecimalString;
  positionCount: number;
  hasDemo: boolean;
  /** Currencies of accounts left out of the total because no rate to the base currency is known. */
  missingFxRates: string[];
  accounts: AccountView[];
}

export interface FxRateView {
  /** ISO currency code; 1 unit of it is worth `rate` units of the base currency. */
  currency: string;
  rate: DecimalString;
  asOf: string | null;
  /** 'user', or the file it came from. */
  source: string;
}

export interface DemoState {
  present: boolean;
  accounts: number;
}
