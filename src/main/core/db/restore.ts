// Restoring keel.db from a backup. The steps, in order:
// 1. Vet the backup on a read-only connection (never modified): a regular file, a SQLite database with exactly
//    the schema Keel's migrations create for its user_version (schema.ts: every table, column, index, trigger and
//    view), a version this app can open (newer → DB_TOO_NEW), and a full integrity_check.
// 2. If the current keel.db is healthy, take it out of WAL mode (PRAGMA journal_mode=DELETE) in EXCLUSIVE locking
//    mode, and keep that connection open until after the swap. Leaving WAL checkpoints it into keel.db and removes
//    keel.db-wal/-shm, and SQLite only allows it when no other connection has the database open: if the app (or a
//    CLI, or the web door) has it open, restore refuses with CONFLICT and changes nothing (the app's restore
//    closes its own connection first). The exclusive lock it takes is then held through step 4: any command or
//    window that opens keel.db meanwhile waits (and says so after 2 s: "Waiting for the restore of X to finish…"),
//    then finds the restored file — a connection that got the old one opens again, or fails with CONFLICT
//    before writing (lock.ts). With options.safetyBackup the pre-restore backup is taken now, through the
//    holding connection, after every refusal. (A damaged keel.db is not opened at all: it is moved aside as is,
//    with any -wal/-shm/-journal beside it, so nothing of it is lost.)
// 3. Rebuild the backup (rebuild.ts: a fresh database made by Keel's migrations, the backup's rows copied column
//    by column) into keel.db.restore-<pid>.tmp (0600) beside keel.db, fsync it, check it again.
// 4. Keep the current file: hard-link keel.db to keel.db.replaced-YYYYMMDD-HHMMSS (rename when the file system
//    has no hard links), move its -wal/-shm to the same name + -wal/-shm, then rename the temp file over
//    keel.db (atomic: keel.db is the old or the new database at every moment), and fsync the directory.
// 5. Open it normally: migrations run (with their own pre-migration backup) if the backup is older.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../errors.ts';
import { databasePath } from '../paths.ts';
import { backupNow, backupStamp, listBackups, type BackupInfo } from './backup.ts';
import { ensurePrivateDir } from '../private-files.ts';
import { checkDatabase, keelSchemaDifferences, keelSchemaProblem } from './health.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { holderOf, isBusy, leaveNote, readWriterNote } from './lock.ts';
import { openDatabase, type Db } from './open.ts';
import { rebuildDatabase } from './rebuild.ts';
import { distrustSchema } from './schema.ts';
import { requireRegularFile } from './temp-files.ts';

export interface RestoreResult {
  /** keel.db, now holding the backup. */
  file: string;
  /** Where the previous keel.db was kept, or null when there was none. */
  replaced: string | null;
  /** The backup's schema version, and the schema after opening (migrated if older). */
  fromVersion: number;
  schemaVersion: number;
  /** The backup of the replaced database taken first (options.safetyBackup), or null. */
  safetyBackup: BackupInfo | null;
}

function fsyncPath(p: string, flags: string): void {
  const fd = fs.openSync(p, flags);
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    // Some platforms (Windows) cannot fsync a directory; the file itself was synced.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    fs.closeSync(fd);
  }
}

export interface VetOptions {
  /** How errors name the file (default: its path). */
  name?: string;
  /** What the file should be, for errors (default 'a Keel database'). */
  noun?: string;
}

/**
 * Throws unless `file` is a regular file holding a Keel database this app can open, with exactly the schema Keel's
 * migrations create for its version (schema.ts), passing integrity_check. Returns its version. Read-only.
 */
export function vetBackup(file: string, options: VetOptions = {}): number {
  const name = options.name ?? file;
  requireRegularFile(file, name); // a FIFO would block the reads below forever
  const health = checkDatabase(file);
  if (health.state === 'too-new') {
    throw new CoreError('DB_TOO_NEW', `${name} was written by a newer version of Keel: ${health.detail}. Update Keel to restore it.`, {
      file,
      found: health.version,
      latest: LATEST_SCHEMA_VERSION,
    });
  }
  if (health.state === 'missing') throw new CoreError('NOT_FOUND', `${name} does not exist`, { file });
  const notKeel = (differences: string) =>
    new CoreError('DB_CORRUPT', `${name} is not ${options.noun ?? 'a Keel database'} as this version writes it: ${differences}`, { file });
  if (health.schema) throw notKeel(health.schema);
  if (health.state !== 'ok') throw new CoreError('DB_CORRUPT', `${name} cannot be restored: ${health.state} (${health.detail})`, { file, state: health.state });
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    distrustSchema(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    const differences = keelSchemaDifferences(db);
    if (differences) throw notKeel(differences);
    const schema = keelSchemaProblem(db);
    if (schema) throw new CoreError('DB_CORRUPT', `${name} cannot be restored: ${schema}`, { file });
    const rows = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (rows.length !== 1 || rows[0] !== 'ok') {
      throw new CoreError('DB_CORRUPT', `${name} fails integrity_check: ${rows.slice(0, 5).join('; ')}`, { file });
    }
    return version;
  } finally {
    db.close();
  }
}

