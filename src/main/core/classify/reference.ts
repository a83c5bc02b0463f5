// Keel's bundled classification reference: resources/classification/securities.json, one row per security.
// A row carries either fixed sleeve weights (funds whose own index fixes the mix) or a GICS sector and size
// (stocks and sector funds, whose sleeve depends on the user's Cyclicals setting; see rules.ts). Every row
// says where its classification comes from in `basis`. The file is validated on load: a bad row is an error
// naming the row, the symbol and the field, never a silently skipped security.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CoreError } from '../errors.ts';
import { dec, sum } from '../money.ts';
import { DEFAULT_SLEEVES, type DefaultSleeve } from './sleeves.ts';

export const GICS_SECTORS = [
  'Energy',
  'Materials',
  'Industrials',
  'Consumer Discretionary',
  'Consumer Staples',
  'Health Care',
  'Financials',
  'Information Technology',
  'Communication Services',
  'Utilities',
  'Real Estate',
] as const;
export type GicsSector = (typeof GICS_SECTORS)[number];

export const SIZE_BUCKETS = ['large', 'mid', 'small'] as const;
export type SizeBucket = (typeof SIZE_BUCKETS)[number];

export const SECURITY_TYPES = ['etf', 'mutual-fund', 'money-market', 'stock', 'other'] as const;
export type SecurityType = (typeof SECURITY_TYPES)[number];

interface RowCommon {
  symbol: string;
  name: string;
  type: SecurityType;
  basis: string;
}

/** A fund with a fixed mix. Weights are exact decimal strings in percent ("50", "21.6") summing to 100. */
export interface FixedRow extends RowCommon {
  kind: 'fixed';
  sleeves: Partial<Record<DefaultSleeve, string>>;
}

/** A stock or sector fund: the sleeve follows from sector, size and the Cyclicals setting. */
export interface SectorRow extends RowCommon {
  kind: 'sector';
  sector: GicsSector;
  size: SizeBucket;
}

export type ReferenceRow = FixedRow | SectorRow;

export interface ReferenceData {
  /** Rows in file order (the file is sorted by symbol). */
  readonly rows: readonly ReferenceRow[];
  /** Rows by normalized symbol (see normalizeSymbol). */
  readonly bySymbol: ReadonlyMap<string, ReferenceRow>;
}

export interface ReferenceIssue {
  /** 0-based index of the row in the file's array; -1 for the file as a whole. */
  row: number;
  symbol: string | null;
  field: string;
  message: string;
}

