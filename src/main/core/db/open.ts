// Opens (creating or migrating) Keel's database. Order matters for data safety:
// 1. read the header without SQLite, so a file from a newer Keel is refused byte-identical;
// 2. open (waiting while a restore holds the file; lock.ts), set busy timeout / WAL / synchronous=FULL / foreign keys;
// 3. if migrations are pending on an existing database, take an online backup first and verify it;
// 4. run each migration in its own transaction with its user_version (taking turns with other writers: lock.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../errors.ts';
import { backupsDir, databasePath } from '../paths.ts';
import { makePrivate } from '../private-files.ts';
import { BUSY_TIMEOUT_MS, connect, writeSync } from './lock.ts';
import { LATEST_SCHEMA_VERSION, migrations as allMigrations, type Migration } from './migrations.ts';
import { prepareDataDir, writeVerifiedBackup } from './temp-files.ts';

export type Db = Database.Database;

export interface OpenOptions {
  dataDir: string;
  /** For tests: a different migration list. */
  migrations?: readonly Migration[];
  now?: () => Date;
  /** Told once when opening has waited 2 s for another writer (a restore, a migration): what it waits for. */
  onWaiting?: ((message: string) => void) | undefined;
}

export interface OpenedDatabase {
  db: Db;
  path: string;
  schemaVersion: number;
  /** user_version found on disk before opening (0 for a new database). */
  previousVersion: number;
  /** The backup taken before migrating, when one was needed. */
  backupPath: string | null;
  created: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Reads user_version from a database file's header (offset 60, big-endian) without opening it. */
export function readHeaderUserVersion(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return null; // an empty file is what SQLite itself treats as a new database
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      throw new CoreError('DB_CORRUPT', `${file} is not a Keel database (no SQLite header).`, { file });
    }
    return header.readUInt32BE(60);
  } finally {
    fs.closeSync(fd);
  }
}

function tooNew(file: string, found: number, latest: number): CoreError {
  return new CoreError(
    'DB_TOO_NEW',
    `${file} was written by a newer version of Keel (schema ${found}; this app knows up to ${latest}). ` +
      'It was left untouched. Update Keel, or point --data-dir at another folder.',
    { file, found, latest },
  );
}

export function applyPragmas(db: Db): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`); // first: switching to WAL takes a lock
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

function damaged(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Online backup (VACUUM INTO: a consistent copy of a live database) under a temporary name, verified, then put in place (temp-files.ts). */
export function backupTo(db: Db, target: string): void {
  writeVerifiedBackup(db, target);
}

/**
 * A new keel.db appears whole: an empty database (a valid header, WAL mode, user_version 0) made under a temporary
 * name and linked into place. Another Keel starting at the same moment then finds either no file or this one, never
 * a 0-byte file (which the startup check calls truncated); if it made its own first, that one is kept.
 */
function createEmpty(file: string): void {
  const temp = `${file}.new-${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  try {
    const db = new Database(temp);
    try {
      makePrivate(temp);
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    try {
      fs.linkSync(temp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' && !fs.existsSync(file)) fs.renameSync(temp, file); // no hard links here
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export function openDatabase(options: OpenOptions): OpenedDatabase {
  const migrations = options.migrations ?? allMigrations;
  const latest = migrations.at(-1)?.version ?? 0;
  const file = databasePath(options.dataDir);
  prepareDataDir(options.dataDir); // 0700 / 0600, and temporaries a crash left behind removed

  if (!fs.existsSync(file)) createEmpty(file);
  const headerVersion = readHeaderUserVersion(file);
  if (headerVersion !== null && headerVersion > latest) throw tooNew(file, headerVersion, latest);

  let db: Db;
  try {
    // Waits while a restore holds the file, and opens again if the restore replaced it meanwhile (lock.ts).
    db = connect(file, { onWaiting: options.onWaiting });
  } catch (e) {
    if (e instanceof CoreError) throw e;
    if (damaged(e)) throw new CoreError('DB_CORRUPT', `${file} is damaged: ${(e as Error).message}`, { file });
    throw new CoreError('DB_CORRUPT', `Cannot open ${file}: ${(e as Error).message}`, { file });
  }
  try {
    makePrivate(file); // before anything is written: SQLite gives -wal/-shm/-journal the database file's mode
    // A WAL file may hold a newer header than the main file: check again through SQLite before writing.
    const previousVersion = db.pragma('user_version', { simple: true }) as number;
    if (previousVersion > latest) throw tooNew(file, previousVersion, latest);
    applyPragmas(db);

    const pending = migrations.filter((m) => m.version > previousVersion);
    let backupPath: string | null = null;
    if (pending.length > 0 && previousVersion > 0) {
      const now = (options.now ?? (() => new Date()))();
      backupPath = path.join(
        backupsDir(options.dataDir),
        `keel-${stamp(now)}-before-migration-v${previousVersion}-to-v${latest}.db`,
      );
      backupTo(db, backupPath);
    }
    for (const m of pending) {
      // Each under the write lock, waiting for another writer; another Keel opening at the same time may have
      // run it already.
      writeSync(
        db,
        () => {
          if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
          m.up(db);
          db.pragma(`user_version = ${m.version}`);
        },
        { onWaiting: options.onWaiting },
      );
    }
    return {
      db,
      path: file,
      schemaVersion: latest,
      previousVersion,
      backupPath,
      created: previousVersion === 0,
    };
  } catch (e) {
    db.close();
    if (e instanceof CoreError) throw e;
    if (damaged(e)) throw new CoreError('DB_CORRUPT', `${file} is damaged: ${(e as Error).message}`, { file });
    throw e;
  }
}

export { LATEST_SCHEMA_VERSION };
