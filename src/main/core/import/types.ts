// The normalised model every broker parser produces. Decimals are decimal.js values (exact); the CLI and the
// contract turn them into strings at the edge. Every row keeps the 1-based physical line it came from.
import type { Decimal } from '../money.ts';

export type ImportKind = 'positions' | 'transactions' | 'lots';

export type TxType =
  | 'buy'
  | 'sell'
  | 'dividend'
  | 'interest'
  | 'reinvest'
  | 'fee'
  | 'transfer'
  | 'deposit'
  | 'withdrawal'
  | 'split'
  | 'tax'
  | 'other';

export interface Position {
  /** Cleaned of the export's marks by the sink (symbols.ts): `SPAXX**` → SPAXX; ISIN-only rows keep the ISIN. */
  symbol: string;
  /** The symbol cell as the file wrote it, when cleaning changed it. */
  rawSymbol?: string;
  description: string;
  assetType: string;
  quantity: Decimal | null;
  price: Decimal | null;
  marketValue: Decimal;
  costBasis: Decimal | null;
  /** Money-market sweeps (SPAXX**, VMFXX), `Cash & Cash Investments`, E*TRADE `CASH`, IBKR cash balances. */
  isCash: boolean;
  /** Currency of price and marketValue. */
  currency: string;
  /** The value in the account currency as the file states it (DEGIRO `Value in EUR`), when it does. */
  baseValue?: Decimal;
  line: number;
}

export interface Account {
  name: string;
  /** As masked in the file (`XXXX-4321`, `Z00000000`, `U***00000`); '' when the file gives none. */
  number: string;
  /** The account's (base) currency; totals are in it. */
  currency: string;
  /** Includes cash rows (isCash), so a sweep fund keeps its symbol. */
  positions: Position[];
  /** Sum of the isCash positions, in the account currency. */
  cash: Decimal;
  /** Sum of all positions (cash included), converted to the account currency with the file's FX rates. */
  total: Decimal;
  /** The file's own total for this account, when it gives one. */
  fileTotal: Decimal | null;
  /** True when total equals fileTotal to the cent; false when they differ or the file gives no total. */
  reconciled: boolean;
  /** total − fileTotal; null when the file gives no total. */
  difference: Decimal | null;
}

export interface Transaction {
  account: string;
  date: string;
  settleDate: string | null;
  type: TxType;
  rawAction: string;
  symbol: string | null;
  description: string;
  /** Signed as the file gives it, except buys are made positive and sells negative. */
  quantity: Decimal | null;
  price: Decimal | null;
  /** Cash effect on the account: positive in, negative out. */
  amount: Decimal | null;
  fees: Decimal | null;
  currency: string;
  line: number;
}

export interface Lot {
  account: string;
  symbol: string;
  acquired: string;
  quantity: Decimal;
  costPerShare: Decimal | null;
  costBasis: Decimal;
  line: number;
}

export interface FxRate {
  /** 1 unit of `currency` = rate units of the base currency. */
  currency: string;
  rate: Decimal;
}

export interface Warning {
  line: number;
  /** 1-based, when the warning is about one cell. */
  column?: number;
  message: string;
}

export interface ParseResult {
  file: string;
  broker: string;
  layout: string;
  kind: ImportKind;
  /** ISO date the positions are as of, from the file's title or footer. */
  asOf: string | null;
  accounts: Account[];
  transactions: Transaction[];
  lots: Lot[];
  fx: FxRate[];
  warnings: Warning[];
}

export interface Detection {
  broker: string;
  layout: string;
  kind: ImportKind;
}
