// Human names for the broker and layout ids the core detects ("schwab", "schwab-positions-2026"); broker names
// come from the one broker list (shared/brokers.ts). An id Keel does not know is still shown, made readable, so a
// newly supported layout never appears blank.
import { detectedBrokerName } from '../../../../shared/brokers';
import type { ImportKindName } from '../../../../shared/types';

const LAYOUTS: Record<string, string> = {
  'schwab-positions-2026': 'positions (2026 layout)',
  'schwab-positions-2024': 'positions (2024–25 layout)',
  'schwab-positions-2020': 'positions (pre-2023 layout)',
  'schwab-lot-details': 'lot details',
  'schwab-balances': 'balances',
  'schwab-transactions': 'history',
  'schwab-transactions-2020': 'history (2020–21 layout)',
  'schwab-transactions-2022': 'history (2022–23 layout)',
  'schwab-transactions-2023': 'history (late-2023 layout)',
  'fidelity-positions-2021': 'positions (2021 layout)',
  'fidelity-positions-2023': 'positions (2023–mid-2026 layout)',
  'fidelity-positions-2026': 'positions (mid-2026 layout)',
  'fidelity-history-2021': 'history (2021 layout)',
  'fidelity-history-2022': 'history (2022–25 layout)',
  'fidelity-history-2025': 'history (all-accounts layout)',
  'vanguard-ofx': 'OfxDownload',
  'vanguard-529': '529 plan positions',
  'etrade-portfolio': 'PortfolioDownload positions',
  'etrade-transactions-2025': 'history (2025 layout)',
  'etrade-transactions-old': 'history (older layout)',
  'ibkr-activity-statement': 'Activity Statement',
  'ibkr-transaction-history': 'Transaction History',
  'ibkr-flex-positions': 'Flex query positions',
  'ibkr-flex-trades': 'Flex query trades',
  'ibkr-flex-cash': 'Flex query cash transactions',
  'degiro-portfolio': 'portfolio',
  'degiro-account-statement': 'account statement',
  'degiro-transactions': 'transactions',
  'zerodha-kite-holdings': 'Kite holdings',
  'zerodha-tradebook': 'tradebook',
  'robinhood-activity': 'activity report',
  'tdameritrade-transactions': 'transactions',
  'trading212-history': 'history',
  'merrill-holdings': 'holdings',
  'merrill-activity': 'activity',
  'webull-orders': 'orders',
};

const KINDS: Record<ImportKindName, string> = {
  positions: 'Positions',
  transactions: 'History',
  lots: 'Tax lots',
};

export function brokerLabel(broker: string | null): string {
  if (!broker) return 'Not recognised';
  return detectedBrokerName(broker) ?? readable(broker);
}

export function layoutLabel(broker: string | null, layout: string | null): string | null {
  if (!layout) return null;
  if (LAYOUTS[layout]) return LAYOUTS[layout];
  if (broker === 'custom' || layout.startsWith('custom-')) return 'saved for this header';
  const rest = broker && layout.startsWith(`${broker}-`) ? layout.slice(broker.length + 1) : layout;
  const year = /^(.*)-(\d{4})$/.exec(rest);
  return year ? `${readable(year[1] ?? '')} (${year[2]} layout)` : readable(rest);
}

/** "Charles Schwab · positions (2026 layout)", or just the broker when the layout is unknown. */
export function detectedLabel(broker: string | null, layout: string | null): string {
  const l = layoutLabel(broker, layout);
  return l ? `${brokerLabel(broker)} · ${l}` : brokerLabel(broker);
}

export function kindLabel(kind: ImportKindName | null): string {
  return kind ? (KINDS[kind] ?? kind) : '—';
}

function readable(id: string): string {
  return id.replace(/[-_]+/g, ' ').trim();
}
