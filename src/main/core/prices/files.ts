// Price files from disk (the CLI's paths, the renderer's uploads): read, previewed, imported. An import is all
// or nothing: when any file is refused (a bad row, no symbol for a daily file, not a price file) nothing is written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PriceFileView } from '../../../shared/types/prices.ts';
import type { Db } from '../db/open.ts';
import { ImportError } from '../import/errors.ts';
import { fromMicro, plainString } from '../money.ts';
import { newestCloses, parsePriceFile, type ParsedPriceFile } from './parse.ts';
import { isoDay } from './rank.ts';
import { knowSecurity, securityCurrency, symbolOf } from './set.ts';
import { putPrices } from './store.ts';

/** A price file is small (decades of daily closes are under 1 MB); anything past this is refused unread. */
export const MAX_PRICE_FILE_BYTES = 32 << 20;

export interface PriceFileSource {
  /** What the view reports as its source: the upload's id or the path. */
  source: string;
  /** The file's name (its symbol may come from it). */
  name: string;
  path: string;
  /** The symbol a daily-history file is for. */
  symbol?: string | undefined;
}

interface Read {
  view: PriceFileView;
  parsed: ParsedPriceFile | null;
  sha256: string;
}

function failed(src: PriceFileSource, code: string, message: string, line = 0, column = 0): PriceFileView {
  return { source: src.source, file: src.name, isPriceFile: false, layout: null, needsSymbol: false, prices: [], rows: 0, warnings: [], error: { code, message, line, column }, status: 'failed' };
}

async function readOne(db: Db, src: PriceFileSource, today: string): Promise<Read> {
  const none = { parsed: null, sha256: '' };
  let bytes: Buffer;
  try {
    const size = fs.statSync(src.path).size;
    if (size > MAX_PRICE_FILE_BYTES) return { view: failed(src, 'VALIDATION', `${src.name}: ${size.toLocaleString('en-US')} bytes is too big for a price file (at most ${MAX_PRICE_FILE_BYTES >> 20} MB).`), ...none };
    bytes = fs.readFileSync(src.path);
  } catch {
    return { view: failed(src, 'NOT_FOUND', `${src.source}: no such file`), ...none };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let parsed: ParsedPriceFile | null;
  try {
    parsed = await parsePriceFile(new Uint8Array(bytes), src.name, { symbol: src.symbol, today });
  } catch (e) {
    if (e instanceof ImportError) {
      const view = failed(src, e.details.reason, e.message, e.line, e.column);
      return { view: { ...view, isPriceFile: true }, parsed: null, sha256 };
    }
    throw e;
  }
  if (parsed === null) return { view: { ...failed(src, 'UNKNOWN_LAYOUT', `${src.name}: not a price file (its first row is not a price file's header)`), status: 'failed' }, parsed: null, sha256 };
  const known = db.prepare('SELECT 1 FROM securities WHERE symbol = ?');
  const view: PriceFileView = {
    source: src.source,
    file: src.name,
    isPriceFile: true,
    layout: parsed.layout,
    needsSymbol: parsed.needsSymbol,
    prices: parsed.needsSymbol
      ? []
      : newestCloses(parsed.rows).map((p) => ({ symbol: p.symbol, price: plainString(fromMicro(p.closeMicro)), asOf: p.date, closes: p.closes, known: known.get(p.symbol) !== undefined })),
    rows: parsed.read,
    warnings: parsed.warnings.map((w) => ({ line: w.line, ...(w.column !== undefined ? { column: w.column } : {}), message: w.message })),
    error: null,
    status: 'previewed',
  };
  return { view, parsed, sha256 };
}

/** Reads each file; writes nothing. A file that is no price file says so (isPriceFile false): it is a broker file's. */
export async function previewPriceFiles(db: Db, sources: readonly PriceFileSource[], now: Date = new Date()): Promise<PriceFileView[]> {
  const today = isoDay(now);
  const out: PriceFileView[] = [];
  for (const s of sources) out.push((await readOne(db, s, today)).view);
  return out;
}

/**
 * Imports the files in one transaction (`inWrite` runs it holding the write lock), unknown symbols added; or, when
 * any file is refused, writes nothing and returns every file's view (the refused ones failed, the rest previewed).
 */
export async function importPriceFiles(
  db: Db,
  sources: readonly PriceFileSource[],
  inWrite: <T>(fn: () => T) => T | Promise<T>,
  now: Date = new Date(),
): Promise<PriceFileView[]> {
  const today = isoDay(now);
  const reads: Read[] = [];
  for (const s of sources) {
    if (s.symbol !== undefined) symbolOf(s.symbol);
    reads.push(await readOne(db, s, today));
  }
  for (const r of reads) {
    if (r.view.error === null && r.view.needsSymbol) {
      r.view.status = 'failed';
      r.view.error = { code: 'MISSING_VALUE', message: `${r.view.file}: which symbol are these prices for? Name it (--symbol), or name the file after it (VTV.csv).`, line: 1, column: 1 };
    }
  }
  if (reads.some((r) => r.view.status === 'failed')) return reads.map((r) => r.view);
  return inWrite(() => {
    const insertFile = db.prepare('INSERT INTO price_files (file_name, sha256, layout, imported_at) VALUES (?, ?, ?, ?)');
    for (const { view, parsed, sha256 } of reads) {
      const p = parsed!;
      const fileId = Number(insertFile.run(view.file, sha256, p.layout, now.toISOString()).lastInsertRowid);
      const currencies = new Map<string, string>();
      for (const price of view.prices) {
        const currency = p.currencies.get(price.symbol) ?? securityCurrency(db, price.symbol);
        currencies.set(price.symbol, currency);
        knowSecurity(db, price.symbol, currency, p.names.get(price.symbol));
      }
      putPrices(db, p.rows.map((r) => ({ symbol: r.symbol, currency: currencies.get(r.symbol)!, date: r.date, priceMicro: r.closeMicro })), 'file', fileId, now);
      view.status = 'imported';
    }
    // A file whose every close a later file replaced no longer names any price.
    db.prepare('DELETE FROM price_files WHERE id NOT IN (SELECT file_id FROM prices WHERE file_id IS NOT NULL)').run();
    return reads.map((r) => r.view);
  });
}

/** The CLI's paths as price-file sources (a path's base name is the file's name). */
export function pathSources(paths: readonly string[], symbol?: string): PriceFileSource[] {
  return paths.map((p) => ({ source: p, name: path.basename(p), path: p, ...(symbol !== undefined ? { symbol } : {}) }));
}
