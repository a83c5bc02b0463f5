// Data safety: the database's health, backups, restores, and the whole dataset as one file.

/** 'ok', or how the database file is damaged (the file itself is kept, unchanged). */
export type DatabaseHealthState = 'ok' | 'corrupt' | 'truncated' | 'not-sqlite';

export interface DatabaseHealthView {
  state: DatabaseHealthState;
  /** What the check found, in words (e.g. "quick_check: …", "only 4096 bytes …"). */
  detail: string;
  /** While damaged: the name of the newest backup that passes the checks restore makes, or null. */
  newestGoodBackup: string | null;
}

export type BackupKindName = 'manual' | 'daily' | 'pre-migration' | 'pre-restore';

export interface BackupView {
  /** The file name in the backups folder: what restoreBackup takes. */
  name: string;
  kind: BackupKindName;
  /** Bytes. */
  size: number;
  /** When it was taken, ISO 8601 UTC. */
  date: string;
}

export interface BackupListView {
  /** The backups folder (for the user to find it). */
  folder: string;
  /** Newest first. */
  backups: BackupView[];
}

export interface RestoreView {
  /** The backup's name, or the imported file's name. */
  restored: string;
  /** Where the replaced database was kept (keel.db.replaced-…), or null when there was none. */
  replaced: string | null;
  /** The backup of the replaced database taken first (kind 'pre-restore'), when it was healthy. */
  safetyBackup: string | null;
  fromVersion: number;
  schemaVersion: number;
  health: DatabaseHealthView;
}

export interface DatasetExportView {
  name: string;
  /** Absolute path of the file written. */
  file: string;
  size: number;
  date: string;
}
