// The data folder holds a family's whole financial picture: on POSIX it is 0700 and every file Keel writes in it
// 0600, so other users of the computer cannot read it. (Windows has no such modes; its per-user profile folder
// is already private, so these are no-ops there.)
//
// privatizeDataDir fixes a folder an earlier Keel created 0755 / 0644. It touches only what Keel makes — the
// folder itself, keel.db and the files SQLite and restores put beside it (keel.db*), and everything under
// backups/, exports/ and tmp/ — because --data-dir may point at a folder that holds other things too. Symbolic
// links are never followed (nor changed).
import fs from 'node:fs';
import path from 'node:path';

const POSIX = process.platform !== 'win32';

/** Keel's own folders inside the data folder. */
export const KEEL_SUBFOLDERS = ['backups', 'exports', 'tmp'] as const;

/** Creates `dir` (and missing parents) 0700, and makes an existing one 0700 (unless it is another user's). */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!POSIX) return;
  try {
    fs.chmodSync(dir, 0o700);
  } catch (e) {
    // A folder we may write to but do not own (--data-dir on a shared folder): not ours to change, no reason to stop.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
  }
}

/** Makes `file` readable and writable by its owner only. */
export function makePrivate(file: string): void {
  if (POSIX) fs.chmodSync(file, 0o600);
}

/** Creates `file` empty with mode 0600 (so whatever is then written into it never was readable by others); fails if it exists. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', 0o600));
}

function privatizeEntry(p: string, stat: fs.Stats): void {
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) fs.chmodSync(p, 0o700);
    for (const name of fs.readdirSync(p)) privatizeTree(path.join(p, name));
  } else if (stat.isFile() && (stat.mode & 0o777) !== 0o600) {
    fs.chmodSync(p, 0o600);
  }
}

function privatizeTree(p: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // removed meanwhile (another Keel's temporary)
    throw e;
  }
  try {
    privatizeEntry(p, stat);
  } catch (e) {
    // Gone meanwhile, or not ours to change (a backup someone made as another user): leave it, do not refuse to start.
    if (!['ENOENT', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
}

/** At start: the data folder 0700 (created if missing), Keel's subfolders 0700 and the files in them and keel.db* 0600. */
export function privatizeDataDir(dataDir: string): void {
  ensurePrivateDir(dataDir);
  if (!POSIX) return;
  for (const name of fs.readdirSync(dataDir)) {
    if ((KEEL_SUBFOLDERS as readonly string[]).includes(name) || name.startsWith('keel.db')) privatizeTree(path.join(dataDir, name));
  }
}
