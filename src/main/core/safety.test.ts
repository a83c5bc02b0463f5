// Issue 7 at the core: the startup check and recovery state, and the backup / restore / dataset operations,
// driven through the contract exactly as every door drives them.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeelError, Result } from '../../shared/contract.ts';
import { sha256File, tempDir } from '../../../tests/support/tmp.ts';
import { backupsDir, databasePath } from './paths.ts';
import { openCore, type Core } from './index.ts';
import { LATEST_SCHEMA_VERSION } from './db/migrations.ts';
import { KEEL_APPLICATION_ID } from './db/dataset.ts';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

function open(dataDir: string, extra: { seedDemo?: boolean } = {}): Core {
  const core = openCore({ dataDir, door: 'web', ...extra });
  cores.push(core);
  return core;
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function err<T>(r: Result<T>): KeelError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

/** Every file in the data folder whose name starts with keel.db (the database and anything SQLite puts beside it). */
function dbFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('keel.db')).sort();
}

/** A data folder holding a Keel database with a EUR rate of 1.0834 and one manual backup of that state. */
async function folderWithBackup(): Promise<{ dir: string; backup: string }> {
  const dir = tempDir();
  const core = openCore({ dataDir: dir, door: 'cli' });
  ok(await core.api.setFxRate({ currency: 'EUR', rate: '1.0834' }));
  const backup = ok(await core.api.backupNow({}));
  core.close();
  return { dir, backup: backup.name };
}

const eurRate = async (core: Core) => ok(await core.api.listFxRates({})).rates.find((r) => r.currency === 'EUR')?.rate ?? null;

describe('startup check', () => {
  it('a healthy launch reports ok and takes the daily backup (not on the launch that created the database)', async () => {
    const dir = tempDir();
    const first = open(dir);
    expect(ok(await first.api.getAppInfo({})).health).toMatchObject({ state: 'ok' });
    expect(ok(await first.api.listBackups({})).backups).toEqual([]);
    first.close();
    const second = open(dir);
    const list = ok(await second.api.listBackups({}));
    expect(list.folder).toBe(backupsDir(dir));
    expect(list.backups.map((b) => b.kind)).toEqual(['daily']);
    second.close();
    open(dir); // a daily backup of today exists: no second one
    expect(fs.readdirSync(backupsDir(dir))).toHaveLength(1);
  });

  it.each([
    ['truncated', (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2) + 100)],
    ['not-sqlite', (file: string) => fs.writeFileSync(file, crypto.randomBytes(48 * 1024))],
    [
      'corrupt',
      (file: string) => {
        const buf = fs.readFileSync(file);
        crypto.randomFillSync(buf, 4096, buf.length - 4096);
        fs.writeFileSync(file, buf);
      },
    ],
  ] as const)('a %s file opens the recovery state; the file stays byte-identical; backups and restore work', async (state, damage) => {
    const { dir, backup } = await folderWithBackup();
    const file = databasePath(dir);
    damage(file);
    const before = sha256File(file);
    const filesBefore = dbFiles(dir);

    const core = open(dir);
    const info = ok(await core.api.getAppInfo({}));
    expect(info.health).toEqual({ state, detail: expect.any(String), newestGoodBackup: backup });
    expect(info.databasePath).toBe(file);
    // Data operations answer DB_CORRUPT; nothing that writes reaches the file.
    const answers: Result<unknown>[] = [
      await core.api.getHouseholdSummary({}),
      await core.api.listFxRates({}),
      await core.api.clearDemo({}),
      await core.api.backupNow({}),
      await core.api.exportDataset({}),
    ];
    for (const r of answers) {
      expect(err(r).code).toBe('DB_CORRUPT');
    }
    expect(() => core.db).toThrow(/damaged/);
    expect(ok(await core.api.listBackups({})).backups.map((b) => b.name)).toEqual([backup]);
    expect(sha256File(file)).toBe(before);
    // Nothing is written beside it either, except what SQLite needs to read a WAL-mode file read-only: an empty
    // -wal and a -shm index (no data; a restore moves them aside with the damaged file).
    for (const extra of dbFiles(dir).filter((f) => !filesBefore.includes(f))) {
      expect(extra === 'keel.db-shm' || (extra === 'keel.db-wal' && fs.statSync(path.join(dir, extra)).size === 0), extra).toBe(true);
    }

    // Restore by name, in the same process: the core leaves recovery.
    const restored = ok(await core.api.restoreBackup({ name: backup }));
    expect(restored).toMatchObject({ restored: backup, safetyBackup: null, health: { state: 'ok' } });
    expect(ok(await core.api.getAppInfo({})).health.state).toBe('ok');
    expect(await eurRate(core)).toBe('1.0834');
    // The damaged file was kept, byte for byte, beside the restored one.
    expect(restored.replaced).toMatch(/keel\.db\.replaced-/);
    expect(sha256File(restored.replaced as string)).toBe(before);
  });

  it('an empty file is "truncated", not a new database: the user is asked, nothing is created over it', async () => {
    const { dir } = await folderWithBackup();
    fs.writeFileSync(databasePath(dir), '');
    const core = open(dir);
    expect(ok(await core.api.getAppInfo({})).health.state).toBe('truncated');
    expect(fs.statSync(databasePath(dir)).size).toBe(0);
  });

  it('without a good backup the recovery state says so, and a damaged backup is not offered', async () => {
    const { dir, backup } = await folderWithBackup();
    fs.truncateSync(path.join(backupsDir(dir), backup), 3000);
    fs.writeFileSync(databasePath(dir), crypto.randomBytes(10_000));
    const core = open(dir);
    expect(ok(await core.api.getAppInfo({})).health).toMatchObject({ state: 'not-sqlite', newestGoodBackup: null });
    expect(err(await core.api.restoreBackup({ name: backup })).code).toBe('DB_CORRUPT');
    expect(ok(await core.api.getAppInfo({})).health.state).toBe('not-sqlite');
  });

  it('a database from a newer Keel is still refused with DB_TOO_NEW and left byte-identical', () => {
    const dir = tempDir();
    openCore({ dataDir: dir, door: 'cli' }).close();
    const db = new Database(databasePath(dir));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const before = sha256File(databasePath(dir));
    expect(() => openCore({ dataDir: dir, door: 'web' })).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    expect(sha256File(databasePath(dir))).toBe(before);
  });
});

