// What every operation shares: the error codes and the Result every call answers, decimals as strings, and
// what getAppInfo tells a door about the running Keel. Zod-free, so the renderer can import it as it is.
import type { DatabaseHealthView } from './data.ts';

export const ERROR_CODES = [
  'VALIDATION', // the payload did not match the operation's schema
  'UNKNOWN_OPERATION',
  'FORBIDDEN', // caller not allowed (foreign IPC frame, web door auth)
  'NOT_FOUND',
  'CONFLICT',
  'BUSY', // another writer held the database past the wait's deadline; the message and details name it
  'DB_TOO_NEW', // database written by a newer Keel
  'DB_CORRUPT', // not a Keel/SQLite database, or damaged
  'PLAN_INVALID', // the planner's plan failed its own verification (a bug in Keel); no plan is shown
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface KeelError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: KeelError };

/** A decimal number serialised as a string, e.g. "-1234.5600". */
export type DecimalString = string;

export interface AppInfo {
  name: string;
  version: string;
  schemaVersion: number;
  dataDir: string;
  databasePath: string;
  door: Door;
  /** The database's state at launch (or after the last restore); anything but 'ok' means the recovery screen. */
  health: DatabaseHealthView;
}
export type Door = 'electron' | 'web' | 'cli';
