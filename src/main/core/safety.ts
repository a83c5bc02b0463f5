// Data safety at the core: the startup check, the recovery state, and the backup / restore / dataset
// operations every door shares.
//
// openRecoverableCore wraps the ordinary core (index.ts's openHealthyCore):
// - Before opening, checkDatabase diagnoses keel.db read-only. 'corrupt', 'truncated' and 'not-sqlite' (or an
//   open that fails with DB_CORRUPT) do not throw: the core starts in the recovery state. getAppInfo reports
//   the health and the newest good backup, listBackups / restoreBackup / startDatasetUpload /
//   appendDatasetUpload / importDataset work, and every other operation answers DB_CORRUPT. The damaged file
//   is never opened for writing, repaired or deleted; a restore moves it aside as is (restore.ts).
// - 'too-new' is left to openDatabase, which refuses it with DB_TOO_NEW (the door says so and stops).
// - A healthy launch takes the daily backup when one is due (retention in backup.ts); a database created just
//   now has nothing worth keeping yet.
// - Restoring (a backup or an imported dataset) closes the core's own connection, restores, and reopens in
//   place: the doors keep their `dispatch` and leave recovery without restarting. If the restore is refused
//   (e.g. another process has the database open), the previous database is reopened unchanged. The pre-restore
//   backup is taken inside the restore, after its refusals, while it holds the database (restore.ts).
// - With `create: false` (a local door's data commands: keel check, restore, backup…) keel.db is never created and is
//   opened only when an operation needs it: a missing one gives the 'missing' state (only the operations that need
//   no database work; the others answer NOT_FOUND), a present one stays unopened until then, so `keel check` and a
//   restore never create, migrate or change it.
import fs from 'node:fs';
import path from 'node:path';
import {
  isOperationName,
  OPERATION_NAMES,
  type AppInfo,
  type BackupView,
  type DatabaseHealthView,
  type KeelApi,
  type LocalRestoreView,
  type OperationName,
  type RestoreView,
} from '../../shared/contract.ts';
import { backupNow, backupToFile, dailyBackupIfDue, listBackups, type BackupInfo } from './db/backup.ts';
import { exportDatasetNow, resolveExport, vetDataset, writeDataset } from './db/dataset.ts';
import { checkDatabase, type Health } from './db/health.ts';
import { prepareDataDir } from './db/temp-files.ts';
import type { Db, OpenedDatabase } from './db/open.ts';
import { newestGoodBackup, restoreBackup, vetBackup, type RestoreResult } from './db/restore.ts';
import { apiFromDispatch, createDispatcher, type Dispatch, type Handlers } from './dispatch.ts';
import { CoreError, isUnexpected, toKeelError } from './errors.ts';
import { planFromFile } from './local.ts';
import { backupsDir, databasePath } from './paths.ts';
import { datasetUploads } from './uploads.ts';
import { appInfo, type CoreOptions, type HealthyCore } from './options.ts';

export interface RecoverableCore {
  dispatch: Dispatch;
  api: KeelApi;
  /** What getAppInfo answers. Opens a database left unopened (create: false); throws NOT_FOUND when there is none. */
  readonly info: AppInfo;
  /** The open database; throws DB_CORRUPT in the recovery state (NOT_FOUND when missing). */
  readonly db: Db;
  readonly opened: OpenedDatabase;
  readonly health: DatabaseHealthView;
  /** The file of an export made by exportDataset, by its name (the web door's download route); null otherwise. */
  exportFile(name: string): string | null;
  close(): void;
}

/**
 * The operations of this module, handed to the ordinary core's dispatcher: data safety, and planFromInput, which
 * needs no database and so is served in every state.
 */
export type SafetyHandlers = Pick<
  Handlers,
  | 'listBackups'
  | 'backupNow'
  | 'restoreBackup'
  | 'exportDataset'
  | 'startDatasetUpload'
  | 'appendDatasetUpload'
  | 'importDataset'
  | 'backupToFile'
  | 'restoreFromFile'
  | 'exportDatasetTo'
  | 'importDatasetFrom'
  | 'checkDatabase'
  | 'planFromInput'
>;

/**
 * Operations that need no open database: they work while it is damaged (getAppInfo too, then), missing or not
 * opened yet (create: false). Every other operation answers DB_CORRUPT / NOT_FOUND, or first opens the database.
 */
const RECOVERY_OPERATIONS: ReadonlySet<OperationName> = new Set<OperationName>([
  'listBackups', 'restoreBackup', 'startDatasetUpload', 'appendDatasetUpload', 'importDataset',
  'checkDatabase', 'restoreFromFile', 'importDatasetFrom', 'planFromInput',
]);

const DAMAGED = new Set(['corrupt', 'truncated', 'not-sqlite']);

const toView = (b: BackupInfo): BackupView => ({ name: b.name, kind: b.kind, size: b.size, date: b.date });

