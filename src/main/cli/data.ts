// `keel backup [FILE]`, `keel restore FILE`, `keel check`, `keel backups`: the data-safety commands.
// They work on the database file directly (no core, no demo seeding), so `check` and `restore` also work
// on a database the app itself could not open.
import fs from 'node:fs';
import { backupNow, backupToFile, listBackups, type BackupInfo } from '../core/db/backup.ts';
import { checkDatabase } from '../core/db/health.ts';
import { openDatabase } from '../core/db/open.ts';
import { newestGoodBackup, restoreBackup } from '../core/db/restore.ts';
import { CoreError } from '../core/errors.ts';
import { databasePath } from '../core/paths.ts';

export const DATA_COMMANDS = ['backup', 'restore', 'check', 'backups'] as const;
export type DataCommand = (typeof DATA_COMMANDS)[number];

export const DATA_HELP = `  backup [FILE]           Back up the database now (an online, verified copy) to FILE, or into
                          the backups folder; keel backups lists them
  backups [--json]        Backups with kind (daily, manual, pre-migration), date and size, newest first
  restore FILE            Replace the database with a backup (Keel must be closed); the current
                          database is kept beside it as keel.db.replaced-<date>
  check [--json]          Diagnose the database (ok, missing, truncated, corrupt, not-sqlite, too-new);
                          exit 0 only when ok; never changes the file`;

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

/** Runs one data command; returns the exit code. Throws CoreError / DataUsageError for main() to report. */
export function runDataCommand(
  command: DataCommand,
  args: string[],
  opts: { dataDir: string; json?: boolean | undefined; now?: Date },
  io: DataIo,
): number {
  const file = databasePath(opts.dataDir);
  switch (command) {
    case 'backup': {
      if (args.length > 1) throw new DataUsageError('keel backup takes at most one FILE');
      if (!fs.existsSync(file)) throw new CoreError('NOT_FOUND', `No database at ${file}: nothing to back up.`, { file });
      const health = checkDatabase(file);
      if (health.state !== 'ok') throw new CoreError(health.state === 'too-new' ? 'DB_TOO_NEW' : 'DB_CORRUPT', `${file}: ${health.state} (${health.detail}); not backed up.`, { file });
      const { db } = openDatabase({ dataDir: opts.dataDir });
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
      const health = checkDatabase(file);
      const good = health.state === 'ok' ? null : newestGoodBackup(opts.dataDir);
      if (opts.json) {
        io.out(JSON.stringify({ file, ...health, newestGoodBackup: good?.file ?? null }, null, 2));
      } else {
        io.out(`${file}: ${health.state} — ${health.detail}`);
        if (health.state !== 'ok' && health.state !== 'missing' && health.state !== 'too-new') {
          io.out('The file was not changed. ' + (good ? `Newest good backup: ${good.file}\nRestore it with: keel restore "${good.file}"` : 'No good backup was found in ' + opts.dataDir + '/backups.'));
        }
      }
      return health.state === 'ok' ? 0 : 1;
    }
  }
}
