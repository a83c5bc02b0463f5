// Taking turns on keel.db. SQLite allows one writer at a time, and Keel has long writers: an import writes its
// file in ONE transaction (a big history takes tens of seconds), a restore or dataset import holds the database
// exclusively while it copies. Nothing may fail with SQLite's bare "database is locked" (criterion 28):
// - A long writer leaves a note beside keel.db while it holds it (keel.db.writer: {pid, what, since}), removed
//   before it lets go; a note whose process is gone is ignored. Whoever waits can then say what it waits for.
// - Taking the write lock never rests on SQLite's busy timeout alone: BEGIN IMMEDIATE is tried with no timeout,
//   and while it is busy the caller sleeps a little and tries again. After 2 s it reports once ("Waiting for the
//   import of X to finish…"); after the deadline (10 minutes) it throws BUSY naming the holder. Sync callers (the
//   CLI's commands) sleep with Atomics.wait; async ones (the doors' dispatcher, an import) with setTimeout, so the
//   event loop keeps running — the import holding the lock may be running on it.
// - Every connection Keel opens remembers which file it opened (device + inode). A restore moves keel.db aside
//   while others wait for it; a connection that opened the old file must not write into it. So the identity is
//   checked once after the first read (and the file opened again if it changed) and again whenever the write lock
//   is taken (then nothing is written: CONFLICT, "run it again").
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../errors.ts';

type Db = Database.Database;

export interface LockTiming {
  /** Report once after waiting this long. */
  reportAfterMs: number;
  /** Give up (BUSY) after waiting this long. */
  deadlineMs: number;
  /** Sleep between tries. */
  pollMs: number;
}

/** The defaults; tests may lower them (a test never waits 2 s to see the message). */
export const lockTiming: LockTiming = { reportAfterMs: 2_000, deadlineMs: 10 * 60_000, pollMs: 20 };

/** SQLite's own busy timeout on Keel's connections, for what does not go through the waits here (switching to WAL). */
export const BUSY_TIMEOUT_MS = 5_000;

export interface WaitOptions {
  /** Called once when the wait passes reportAfterMs, with a sentence saying what it waits for. */
  onWaiting?: ((message: string) => void) | undefined;
  timing?: Partial<LockTiming> | undefined;
}

export interface WriterNote {
  pid: number;
  /** What holds the database, as a phrase: "the import of Positions.csv". */
  what: string;
  /** ISO time it started. */
  since: string;
}

