// "Any other CSV": the user says which column holds what (a column mapping); we parse a positions file
// generically. A mapping is keyed by the header's signature so it can be saved (saved-mappings.ts) and re-applied
// to later files with the same header.
import { createHash } from 'node:crypto';
import { CUSTOM_BROKER } from '../../../shared/brokers.ts';
import { columnMapNeeds } from '../../../shared/column-map.ts';
import { readCsvRows, type CsvInput, type CsvRow } from './csv.ts';
import { ImportError } from './errors.ts';
import { Sink } from './sink.ts';
import { CleanedCells, withCleaned } from './untrusted.ts';
import { Header, cell, norm, num } from './table.ts';
import { TOTAL_LABEL, isFooter } from './brokers/common.ts';
import type { ParseResult } from './types.ts';

/** What a file read through a mapping is detected as: the custom broker, a layout named by its header. */
export function mappedDetection(signature: string): { broker: string; layout: string; kind: 'positions' } {
  return { broker: CUSTOM_BROKER.id, layout: `${CUSTOM_BROKER.id}-${signature}`, kind: 'positions' };
}

export interface ColumnMap {
  /** Header cell names (as in the file; matched trimmed and case-insensitive). */
  symbol: string;
  account?: string;
  description?: string;
  quantity?: string;
  price?: string;
  /** Market value; when absent it is quantity × price. */
  value?: string;
  cost?: string;
  currency?: string;
  /** Symbols to treat as cash (e.g. a sweep fund); `/^cash/i` always is. */
  cashSymbols?: string[];
  decimal?: 'point' | 'comma';
  /** Currency when there is no currency column. */
  defaultCurrency?: string;
}

/** Order-sensitive, whitespace- and case-insensitive signature of a header row: the key a mapping is saved under. */
export function headerSignature(cells: string[]): string {
  const names = cells.map(norm);
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  return createHash('sha256').update(names.join('\u001f')).digest('hex').slice(0, 32);
}

/** The first row with at least two non-empty cells: what the mapping UI shows as the header. */
export async function readHeaderRow(name: string, input: CsvInput): Promise<{ cells: string[]; line: number; signature: string }> {
  for await (const row of readCsvRows(input, name)) {
    if (row.cells.filter(Boolean).length >= 2) return { cells: row.cells, line: row.line, signature: headerSignature(row.cells) };
  }
  throw new ImportError({ file: name, line: 1, column: 1, reason: 'EMPTY' }, 'no header row found');
}

export async function parseWithColumnMap(name: string, input: CsvInput, map: ColumnMap): Promise<ParseResult> {
  const sink = new Sink(name);
  const wanted = [map.symbol, map.account, map.description, map.quantity, map.price, map.value, map.cost, map.currency]
    .filter((x): x is string => !!x)
    .map(norm);
  if (columnMapNeeds(map) !== null) {
    throw new ImportError({ file: name, line: 1, column: 1, reason: 'UNKNOWN_LAYOUT' }, 'the mapping needs a value column, or quantity and price');
  }
  const opts = { decimal: map.decimal ?? 'point' } as const;
  const cash = new Set((map.cashSymbols ?? []).map((s) => s.toUpperCase()));
  let h: Header | null = null;
  let first: CsvRow | null = null;
  let last: ReturnType<Sink['account']> | null = null;
  const cleaned = new CleanedCells();
  for await (const row of readCsvRows(input, name, { onCleaned: cleaned.onCleaned })) {
    first ??= row;
    if (!h) {
      const cells = row.cells.map(norm);
      if (wanted.every((w) => cells.includes(w))) h = new Header(row);
      continue;
    }
    const col = (n?: string) => (n ? h!.find(n) : -1);
    const sym = cell(row, col(map.symbol));
    let acctName = cell(row, col(map.account));
    if (TOTAL_LABEL.test(sym) || TOTAL_LABEL.test(cell(row, 0))) {
      if (TOTAL_LABEL.test(acctName)) acctName = '';
      // A total row usually leaves the account cell empty: it closes the account above it.
      const target = acctName ? sink.account(acctName, acctName, map.defaultCurrency ?? 'USD') : last;
      if (map.value && target) sink.fileTotal(target, num(name, row, col(map.value), opts), row.line);
      continue;
    }
    const acct = sink.account(acctName || 'Imported', acctName, map.defaultCurrency ?? 'USD');
    last = acct;
    if (isFooter(row, h.names.length, sink) || !sym) continue;
    const quantity = num(name, row, col(map.quantity), opts);
    const price = num(name, row, col(map.price), opts);
    let value = map.value ? num(name, row, col(map.value), opts) : null;
    if (value === null && quantity !== null && price !== null) value = quantity.times(price);
    if (value === null) {
      throw new ImportError({ file: name, line: row.line, column: col(map.value ?? map.quantity) + 1, reason: 'MISSING_VALUE' }, 'missing value');
    }
    sink.position(acct, {
      symbol: sym,
      description: cell(row, col(map.description)),
      assetType: '',
      quantity,
      price,
      marketValue: value,
      costBasis: num(name, row, col(map.cost), opts),
      isCash: cash.has(sym.toUpperCase()) || /^cash\b/i.test(sym),
      currency: cell(row, col(map.currency)) || map.defaultCurrency || 'USD',
      line: row.line,
    });
  }
  if (!h) {
    throw new ImportError(
      { file: name, line: first?.line ?? 1, column: 1, reason: 'UNKNOWN_LAYOUT' },
      `no row has all mapped columns (${wanted.join(', ')})`,
    );
  }
  return withCleaned(sink.finish(mappedDetection(headerSignature(h.names))), cleaned);
}