/**
 * Takes a healthy keel.db for this restore alone and keeps it until the returned connection is closed: leaves WAL
 * mode (which checkpoints, and which SQLite allows only when no other connection has the database open, else
 * CONFLICT) in EXCLUSIVE locking mode, so the exclusive lock that switch takes is never let go. Meanwhile every
 * other connection's read or write is busy: it waits (lock.ts) and never writes into the file being replaced.
 */
function holdExclusively(file: string): Db {
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    let mode: unknown;
    try {
      mode = db.pragma('journal_mode = DELETE', { simple: true });
    } catch (e) {
      if (!isBusy(e)) throw e;
      mode = 'busy';
    }
    if (mode !== 'delete') {
      const note = readWriterNote(file);
      throw new CoreError(
        'CONFLICT',
        `${file} is open in another Keel window, web door or command${note ? ` (${holderOf(file)})` : ''}; close it and restore again. Nothing was changed.`,
        { file, holder: note },
      );
    }
    // Explicitly exclusive, not only by the switch's side effect; in EXCLUSIVE locking mode COMMIT keeps the lock.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export interface RestoreOptions {
  now?: Date;
  /** Run migrations by opening the restored database (default true). */
  open?: boolean;
  /**
   * Back up the database being replaced first (kind 'pre-restore'), once every refusal is behind and while the
   * database is held: the app's restore and every dataset import. Only a healthy database is backed up.
   */
  safetyBackup?: boolean;
  /** What holds the database meanwhile, for those who wait (lock.ts): default "the restore of <file>". */
  what?: string;
  /** For tests: called while the database is held, before anything is copied. */
  whileHeld?: () => void;
}

export function restoreBackup(dataDir: string, backupFile: string, options: RestoreOptions = {}): RestoreResult {
  const source = path.resolve(backupFile);
  const target = databasePath(dataDir);
  if (fs.existsSync(target) && fs.existsSync(source) && fs.realpathSync(source) === fs.realpathSync(target)) {
    throw new CoreError('VALIDATION', `${source} is the database itself; pick a backup.`, { file: source });
  }
  const fromVersion = vetBackup(source);
  ensurePrivateDir(dataDir);

  const exists = fs.existsSync(target);
  // From here to the swap nobody else reads or writes keel.db (holdExclusively). A damaged keel.db is not opened.
  const hold = exists && checkDatabase(target).state === 'ok' ? holdExclusively(target) : null;
  const releaseNote = hold ? leaveNote(target, options.what ?? `the restore of ${path.basename(source)}`) : () => {};

  const temp = `${target}.restore-${process.pid}.tmp`;
  let held = true;
  const letGo = () => {
    if (!held) return;
    held = false;
    releaseNote();
    hold?.close();
  };
  try {
    fs.rmSync(temp, { force: true });
    const safety = hold && options.safetyBackup ? backupNow(hold, dataDir, { kind: 'pre-restore', ...(options.now ? { now: options.now } : {}) }) : null;
    options.whileHeld?.();
    rebuildDatabase(source, temp); // Keel's schema, the file's rows: nothing else of the file survives (rebuild.ts)
    fsyncPath(temp, 'r+');
    const copy = new Database(temp, { readonly: true });
    try {
      if (copy.pragma('integrity_check', { simple: true }) !== 'ok' || copy.pragma('user_version', { simple: true }) !== fromVersion) {
        throw new CoreError('INTERNAL', `The copy of ${source} did not verify; nothing was changed.`, { file: source });
      }
    } finally {
      copy.close();
    }

    let replaced: string | null = null;
    if (exists) {
      const now = options.now ?? new Date();
      let n = 1;
      replaced = `${target}.replaced-${backupStamp(now)}`;
      while (fs.existsSync(replaced)) replaced = `${target}.replaced-${backupStamp(now)}-${++n}`;
      try {
        fs.linkSync(target, replaced);
      } catch {
        fs.renameSync(target, replaced);
      }
      if (hold) {
        // Leaving WAL checkpointed and removed keel.db-wal; a -shm a read-only connection left is only an index of
        // that WAL (no data): removed. The -journal is the holding connection's own (zeroed, not hot): it stays
        // for that connection to delete when it closes.
        fs.rmSync(`${target}-shm`, { force: true });
        if (fs.existsSync(`${target}-wal`)) fs.renameSync(`${target}-wal`, `${replaced}-wal`); // never beside the new file
      } else {
        for (const suffix of ['-wal', '-shm', '-journal']) {
          if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, replaced + suffix);
        }
      }
    }
    fs.renameSync(temp, target);
    fsyncPath(dataDir, 'r');
    letGo(); // whoever waited now opens the restored file (lock.ts checks which file it got)

    let schemaVersion = fromVersion;
    if (options.open !== false) {
      const opened = openDatabase({ dataDir, ...(options.now ? { now: () => options.now as Date } : {}) });
      schemaVersion = opened.schemaVersion;
      opened.db.close();
    }
    return { file: target, replaced, fromVersion, schemaVersion, safetyBackup: safety };
  } finally {
    letGo();
    fs.rmSync(temp, { force: true });
  }
}

/** The newest backup that passes the checks restore makes (for the recovery screen), or null. */
export function newestGoodBackup(dataDir: string): BackupInfo | null {
  for (const b of listBackups(dataDir)) {
    try {
      vetBackup(b.file);
      return b;
    } catch {
      // damaged or too new: try the next older one
    }
  }
  return null;
}