describe('backup and restore operations', () => {
  it('round trip: back up, change, restore by name; the replaced state is backed up first and can be restored back', async () => {
    const dir = tempDir();
    const core = open(dir);
    ok(await core.api.setFxRate({ currency: 'EUR', rate: '1.0834' }));
    const b = ok(await core.api.backupNow({}));
    expect(b).toMatchObject({ kind: 'manual', name: expect.stringMatching(/^keel-\d{8}-\d{6}-manual\.db$/) });
    expect(b.size).toBeGreaterThan(0);
    ok(await core.api.setFxRate({ currency: 'EUR', rate: '1.2' }));
    ok(await core.api.clearDemo({}));

    const r = ok(await core.api.restoreBackup({ name: b.name }));
    expect(await eurRate(core)).toBe('1.0834');
    expect(ok(await core.api.getHouseholdSummary({})).hasDemo).toBe(true);
    expect(r.safetyBackup).toMatch(/-pre-restore\.db$/);
    const list = ok(await core.api.listBackups({})).backups;
    expect(list.find((x) => x.name === r.safetyBackup)?.kind).toBe('pre-restore');

    ok(await core.api.restoreBackup({ name: r.safetyBackup as string }));
    expect(await eurRate(core)).toBe('1.2');
    expect(ok(await core.api.getHouseholdSummary({})).hasDemo).toBe(false);
  });

  it('restore takes only a name from the list: unknown names and paths are refused, nothing changes', async () => {
    const dir = tempDir();
    const core = open(dir);
    ok(await core.api.setFxRate({ currency: 'EUR', rate: '1.5' }));
    const outside = path.join(tempDir(), 'keel-20260101-000000-manual.db');
    fs.copyFileSync(databasePath(dir), outside);
    for (const name of [outside, '../keel.db', 'keel.db', 'keel-20260101-000000-manual.db/../../keel.db', '']) {
      expect(err(await core.api.restoreBackup({ name })).code).toBe('VALIDATION');
    }
    expect(err(await core.api.restoreBackup({ name: 'keel-20260101-000000-manual.db' })).code).toBe('NOT_FOUND');
    expect(await eurRate(core)).toBe('1.5');
    expect(fs.existsSync(backupsDir(dir)) ? fs.readdirSync(backupsDir(dir)) : []).toEqual([]);
  });

  it('a backup from a newer Keel is refused with DB_TOO_NEW; the database stays open and unchanged', async () => {
    const dir = tempDir();
    const core = open(dir);
    ok(await core.api.setFxRate({ currency: 'EUR', rate: '1.5' }));
    const b = ok(await core.api.backupNow({}));
    const file = path.join(backupsDir(dir), b.name);
    const newer = new Database(file);
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    newer.close();
    const backupBefore = sha256File(file);
    const e = err(await core.api.restoreBackup({ name: b.name }));
    expect(e.code).toBe('DB_TOO_NEW');
    expect(e.message).toContain(b.name);
    expect(sha256File(file)).toBe(backupBefore);
    expect(await eurRate(core)).toBe('1.5');
    expect(ok(await core.api.listBackups({})).backups.map((x) => x.kind)).toEqual(['manual']); // no pre-restore taken
  });

  it('restore is refused (CONFLICT) while another process has the database open, and the core reopens it unchanged', async () => {
    const dir = tempDir();
    const core = open(dir);
    ok(await core.api.setFxRate({ currency: 'EUR', rate: '1.5' }));
    const b = ok(await core.api.backupNow({}));
    ok(await core.api.setFxRate({ currency: 'EUR', rate: '2' }));
    const other = new Database(databasePath(dir));
    other.prepare('SELECT COUNT(*) FROM settings').get();
    try {
      expect(err(await core.api.restoreBackup({ name: b.name })).code).toBe('CONFLICT');
    } finally {
      other.close();
    }
    expect(await eurRate(core)).toBe('2');
    expect(ok(await core.api.getAppInfo({})).health.state).toBe('ok');
  });

  it('backups taken through the core while another process imports are whole: integrity_check ok, every batch complete', async () => {
    const dir = tempDir();
    openCore({ dataDir: dir, door: 'cli', seedDemo: false }).close();
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../../tests/support/kill-child.ts'), dir, '7'], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let done = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (done += (d.toString().match(/^DONE /gm) ?? []).length));
    const core = open(dir, { seedDemo: false });
    const taken: string[] = [];
    try {
      const deadline = Date.now() + 60_000;
      // Take backups while the child writes, until 6 were taken after its first commit and it has committed more since.
      let sinceFirst = 0;
      let doneAtLast = 0;
      while (sinceFirst < 6 || done <= doneAtLast) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`child stopped or too slow (${done} imports): ${stderr}`);
        const doneBefore = done;
        const b = ok(await core.api.backupNow({}));
        taken.push(path.join(backupsDir(dir), b.name));
        if (doneBefore > 0) sinceFirst++;
        if (sinceFirst === 6) doneAtLast = doneBefore;
        await new Promise((r) => setTimeout(r, 15));
      }
    } finally {
      child.kill('SIGKILL');
    }
    let lastBatches = -1;
    for (const file of taken) {
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const batches = db.prepare('SELECT id, kind, counts FROM import_batches').all() as { id: number; kind: string; counts: string }[];
        for (const b of batches) {
          const counts = JSON.parse(b.counts) as { positions: number; transactions: number };
          const rows =
            b.kind === 'positions'
              ? db.prepare('SELECT COUNT(*) FROM positions p JOIN snapshots s ON s.id = p.snapshot_id WHERE s.batch_id = ?').pluck().get(b.id)
              : db.prepare('SELECT COUNT(*) FROM transactions WHERE batch_id = ?').pluck().get(b.id);
          expect(rows, `batch ${b.id} in ${path.basename(file)}`).toBe(b.kind === 'positions' ? counts.positions : counts.transactions);
        }
        expect(batches.length).toBeGreaterThanOrEqual(lastBatches); // later backups never hold less
        lastBatches = batches.length;
      } finally {
        db.close();
      }
    }
    expect(lastBatches).toBeGreaterThan(0);
  }, 90_000);
});

