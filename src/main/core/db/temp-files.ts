// Files Keel writes under a temporary name first, and what is left of them after a crash.
//
// A backup is written as .<name>.tmp-<pid> beside its final name (a dot file that parseBackupName never matches,
// so `keel backups` and the app never list it), verified with integrity_check, fsynced, and only then linked into
// place: a killed backup leaves a temporary, never a half-written keel-….db. The other temporaries carry their
// writer's pid too: keel.db.restore-<pid>.tmp and its snapshot of the source, keel.db.restore-<pid>.tmp-source
// (restore.ts, rebuild.ts), keel.db.new-<pid>.tmp (a new empty database, open.ts), and <export>.export-<pid>.tmp
// (dataset.ts), each with any -journal SQLite keeps beside it.
//
// Uploads in progress live in tmp/uploads/session-<pid>-… and tmp/datasets/session-<pid>-… (one folder per running Keel).
//
// removeStaleTemporaries runs when Keel opens the data folder: it deletes the temporaries (and upload folders) whose
// writer is no longer running. One whose pid is alive may be another Keel writing it right now, and is left alone.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../errors.ts';
import { createPrivateFile, makePrivate, privatizeDataDir } from '../private-files.ts';

const SQLITE_SIDE = '(?:-journal|-wal|-shm)?';
/** Per folder of the data folder ('' is the folder itself): the temporaries written there, group 1 the writer's pid. */
const STALE: readonly [folder: string, pattern: RegExp][] = [
  ['', new RegExp(`^keel\\.db\\.restore-(\\d+)\\.tmp(?:-source)?${SQLITE_SIDE}$`)],
  ['', new RegExp(`^keel\\.db\\.new-(\\d+)\\.tmp${SQLITE_SIDE}$`)],
  ['backups', new RegExp(`^\\..+\\.tmp-(\\d+)${SQLITE_SIDE}$`)],
  ['exports', new RegExp(`^.+\\.export-(\\d+)\\.tmp${SQLITE_SIDE}$`)],
];
/** Folders of uploads in progress (import/jobs.ts, safety.ts), one per running Keel: group 1 its pid. */
const STALE_FOLDERS: readonly [folder: string, pattern: RegExp][] = [
  [path.join('tmp', 'uploads'), /^session-(\d+)-[^/\\]+$/],
  [path.join('tmp', 'datasets'), /^session-(\d+)-[^/\\]+$/],
];

/** The temporary a backup to `target` is written under: a dot file in the same folder, named after this process. */
export function backupTempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
}

/** Whether a process with this pid is running (a pid we may not signal is running, too). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes the temporaries in the data folder whose writer is no longer running; returns their paths. */
export function removeStaleTemporaries(dataDir: string, alive: (pid: number) => boolean = pidAlive): string[] {
  const removed: string[] = [];
  for (const [folder, pattern] of STALE) {
    const dir = folder ? path.join(dataDir, folder) : dataDir;
    for (const name of namesIn(dir)) {
      const m = pattern.exec(name);
      if (!m || alive(Number(m[1]))) continue;
      const file = path.join(dir, name);
      if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) continue;
      fs.rmSync(file, { force: true });
      removed.push(file);
    }
  }
  for (const [folder, pattern] of STALE_FOLDERS) {
    for (const name of namesIn(path.join(dataDir, folder))) {
      const m = pattern.exec(name);
      if (!m || alive(Number(m[1]))) continue;
      const dir = path.join(dataDir, folder, name);
      if (!fs.lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
}

/** The names in a folder; none when it does not exist (yet). */
function namesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Throws unless `file` is a regular file (a FIFO or device would block reading it; a folder is no database). */
export function requireRegularFile(file: string, label = path.basename(file)): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('NOT_FOUND', `${label} does not exist.`, { file });
    throw new CoreError('DB_CORRUPT', `${label} cannot be read: ${(e as Error).message}`, { file });
  }
  if (!stat.isFile()) {
    const what = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device or other special file';
    throw new CoreError('DB_CORRUPT', `${label} is not a regular file (it is ${what}); nothing was changed.`, { file });
  }
}

/** Flushes a file's content to the disk before it is linked or renamed into place. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return; // Windows cannot open a folder for syncing
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // not supported on this platform; the file itself was synced
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * An online backup of `db` (VACUUM INTO: a consistent copy of a live database) to `target`: written 0600 under
 * backupTempName, checked with integrity_check, fsynced, then linked into place. Never overwrites `target`
 * (CONFLICT when it exists). The temporary is removed whatever happens, unless the process dies first.
 */
export function writeVerifiedBackup(db: Database.Database, target: string): void {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(target)) throw new CoreError('CONFLICT', `${target} already exists; Keel does not overwrite it.`, { file: target });
  const temp = backupTempName(target);
  fs.rmSync(temp, { force: true });
  try {
    createPrivateFile(temp); // VACUUM INTO fills an existing empty file and keeps its mode
    db.prepare('VACUUM INTO ?').run(temp);
    makePrivate(temp);
    const check = new Database(temp, { readonly: true, fileMustExist: true });
    try {
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new CoreError('INTERNAL', `Backup ${target} failed integrity_check: ${String(result)}`, { file: target });
    } finally {
      check.close();
    }
    fsyncFile(temp); // VACUUM INTO writes its output without syncing
    // link, not rename: link fails if `target` appeared meanwhile, so nothing is ever overwritten.
    try {
      fs.linkSync(temp, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CoreError('CONFLICT', `${target} already exists; Keel does not overwrite it.`, { file: target });
      fs.renameSync(temp, target); // a file system without hard links
    }
    fsyncDir(dir);
  } finally {
    fs.rmSync(temp, { force: true });
    fs.rmSync(`${temp}-journal`, { force: true });
  }
}

/** When Keel opens the data folder: stale temporaries removed, the folder and Keel's files in it made private. */
export function prepareDataDir(dataDir: string): void {
  privatizeDataDir(dataDir);
  removeStaleTemporaries(dataDir);
}
