// Backups of the live database: on demand, once a day on launch, and (in open.ts) before migrations.
// Every backup is SQLite's online backup (VACUUM INTO, a consistent snapshot even while another connection
// writes), written 0600 under a temporary name and verified with integrity_check before it is renamed to its
// name and counts (temp-files.ts). Never fs.copyFile of a live database.
//
// Files: <dataDir>/backups/keel-YYYYMMDD-HHMMSS-<kind>.db, the stamp in UTC. open.ts names its pre-migration
// backups keel-YYYYMMDD-HHMMSS-before-migration-vA-to-vB.db; those list as kind 'pre-migration'. A restore or a
// dataset import from the app first backs up the database it replaces as kind 'pre-restore' (so it can be undone).
//
// Retention (pruneBackups) only ever deletes 'daily' backups: it keeps the newest daily backup of each of the
// 7 most recent UTC days that have one, plus the newest daily backup of each of the last 4 ISO weeks
// (the week containing `now` and the 3 before it). Manual, pre-migration and pre-restore backups are never deleted, nor is
// a backup dated after `now` (a clock that went backwards is no reason to lose data).
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors.ts';
import { backupsDir } from '../paths.ts';
import { ensurePrivateDir } from '../private-files.ts';
import { backupTo, type Db } from './open.ts';

export type BackupKind = 'manual' | 'daily' | 'pre-migration' | 'pre-restore';

export interface BackupInfo {
  /** Absolute path. */
  file: string;
  name: string;
  kind: BackupKind;
  size: number;
  /** When it was taken (from the file name, UTC), ISO 8601. */
  date: string;
}

export const DAILY_KEEP = 7;
export const WEEKLY_KEEP = 4;

/** YYYYMMDD-HHMMSS in UTC. */
export function backupStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export function backupFileName(kind: BackupKind, now: Date, n = 1): string {
  return `keel-${backupStamp(now)}-${kind}${n > 1 ? `-${n}` : ''}.db`;
}

const NAME = /^keel-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(.+)\.db$/;

/** Kind and date of a backup file name, or null for a file that is not a Keel backup. */
export function parseBackupName(name: string): { kind: BackupKind; date: Date } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const rest = m[7] as string;
  let kind: BackupKind;
  if (/^daily(-\d+)?$/.test(rest)) kind = 'daily';
  else if (/^manual(-\d+)?$/.test(rest)) kind = 'manual';
  else if (/^pre-migration(-\d+)?$/.test(rest) || rest.startsWith('before-migration')) kind = 'pre-migration';
  else if (/^pre-restore(-\d+)?$/.test(rest)) kind = 'pre-restore';
  else return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== d || date.getUTCMonth() !== mo - 1) return null;
  return { kind, date };
}

/** The UTC calendar day, YYYY-MM-DD. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** ISO 8601 week of a UTC date, e.g. '2026-W01' (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7; // Monday 1 … Sunday 7
  t.setUTCDate(t.getUTCDate() + 4 - dow); // the Thursday of this week decides the year
  const year = t.getUTCFullYear();
  const week = Math.floor((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO weeks to keep a weekly backup of: the week of `now` and the `count - 1` before it. */
export function recentIsoWeeks(now: Date, count = WEEKLY_KEEP): string[] {
  const weeks: string[] = [];
  for (let i = 0; i < count; i++) weeks.push(isoWeek(new Date(now.getTime() - i * 7 * 86_400_000)));
  return weeks;
}

/**
 * Which backups retention keeps (pure). Input in any order; returns the names to delete.
 * Only 'daily' backups are ever candidates; see the file comment for the rule.
 */
export function backupsToPrune(backups: readonly { name: string; kind: BackupKind; date: Date }[], now: Date): string[] {
  const daily = backups
    .filter((b) => b.kind === 'daily' && b.date.getTime() <= now.getTime())
    .sort((a, b) => b.date.getTime() - a.date.getTime() || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  const days = new Set<string>();
  for (const b of daily) {
    const day = utcDay(b.date);
    if (days.has(day)) continue;
    if (days.size >= DAILY_KEEP) break;
    days.add(day);
    keep.add(b.name);
  }
  const weeks = new Set(recentIsoWeeks(now));
  const seenWeeks = new Set<string>();
  for (const b of daily) {
    const week = isoWeek(b.date);
    if (!weeks.has(week) || seenWeeks.has(week)) continue;
    seenWeeks.add(week);
    keep.add(b.name);
  }
  return daily.filter((b) => !keep.has(b.name)).map((b) => b.name);
}

/** Keel backups in <dataDir>/backups, newest first. A missing folder is an empty list. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    out.push({ file, name, kind: parsed.kind, size: stat.size, date: parsed.date.toISOString() });
  }
  return out.sort((a, b) => (a.date === b.date ? (a.name < b.name ? 1 : -1) : a.date < b.date ? 1 : -1));
}

export interface BackupOptions {
  kind: BackupKind;
  now?: Date;
}

/** An online backup into <dataDir>/backups, verified; returns what was written. */
export function backupNow(db: Db, dataDir: string, options: BackupOptions): BackupInfo {
  const now = options.now ?? new Date();
  const dir = backupsDir(dataDir);
  ensurePrivateDir(dir);
  let n = 1;
  let file = path.join(dir, backupFileName(options.kind, now));
  for (;;) {
    while (fs.existsSync(file)) file = path.join(dir, backupFileName(options.kind, now, ++n));
    try {
      backupTo(db, file);
      break;
    } catch (e) {
      // Another Keel took a backup of the same kind in the same second: take the next name.
      if (!(e instanceof CoreError && e.code === 'CONFLICT' && fs.existsSync(file))) throw e;
    }
  }
  return { file, name: path.basename(file), kind: options.kind, size: fs.statSync(file).size, date: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString() };
}

/** An online backup to a file the user names (`keel backup FILE`); refuses to overwrite. */
export function backupToFile(db: Db, target: string): { file: string; size: number } {
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new CoreError('CONFLICT', `${file} already exists; Keel does not overwrite it.`, { file });
  backupTo(db, file);
  return { file, size: fs.statSync(file).size };
}

/** Deletes the daily backups retention no longer keeps; returns the deleted paths. */
export function pruneBackups(dataDir: string, now: Date = new Date()): string[] {
  const all = listBackups(dataDir);
  const names = backupsToPrune(
    all.map((b) => ({ name: b.name, kind: b.kind, date: new Date(b.date) })),
    now,
  );
  const deleted: string[] = [];
  for (const name of names) {
    const file = path.join(backupsDir(dataDir), name);
    fs.rmSync(file, { force: true });
    deleted.push(file);
  }
  return deleted;
}

/**
 * The launch-time daily backup: takes one unless a daily backup of today's UTC date exists, then prunes.
 * Returns the new backup, or null when one was already taken today.
 */
export function dailyBackupIfDue(db: Db, dataDir: string, now: Date = new Date()): BackupInfo | null {
  const today = utcDay(now);
  if (listBackups(dataDir).some((b) => b.kind === 'daily' && b.date.slice(0, 10) === today)) return null;
  const taken = backupNow(db, dataDir, { kind: 'daily', now });
  pruneBackups(dataDir, now);
  return taken;
}
