import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { backupsDir } from '../paths.ts';
import {
  backupFileName,
  backupNow,
  backupsToPrune,
  dailyBackupIfDue,
  isoWeek,
  listBackups,
  parseBackupName,
  pruneBackups,
  recentIsoWeeks,
  type BackupKind,
} from './backup.ts';
import { openDatabase } from './open.ts';

const at = (iso: string) => new Date(iso);
const require_ = createRequire(import.meta.url).resolve;

describe('backup date logic', () => {
  it('ISO weeks on year boundaries', () => {
    expect(isoWeek(at('2026-01-01T12:00:00Z'))).toBe('2026-W01'); // Thursday
    expect(isoWeek(at('2025-12-29T00:00:00Z'))).toBe('2026-W01'); // Monday of week 1 of 2026
    expect(isoWeek(at('2025-12-28T23:59:59Z'))).toBe('2025-W52'); // Sunday before
    expect(isoWeek(at('2027-01-01T00:00:00Z'))).toBe('2026-W53'); // Friday: 2026 has 53 weeks
    expect(isoWeek(at('2027-01-03T00:00:00Z'))).toBe('2026-W53'); // Sunday
    expect(isoWeek(at('2027-01-04T00:00:00Z'))).toBe('2027-W01'); // Monday
    expect(isoWeek(at('2021-01-03T00:00:00Z'))).toBe('2020-W53');
    expect(isoWeek(at('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    expect(isoWeek(at('2024-02-29T00:00:00Z'))).toBe('2024-W09');
  });

  it('the last 4 ISO weeks count back from now', () => {
    expect(recentIsoWeeks(at('2026-01-05T08:00:00Z'))).toEqual(['2026-W02', '2026-W01', '2025-W52', '2025-W51']);
    expect(recentIsoWeeks(at('2026-01-04T23:59:59Z'))).toEqual(['2026-W01', '2025-W52', '2025-W51', '2025-W50']);
  });

  it('file names round-trip, including open.ts pre-migration names; others are ignored', () => {
    const now = at('2026-03-09T07:05:03.999Z');
    for (const kind of ['manual', 'daily', 'pre-migration'] as BackupKind[]) {
      expect(backupFileName(kind, now)).toBe(`keel-20260309-070503-${kind}.db`);
      expect(parseBackupName(backupFileName(kind, now, 2))).toEqual({ kind, date: at('2026-03-09T07:05:03Z') });
    }
    expect(parseBackupName('keel-20260309-070503-before-migration-v2-to-v3.db')?.kind).toBe('pre-migration');
    expect(parseBackupName('keel-20260230-070503-daily.db')).toBeNull(); // 30 February
    expect(parseBackupName('keel.db')).toBeNull();
    expect(parseBackupName('keel-20260309-070503-other.db')).toBeNull();
  });

  it('retention on a synthetic calendar: 7 daily + newest of each of the last 4 ISO weeks, never manual or pre-migration', () => {
    // A daily backup every day from 2025-11-01 to 2026-01-05 (a Monday), two on 2026-01-03, plus manual and
    // pre-migration ones long ago.
    const backups: { name: string; kind: BackupKind; date: Date }[] = [];
    for (let t = Date.UTC(2025, 10, 1, 9); t <= Date.UTC(2026, 0, 5, 9); t += 86_400_000) {
      const date = new Date(t);
      backups.push({ name: backupFileName('daily', date), kind: 'daily', date });
    }
    const extra = at('2026-01-03T21:00:00Z');
    backups.push({ name: backupFileName('daily', extra), kind: 'daily', date: extra });
    const old = at('2025-01-01T00:00:00Z');
    backups.push({ name: backupFileName('manual', old), kind: 'manual', date: old });
    backups.push({ name: backupFileName('pre-migration', old), kind: 'pre-migration', date: old });
    const future = at('2026-02-01T00:00:00Z');
    backups.push({ name: backupFileName('daily', future), kind: 'daily', date: future });

    const now = at('2026-01-05T10:00:00Z');
    const pruned = new Set(backupsToPrune(backups, now));
    const kept = backups.filter((b) => !pruned.has(b.name)).map((b) => b.name).sort();
    expect(kept).toEqual(
      [
        'keel-20250101-000000-manual.db',
        'keel-20250101-000000-pre-migration.db',
        // weekly: newest of 2025-W51 (Sun 21 Dec), 2025-W50 is out of range
        'keel-20251221-090000-daily.db',
        // weekly: newest of 2025-W52 (Sun 28 Dec)
        'keel-20251228-090000-daily.db',
        // 7 daily: 30 Dec … 5 Jan, the later of the two on 3 Jan; W01's newest (4 Jan) and W02's (5 Jan) among them
        'keel-20251230-090000-daily.db',
        'keel-20251231-090000-daily.db',
        'keel-20260101-090000-daily.db',
        'keel-20260102-090000-daily.db',
        'keel-20260103-210000-daily.db',
        'keel-20260104-090000-daily.db',
        'keel-20260105-090000-daily.db',
        // dated after now: kept
        'keel-20260201-000000-daily.db',
      ].sort(),
    );
    // Idempotent: pruning the kept set again deletes nothing.
    expect(backupsToPrune(backups.filter((b) => !pruned.has(b.name)), now)).toEqual([]);
  });

  it('with gaps, the 7 most recent days that have a backup are kept', () => {
    const days = ['2026-01-01', '2026-01-20', '2026-02-10', '2026-02-11', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];
    const backups = days.map((d) => ({ name: `keel-${d.replace(/-/g, '')}-120000-daily.db`, kind: 'daily' as const, date: at(`${d}T12:00:00Z`) }));
    expect(backupsToPrune(backups, at('2026-06-01T00:00:00Z'))).toEqual(['keel-20260101-120000-daily.db']);
  });
});

describe('backupNow / listBackups / pruneBackups / dailyBackupIfDue', () => {
  it('writes a verified online backup, lists newest first, one daily per UTC day, prunes only dailies', () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    db.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'x')").run();
    const m = backupNow(db, dir, { kind: 'manual', now: at('2026-01-01T00:00:00Z') });
    const m2 = backupNow(db, dir, { kind: 'manual', now: at('2026-01-01T00:00:00Z') });
    expect(m.name).toBe('keel-20260101-000000-manual.db');
    expect(m2.name).toBe('keel-20260101-000000-manual-2.db');
    const copy = new Database(m.file, { readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'probe'").pluck().get()).toBe('x');
    copy.close();

    expect(dailyBackupIfDue(db, dir, at('2026-01-10T08:00:00Z'))?.name).toBe('keel-20260110-080000-daily.db');
    expect(dailyBackupIfDue(db, dir, at('2026-01-10T23:59:59Z'))).toBeNull();
    for (let d = 11; d <= 40; d++) dailyBackupIfDue(db, dir, new Date(Date.UTC(2026, 0, d, 8)));
    const list = listBackups(dir);
    expect(list.map((b) => b.date)).toEqual([...list.map((b) => b.date)].sort().reverse());
    expect(list.filter((b) => b.kind === 'manual')).toHaveLength(2);
    const dailies = list.filter((b) => b.kind === 'daily');
    // now = 9 Feb (Mon, W07): 7 days 3–9 Feb, plus newest of W06 (8 Feb, already), W05 (1 Feb), W04 (25 Jan)
    expect(dailies.map((b) => b.date.slice(0, 10))).toEqual([
      '2026-02-09', '2026-02-08', '2026-02-07', '2026-02-06', '2026-02-05', '2026-02-04', '2026-02-03', '2026-02-01', '2026-01-25',
    ]);
    expect(list.every((b) => b.size > 0)).toBe(true);
    fs.writeFileSync(path.join(backupsDir(dir), 'notes.txt'), 'not a backup');
    expect(pruneBackups(dir, at('2026-02-09T09:00:00Z'))).toEqual([]);
    expect(fs.existsSync(path.join(backupsDir(dir), 'notes.txt'))).toBe(true);
    db.close();
  });

  it('backup during concurrent writes from a second connection passes integrity_check and is a consistent state', async () => {
    const dir = tempDir();
    const opened = openDatabase({ dataDir: dir });
    const { db } = opened;
    db.exec('CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)');
    // Invariant: every committed transaction inserts +n and -n, so SUM(amount) = 0 and COUNT is even.
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(
      `const Database = require(${JSON.stringify(require_('better-sqlite3'))});
       const { parentPort } = require('node:worker_threads');
       const db = new Database(${JSON.stringify(opened.path)});
       db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000');
       const ins = db.prepare('INSERT INTO ledger (amount) VALUES (?)');
       const tx = db.transaction((n) => { ins.run(n); ins.run(-n); });
       let stop = false, n = 0;
       parentPort.on('message', () => { stop = true; });
       parentPort.postMessage('started');
       (function loop() { for (let i = 0; i < 50 && !stop; i++) tx(++n); if (stop) { db.close(); parentPort.postMessage(n); } else setImmediate(loop); })();`,
      { eval: true },
    );
    await new Promise((r) => worker.once('message', r));
    const backups = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 30));
      backups.push(backupNow(db, dir, { kind: 'manual', now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }));
    }
    worker.postMessage('stop');
    const written = (await new Promise((r) => worker.once('message', r))) as number;
    expect(written).toBeGreaterThan(0);
    const counts: number[] = [];
    for (const b of backups) {
      const c = new Database(b.file, { readonly: true });
      expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
      const { n, s } = c.prepare('SELECT COUNT(*) AS n, TOTAL(amount) AS s FROM ledger').get() as { n: number; s: number };
      expect(n % 2).toBe(0);
      expect(s).toBe(0);
      counts.push(n);
      c.close();
    }
    expect(counts.at(-1)).toBeGreaterThan(0);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts); // later backups never hold less
    db.close();
  });
});