export function notePath(dbFile: string): string {
  return `${dbFile}.writer`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The note of the writer holding `dbFile`, or null (none, unreadable, or its process is gone). */
export function readWriterNote(dbFile: string): WriterNote | null {
  try {
    const note = JSON.parse(fs.readFileSync(notePath(dbFile), 'utf8')) as Partial<WriterNote>;
    if (typeof note.pid !== 'number' || typeof note.what !== 'string' || typeof note.since !== 'string') return null;
    return alive(note.pid) ? (note as WriterNote) : null;
  } catch {
    return null;
  }
}

let noteSerial = 0;

/**
 * Leaves the note saying `what` holds `dbFile`; call only while holding its write (or exclusive) lock. Returns
 * the function that removes it, to call before letting go: the next writer can only write its note after that.
 */
export function leaveNote(dbFile: string, what: string): () => void {
  const note: WriterNote = { pid: process.pid, what, since: new Date().toISOString() };
  const temp = `${notePath(dbFile)}-${process.pid}-${++noteSerial}`;
  try {
    fs.writeFileSync(temp, JSON.stringify(note), { mode: 0o600 });
    fs.renameSync(temp, notePath(dbFile));
  } catch {
    fs.rmSync(temp, { force: true });
    return () => {}; // only a courtesy to whoever waits: never a reason to fail the write itself
  }
  return () => {
    const current = readWriterNote(dbFile);
    if (current && current.pid === note.pid && current.since === note.since && current.what === note.what) fs.rmSync(notePath(dbFile), { force: true });
  };
}

/** "the import of Positions.csv (process 4242, since 14:03:07 UTC)", or a generic phrase without a note. */
export function holderOf(dbFile: string): string {
  const note = readWriterNote(dbFile);
  if (!note) return 'another Keel window, web door or command';
  return `${note.what} (process ${note.pid}, since ${note.since.slice(11, 19)} UTC)`;
}

export function waitingMessage(dbFile: string): string {
  const note = readWriterNote(dbFile);
  return note
    ? `Waiting for ${note.what} to finish (process ${note.pid}, since ${note.since.slice(11, 19)} UTC)…`
    : `Waiting for another Keel window, web door or command to finish writing to ${path.basename(dbFile)}…`;
}

export function busyError(dbFile: string, waitedMs: number): CoreError {
  const note = readWriterNote(dbFile);
  return new CoreError(
    'BUSY',
    `${dbFile} is busy: ${holderOf(dbFile)} has held it for the ${Math.round(waitedMs / 1000)} s this waited; nothing was written. Try again when it has finished.`,
    { file: dbFile, holder: note },
  );
}

export function replacedError(dbFile: string): CoreError {
  return new CoreError('CONFLICT', `${dbFile} was replaced by a restore while this waited; nothing was written — run it again.`, { file: dbFile });
}

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

// ---- waiting ----

/** One wait: says how long to sleep next, reports once, and throws BUSY at the deadline. */
class Wait {
  private readonly started = performance.now();
  private reported = false;
  private readonly timing: LockTiming;
  constructor(
    private readonly dbFile: string,
    private readonly options: WaitOptions,
  ) {
    this.timing = { ...lockTiming, ...options.timing };
  }
  /** Milliseconds to sleep before the next try. */
  next(): number {
    const waited = performance.now() - this.started;
    if (waited >= this.timing.deadlineMs) throw busyError(this.dbFile, waited);
    if (!this.reported && waited >= this.timing.reportAfterMs) {
      this.reported = true;
      this.options.onWaiting?.(waitingMessage(this.dbFile));
    }
    return this.timing.pollMs;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` with the connection's busy timeout at 0: busy answers at once, and we do the waiting. */
function noWait<T>(db: Db, fn: () => T): T {
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}

/** One read that waits (sync) while another connection holds the database exclusively (a restore). */
export function readWaiting<T>(db: Db, dbFile: string, read: () => T, options: WaitOptions = {}): T {
  const wait = new Wait(dbFile, options);
  for (;;) {
    try {
      return noWait(db, read);
    } catch (e) {
      if (!isBusy(e)) throw e;
    }
    sleepSync(wait.next());
  }
}

// ---- which file a connection opened ----

interface Identity {
  file: string;
  dev: number;
  ino: number;
}
const identities = new WeakMap<Db, Identity>();

function identity(file: string): { dev: number; ino: number } | null {
  try {
    const s = fs.statSync(file);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}

/** Throws CONFLICT when the database at the connection's path is no longer the file it opened. */
export function requireSameFile(db: Db): void {
  const id = identities.get(db);
  if (!id) return;
  const now = identity(id.file);
  if (!now || now.dev !== id.dev || now.ino !== id.ino) throw replacedError(id.file);
}

/**
 * Opens `file` for Keel (read-write), waiting while a restore holds it, and makes sure the connection has the
 * database that is at `file` once it could read it (a restore may have moved the one it opened aside meanwhile:
 * then it opens again). The first read is user_version; the caller sets the pragmas after this.
 */
export function connect(file: string, options: WaitOptions = {}): Db {
  for (let attempt = 1; ; attempt++) {
    const before = identity(file);
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      readWaiting(db, file, () => db.pragma('user_version', { simple: true }), options);
      const now = identity(file);
      if (now && (!before || (now.dev === before.dev && now.ino === before.ino))) {
        identities.set(db, { file, ...now });
        return db;
      }
    } catch (e) {
      db.close();
      throw e;
    }
    db.close();
    if (attempt >= 20) throw replacedError(file); // replaced over and over: something else is going on
  }
}

// ---- the write lock ----

function tryBegin(db: Db): boolean {
  try {
    noWait(db, () => db.exec('BEGIN IMMEDIATE'));
    return true;
  } catch (e) {
    if (isBusy(e)) return false;
    throw e;
  }
}

function began(db: Db): void {
  try {
    requireSameFile(db);
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

function fileOf(db: Db): string {
  return identities.get(db)?.file ?? db.name;
}

/** BEGIN IMMEDIATE, waiting for another writer without blocking the event loop. */
export async function beginWrite(db: Db, options: WaitOptions = {}): Promise<void> {
  const wait = new Wait(fileOf(db), options);
  while (!tryBegin(db)) await sleep(wait.next());
  began(db);
}

/** BEGIN IMMEDIATE, waiting (sleeping this thread) for another writer. For sync code: the CLI. */
export function beginWriteSync(db: Db, options: WaitOptions = {}): void {
  const wait = new Wait(fileOf(db), options);
  while (!tryBegin(db)) sleepSync(wait.next());
  began(db);
}

/** Runs `fn` in the write transaction just begun: committed when it returns, rolled back when it throws. */
function commitOrRollBack<T>(db: Db, fn: () => T): T {
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

/** `fn` in a write transaction, taken with beginWriteSync. */
export function writeSync<T>(db: Db, fn: () => T, options: WaitOptions = {}): T {
  beginWriteSync(db, options);
  return commitOrRollBack(db, fn);
}

/**
 * `fn` in a write transaction taken with beginWrite: the wait does not block the event loop, and `fn`'s synchronous
 * part runs holding the lock (no other writer can come between the wait and the write), committed when it
 * returns and rolled back when it throws.
 */
export async function write<T>(db: Db, fn: () => T, options: WaitOptions = {}): Promise<T> {
  await beginWrite(db, options);
  return commitOrRollBack(db, fn);
}
