// `keel backup [FILE]`, `keel restore FILE`, `keel check`, `keel backups`, `keel export FILE`,
// `keel import-dataset FILE`: the data-safety commands. They work on the database file directly (no core, no demo
// seeding), so `check`, `restore` and `import-dataset` also work on a database the app itself could not open.
// (`import-dataset`, not `import`: `keel import` reads broker CSV files into the database; this replaces it.)
// None of them ever prompts: replacing the database is undoable (the replaced file is kept), so no confirmation.
import fs from 'node:fs';
import path from 'node:path';
import { backupNow, backupToFile, listBackups, type BackupInfo } from '../core/db/backup.ts';
import { vetDataset, writeDataset } from '../core/db/dataset.ts';
import { checkDatabase, type Health } from '../core/db/health.ts';
import type { WaitOptions } from '../core/db/lock.ts';
import { openDatabase } from '../core/db/open.ts';
import { newestGoodBackup, restoreBackup } from '../core/db/restore.ts';
import { CoreError } from '../core/errors.ts';
import { backupsDir, databasePath } from '../core/paths.ts';
import type { DatabaseHealthView } from '../../shared/contract.ts';

export const DATA_COMMANDS = ['backup', 'restore', 'check', 'backups', 'export', 'import-dataset'] as const;
export type DataCommand = (typeof DATA_COMMANDS)[number];

export const DATA_HELP = `  backup [FILE]           Back up the database now (an online, verified copy) to FILE, or into
                          the backups folder; keel backups lists them
  backups [--json]        Backups with kind (daily, manual, pre-migration), date and size, newest first
  restore FILE            Replace the database with a backup (Keel must be closed); the current
                          database is kept beside it as keel.db.replaced-<date>
  check [--json]          Diagnose the database (ok, missing, truncated, corrupt, not-sqlite, too-new);
                          exit 0 only when ok; never changes the file
  export FILE             Write the whole dataset to FILE (one portable .keel file, verified), to move
                          Keel to another computer; never overwrites FILE
  import-dataset FILE     Replace the database with a dataset FILE from keel export (Keel must be
                          closed); the current database is backed up first and kept beside it`;

export interface DataIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export class DataUsageError extends Error {}

