// Readings files, parsed without touching the database. Two layouts, told apart by the header row:
// - fred: FRED's CSV download, `observation_date,UNRATE` (or the older `DATE,UNRATE`): one series per file, `.`
//   for a day or month without a value (skipped). Known ids go to their series (FRED_SERIES); another id needs a
//   series name (the CLI's --series).
// - generic: `Date,Value`, for the series named with it.
// cpi from a CPI index id (CPIAUCSL, CPILFESL) is stored as year over year % (math.ts yoySeries): a file needs the
// month a year before each reading, so its first year gives none.
// Hostile files are refused as every Keel import refuses them: the CSV reader's limits and errors, control
// characters stripped from cells, and a bad cell is an ImportError naming file, line and column.
import { readCsvRows, type CsvInput } from '../import/csv.ts';
import { ImportError } from '../import/errors.ts';
import { Header, cell, date as dateCell, num, norm } from '../import/table.ts';
import { CleanedCells } from '../import/untrusted.ts';
import type { Warning } from '../import/types.ts';
import { Decimal, toMicroRounded } from '../money.ts';
import { yoySeries } from './math.ts';

/** FRED's series ids Keel knows, and the series each fills. */
export const FRED_SERIES: Readonly<Record<string, string>> = { UNRATE: 'unemployment', CPIAUCSL: 'cpi', CPILFESL: 'cpi', DGS10: 'ten-year', VIXCLS: 'vix' };
/** FRED ids that are index levels of CPI: into `cpi` they go as year over year %. */
export const CPI_INDEX_IDS: ReadonlySet<string> = new Set(['CPIAUCSL', 'CPILFESL']);
/** Decades of daily values are ~16,000 rows; more than this is no readings file. */
export const MAX_READING_ROWS = 200_000;
/** A reading's magnitude must stay under this (12 integer digits, as the contract takes). */
const MAX_ABS = new Decimal('1e12');

export interface ParsedReadings {
  layout: 'fred' | 'generic';
  fredId: string | null;
  /** The series asked for, else the FRED id's; null when neither says (the caller must ask). */
  series: string | null;
  yoy: boolean;
  /** Readings by date, oldest first (a later row of one date replaces an earlier one), in micro-units. */
  readings: { date: string; valueMicro: bigint }[];
  read: number;
  warnings: Warning[];
}

export interface ReadingsParseOptions {
  /** The series these readings are for (--series); overrides a FRED id's. */
  series?: string | undefined;
  /** YYYY-MM-DD: no reading may be dated later. */
  today: string;
}

/** The FRED id a header names (its second column), else null. */
function fredIdOf(h: Header, row: { cells: string[] }): string | null {
  if (!h.has('observation_date', 'date') || h.find('observation_date', 'date') !== 0) return null;
  const id = (row.cells[1] ?? '').trim();
  return /^[A-Za-z0-9_]{1,40}$/.test(id) && norm(id) !== 'value' ? id.toUpperCase() : null;
}

/**
 * Reads a readings file. Throws ImportError for a file that is not one (UNKNOWN_LAYOUT) or has a bad row:
 * nothing of it may be written.
 */
export async function parseReadingsFile(input: CsvInput, file: string, opts: ReadingsParseOptions): Promise<ParsedReadings> {
  const cleaned = new CleanedCells();
  const rows = readCsvRows(input, file, { onCleaned: cleaned.onCleaned });
  const first = await rows.next();
  if (first.done) throw new ImportError({ file, line: 1, column: 1, reason: 'EMPTY' }, 'the file is empty');
  const header = new Header(first.value);
  const fredId = fredIdOf(header, first.value);
  const generic = fredId === null && header.has('date') && header.has('value');
  if (fredId === null && !generic) {
    throw new ImportError({ file, line: header.line, column: 1, reason: 'UNKNOWN_LAYOUT' }, 'not a readings file: expected FRED\'s download (observation_date,SERIES) or Date,Value');
  }
  if (fredId !== null && first.value.cells.slice(2).some((c) => c.trim() !== '')) {
    throw new ImportError({ file, line: header.line, column: 3, reason: 'UNKNOWN_LAYOUT' }, 'more than one series in the file: download one series at a time');
  }
  const series = opts.series ?? (fredId !== null ? (FRED_SERIES[fredId] ?? null) : null);
  const yoy = series === 'cpi' && fredId !== null && CPI_INDEX_IDS.has(fredId);
  const cols = fredId !== null ? { date: 0, value: 1 } : { date: header.find('date'), value: header.find('value') };

  const byDate = new Map<string, Decimal>();
  let read = 0;
  let missing = 0;
  for await (const row of rows) {
    if (++read > MAX_READING_ROWS) {
      throw new ImportError({ file, line: row.line, column: 1, reason: 'BAD_ROW' }, `more than ${MAX_READING_ROWS.toLocaleString('en-US')} rows: not a readings file Keel reads`);
    }
    if (row.cells.every((c) => c.trim() === '')) continue;
    const raw = cell(row, cols.value).trim();
    // FRED writes `.` for an observation it does not have.
    if (raw === '.' || raw === '') {
      missing++;
      continue;
    }
    const day = dateCell(file, row, cols.date);
    if (day === null) throw new ImportError({ file, line: row.line, column: cols.date + 1, reason: 'MISSING_VALUE' }, 'missing date');
    if (day > opts.today) throw new ImportError({ file, line: row.line, column: cols.date + 1, reason: 'BAD_DATE' }, `${day} is in the future`);
    const value = num(file, row, cols.value);
    if (value === null || value.abs().greaterThanOrEqualTo(MAX_ABS)) {
      throw new ImportError({ file, line: row.line, column: cols.value + 1, reason: 'BAD_NUMBER' }, `not a reading: "${raw.slice(0, 40)}"`);
    }
    if (yoy && !value.isPositive()) throw new ImportError({ file, line: row.line, column: cols.value + 1, reason: 'BAD_NUMBER' }, `an index level must be more than 0, not ${raw.slice(0, 40)}`);
    byDate.set(day, value);
  }
  const warnings: Warning[] = [];
  if (missing > 0) warnings.push({ line: 0, message: `${missing} row${missing === 1 ? '' : 's'} without a value (FRED's "." or empty) skipped` });
  let values = [...byDate].map(([date, value]) => ({ date, value })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (yoy) {
    const { values: changes, skipped } = yoySeries(values);
    if (skipped > 0) warnings.push({ line: 0, message: `${skipped} month${skipped === 1 ? '' : 's'} without the index a year earlier: no year-over-year % for ${skipped === 1 ? 'it' : 'them'}` });
    values = changes;
  }
  if (values.length === 0) {
    throw new ImportError({ file, line: header.line, column: 1, reason: 'NO_DATA' }, yoy ? 'no month has the index a year earlier: a year-over-year % needs at least 13 months' : 'no readings below the header');
  }
  warnings.push(...cleaned.all());
  return {
    layout: fredId !== null ? 'fred' : 'generic',
    fredId,
    series,
    yoy,
    readings: values.map((v) => ({ date: v.date, valueMicro: toMicroRounded(v.value).micro })),
    read,
    warnings,
  };
}
