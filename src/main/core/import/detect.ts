// Format detection from header-row content. Title lines, blank lines and filter blocks may precede the header,
// so every row among the first MAX_SCAN is tried against every signature; line numbers and file names never
// decide. Each broker file declares its signatures, most specific first (brokers/registry.ts).
import type { LayoutSig } from './brokers/common.ts';
import { BROKERS } from './brokers/registry.ts';
import type { CsvRow } from './csv.ts';
import { ImportError } from './errors.ts';
import { norm } from './table.ts';

export const MAX_SCAN = 200;

/** Every broker's layouts, in registry order. */
export const LAYOUTS: LayoutSig[] = BROKERS.flatMap((b) => b.layouts.map((layout) => ({ ...layout, broker: b.id })));

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
