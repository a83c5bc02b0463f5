// The rules of a column mapping for a CSV layout Keel does not know: which columns a mapping can name, a first
// guess at which header cell is which (from its wording; the user confirms every choice), and what a mapping
// needs before a file can be read with it. The core refuses to save (saveColumnMap) and to read
// (parseWithColumnMap) by these rules; the import page guesses and explains with them. Pure, dependency-free.

export type MapField = 'symbol' | 'account' | 'description' | 'quantity' | 'price' | 'value' | 'cost' | 'currency';

/** The columns a mapping names: header cells as they appear in the file. */
export type MappedColumns = Partial<Record<MapField, string>>;

/** The columns a mapping can name, in the order they are guessed and shown, with the header wording that suggests each. */
export const MAP_FIELDS: readonly { field: MapField; label: string; guess: RegExp }[] = [
  { field: 'symbol', label: 'Symbol', guess: /\b(symbol|ticker)\b/i },
  { field: 'account', label: 'Account', guess: /\baccount\b/i },
  { field: 'description', label: 'Description', guess: /\b(description|security name|name)\b/i },
  { field: 'quantity', label: 'Quantity', guess: /\b(quantity|qty|units|shares)\b/i },
  { field: 'price', label: 'Price', guess: /\bprice\b/i },
  { field: 'value', label: 'Market value', guess: /\b(market value|mkt val|value)\b/i },
  { field: 'cost', label: 'Cost basis', guess: /\b(cost|book)\b/i },
  { field: 'currency', label: 'Currency', guess: /\b(currency|ccy)\b/i },
];

/** A first guess for each column: the first header cell whose wording fits, each cell used at most once. */
export function guessColumnMap(cells: readonly string[]): MappedColumns {
  const taken = new Set<string>();
  const out: MappedColumns = {};
  for (const { field, guess } of MAP_FIELDS) {
    const cell = cells.find((c) => !taken.has(c) && guess.test(c));
    if (cell !== undefined) {
      out[field] = cell;
      taken.add(cell);
    }
  }
  return out;
}

/**
 * What a mapping still lacks, or null when a file can be read with it: the symbol column first, then a way to
 * value each position — a market value column, or both quantity and price (value = quantity × price).
 */
export function columnMapNeeds(map: MappedColumns): 'symbol' | 'value' | null {
  if (!map.symbol) return 'symbol';
  if (!map.value && !(map.quantity && map.price)) return 'value';
  return null;
}
