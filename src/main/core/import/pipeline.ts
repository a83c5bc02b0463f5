// One broker file from disk to the database, or to a preview. Each file is one batch written in ONE database
// transaction on a connection of its own (BEGIN IMMEDIATE … COMMIT), so a failure anywhere — a bad number on
// row 900,000 — writes nothing, and readers on the app's connection keep seeing the old data until the commit.
// The transaction waits its turn behind another writer and leaves a note saying which import holds the database
// (db/lock.ts), so whoever waits for it can say so.
// The file is streamed twice at most (hash, then parse); history rows go straight to the database as parsed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type {
  ImportAccountView,
  ImportFileView,
  ImportKindName,
} from '../../../shared/contract.ts';
import { beginWrite, connect, leaveNote, type WaitOptions } from '../db/lock.ts';
import { applyPragmas, type Db } from '../db/open.ts';
import { toKeelError } from '../errors.ts';
import { rememberFileRates } from '../household/fx.ts';
import { moneyString } from '../money.ts';
import { ImportError } from './errors.ts';
import { parseFile } from './parse-file.ts';
import type { HistoryRow } from './history.ts';
import { mappedDetection, parseWithColumnMap, readHeaderRow } from './parse-mapped.ts';
import { savedColumnMap } from './saved-mappings.ts';
import { BatchWriter, type AccountChoice, type Resolution } from './store.ts';
import type { Account, ParseResult } from './types.ts';
import { missesOwnTotal, statementRows } from './view.ts';

export type { AccountChoice } from './store.ts';

export interface ProcessOptions {
  dbPath: string;
  dryRun: boolean;
  /** Used when the file states no date; defaults to today. */
  asOf?: string;
  accounts?: AccountChoice[];
  now?: () => Date;
  /** Bytes of this file read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Told once when the import has waited 2 s for another writer: what it waits for (lock.ts). */
  onWaiting?: ((message: string) => void) | undefined;
  /** Commit even when an account misses the file's own total by more than 1% (view.ts missesOwnTotal). */
  acceptMismatch?: boolean;
  /** Where to parse a known layout: 'auto' (default: a worker thread for big files), 'worker' or 'thread'. */
  parseIn?: 'auto' | 'worker' | 'thread';
}

export interface ImportSource {
  /** The name shown to the user and stored with the batch (the original file name). */
  name: string;
  path: string;
}

/** Files this big load their history with the index built once at the end (see BatchWriter). */
const BULK_BYTES = 4 << 20;

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* counted(path: string, onProgress?: (n: number) => void): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 })) {
    read += (chunk as Buffer).length;
    onProgress?.(read);
    yield chunk as Buffer;
  }
}

/** The calendar day on this machine's clock (not UTC: an evening import in New York is still today). */
function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** ImportError messages start with "file: line L, column C: "; the view carries those as fields. */
function bareMessage(message: string): string {
  return message.replace(/^.*?: line \d+(, column \d+)?: /, '');
}

/** A file's view before anything is known of it; also what a file that could not be read at all looks like. */
export function failedFileView(file: string, sha256 = '', error?: { message: string; code: string }): ImportFileView {
  return {
    file,
    sha256,
    broker: null,
    layout: null,
    kind: null,
    asOf: null,
    asOfFromFile: false,
    needsDate: false,
    status: 'failed',
    alreadyImported: null,
    batchId: null,
    accounts: [],
    transactionCount: 0,
    duplicateCount: 0,
    lotCount: 0,
    warnings: [],
    errors: error ? [{ line: 0, ...error }] : [],
    header: null,
  };
}

export function openImportConnection(dbPath: string, options: WaitOptions = {}): Db {
  const db = connect(dbPath, options); // waits while a restore holds the file (lock.ts)
  applyPragmas(db);
  // A big history's inserts land all over the (account_id, date) index: with SQLite's default 2 MB page cache
  // the index pages are spilled and read back again and again (1M rows: 6.2 s of inserts; 4.2 s with 16 MiB).
  db.pragma('cache_size = -16384');
  return db;
}

