// Format detection from header-row content. Title lines, blank lines and filter blocks may precede the header,
// so every row among the first MAX_SCAN is tried against every signature; line numbers and file names never
// decide. Signatures are ordered most specific first.
import type { CsvRow } from './csv.ts';
import { ImportError } from './errors.ts';
import { norm } from './table.ts';
import type { ImportKind } from './types.ts';

export const MAX_SCAN = 200;

export interface LayoutSig {
  broker: string;
  layout: string;
  kind: ImportKind;
  /** Normalised cells that must all be in the row (any position). */
  all?: string[];
  /** Normalised cells that must start the row, in order. */
  prefix?: string[];
  /** Normalised cells that must not be in the row. */
  none?: string[];
  /** Exact cell count (after trailing empty cells are dropped). */
  width?: number;
}

export const LAYOUTS: LayoutSig[] = [
  // Interactive Brokers: every row is `Section,Header|Data|Total,…`.
  { broker: 'ibkr', layout: 'ibkr-activity-statement', kind: 'positions', prefix: ['statement', 'data', 'title', 'activity statement'] },
  { broker: 'ibkr', layout: 'ibkr-transaction-history', kind: 'transactions', prefix: ['statement', 'data', 'title', 'transaction history'] },
  { broker: 'ibkr', layout: 'ibkr-activity-statement', kind: 'positions', prefix: ['open positions', 'header'] },
  { broker: 'ibkr', layout: 'ibkr-activity-statement', kind: 'transactions', prefix: ['trades', 'header'] },
  { broker: 'ibkr', layout: 'ibkr-transaction-history', kind: 'transactions', prefix: ['transaction history', 'header', 'date'] },
  { broker: 'ibkr', layout: 'ibkr-flex-positions', kind: 'positions', all: ['symbol', 'position', 'markprice', 'positionvalue'] },
  { broker: 'ibkr', layout: 'ibkr-flex-trades', kind: 'transactions', all: ['buy/sell', 'tradedate', 'quantity', 'tradeprice'] },
  { broker: 'ibkr', layout: 'ibkr-flex-cash', kind: 'transactions', all: ['type', 'amount', 'currencyprimary', 'description'] },

  // Charles Schwab
  { broker: 'schwab', layout: 'schwab-positions-2026', kind: 'positions', all: ['symbol', 'qty (quantity)', 'mkt val (market value)', 'asset type'] },
  { broker: 'schwab', layout: 'schwab-positions-2024', kind: 'positions', all: ['symbol', 'qty (quantity)', 'mkt val (market value)', 'security type'] },
  { broker: 'schwab', layout: 'schwab-positions-2020', kind: 'positions', all: ['symbol', 'description', 'quantity', 'price', 'market value', 'cost basis', 'security type'] },
  { broker: 'schwab', layout: 'schwab-lot-details', kind: 'lots', all: ['open date', 'quantity', 'cost/share', 'cost basis', 'holding period'] },
  { broker: 'schwab', layout: 'schwab-balances', kind: 'positions', prefix: ['symbol', 'description', 'quantity', 'price'], width: 4 },
  { broker: 'schwab', layout: 'schwab-transactions', kind: 'transactions', prefix: ['date', 'action', 'symbol', 'description', 'quantity', 'price', 'fees & comm', 'amount'] },

  // Fidelity
  { broker: 'fidelity', layout: 'fidelity-positions-2021', kind: 'positions', all: ['account number', 'account name', 'symbol', 'current value', 'cost basis per share'] },
  { broker: 'fidelity', layout: 'fidelity-positions-2023', kind: 'positions', all: ['account number', 'account name', 'symbol', 'current value', 'cost basis total'] },
  { broker: 'fidelity', layout: 'fidelity-history-2025', kind: 'transactions', all: ['run date', 'account', 'account number', 'action', 'symbol', 'amount', 'settlement date'] },
  { broker: 'fidelity', layout: 'fidelity-history-2022', kind: 'transactions', all: ['run date', 'action', 'symbol', 'exchange quantity', 'amount', 'settlement date'] },
  { broker: 'fidelity', layout: 'fidelity-history-2021', kind: 'transactions', all: ['run date', 'action', 'symbol', 'amount ($)', 'settlement date'] },

  // Vanguard OfxDownload.csv
  { broker: 'vanguard', layout: 'vanguard-ofx', kind: 'positions', all: ['account number', 'investment name', 'symbol', 'shares', 'share price', 'total value'] },
  { broker: 'vanguard', layout: 'vanguard-529', kind: 'positions', all: ['fund account number', 'fund name', 'price', 'shares', 'total value'] },
  { broker: 'vanguard', layout: 'vanguard-ofx', kind: 'transactions', all: ['account number', 'trade date', 'settlement date', 'transaction type', 'investment name', 'net amount'] },

  // E*TRADE
  { broker: 'etrade', layout: 'etrade-portfolio', kind: 'positions', all: ['symbol', 'last price $', 'quantity', 'price paid $', 'value $'] },
  { broker: 'etrade', layout: 'etrade-transactions-2025', kind: 'transactions', all: ['activity/trade date', 'activity type', 'symbol', 'quantity #', 'amount $'] },
  { broker: 'etrade', layout: 'etrade-transactions-old', kind: 'transactions', all: ['transactiondate', 'transactiontype', 'securitytype', 'symbol', 'quantity', 'amount', 'price'] },

  // DEGIRO: account statements localise their headers; the column order is fixed.
  { broker: 'degiro', layout: 'degiro-account-statement', kind: 'transactions', prefix: ['date', 'time', 'value date', 'product', 'isin', 'description', 'fx', 'change'] },
  { broker: 'degiro', layout: 'degiro-account-statement', kind: 'transactions', prefix: ['datum', 'tijd', 'valutadatum', 'product', 'isin', 'omschrijving', 'fx', 'mutatie'] },
  { broker: 'degiro', layout: 'degiro-account-statement', kind: 'transactions', prefix: ['data', 'hora', 'data valor', 'produto', 'isin', 'descrição', 't.', 'mudança'] },
  { broker: 'degiro', layout: 'degiro-transactions', kind: 'transactions', all: ['date', 'product', 'isin', 'quantity', 'price', 'local value', 'total eur'] },
  { broker: 'degiro', layout: 'degiro-portfolio', kind: 'positions', prefix: ['product', 'symbol/isin', 'amount', 'closing', 'local value'] },
  { broker: 'degiro', layout: 'degiro-portfolio', kind: 'positions', prefix: ['product', 'symbool/isin', 'aantal', 'slotkoers', 'lokale waarde'] },

  // Zerodha
  { broker: 'zerodha', layout: 'zerodha-kite-holdings', kind: 'positions', all: ['instrument', 'qty.', 'avg. cost', 'ltp', 'cur. val'] },
  { broker: 'zerodha', layout: 'zerodha-tradebook', kind: 'transactions', all: ['symbol', 'isin', 'trade_date', 'trade_type', 'quantity', 'price', 'trade_id'] },

  // Others
  { broker: 'robinhood', layout: 'robinhood-activity', kind: 'transactions', all: ['activity date', 'settle date', 'instrument', 'trans code', 'quantity', 'price', 'amount'] },
  { broker: 'tdameritrade', layout: 'tdameritrade-transactions', kind: 'transactions', all: ['date', 'transaction id', 'description', 'quantity', 'symbol', 'price', 'amount'] },
  { broker: 'trading212', layout: 'trading212-history', kind: 'transactions', all: ['action', 'isin', 'ticker', 'no. of shares', 'price / share'] },
  { broker: 'merrill', layout: 'merrill-holdings', kind: 'positions', all: ['symbol', 'description', 'quantity', 'value', 'price', "day's value change $"] },
  { broker: 'merrill', layout: 'merrill-activity', kind: 'transactions', all: ['trade date', 'settlement date', 'account #', 'type', 'description 1', 'symbol/cusip #', 'amount ($)'] },
  { broker: 'webull', layout: 'webull-orders', kind: 'transactions', all: ['name', 'symbol', 'side', 'status', 'filled', 'avg price', 'filled time'] },
];