const localRestoreView = (r: RestoreResult): LocalRestoreView => ({
  file: r.file,
  replaced: r.replaced,
  safetyBackup: r.safetyBackup?.file ?? null,
  fromVersion: r.fromVersion,
  schemaVersion: r.schemaVersion,
});

/** A core without an open database: damaged (the recovery state), missing, or not opened yet (create: false). */
interface Limited {
  kind: 'damaged' | 'missing' | 'unopened';
  /** getAppInfo's answer while damaged; null otherwise. */
  info: AppInfo | null;
  dispatch: Dispatch;
}

export function openRecoverableCore(
  options: CoreOptions,
  openHealthy: (options: CoreOptions, safety: SafetyHandlers, health: DatabaseHealthView) => HealthyCore,
): RecoverableCore {
  const { dataDir } = options;
  const file = databasePath(dataDir);
  // Also in the recovery state: 0700 / 0600, stale temporaries removed (temp-files.ts); a folder that is not
  // there yet is left alone by a core that must not create the database.
  if (options.create !== false || fs.existsSync(dataDir)) prepareDataDir(dataDir);
  const uploads = datasetUploads(dataDir); // base64 chunks, held to the declared size (uploads.ts)
  let healthy: HealthyCore | null = null;
  let limited: Limited | null = null;
  /** keel.db as the last check found it (or the open that failed with DB_CORRUPT): checkDatabase's answer. */
  let checked: Health = { state: 'missing', detail: `${file} was not checked yet` };
  /** While damaged: the newest backup that passes the checks a restore makes. */
  let goodBackup: BackupInfo | null = null;

  const damagedError = () =>
    new CoreError(
      'DB_CORRUPT',
      `${file} is damaged (${checked.state}: ${checked.detail}). It was kept unchanged. Restore a backup to continue.`,
      { file, state: checked.state },
    );
  const missingError = () => new CoreError('NOT_FOUND', `No database at ${file}; nothing was done.`, { file });
  const refusal = () => (limited?.kind === 'missing' ? missingError() : damagedError());

  const requireHealthy = (): HealthyCore => {
    if (limited?.kind === 'unopened') openNow();
    if (!healthy) throw refusal();
    return healthy;
  };
  const requireDb = (): Db => requireHealthy().db;

  /** Closes our connection, runs the restore, reopens whatever is on disk then (the old database if it failed). */
  const replaceDatabase = (restore: () => RestoreResult): RestoreResult => {
    healthy?.close();
    healthy = null;
    try {
      return restore();
    } finally {
      start();
    }
  };

  /** The health now, without opening anything (a database left unopened passed its check). */
  const healthNow = (): DatabaseHealthView =>
    healthy?.info.health ?? limited?.info?.health ?? { state: 'ok', detail: checked.detail, newestGoodBackup: null };

  const restoreView = (restored: string, r: RestoreResult, safety: string | null): RestoreView => ({
    restored,
    replaced: r.replaced,
    safetyBackup: safety,
    fromVersion: r.fromVersion,
    schemaVersion: r.schemaVersion,
    health: healthNow(),
  });

  const safety: SafetyHandlers = {
    listBackups: () => ({ folder: backupsDir(dataDir), backups: listBackups(dataDir).map(toView) }),
    backupNow: () => toView(backupNow(requireDb(), dataDir, { kind: 'manual' })),
    restoreBackup: ({ name }) => {
      const backup = listBackups(dataDir).find((b) => b.name === name);
      if (!backup) throw new CoreError('NOT_FOUND', `No backup named ${name} in ${backupsDir(dataDir)}.`, { name });
      vetBackup(backup.file); // refuse a damaged or too-new backup before touching anything
      // The pre-restore backup (a verified copy of the database being replaced, offered back in the list) is taken
      // by restoreBackup while it holds the database, after every refusal: a refused restore writes no backup.
      const r = replaceDatabase(() => restoreBackup(dataDir, backup.file, { safetyBackup: true, what: `the restore of ${name}` }));
      return restoreView(name, r, r.safetyBackup?.name ?? null);
    },
    exportDataset: () => {
      const written = exportDatasetNow(requireDb(), dataDir);
      return { name: written.name, file: written.file, size: written.size, date: written.date };
    },
    startDatasetUpload: ({ name, size }) => uploads.start(name, size),
    appendDatasetUpload: ({ uploadId, chunk }) => uploads.append(uploadId, chunk),
    importDataset: ({ uploadId }) => {
      const upload = uploads.complete(uploadId);
      try {
        try {
          vetDataset(upload.file);
        } catch (e) {
          // Name the file the user chose, not the upload's private copy.
          if (!(e instanceof CoreError)) throw e;
          const named = e.message.split(upload.file).join(upload.name).split(path.basename(upload.file)).join(upload.name);
          throw new CoreError(e.code, named, { file: upload.name });
        }
        const r = replaceDatabase(() => restoreBackup(dataDir, upload.file, { safetyBackup: true, what: `the dataset import of ${upload.name}` }));
        return restoreView(upload.name, r, r.safetyBackup?.name ?? null);
      } finally {
        uploads.discard(uploadId);
      }
    },
    // The local door's own (paths on this machine; contract/local.ts).
    backupToFile: ({ file: target }) => {
      const done = target === undefined ? backupNow(requireDb(), dataDir, { kind: 'manual' }) : backupToFile(requireDb(), target);
      return { file: done.file, size: done.size };
    },
    restoreFromFile: ({ file: source }) => {
      vetBackup(path.resolve(source)); // refused before our connection is closed
      return localRestoreView(replaceDatabase(() => restoreBackup(dataDir, source)));
    },
    exportDatasetTo: ({ file: target }) => {
      const done = writeDataset(requireDb(), target);
      return { file: done.file, size: done.size };
    },
    importDatasetFrom: ({ file: source }) => {
      vetDataset(source); // a wrong or damaged file changes nothing
      // The backup of the current database is taken inside the restore, once it holds the database and every
      // refusal (another Keel has it open) is behind: a refused import writes no backup.
      const what = `the dataset import of ${path.basename(source)}`;
      return localRestoreView(replaceDatabase(() => restoreBackup(dataDir, source, { safetyBackup: true, what })));
    },
    checkDatabase: () => {
      const good = checked.state === 'ok' ? null : limited?.kind === 'damaged' ? goodBackup : newestGoodBackup(dataDir);
      return { file, ...checked, newestGoodBackup: good?.file ?? null };
    },
    planFromInput: ({ file: input }) => planFromFile(input),
  };

  const limitedCore = (kind: Limited['kind'], info: AppInfo | null): Limited => {
    const refuse = () => {
      throw refusal();
    };
    const handlers = Object.fromEntries(
      OPERATION_NAMES.map((name) => [name, RECOVERY_OPERATIONS.has(name) ? (safety as Record<string, unknown>)[name] : refuse]),
    ) as unknown as Handlers;
    if (info) handlers.getAppInfo = () => info;
    return { kind, info, dispatch: createDispatcher(handlers, options.onInternalError) };
  };

  /** The recovery state: the damaged file is never opened for writing. */
  function recover(): void {
    goodBackup = newestGoodBackup(dataDir);
    const health = { state: checked.state as DatabaseHealthView['state'], detail: checked.detail, newestGoodBackup: goodBackup?.name ?? null };
    limited = limitedCore('damaged', appInfo(options, { path: file, schemaVersion: checked.version ?? 0 }, health));
  }

  function start(): void {
    limited = null;
    checked = checkDatabase(file, { onWaiting: options.onWaiting }); // waits while a restore elsewhere holds it
    if (DAMAGED.has(checked.state)) return recover();
    if (options.create === false) {
      limited = limitedCore(checked.state === 'missing' ? 'missing' : 'unopened', null);
      return;
    }
    openNow();
  }

  /** Opens the database that passed its check ('too-new' throws DB_TOO_NEW here, as before). */
  function openNow(): void {
    const detail = checked.state === 'missing' ? 'a new database' : checked.detail;
    try {
      healthy = openHealthy(options, safety, { state: 'ok', detail, newestGoodBackup: null });
    } catch (e) {
      if (!(e instanceof CoreError) || e.code !== 'DB_CORRUPT') throw e;
      checked = { ...checked, state: 'corrupt', detail: e.message };
      return recover();
    }
    limited = null;
    if (checked.state !== 'ok') checked = { state: 'ok', detail };
    if (options.dailyBackup !== false && !healthy.opened.created) {
      try {
        dailyBackupIfDue(healthy.db, dataDir);
      } catch (e) {
        // A failed backup (disk full) must not keep the user out of their data; it is reported, and retried next launch.
        options.onInternalError?.(e);
      }
    }
  }

  const currentInfo = (): AppInfo => (limited?.info ? limited.info : requireHealthy().info);

  start();

  const dispatch: Dispatch = async (operation, payload) => {
    // A database left unopened (create: false) is opened by the first operation that needs it.
    if (limited?.kind === 'unopened' && isOperationName(operation) && !RECOVERY_OPERATIONS.has(operation)) {
      try {
        openNow();
      } catch (e) {
        if (isUnexpected(e)) options.onInternalError?.(e);
        return { ok: false, error: toKeelError(e) };
      }
    }
    return (healthy?.dispatch ?? (limited as Limited).dispatch)(operation, payload);
  };

  return {
    dispatch,
    api: apiFromDispatch(dispatch),
    get info() {
      return currentInfo();
    },
    get db() {
      return requireDb();
    },
    get opened() {
      return requireHealthy().opened;
    },
    get health() {
      return currentInfo().health;
    },
    exportFile: (name) => resolveExport(dataDir, name),
    close: () => {
      uploads.dispose();
      healthy?.close();
      healthy = null;
    },
  };
}