/** Parses one file and, unless dryRun, writes it as one batch. Never throws for bad input: see `errors`. */
export async function processFile(source: ImportSource, options: ProcessOptions): Promise<ImportFileView> {
  const now = (options.now ?? (() => new Date()))();
  const sha256 = await sha256OfFile(source.path);
  const view = failedFileView(source.name, sha256);
  const db = openImportConnection(options.dbPath, { onWaiting: options.onWaiting });
  let releaseNote = () => {};
  try {
    const prior = db.prepare('SELECT id, imported_at, broker, layout, kind, as_of FROM import_batches WHERE sha256 = ?').get(sha256) as
      | { id: number; imported_at: string; broker: string; layout: string; kind: ImportKindName; as_of: string | null }
      | undefined;
    if (prior) {
      // What the file is was found when it was first imported: say so rather than "not determined".
      Object.assign(view, { broker: prior.broker, layout: prior.layout, kind: prior.kind, asOf: prior.as_of });
      view.status = 'already-imported';
      view.alreadyImported = { batchId: prior.id, importedAt: prior.imported_at };
      view.batchId = prior.id;
      view.warnings.push({ line: 0, message: `This file was already imported (batch ${prior.id}); nothing changes.` });
      return view;
    }

    let writer: BatchWriter | null = null;
    const txCounts = new Map<string, number>();
    const onRow = (row: HistoryRow) => {
      txCounts.set(row.account, (txCounts.get(row.account) ?? 0) + 1);
      writer?.historyRow(row);
    };
    if (!options.dryRun) {
      // Waits for another writer without blocking the event loop, and says so after 2 s (lock.ts).
      await beginWrite(db, { onWaiting: options.onWaiting });
      releaseNote = leaveNote(options.dbPath, `the import of ${source.name}`);
    }
    try {
      const onDetect = (d: { broker: string; layout: string; kind: string }) => {
        // Known as soon as the header is read, so a file that fails later still says what it was.
        view.broker = d.broker;
        view.layout = d.layout;
        view.kind = d.kind as ImportKindName;
        writer = new BatchWriter(db, {
          fileName: source.name,
          sha256,
          broker: d.broker,
          layout: d.layout,
          kind: d.kind as ImportKindName,
          choices: (options.accounts ?? []).filter((c) => c.file === source.name),
          now,
          dryRun: options.dryRun,
          bulk: fs.statSync(source.path).size >= BULK_BYTES,
        });
      };
      const parsed = await parseKnownOrMapped(db, source, options, view, { onRow, onDetect });
      const asOf = parsed.asOf ?? options.asOf ?? (writer as BatchWriter | null)?.latestDate ?? localDay(now);
      describeParse(view, parsed, asOf, txCounts);
      if (!writer) throw new Error('parser finished without reporting its layout');
      const w: BatchWriter = writer;
      w.finish(parsed, asOf);
      if (!options.dryRun && parsed.accounts[0]) rememberFileRates(db, parsed.fx, parsed.accounts[0].currency, asOf, source.name);
      view.duplicateCount = w.duplicates;
      view.warnings.push(...w.warnings);
      view.accounts = parsed.accounts.map((a) => accountView(a, w.resolve(a), txCounts, parsed));
      // Accounts that only appear in history rows or lots.
      for (const key of [...txCounts.keys(), ...parsed.lots.map((l) => l.account)]) {
        const r = w.resolution(key);
        if (!r || view.accounts.some((a) => a.key === r.key)) continue;
        const number = r.key === key && /\d{3}/.test(key.replace(/\D/g, '')) ? key : '';
        view.accounts.push(accountView({ name: key, number, currency: 'USD', positions: [], cash: null, total: null, fileTotal: null, reconciled: false, difference: null }, r, txCounts, parsed));
      }
      if (!options.dryRun && !options.acceptMismatch) refuseMismatch(source.name, parsed.accounts);
      if (!options.dryRun) {
        view.batchId = w.batchId;
        releaseNote();
        db.exec('COMMIT');
        view.status = 'imported';
      } else view.status = 'previewed';
    } catch (e) {
      releaseNote();
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
    return view;
  } catch (e) {
    view.status = 'failed';
    view.batchId = null;
    if (e instanceof ImportError) {
      const d = e.details as { line?: number; column?: number; reason?: string } | undefined;
      view.errors.push({
        line: d?.line ?? 0,
        ...(d?.column ? { column: d.column } : {}),
        message: bareMessage(e.message),
        code: d?.reason ?? 'VALIDATION',
      });
    } else {
      view.errors.push({ line: 0, message: (e as Error).message, code: toKeelError(e).code });
    }
    return view;
  } finally {
    db.close();
  }
}

/** An account that misses its file's total by more than 1% stops the commit (rolled back) unless confirmed. */
function refuseMismatch(file: string, accounts: readonly Account[]): void {
  const missed = accounts.filter(missesOwnTotal);
  if (missed.length === 0) return;
  const says = missed.map((a) => {
    const pct = a.difference!.abs().div(a.fileTotal!.isZero() ? 1 : a.fileTotal!.abs()).times(100);
    const name = [a.name, a.number].filter(Boolean).join(' ');
    return `${name}: the file's total is ${moneyString(a.fileTotal!)} ${a.currency}, Keel's is ${moneyString(a.total)} ${a.currency} (${a.difference!.isNegative() ? '' : '+'}${moneyString(a.difference!)}, ${pct.toFixed(1)}%)`;
  });
  throw new ImportError(
    { file, line: 0, column: 0, reason: 'TOTAL_MISMATCH' },
    `${says.join('; ')}. Nothing was imported: check the file, or confirm the difference to import it anyway (keel import --accept-mismatch).`,
  );
}

/**
 * A known broker layout, else a column mapping the user saved for this header. With neither, the error stands
 * and the view carries the header so the UI can ask which column is which.
 */
async function parseKnownOrMapped(
  db: Db,
  source: ImportSource,
  options: ProcessOptions,
  view: ImportFileView,
  hooks: { onRow: (row: HistoryRow) => void; onDetect: (d: { broker: string; layout: string; kind: string }) => void },
): Promise<ParseResult> {
  try {
    return await parseFile(source.name, source.path, { ...hooks, onProgress: options.onProgress }, options.parseIn);
  } catch (e) {
    if (!(e instanceof ImportError) || (e.details as { reason?: string } | undefined)?.reason !== 'UNKNOWN_LAYOUT') throw e;
    const header = await readHeaderRow(source.name, counted(source.path)).catch(() => null);
    if (!header) throw e;
    const map = savedColumnMap(db, header.signature);
    if (!map) {
      view.header = header;
      throw e;
    }
    hooks.onDetect(mappedDetection(header.signature));
    return parseWithColumnMap(source.name, counted(source.path, options.onProgress), map);
  }
}

function describeParse(view: ImportFileView, parsed: ParseResult, asOf: string, txCounts: Map<string, number>): void {
  view.broker = parsed.broker;
  view.layout = parsed.layout;
  view.kind = parsed.kind;
  view.asOf = asOf;
  view.asOfFromFile = parsed.asOf !== null;
  view.needsDate = parsed.asOf === null && parsed.kind !== 'transactions'; // a history's rows carry their own dates
  view.transactionCount = [...txCounts.values()].reduce((a, b) => a + b, 0);
  view.lotCount = parsed.lots.length;
  view.warnings.push(...parsed.warnings.map((w) => ({ line: w.line, ...(w.column ? { column: w.column } : {}), message: w.message })));
}

type AccountLike = Pick<Account, 'name' | 'number' | 'currency' | 'positions' | 'fileTotal' | 'reconciled'> & {
  cash: Account['cash'] | null;
  total: Account['total'] | null;
  difference: Account['difference'];
};

function accountView(a: AccountLike, r: Resolution, txCounts: Map<string, number>, parsed: ParseResult): ImportAccountView {
  return {
    key: r.key,
    name: a.name || r.name,
    number: a.number,
    currency: a.currency,
    ...statementRows(a.positions),
    cash: a.cash === null ? '0.00' : moneyString(a.cash),
    total: a.total === null ? '0.00' : moneyString(a.total),
    fileTotal: a.fileTotal === null ? null : moneyString(a.fileTotal),
    reconciled: a.reconciled,
    difference: a.difference === null ? null : moneyString(a.difference),
    mismatch: missesOwnTotal(a),
    transactions: (txCounts.get(r.key) ?? 0) + (a.name !== r.key ? (txCounts.get(a.name) ?? 0) : 0),
    lots: parsed.lots.filter((l) => l.account === r.key || l.account === a.name).length,
    match: r.match,
    taxTreatment: r.taxTreatment,
    taxTreatmentGuessed: r.guessed,
  };
}