export function isDataCommand(command: string): command is DataCommand {
  return (DATA_COMMANDS as readonly string[]).includes(command);
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatBackups(list: BackupInfo[]): string {
  if (list.length === 0) return 'No backups yet.';
  return list
    .map((b) => `${b.date.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${b.kind.padEnd(13)}  ${size(b.size).padStart(10)}  ${b.file}`)
    .join('\n');
}

const DAMAGED: ReadonlySet<string> = new Set(['corrupt', 'truncated', 'not-sqlite']);

/** The lines `keel check` prints for a database's health: its state, and when damaged the newest good backup (a file). */
function diagnosisLines(dataDir: string, health: Pick<Health, 'state' | 'detail'>, good: string | null): string[] {
  const lines = [`${databasePath(dataDir)}: ${health.state} — ${health.detail}`];
  if (DAMAGED.has(health.state)) {
    lines.push('The file was not changed.');
    lines.push(good ? `Newest good backup: ${good}\nRestore it with: keel restore "${good}"` : `No good backup was found in ${dataDir}/backups.`);
  }
  return lines;
}

/** `keel check`: diagnoses the database (one checkDatabase), with the newest good backup when it is damaged. */
export function diagnosis(
  dataDir: string,
  options: WaitOptions = {},
): { health: Health; lines: string[]; newestGoodBackup: BackupInfo | null } {
  const health = checkDatabase(databasePath(dataDir), options); // waits while a restore holds it, saying so after 2 s
  const good = health.state === 'ok' ? null : newestGoodBackup(dataDir);
  return { health, lines: diagnosisLines(dataDir, health, good?.file ?? null), newestGoodBackup: good };
}

/**
 * The same diagnosis from the health the core found when it opened (core.health): the core has checked the file
 * already, and a second quick_check would double the start-up of every command on a large database.
 */
export function coreDiagnosis(dataDir: string, health: DatabaseHealthView): string[] {
  return diagnosisLines(dataDir, health, health.newestGoodBackup && path.join(backupsDir(dataDir), health.newestGoodBackup));
}

/** A CoreError for a command that needs data when the database is damaged, carrying `keel check`'s diagnosis. */
export function damagedDatabaseError(dataDir: string, health: Pick<Health, 'state'>, lines: string[]): CoreError | null {
  if (!DAMAGED.has(health.state)) return null;
  return new CoreError('DB_CORRUPT', `the database is damaged; nothing was done.\n${lines.join('\n')}`, { file: databasePath(dataDir), state: health.state });
}

/** A command that reads the file itself (backup, export): one diagnosis; damaged or too new, nothing is done. */
function requireHealthy(dataDir: string, what: string, options: WaitOptions): void {
  const file = databasePath(dataDir);
  if (!fs.existsSync(file)) throw new CoreError('NOT_FOUND', `No database at ${file}: nothing to ${what}.`, { file });
  const d = diagnosis(dataDir, options);
  const damaged = damagedDatabaseError(dataDir, d.health, d.lines);
  if (damaged) throw damaged;
  if (d.health.state !== 'ok') throw new CoreError(d.health.state === 'too-new' ? 'DB_TOO_NEW' : 'DB_CORRUPT', `${file}: ${d.health.state} (${d.health.detail}); nothing was done.`, { file });
}

/** Runs one data command; returns the exit code. Throws CoreError / DataUsageError for main() to report. */
export function runDataCommand(
  command: DataCommand,
  args: string[],
  opts: {
    dataDir: string;
    json?: boolean | undefined;
    now?: Date;
    /** Told once when the command has waited 2 s for another writer (a restore, an import): db/lock.ts. */
    onWaiting?: ((message: string) => void) | undefined;
  },
  io: DataIo,
): number {
  const file = databasePath(opts.dataDir);
  switch (command) {
    case 'backup': {
      if (args.length > 1) throw new DataUsageError('keel backup takes at most one FILE');
      requireHealthy(opts.dataDir, 'back up', { onWaiting: opts.onWaiting });
      const { db } = openDatabase({ dataDir: opts.dataDir, onWaiting: opts.onWaiting });
      try {
        const done = args[0] ? backupToFile(db, args[0]) : backupNow(db, opts.dataDir, { kind: 'manual', ...(opts.now ? { now: opts.now } : {}) });
        io.out(`Backed up to ${done.file} (${size(done.size)}, integrity_check ok)`);
        return 0;
      } finally {
        db.close();
      }
    }
    case 'backups': {
      if (args.length > 0) throw new DataUsageError('keel backups takes no arguments');
      const list = listBackups(opts.dataDir);
      io.out(opts.json ? JSON.stringify(list, null, 2) : formatBackups(list));
      return 0;
    }
    case 'restore': {
      const [source, ...rest] = args;
      if (!source || rest.length > 0) throw new DataUsageError('keel restore needs exactly one FILE (see keel backups)');
      const r = restoreBackup(opts.dataDir, source, opts.now ? { now: opts.now } : {});
      io.out(`Restored ${source} into ${r.file} (schema ${r.fromVersion}${r.schemaVersion !== r.fromVersion ? ` → ${r.schemaVersion}` : ''}).`);
      io.out(r.replaced ? `The previous database is kept at ${r.replaced}` : 'There was no previous database.');
      return 0;
    }
    case 'check': {
      if (args.length > 0) throw new DataUsageError('keel check takes no arguments');
      const { health, lines, newestGoodBackup: good } = diagnosis(opts.dataDir);
      if (opts.json) io.out(JSON.stringify({ file, ...health, newestGoodBackup: good?.file ?? null }, null, 2));
      else io.out(lines.join('\n'));
      return health.state === 'ok' ? 0 : 1;
    }
    case 'export': {
      const [target, ...rest] = args;
      if (!target || rest.length > 0) throw new DataUsageError('keel export needs exactly one FILE to write');
      requireHealthy(opts.dataDir, 'export', { onWaiting: opts.onWaiting });
      const { db } = openDatabase({ dataDir: opts.dataDir, onWaiting: opts.onWaiting });
      try {
        const done = writeDataset(db, target);
        io.out(`Exported the dataset to ${done.file} (${size(done.size)}, integrity_check ok).`);
        io.out(`On the other computer: keel import-dataset "${done.file}" (or Settings → Backups → Import dataset).`);
        return 0;
      } finally {
        db.close();
      }
    }
    case 'import-dataset': {
      const [source, ...rest] = args;
      if (!source || rest.length > 0) throw new DataUsageError('keel import-dataset needs exactly one FILE (made by keel export)');
      vetDataset(source); // before anything else: a wrong or damaged file changes nothing
      // The backup of the current database is taken inside the restore, once it holds the database and every
      // refusal (another Keel has it open) is behind: a refused import writes no backup.
      const r = restoreBackup(opts.dataDir, source, {
        ...(opts.now ? { now: opts.now } : {}),
        safetyBackup: true,
        what: `the dataset import of ${path.basename(source)}`,
      });
      io.out(`Imported ${source} into ${r.file} (schema ${r.fromVersion}${r.schemaVersion !== r.fromVersion ? ` → ${r.schemaVersion}` : ''}).`);
      if (r.safetyBackup) io.out(`A backup of the previous database: ${r.safetyBackup.file}`);
      io.out(r.replaced ? `The previous database is kept at ${r.replaced}` : 'There was no previous database.');
      return 0;
    }
  }
}
