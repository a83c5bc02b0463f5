// Readings files from disk (the CLI's paths, the renderer's uploads), imported all or nothing: when any file is
// refused (a bad row, not a readings file, no series to put it in, an unknown series) nothing is written.
import fs from 'node:fs';
import path from 'node:path';
import type { ReadingFileView } from '../../../shared/types/signals.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { ImportError } from '../import/errors.ts';
import { microToPlain } from '../money.ts';
import { isoDay } from '../prices/rank.ts';
import { parseReadingsFile, type ParsedReadings } from './parse.ts';
import { putReadings, requireSeries } from './store.ts';

/** A readings file is small (decades of daily values are under 1 MB); anything past this is refused unread. */
export const MAX_READINGS_FILE_BYTES = 32 << 20;

export interface ReadingFileSource {
  /** What the view reports as its source: the upload's id or the path. */
  source: string;
  name: string;
  path: string;
  /** The series the readings are for (--series); a FRED file's id may say it instead. */
  series?: string | undefined;
}

function failed(src: ReadingFileSource, code: string, message: string, line = 0, column = 0): ReadingFileView {
  return { source: src.source, file: src.name, layout: null, fredId: null, series: src.series ?? null, yoy: false, readings: 0, latest: null, rows: 0, warnings: [], error: { code, message, line, column }, status: 'failed' };
}

async function readOne(db: Db, src: ReadingFileSource, today: string): Promise<{ view: ReadingFileView; parsed: ParsedReadings | null }> {
  let bytes: Buffer;
  try {
    const size = fs.statSync(src.path).size;
    if (size > MAX_READINGS_FILE_BYTES) return { view: failed(src, 'VALIDATION', `${src.name}: ${size.toLocaleString('en-US')} bytes is too big for a readings file (at most ${MAX_READINGS_FILE_BYTES >> 20} MB).`), parsed: null };
    bytes = fs.readFileSync(src.path);
  } catch {
    return { view: failed(src, 'NOT_FOUND', `${src.source}: no such file`), parsed: null };
  }
  let parsed: ParsedReadings;
  try {
    parsed = await parseReadingsFile(new Uint8Array(bytes), src.name, { series: src.series, today });
  } catch (e) {
    if (e instanceof ImportError) return { view: failed(src, e.details.reason, e.message, e.line, e.column), parsed: null };
    throw e;
  }
  const newest = parsed.readings.at(-1)!;
  const view: ReadingFileView = {
    source: src.source,
    file: src.name,
    layout: parsed.layout,
    fredId: parsed.fredId,
    series: parsed.series,
    yoy: parsed.yoy,
    readings: parsed.readings.length,
    latest: { value: microToPlain(newest.valueMicro), asOf: newest.date },
    rows: parsed.read,
    warnings: parsed.warnings.map((w) => ({ line: w.line, ...(w.column !== undefined ? { column: w.column } : {}), message: w.message })),
    error: null,
    status: 'imported',
  };
  if (parsed.series === null) {
    const what = parsed.fredId !== null ? `FRED's ${parsed.fredId}` : 'a Date,Value file';
    return { view: { ...view, status: 'failed', error: { code: 'MISSING_VALUE', message: `${src.name}: which series are these readings for? ${what} names none Keel knows: name one (--series).`, line: 1, column: 1 } }, parsed: null };
  }
  try {
    requireSeries(db, parsed.series);
  } catch (e) {
    if (e instanceof CoreError) return { view: { ...view, status: 'failed', error: { code: 'VALIDATION', message: `${src.name}: ${e.message}`, line: 1, column: 1 } }, parsed: null };
    throw e;
  }
  return { view, parsed };
}

/**
 * Imports the files in one transaction (`inWrite` runs it holding the write lock); or, when any file is refused,
 * writes nothing: every view is then returned, the refused ones failed and the others marked failed too (their
 * error says nothing was written).
 */
export async function importReadingFiles(
  db: Db,
  sources: readonly ReadingFileSource[],
  inWrite: <T>(fn: () => T) => T | Promise<T>,
  now: Date = new Date(),
): Promise<ReadingFileView[]> {
  const today = isoDay(now);
  const reads: { view: ReadingFileView; parsed: ParsedReadings | null }[] = [];
  for (const s of sources) reads.push(await readOne(db, s, today));
  if (reads.some((r) => r.parsed === null)) {
    return reads.map((r) =>
      r.parsed === null ? r.view : { ...r.view, status: 'failed', error: { code: 'CONFLICT', message: `${r.view.file}: not imported, as another file was refused`, line: 0, column: 0 } },
    );
  }
  return inWrite(() =>
    db.transaction(() => {
      for (const { view, parsed } of reads) putReadings(db, parsed!.series!, parsed!.readings, 'file', view.file, now);
      return reads.map((r) => r.view);
    })(),
  );
}

/** The CLI's paths as sources (a path's base name is the file's name). */
export function readingPathSources(paths: readonly string[], series?: string): ReadingFileSource[] {
  return paths.map((p) => ({ source: p, name: path.basename(p), path: p, ...(series !== undefined ? { series } : {}) }));
}
