// What a door passes to openCore, what the ordinary (healthy) core hands the data-safety wrapper, and the one
// place AppInfo is built. Its own module so index.ts (the healthy core) and safety.ts (the wrapper) share it
// without importing each other.
import type { AppInfo, DatabaseHealthView, Door } from '../../shared/contract.ts';
import { KEEL_VERSION } from '../../shared/version.ts';
import type { Db, OpenedDatabase } from './db/open.ts';
import type { Dispatch } from './dispatch.ts';

export interface CoreOptions {
  dataDir: string;
  door: Door;
  /** Seed the demo household into a new, empty database (default true). */
  seedDemo?: boolean;
  /** Take the daily backup on a healthy launch when one is due (default true; see safety.ts). */
  dailyBackup?: boolean;
  /**
   * false: never create keel.db, and open it only when an operation needs it (a local door's data commands; keel
   * check must not change the file). A missing database gives the 'missing' state, where only the operations that
   * need no database work (safety.ts). Default true.
   */
  create?: boolean;
  onInternalError?: (e: unknown) => void;
  /**
   * Told once when a write has waited 2 s for another writer (an import, a restore elsewhere): a sentence naming
   * it (db/lock.ts). The CLI prints it on stderr; the web door logs it.
   */
  onWaiting?: (message: string) => void;
}

/** The ordinary core over an open, healthy database (index.ts), as the data-safety wrapper (safety.ts) holds it. */
export interface HealthyCore {
  dispatch: Dispatch;
  info: AppInfo;
  db: Db;
  opened: OpenedDatabase;
  close(): void;
}

/** What getAppInfo answers, healthy or in recovery (schemaVersion 0 when the damaged file states none). */
export function appInfo(options: CoreOptions, database: { path: string; schemaVersion: number }, health: DatabaseHealthView): AppInfo {
  return {
    name: 'Keel',
    version: KEEL_VERSION,
    schemaVersion: database.schemaVersion,
    dataDir: options.dataDir,
    databasePath: database.path,
    door: options.door,
    health,
  };
}
