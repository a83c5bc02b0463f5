// Operations that take paths on this machine (contract/local.ts): only local doors (the CLI) may call them.

/** A file Keel wrote (a backup, a dataset export): its absolute path and size in bytes. */
export interface LocalFileView {
  file: string;
  size: number;
}

/** A restore from a file (a backup, or a dataset from another computer). */
export interface LocalRestoreView {
  /** The database restored into (keel.db). */
  file: string;
  /** Where the replaced database was kept (keel.db.replaced-…), or null when there was none. */
  replaced: string | null;
  /** The backup of the replaced database taken first (a dataset import), by its path; null otherwise. */
  safetyBackup: string | null;
  fromVersion: number;
  schemaVersion: number;
}

/** What `keel check` diagnoses: the database as it is (missing and too new included), read-only. */
export type DatabaseCheckState = 'ok' | 'missing' | 'corrupt' | 'truncated' | 'not-sqlite' | 'too-new';

export interface DatabaseCheckView {
  file: string;
  state: DatabaseCheckState;
  detail: string;
  /** user_version when it could be read. */
  version?: number;
  /** When the schema differs from Keel's: what differs. */
  schema?: string;
  /** Unless ok: the path of the newest backup that passes the checks a restore makes, or null. */
  newestGoodBackup: string | null;
}
