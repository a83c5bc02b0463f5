// Issue 12 item 9 (files): import-dataset and restore accept regular files only (a FIFO used to block them forever);
// a backup is written under a temporary name and renamed only when verified, so a killed `keel backup` leaves
// nothing `keel backups` lists; temporaries (and upload folders) a dead Keel left behind are removed at start,
// another running Keel's are kept.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../../tests/support/tmp.ts';
import { openCore, type Core } from '../index.ts';
import { backupsDir, databasePath } from '../paths.ts';
import { listBackups } from './backup.ts';
import { vetBackup } from './restore.ts';
import { pidAlive } from './temp-files.ts';
import { runCli as run } from '../../../../tests/support/run-cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const KEEL = path.join(ROOT, 'bin', 'keel.mjs');
const DEAD_PID = 99_999_999; // above every platform's pid limit: never a running process

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

describe.skipIf(process.platform === 'win32')('regular files only', () => {
  it.each([['import-dataset'], ['restore']])('keel %s FIFO exits 1 at once saying it is not a regular file; keel.db unchanged', async (command) => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    const fifo = path.join(tempDir(), 'dataset.keel');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const before = sha256File(databasePath(dir));
    // The timeout is only the safety net that ends a hanging command (as it hung before); the assertions are on the exit.
    const r = spawnSync(process.execPath, [KEEL, '--data-dir', dir, command, fifo], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not a regular file \(it is a named pipe\); nothing was changed/);
    expect(r.stderr).toContain('dataset.keel');
    expect(sha256File(databasePath(dir))).toBe(before);
  }, 60_000);

  it('a folder is refused the same way', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    const folder = tempDir();
    const r = await run(['--data-dir', dir, 'restore', folder]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${folder} is not a regular file (it is a folder)`);
  });
});

describe('backups under a temporary name', () => {
  it('keel backup SIGKILLed while it writes leaves nothing keel backups lists; the next start removes what it left', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    // About 40 MB, so the copy takes long enough for the kill to land while it is being written.
    const db = new Database(databasePath(dir));
    db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80000) INSERT INTO settings (key, value) SELECT 'k' || i, hex(randomblob(250)) FROM n");
    db.close();
    const backups = backupsDir(dir);
    fs.mkdirSync(backups, { mode: 0o700 });

    const child = spawn(process.execPath, [KEEL, '--data-dir', dir, 'backup'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Killed the moment the first file appears in the backups folder: the backup has begun and not finished.
    const watcher = fs.watch(backups, (_event, name) => {
      if (name && fs.existsSync(path.join(backups, name))) child.kill('SIGKILL');
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(guard);
    watcher.close();
    expect({ code, signal, stderr }).toMatchObject({ code: null, signal: 'SIGKILL' });
    const left = fs.readdirSync(backups);
    expect(left.length).toBeGreaterThan(0); // the kill landed mid-backup

    // Whatever is listed is a whole, verified backup (nothing is, here); the leftover is a temporary.
    const listed = JSON.parse((await run(['--data-dir', dir, 'backups', '--json'])).out) as { file: string }[];
    for (const b of listed) expect(() => vetBackup(b.file)).not.toThrow();
    expect(listed).toEqual([]);
    expect(left.filter((name) => !/^\.keel-\d{8}-\d{6}-manual\.db\.tmp-\d+(-journal)?$/.test(name))).toEqual([]);

    // The next start (any command that opens the data folder) removes it: its writer is dead. (That start takes
    // the day's backup: the folder then holds exactly the listed backups, each whole.)
    expect((await run(['--data-dir', dir, 'summary'])).code).toBe(0);
    expect(fs.readdirSync(backups)).toEqual(listBackups(dir).map((b) => b.name));
    expect(listBackups(dir).map((b) => b.kind)).toEqual(['daily']);
    for (const b of listBackups(dir)) expect(vetBackup(b.file)).toBeGreaterThan(0);
  }, 120_000);

  it('a backup writes no other name than its own: after backups by the core the folder holds exactly what is listed', async () => {
    const dir = tempDir();
    const core = openCore({ dataDir: dir, door: 'cli' });
    cores.push(core);
    for (let i = 0; i < 3; i++) {
      const r = await core.api.backupNow({});
      expect(r.ok).toBe(true);
    }
    expect(fs.readdirSync(backupsDir(dir)).sort()).toEqual(listBackups(dir).map((b) => b.name).sort());
  });
});

describe('stale temporaries', () => {
  it('at start, temporaries whose writer is dead are removed; a running writer\'s are kept; nothing else is touched', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    await run(['--data-dir', dir, 'export', path.join(tempDir(), 'x.keel')]);
    const live = process.ppid; // a running process that is not this one
    expect(pidAlive(live)).toBe(true);
    expect(pidAlive(DEAD_PID)).toBe(false);
    const exportsDir = path.join(dir, 'exports');
    fs.mkdirSync(exportsDir, { recursive: true });
    fs.mkdirSync(backupsDir(dir), { recursive: true });
    const stale = [
      path.join(dir, `keel.db.restore-${DEAD_PID}.tmp`),
      path.join(dir, `keel.db.restore-${DEAD_PID}.tmp-journal`),
      path.join(dir, `keel.db.restore-${DEAD_PID}.tmp-source`),
      path.join(backupsDir(dir), `.keel-20260101-000000-manual.db.tmp-${DEAD_PID}`),
      path.join(exportsDir, `keel-export-20260101-000000.keel.export-${DEAD_PID}.tmp`),
    ];
    const kept = [
      path.join(dir, `keel.db.restore-${live}.tmp`),
      path.join(backupsDir(dir), `.keel-20260101-000000-daily.db.tmp-${live}`),
      path.join(exportsDir, `keel-export-20260101-000000.keel.export-${live}.tmp`),
      path.join(dir, 'notes.txt'),
      path.join(dir, `restore-${DEAD_PID}.tmp`),
    ];
    // Upload folders of a Keel that is gone, and of one still running.
    const uploads = path.join(dir, 'tmp', 'uploads');
    const datasets = path.join(dir, 'tmp', 'datasets');
    const staleFolders = [path.join(uploads, `session-${DEAD_PID}-aB3xYz`), path.join(datasets, `session-${DEAD_PID}-q1W2e3`)];
    const liveFolders = [path.join(uploads, `session-${live}-aB3xYz`), path.join(datasets, `session-${live}-q1W2e3`)];
    for (const d of [...staleFolders, ...liveFolders]) {
      fs.mkdirSync(d, { recursive: true });
      stale.push(...(staleFolders.includes(d) ? [path.join(d, 'upload')] : []));
      kept.push(...(liveFolders.includes(d) ? [path.join(d, 'upload')] : []));
    }
    for (const f of [...stale, ...kept]) fs.writeFileSync(f, 'partial');
    expect(listBackups(dir)).toEqual([]); // a temporary is never listed

    cores.push(openCore({ dataDir: dir, door: 'web', dailyBackup: false }));
    expect([...stale, ...staleFolders].filter((f) => fs.existsSync(f))).toEqual([]);
    expect(kept.filter((f) => !fs.existsSync(f))).toEqual([]);
  });

  it('the recovery state cleans up too (a damaged keel.db never blocks it)', () => {
    const dir = tempDir();
    fs.writeFileSync(databasePath(dir), 'not a database');
    const leftover = path.join(dir, `keel.db.restore-${DEAD_PID}.tmp`);
    fs.writeFileSync(leftover, 'partial');
    const core = openCore({ dataDir: dir, door: 'web' });
    cores.push(core);
    expect(core.health.state).toBe('not-sqlite');
    expect(fs.existsSync(leftover)).toBe(false);
  });
});