/** Sends a file through startDatasetUpload / appendDatasetUpload in base64 chunks of `chunkBytes`. */
async function upload(core: Core, file: string, chunkBytes = 3 * 1024): Promise<string> {
  const bytes = fs.readFileSync(file);
  const { uploadId } = ok(await core.api.startDatasetUpload({ name: path.basename(file), size: bytes.length }));
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    ok(await core.api.appendDatasetUpload({ uploadId, chunk: bytes.subarray(at, at + chunkBytes).toString('base64') }));
  }
  return uploadId;
}

describe('dataset export and import', () => {
  it('export on one machine, import on another: the data arrives, the replaced database is backed up and kept', async () => {
    const a = open(tempDir());
    ok(await a.api.setFxRate({ currency: 'EUR', rate: '1.0834' }));
    ok(await a.api.setFxRate({ currency: 'GBP', rate: '1.2712' }));
    const exported = ok(await a.api.exportDataset({}));
    expect(exported.name).toMatch(/^keel-export-\d{8}-\d{6}\.keel$/);
    expect(fs.statSync(exported.file).size).toBe(exported.size);
    expect(a.exportFile(exported.name)).toBe(exported.file);
    // The header carries Keel's mark; the file is one self-contained SQLite database.
    const header = Buffer.alloc(100);
    const fd = fs.openSync(exported.file, 'r');
    fs.readSync(fd, header, 0, 100, 0);
    fs.closeSync(fd);
    expect(header.readUInt32BE(68)).toBe(KEEL_APPLICATION_ID);
    expect(fs.existsSync(exported.file + '-wal')).toBe(false);

    const bDir = tempDir();
    const b = open(bDir);
    ok(await b.api.clearDemo({}));
    ok(await b.api.setFxRate({ currency: 'EUR', rate: '9' }));
    const r = ok(await b.api.importDataset({ uploadId: await upload(b, exported.file) }));
    expect(r).toMatchObject({ restored: exported.name, health: { state: 'ok' }, safetyBackup: expect.stringMatching(/pre-restore/) });
    const rates = ok(await b.api.listFxRates({})).rates.map((x) => [x.currency, x.rate]);
    expect(rates).toEqual(expect.arrayContaining([['EUR', '1.0834'], ['GBP', '1.2712']]));
    expect(ok(await b.api.getHouseholdSummary({})).hasDemo).toBe(true);
    // The uploaded copy is gone; B's previous database is in the backups list.
    expect(fs.readdirSync(path.join(bDir, 'tmp', 'datasets')).flatMap((d) => fs.readdirSync(path.join(bDir, 'tmp', 'datasets', d)))).toEqual([]);
    ok(await b.api.restoreBackup({ name: r.safetyBackup as string }));
    expect(await eurRate(b)).toBe('9');
  });

  it('import refuses a file that is not a Keel dataset (a plain backup, random bytes, a truncated export) and changes nothing', async () => {
    const a = open(tempDir());
    const exported = ok(await a.api.exportDataset({}));
    const plainBackup = path.join(backupsDir(a.info.dataDir), ok(await a.api.backupNow({})).name);
    const junk = path.join(tempDir(), 'junk.keel');
    fs.writeFileSync(junk, crypto.randomBytes(8192));
    const cut = path.join(tempDir(), 'cut.keel');
    fs.writeFileSync(cut, fs.readFileSync(exported.file).subarray(0, 4096 + 1000));

    const dir = tempDir();
    const b = open(dir);
    ok(await b.api.setFxRate({ currency: 'EUR', rate: '3' }));
    const before = (await eurRate(b)) as string;
    for (const file of [plainBackup, junk, cut]) {
      const e = err(await b.api.importDataset({ uploadId: await upload(b, file) }));
      expect(e.code, path.basename(file)).toBe('DB_CORRUPT');
      expect(e.message).toContain(path.basename(file));
    }
    expect(await eurRate(b)).toBe(before);
    expect(fs.existsSync(backupsDir(dir)) ? fs.readdirSync(backupsDir(dir)) : []).toEqual([]);
  });

  it('uploads: an unfinished upload is not imported; more bytes than announced discard it; bad base64 is VALIDATION', async () => {
    const dir = tempDir();
    // A folder a crashed Keel left two days ago is removed; a fresh one (another running Keel's) is not.
    const stale = path.join(dir, 'tmp', 'datasets', 'session-old');
    const fresh = path.join(dir, 'tmp', 'datasets', 'session-live');
    fs.mkdirSync(stale, { recursive: true });
    fs.mkdirSync(fresh, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    fs.utimesSync(stale, twoDaysAgo, twoDaysAgo);
    const core = open(dir);
    const exported = ok(await core.api.exportDataset({}));
    const bytes = fs.readFileSync(exported.file);
    const { uploadId } = ok(await core.api.startDatasetUpload({ name: 'x.keel', size: bytes.length }));
    ok(await core.api.appendDatasetUpload({ uploadId, chunk: bytes.subarray(0, 3000).toString('base64') }));
    expect(err(await core.api.importDataset({ uploadId })).message).toMatch(/only 3000 of/);

    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    const small = ok(await core.api.startDatasetUpload({ name: 'y.keel', size: 3 }));
    expect(err(await core.api.appendDatasetUpload({ uploadId: small.uploadId, chunk: 'AAAAAAAA' })).code).toBe('VALIDATION');
    expect(err(await core.api.importDataset({ uploadId: small.uploadId })).code).toBe('NOT_FOUND');
    expect(err(await core.api.appendDatasetUpload({ uploadId, chunk: 'not base64!' })).code).toBe('VALIDATION');
    expect(core.exportFile('../keel.db')).toBeNull();
    expect(core.exportFile('keel-export-20990101-000000.keel')).toBeNull();
  });

  it('a dataset import is a way out of the recovery state too', async () => {
    const a = open(tempDir());
    ok(await a.api.setFxRate({ currency: 'EUR', rate: '1.0834' }));
    const exported = ok(await a.api.exportDataset({}));
    const dir = tempDir();
    openCore({ dataDir: dir, door: 'cli' }).close();
    fs.writeFileSync(databasePath(dir), crypto.randomBytes(20_000));
    const damaged = sha256File(databasePath(dir));
    const b = open(dir);
    expect(ok(await b.api.getAppInfo({})).health.state).toBe('not-sqlite');
    const r = ok(await b.api.importDataset({ uploadId: await upload(b, exported.file, 64 * 1024) }));
    expect(r.health.state).toBe('ok');
    expect(await eurRate(b)).toBe('1.0834');
    expect(sha256File(r.replaced as string)).toBe(damaged);
  });
});
