// Header lookup and typed cell readers. Every reader failure becomes an ImportError naming file, line and the
// 1-based column of the offending cell.
import type { Decimal } from '../money.ts';
import type { CsvRow } from './csv.ts';
import { ImportError, ValueError } from './errors.ts';
import { fastMicro, parseNumber, type NumberOptions } from './numbers.ts';
import type { MicroNum } from './history.ts';
import { parseDate, type DateOptions } from './dates.ts';

/** Header cells compare trimmed, case-insensitive, with inner whitespace collapsed. */
export function norm(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, ' ');
}

export class Header {
  readonly names: string[];
  readonly line: number;
  private readonly index = new Map<string, number>();
  constructor(row: CsvRow, skip = 0) {
    this.line = row.line;
    this.names = row.cells.slice(skip).map(norm);
    this.names.forEach((n, i) => {
      // First occurrence wins: Fidelity "My View" exports may repeat a column name.
      if (n && !this.index.has(n)) this.index.set(n, i + skip);
    });
  }
  /** Column index of the first alias present, or -1. */
  find(...aliases: string[]): number {
    for (const a of aliases) {
      const i = this.index.get(norm(a));
      if (i !== undefined) return i;
    }
    return -1;
  }
  /** Like find, but the file is unusable without it. */
  need(file: string, ...aliases: string[]): number {
    const i = this.find(...aliases);
    if (i < 0) {
      throw new ImportError(
        { file, line: this.line, column: 1, reason: 'UNKNOWN_LAYOUT' },
        `header has no "${aliases[0]}" column`,
      );
    }
    return i;
  }
  has(...aliases: string[]): boolean {
    return this.find(...aliases) >= 0;
  }
}

export function cell(row: CsvRow, col: number): string {
  return col < 0 ? '' : (row.cells[col] ?? '');
}

function wrap<T>(file: string, row: CsvRow, col: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError) {
      throw new ImportError({ file, line: row.line, column: col + 1, reason: e.reason }, e.message);
    }
    throw e;
  }
}

function asImportError(e: unknown, file: string, row: CsvRow, col: number): unknown {
  return e instanceof ValueError ? new ImportError({ file, line: row.line, column: col + 1, reason: e.reason }, e.message) : e;
}

export function num(file: string, row: CsvRow, col: number, opts?: NumberOptions): Decimal | null {
  // Inline try/catch rather than wrap(): no closure per cell on the hot path.
  try {
    return parseNumber(cell(row, col), opts);
  } catch (e) {
    throw asImportError(e, file, row, col);
  }
}

/**
 * A point-decimal cell as micro-units digits when fastMicro takes it (no Decimal made), else num()'s Decimal or
 * null (and its errors). For parsers that stream history rows (sink.takesMicro).
 */
export function microNum(file: string, row: CsvRow, col: number): MicroNum {
  const raw = cell(row, col);
  if (raw === '') return null;
  return fastMicro(raw) ?? num(file, row, col);
}

export function reqNum(file: string, row: CsvRow, col: number, what: string, opts?: NumberOptions): Decimal {
  const d = num(file, row, col, opts);
  if (d === null) {
    throw new ImportError({ file, line: row.line, column: col + 1, reason: 'MISSING_VALUE' }, `missing ${what}`);
  }
  return d;
}

export function date(file: string, row: CsvRow, col: number, opts?: DateOptions): string | null {
  try {
    return parseDate(cell(row, col), opts);
  } catch (e) {
    throw asImportError(e, file, row, col);
  }
}

export function reqDate(file: string, row: CsvRow, col: number, opts?: DateOptions): string {
  const d = date(file, row, col, opts);
  if (d === null) {
    throw new ImportError({ file, line: row.line, column: col + 1, reason: 'MISSING_VALUE' }, 'missing date');
  }
  return d;
}

/** Applies a value parser to a string that is not a whole cell (e.g. a date inside a title line). */
export function inCell<T>(file: string, row: CsvRow, col: number, f: () => T): T {
  return wrap(file, row, col, f);
}
