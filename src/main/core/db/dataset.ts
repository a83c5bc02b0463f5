// The whole dataset as one portable file, for moving Keel to another computer.
//
// Format: a Keel dataset file (*.keel) IS a SQLite database: an online copy of keel.db (VACUUM INTO, so a
// consistent snapshot even while the app writes), in rollback-journal mode (one self-contained file, no -wal),
// with SQLite's header field application_id (offset 68) set to 0x4B45454C ("KEEL"). Nothing is transformed:
// money stays in integer micro units, exactly as stored.
//
// Writing: copy into <target>.export-<pid>.tmp beside the target, stamp the application id, fsync, vet the copy
// exactly as an import would, then rename it into place (never overwriting an existing file).
// Reading (vetDataset): a regular file only (a FIFO would block), the header first without SQLite (magic and
// application id: anything else is refused as "not a Keel dataset file"), then vetBackup (a Keel database this
// app can open — a newer schema is DB_TOO_NEW — with exactly Keel's schema for its version, passing a full
// integrity_check). Importing is then a restore (restore.ts): a rebuilt copy (rebuild.ts), fsync, rename, the
// replaced keel.db kept beside it. A dataset file is untrusted input: nothing in it but rows reaches keel.db.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../errors.ts';
import { createPrivateFile, ensurePrivateDir } from '../private-files.ts';
import { backupStamp } from './backup.ts';
import type { Db } from './open.ts';
import { vetBackup } from './restore.ts';
import { fsyncFile, requireRegularFile } from './temp-files.ts';

/** "KEEL" in ASCII, stored big-endian at offset 68 of the SQLite header. */
export const KEEL_APPLICATION_ID = 0x4b45454c;
export const DATASET_EXTENSION = '.keel';
export const EXPORTS_FOLDER = 'exports';

const MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');
const EXPORT_NAME = /^keel-export-\d{8}-\d{6}(-\d+)?\.keel$/;

export function exportsDir(dataDir: string): string {
  return path.join(dataDir, EXPORTS_FOLDER);
}

export function exportFileName(now: Date, n = 1): string {
  return `keel-export-${backupStamp(now)}${n > 1 ? `-${n}` : ''}${DATASET_EXTENSION}`;
}

/** The file for an export name the app made (exportDataset), or null for any other name: no path ever escapes the exports folder. */
export function resolveExport(dataDir: string, name: string): string | null {
  if (!EXPORT_NAME.test(name)) return null;
  const file = path.join(exportsDir(dataDir), name);
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** The application id in a file's SQLite header, or a reason it has none. Never opens the file with SQLite. */
function readApplicationId(file: string): number | string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${(e as Error).message})`;
  }
  try {
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (read < 100 || !header.subarray(0, 16).equals(MAGIC)) return 'it is not a SQLite file';
    return header.readUInt32BE(68);
  } finally {
    fs.closeSync(fd);
  }
}

/** Throws unless `file` is a Keel dataset file this app can import; returns its schema version. Read-only. */
export function vetDataset(file: string): number {
  if (fs.existsSync(file)) requireRegularFile(file); // reading a FIFO's header would block forever
  const id = readApplicationId(file);
  if (typeof id === 'string') throw new CoreError('DB_CORRUPT', `${path.basename(file)} is not a Keel dataset file: ${id}.`, { file });
  if (id !== KEEL_APPLICATION_ID) {
    throw new CoreError(
      'DB_CORRUPT',
      `${path.basename(file)} is not a Keel dataset file (no Keel mark in its header). To restore a backup (keel-….db), use restore instead.`,
      { file },
    );
  }
  return vetBackup(file, { name: path.basename(file), noun: 'a Keel dataset' });
}

export interface DatasetFile {
  file: string;
  name: string;
  size: number;
}

/** Writes the dataset file `target` (refusing to overwrite); verified as an import would verify it. */
export function writeDataset(db: Db, target: string): DatasetFile {
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new CoreError('CONFLICT', `${file} already exists; Keel does not overwrite it.`, { file });
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.export-${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  try {
    createPrivateFile(temp); // 0600; VACUUM INTO fills an existing empty file and keeps its mode
    db.prepare('VACUUM INTO ?').run(temp);
    const copy = new Database(temp);
    try {
      copy.pragma('journal_mode = DELETE');
      copy.pragma(`application_id = ${KEEL_APPLICATION_ID}`);
    } finally {
      copy.close();
    }
    fsyncFile(temp);
    vetDataset(temp);
    // link + unlink rather than rename: link fails if `file` appeared meanwhile, so nothing is ever overwritten.
    try {
      fs.linkSync(temp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CoreError('CONFLICT', `${file} already exists; Keel does not overwrite it.`, { file });
      fs.renameSync(temp, file); // a file system without hard links
    }
    return { file, name: path.basename(file), size: fs.statSync(file).size };
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** A new dataset file in <dataDir>/exports (the web door offers it for download from there). */
export function exportDatasetNow(db: Db, dataDir: string, now: Date = new Date()): DatasetFile & { date: string } {
  const dir = exportsDir(dataDir);
  ensurePrivateDir(dir);
  let n = 1;
  let file = path.join(dir, exportFileName(now));
  while (fs.existsSync(file)) file = path.join(dir, exportFileName(now, ++n));
  const written = writeDataset(db, file);
  return { ...written, date: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString() };
}
