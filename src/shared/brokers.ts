// The brokers Keel reads exports of, by the id the core's detection gives (core/import/brokers/registry.ts),
// with their names. Free of zod and of the core, so the renderer imports it as is.
// - label: the name accounts carry. It is stored with each account and starts a new account's name ("Schwab
//   Individual"), and existing accounts are matched by it, so it does not change.
// - detected: how the preview names the broker of a file it recognised, where that differs from the label.

export interface BrokerNames {
  readonly label: string;
  readonly detected?: string;
}

export const BROKER_NAMES = {
  schwab: { label: 'Schwab', detected: 'Charles Schwab' },
  fidelity: { label: 'Fidelity' },
  vanguard: { label: 'Vanguard' },
  etrade: { label: 'E*TRADE' },
  ibkr: { label: 'Interactive Brokers' },
  degiro: { label: 'DEGIRO' },
  zerodha: { label: 'Zerodha' },
  robinhood: { label: 'Robinhood' },
  tdameritrade: { label: 'TD Ameritrade' },
  trading212: { label: 'Trading 212' },
  merrill: { label: 'Merrill' },
  webull: { label: 'Webull' },
} as const satisfies Record<string, BrokerNames>;

export type BrokerId = keyof typeof BROKER_NAMES;

/** A file read through the user's own column mapping (no known layout). */
export const CUSTOM_BROKER = { id: 'custom', label: 'Other broker', detected: 'Your column mapping' } as const;

function names(id: string): BrokerNames | undefined {
  if (id === CUSTOM_BROKER.id) return CUSTOM_BROKER;
  return Object.hasOwn(BROKER_NAMES, id) ? BROKER_NAMES[id as BrokerId] : undefined;
}

/** The name accounts of this broker carry; an unknown id is its own name. */
export function brokerLabel(id: string): string {
  return names(id)?.label ?? id;
}

/** How the preview names a detected broker, or undefined for an id Keel does not know. */
export function detectedBrokerName(id: string): string | undefined {
  const n = names(id);
  return n ? (n.detected ?? n.label) : undefined;
}