export function matches(sig: LayoutSig, cells: string[]): boolean {
  if (sig.prefix && !sig.prefix.every((c, i) => cells[i] === c)) return false;
  if (sig.all && !sig.all.every((c) => cells.includes(c))) return false;
  if (sig.none && sig.none.some((c) => cells.includes(c))) return false;
  if (sig.width !== undefined && cells.length !== sig.width) return false;
  return true;
}

export interface DetectResult {
  sig: LayoutSig;
  /** Index (into the rows given) of the row that matched. */
  at: number;
}

/** The first row (in file order) that matches a signature decides; null when none of the rows does. */
export function detectLayout(rows: CsvRow[]): DetectResult | null {
  for (let at = 0; at < rows.length && at < MAX_SCAN; at++) {
    const cells = rows[at]!.cells.map(norm);
    for (const sig of LAYOUTS) if (matches(sig, cells)) return { sig, at };
  }
  return null;
}

export function unknownLayout(file: string, rows: CsvRow[]): ImportError {
  const seen = rows
    .slice(0, 3)
    .map((r) => `line ${r.line}: ${r.cells.join(',').slice(0, 80)}`)
    .join(' | ');
  return new ImportError(
    { file, line: rows[0]?.line ?? 1, column: 1, reason: 'UNKNOWN_LAYOUT' },
    `no known broker layout; the first lines were: ${seen || '(nothing)'}`,
  );
}
