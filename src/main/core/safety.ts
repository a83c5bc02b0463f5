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
import path from 'node:path';
import {
  OPERATION_NAMES,
  type AppInfo,
  type BackupView,
  type DatabaseHealthView,
  type KeelApi,
  type RestoreView,
} from '../../shared/contract.ts';
import { backupNow, dailyBackupIfDue, listBackups, type BackupInfo } from './db/backup.ts';
import { exportDatasetNow, resolveExport, vetDataset } from './db/dataset.ts';
import { checkDatabase } from './db/health.ts';
import { prepareDataDir } from './db/temp-files.ts';
import type { Db, OpenedDatabase } from './db/open.ts';
import { newestGoodBackup, restoreBackup, vetBackup, type RestoreResult } from './db/restore.ts';
import { apiFromDispatch, createDispatcher, type Dispatch, type Handlers } from './dispatch.ts';
import { CoreError } from './errors.ts';
import { backupsDir, databasePath } from './paths.ts';
import { datasetUploads } from './uploads.ts';
import { appInfo, type CoreOptions, type HealthyCore } from './options.ts';

export interface RecoverableCore {
  dispatch: Dispatch;
  api: KeelApi;
  readonly info: AppInfo;
  /** The open database; throws DB_CORRUPT in the recovery state. */
  readonly db: Db;
  readonly opened: OpenedDatabase;
  readonly health: DatabaseHealthView;
  /** The file of an export made by exportDataset, by its name (the web door's download route); null otherwise. */
  exportFile(name: string): string | null;
  close(): void;
}

/** The operations of this module, handed to the ordinary core's dispatcher. */
export type SafetyHandlers = Pick<
  Handlers,
  'listBackups' | 'backupNow' | 'restoreBackup' | 'exportDataset' | 'startDatasetUpload' | 'appendDatasetUpload' | 'importDataset'
>;

/** Operations that work while the database is damaged (besides getAppInfo). */
const RECOVERY_OPERATIONS = new Set(['getAppInfo', 'listBackups', 'restoreBackup', 'startDatasetUpload', 'appendDatasetUpload', 'importDataset']);

const DAMAGED = new Set(['corrupt', 'truncated', 'not-sqlite']);

const toView = (b: BackupInfo): BackupView => ({ name: b.name, kind: b.kind, size: b.size, date: b.date });

export function openRecoverableCore(
  options: CoreOptions,
  openHealthy: (options: CoreOptions, safety: SafetyHandlers, health: DatabaseHealthView) => HealthyCore,
): RecoverableCore {
  const { dataDir } = options;
  const file = databasePath(dataDir);
  prepareDataDir(dataDir); // also in the recovery state: 0700 / 0600, stale temporaries removed (temp-files.ts)
  const uploads = datasetUploads(dataDir); // base64 chunks, held to the declared size (uploads.ts)
  let healthy: HealthyCore | null = null;
  let recovery: { info: AppInfo; dispatch: Dispatch } | null = null;

  const damagedError = () =>
    new CoreError(
      'DB_CORRUPT',
      `${file} is damaged (${recovery?.info.health.state ?? 'corrupt'}: ${recovery?.info.health.detail ?? ''}). It was kept unchanged. Restore a backup to continue.`,
      { file, state: recovery?.info.health.state },
    );
  const requireDb = (): Db => {
    if (!healthy) throw damagedError();
    return healthy.db;
  };

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

  const restoreView = (restored: string, r: RestoreResult, safety: string | null): RestoreView => ({
    restored,
    replaced: r.replaced,
    safetyBackup: safety,
    fromVersion: r.fromVersion,
    schemaVersion: r.schemaVersion,
    health: currentInfo().health,
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
  };

  const recoveryCore = (health: DatabaseHealthView, version: number | undefined) => {
    const info = appInfo(options, { path: file, schemaVersion: version ?? 0 }, health);
    const refuse = () => {
      throw damagedError();
    };
    const handlers = Object.fromEntries(
      OPERATION_NAMES.map((name) => [name, RECOVERY_OPERATIONS.has(name) ? (safety as Record<string, unknown>)[name] : refuse]),
    ) as unknown as Handlers;
    handlers.getAppInfo = () => info;
    return { info, dispatch: createDispatcher(handlers, options.onInternalError) };
  };

  function start(): void {
    recovery = null;
    const health = checkDatabase(file, { onWaiting: options.onWaiting }); // waits while a restore elsewhere holds it
    if (DAMAGED.has(health.state)) {
      const good = newestGoodBackup(dataDir);
      recovery = recoveryCore({ state: health.state as DatabaseHealthView['state'], detail: health.detail, newestGoodBackup: good?.name ?? null }, health.version);
      return;
    }
    try {
      const detail = health.state === 'missing' ? 'a new database' : health.detail;
      healthy = openHealthy(options, safety, { state: 'ok', detail, newestGoodBackup: null }); // 'too-new' throws DB_TOO_NEW here, as before
    } catch (e) {
      if (!(e instanceof CoreError) || e.code !== 'DB_CORRUPT') throw e;
      recovery = recoveryCore({ state: 'corrupt', detail: e.message, newestGoodBackup: newestGoodBackup(dataDir)?.name ?? null }, health.version);
      return;
    }
    if (options.dailyBackup !== false && !healthy.opened.created) {
      try {
        dailyBackupIfDue(healthy.db, dataDir);
      } catch (e) {
        // A failed backup (disk full) must not keep the user out of their data; it is reported, and retried next launch.
        options.onInternalError?.(e);
      }
    }
  }

  const currentInfo = (): AppInfo => (healthy ? healthy.info : (recovery as { info: AppInfo }).info);

  start();

  const dispatch: Dispatch = (operation, payload) => (healthy ? healthy.dispatch : (recovery as { dispatch: Dispatch }).dispatch)(operation, payload);

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
      if (!healthy) throw damagedError();
      return healthy.opened;
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