/** Keel's bundled reference data is broken: INTERNAL, and reported (a packaging bug, not the user's input). */
export class ReferenceDataError extends CoreError {
  override readonly reportable = true;
  constructor(
    readonly source: string,
    readonly issues: readonly ReferenceIssue[],
  ) {
    const shown = issues.slice(0, 10).map(describeIssue);
    const more = issues.length > shown.length ? `\n  …and ${issues.length - shown.length} more` : '';
    super('INTERNAL', `${source} is not valid classification reference data:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'ReferenceDataError';
  }
}

function describeIssue(i: ReferenceIssue): string {
  if (i.row < 0) return `${i.field}: ${i.message}`;
  return `row ${i.row}${i.symbol ? ` (${i.symbol})` : ''}, field ${i.field}: ${i.message}`;
}

/**
 * The symbol as Keel matches it: trimmed, upper case, without Fidelity's `**` core-position suffix, and
 * with a share class written with a dot (BRK/B, BRK-B and BRK B all become BRK.B).
 */
export function normalizeSymbol(symbol: string): string {
  const s = symbol.trim().toUpperCase().replace(/\*+$/, '').trim();
  const cls = /^([A-Z]{1,5})[/\- ]([A-Z])$/.exec(s);
  return cls ? `${cls[1]}.${cls[2]}` : s;
}

const SYMBOL = /^[A-Z][A-Z0-9]*(\.[A-Z])?$/;
const text = z.string().trim().min(1, 'must not be empty');

const common = {
  symbol: z.string().regex(SYMBOL, 'must be an upper-case ticker such as "IWM" or "BRK.B" (no ** suffix)'),
  name: text,
  type: z.enum(SECURITY_TYPES),
  basis: text,
};

const fixedSchema = z.strictObject({
  ...common,
  sleeves: z.partialRecord(
    z.enum(DEFAULT_SLEEVES),
    z.number().refine((n) => Number.isFinite(n) && n > 0, 'weight must be a number greater than 0'),
  ),
});

const sectorSchema = z.strictObject({
  ...common,
  sector: z.enum(GICS_SECTORS),
  size: z.enum(SIZE_BUCKETS),
});

function fieldOf(issue: z.core.$ZodIssue): string {
  const p = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return p ? `${p}.${issue.keys.join(',')}` : issue.keys.join(',');
  return p || '(row)';
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    if (issue.path[0] === 'sleeves') return `unknown sleeve ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; sleeves are ${DEFAULT_SLEEVES.join(', ')}`;
    return `unexpected field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  return issue.message;
}

/** Validates parsed JSON (already read from somewhere) and indexes it. Throws ReferenceDataError. */
export function parseReference(data: unknown, source = 'securities.json'): ReferenceData {
  if (!Array.isArray(data)) {
    throw new ReferenceDataError(source, [{ row: -1, symbol: null, field: '(file)', message: 'must be a JSON array of rows' }]);
  }
  const issues: ReferenceIssue[] = [];
  const rows: ReferenceRow[] = [];
  const bySymbol = new Map<string, ReferenceRow>();
  const firstRow = new Map<string, number>();

  data.forEach((raw: unknown, index) => {
    const symbol = raw && typeof raw === 'object' && typeof (raw as { symbol?: unknown }).symbol === 'string' ? (raw as { symbol: string }).symbol : null;
    const issue = (field: string, message: string): void => {
      issues.push({ row: index, symbol, field, message });
    };
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      issue('(row)', 'must be an object');
      return;
    }
    const hasSleeves = 'sleeves' in raw;
    const hasSector = 'sector' in raw;
    if (hasSleeves === hasSector) {
      issue(hasSleeves ? 'sleeves,sector' : 'sleeves|sector', hasSleeves ? 'a row has sleeves or a sector, not both' : 'a row needs either sleeves or a sector (with size)');
      return;
    }
    let row: ReferenceRow;
    if (hasSleeves) {
      const r = fixedSchema.safeParse(raw);
      if (!r.success) {
        for (const i of r.error.issues) issue(fieldOf(i), messageOf(i));
        return;
      }
      const entries = Object.entries(r.data.sleeves) as Array<[DefaultSleeve, number]>;
      if (entries.length === 0) {
        issue('sleeves', 'must name at least one sleeve');
        return;
      }
      // Exact decimal arithmetic: 21.6 + 21.6 + 4.8 + 32 + 20 is 100, which floats would not promise.
      const weights = entries.map(([, w]) => dec(w));
      const total = sum(weights);
      if (!total.equals(100)) {
        issue('sleeves', `weights sum to ${total.toFixed()}, not 100`);
        return;
      }
      const sleeves: Partial<Record<DefaultSleeve, string>> = {};
      entries.forEach(([sleeve], k) => {
        sleeves[sleeve] = weights[k]!.toFixed();
      });
      row = { kind: 'fixed', symbol: r.data.symbol, name: r.data.name, type: r.data.type, sleeves, basis: r.data.basis };
    } else {
      const r = sectorSchema.safeParse(raw);
      if (!r.success) {
        for (const i of r.error.issues) issue(fieldOf(i), messageOf(i));
        return;
      }
      row = { kind: 'sector', ...r.data };
    }
    const key = normalizeSymbol(row.symbol);
    const earlier = firstRow.get(key);
    if (earlier !== undefined) {
      issue('symbol', `duplicate symbol: ${key} is already row ${earlier}`);
      return;
    }
    firstRow.set(key, index);
    bySymbol.set(key, row);
    rows.push(row);
  });

  if (issues.length > 0) throw new ReferenceDataError(source, issues);
  return { rows, bySymbol };
}

const RELATIVE = path.join('resources', 'classification', 'securities.json');

/**
 * Where the bundled file is: from this module up to the repository root when running from source; when the
 * module has been bundled elsewhere (out/main/…), the nearest ancestor directory holding resources/classification.
 * A packaged app should pass its own resources path to loadReference instead.
 */
export function defaultReferencePath(): string {
  const fromSource = fileURLToPath(new URL('../../../../resources/classification/securities.json', import.meta.url));
  if (fs.existsSync(fromSource)) return fromSource;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return fromSource;
    dir = up;
  }
}

/** Reads and validates the reference file (the bundled one unless a path is given). Throws ReferenceDataError. */
export function loadReference(file: string | URL = defaultReferencePath()): ReferenceData {
  const filePath = file instanceof URL ? fileURLToPath(file) : file;
  const source = path.basename(filePath);
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (e) {
    throw new ReferenceDataError(source, [{ row: -1, symbol: null, field: '(file)', message: `cannot be read at ${filePath}: ${(e as Error).message}` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReferenceDataError(source, [{ row: -1, symbol: null, field: '(file)', message: `is not valid JSON: ${(e as Error).message}` }]);
  }
  return parseReference(data, source);
}
