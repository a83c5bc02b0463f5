// The columns a user mapping of an unknown layout can name, and the first guess at which header cell is which.

export type MapField = 'symbol' | 'account' | 'description' | 'quantity' | 'price' | 'value' | 'cost' | 'currency';

/** The columns a mapping can name, with a guess from the header's wording (the user confirms every choice). */
export const MAP_FIELDS: { field: MapField; label: string; guess: RegExp }[] = [
  { field: 'symbol', label: 'Symbol', guess: /\b(symbol|ticker)\b/i },
  { field: 'account', label: 'Account', guess: /\baccount\b/i },
  { field: 'description', label: 'Description', guess: /\b(description|security name|name)\b/i },
  { field: 'quantity', label: 'Quantity', guess: /\b(quantity|qty|units|shares)\b/i },
  { field: 'price', label: 'Price', guess: /\bprice\b/i },
  { field: 'value', label: 'Market value', guess: /\b(market value|mkt val|value)\b/i },
  { field: 'cost', label: 'Cost basis', guess: /\b(cost|book)\b/i },
  { field: 'currency', label: 'Currency', guess: /\b(currency|ccy)\b/i },
];

export function guessMapping(cells: string[]): Partial<Record<MapField, string>> {
  const taken = new Set<string>();
  const out: Partial<Record<MapField, string>> = {};
  for (const { field, guess } of MAP_FIELDS) {
    const cell = cells.find((c) => !taken.has(c) && guess.test(c));
    if (cell !== undefined) {
      out[field] = cell;
      taken.add(cell);
    }
  }
  return out;
}
