// `keel backup [FILE]`, `keel restore FILE`, `keel check`, `keel backups`, `keel export FILE`,
// `keel import-dataset FILE`: the data-safety commands, through the contract's local operations. main() opens the
// core for them with `create: false` (no demo seeding, no daily backup): keel.db is never created, and opened only
// by the commands that read it (backup, export), so `check`, `restore` and `import-dataset` also work on a database
// that is damaged, missing, or that this Keel could not open. (`import-dataset`, not `import`: `keel import` reads
// broker CSV files into the database; this replaces it.) None of them ever prompts: replacing the database is
// undoable (the replaced file is kept), so no confirmation.
import path from 'node:path';
import type { BackupListView, DatabaseCheckView, KeelApi, KeelError, LocalRestoreView } from '../../shared/contract.ts';
import { Refused, unwrap } from './result.ts';

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

/** The backups as `keel backups` lists them: each with its path. */
function backupFiles(list: BackupListView) {
  return list.backups.map((b) => ({ file: path.join(list.folder, b.name), ...b }));
}

export function formatBackups(list: { file: string; kind: string; size: number; date: string }[]): string {
  if (list.length === 0) return 'No backups yet.';
  return list
    .map((b) => `${b.date.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${b.kind.padEnd(13)}  ${size(b.size).padStart(10)}  ${b.file}`)
    .join('\n');
}

const DAMAGED: ReadonlySet<string> = new Set(['corrupt', 'truncated', 'not-sqlite']);

/** The lines `keel check` prints: the database's state, and when damaged the newest good backup. */
export function diagnosisLines(check: DatabaseCheckView): string[] {
  const lines = [`${check.file}: ${check.state} — ${check.detail}`];
  if (DAMAGED.has(check.state)) {
    const good = check.newestGoodBackup;
    lines.push('The file was not changed.');
    lines.push(good ? `Newest good backup: ${good}\nRestore it with: keel restore "${good}"` : `No good backup was found in ${path.dirname(check.file)}/backups.`);
  }
  return lines;
}

/**
 * Stops a command that needs data when the database is damaged, with `keel check`'s diagnosis (the core's check as
 * it opened: the file is not checked again).
 */
export async function refuseIfDamaged(api: KeelApi): Promise<DatabaseCheckView> {
  const check = unwrap(await api.checkDatabase({}));
  if (DAMAGED.has(check.state)) {
    const error: KeelError = { code: 'DB_CORRUPT', message: `the database is damaged; nothing was done.\n${diagnosisLines(check).join('\n')}`, details: { file: check.file, state: check.state } };
    throw new Refused(error);
  }
  return check;
}

function restored(what: string, source: string, r: LocalRestoreView): string {
  return `${what} ${source} into ${r.file} (schema ${r.fromVersion}${r.schemaVersion !== r.fromVersion ? ` → ${r.schemaVersion}` : ''}).`;
}

/** Runs one data command; returns the exit code. Throws Refused / DataUsageError for main() to report. */
export async function runDataCommand(command: DataCommand, args: string[], api: KeelApi, opts: { json?: boolean | undefined }, io: DataIo): Promise<number> {
  switch (command) {
    case 'backup': {
      if (args.length > 1) throw new DataUsageError('keel backup takes at most one FILE');
      await refuseIfDamaged(api);
      const done = unwrap(await api.backupToFile(args[0] ? { file: args[0] } : {}));
      io.out(`Backed up to ${done.file} (${size(done.size)}, integrity_check ok)`);
      return 0;
    }
    case 'backups': {
      if (args.length > 0) throw new DataUsageError('keel backups takes no arguments');
      const list = backupFiles(unwrap(await api.listBackups({})));
      io.out(opts.json ? JSON.stringify(list, null, 2) : formatBackups(list));
      return 0;
    }
    case 'restore': {
      const [source, ...rest] = args;
      if (!source || rest.length > 0) throw new DataUsageError('keel restore needs exactly one FILE (see keel backups)');
      const r = unwrap(await api.restoreFromFile({ file: source }));
      io.out(restored('Restored', source, r));
      io.out(r.replaced ? `The previous database is kept at ${r.replaced}` : 'There was no previous database.');
      return 0;
    }
    case 'check': {
      if (args.length > 0) throw new DataUsageError('keel check takes no arguments');
      const check = unwrap(await api.checkDatabase({}));
      io.out(opts.json ? JSON.stringify(check, null, 2) : diagnosisLines(check).join('\n'));
      return check.state === 'ok' ? 0 : 1;
    }
    case 'export': {
      const [target, ...rest] = args;
      if (!target || rest.length > 0) throw new DataUsageError('keel export needs exactly one FILE to write');
      await refuseIfDamaged(api);
      const done = unwrap(await api.exportDatasetTo({ file: target }));
      io.out(`Exported the dataset to ${done.file} (${size(done.size)}, integrity_check ok).`);
      io.out(`On the other computer: keel import-dataset "${done.file}" (or Settings → Backups → Import dataset).`);
      return 0;
    }
    case 'import-dataset': {
      const [source, ...rest] = args;
      if (!source || rest.length > 0) throw new DataUsageError('keel import-dataset needs exactly one FILE (made by keel export)');
      const r = unwrap(await api.importDatasetFrom({ file: source }));
      io.out(restored('Imported', source, r));
      if (r.safetyBackup) io.out(`A backup of the previous database: ${r.safetyBackup}`);
      io.out(r.replaced ? `The previous database is kept at ${r.replaced}` : 'There was no previous database.');
      return 0;
    }
  }
}
