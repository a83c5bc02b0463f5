// Criterion 28 (issue 12 item 10): nothing fails with "database is locked". A writer that finds the database
// held by another (an import's long transaction) waits without blocking the event loop, says what it waits for
// after 2 s, and succeeds once the other is done; past the deadline it gets BUSY naming the holder. The holder
// here is a second connection in a write transaction that has left the note an import leaves (lock.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { WarmCli } from '../../../../tests/support/warm-cli.ts';
import { openCore, type Core } from '../index.ts';
import { databasePath } from '../paths.ts';
import { beginWriteSync, connect, leaveNote, lockTiming, type LockTiming } from './lock.ts';
import { batchesIn, historyCsv, positionsCsv } from '../../../../tests/support/race-fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const defaults: LockTiming = { ...lockTiming };
const cores: Core[] = [];
afterEach(() => {
  Object.assign(lockTiming, defaults);
  for (const c of cores.splice(0)) c.close();
});

/** A data folder with a Keel database, and the core the web door would open on it. */
function core(onWaiting?: (m: string) => void): { dir: string; core: Core } {
  const dir = tempDir();
  const c = openCore({ dataDir: dir, door: 'web', seedDemo: false, dailyBackup: false, ...(onWaiting ? { onWaiting } : {}) });
  cores.push(c);
  return { dir, core: c };
}

/** Another connection holding the write lock the way an import of `name` does; `end` commits and lets go. */
function holdLikeAnImport(dir: string, name: string): { end: () => void } {
  const file = databasePath(dir);
  const db = connect(file);
  beginWriteSync(db);
  db.prepare("INSERT INTO settings (key, value) VALUES ('held-by', ?)").run(name);
  const release = leaveNote(file, `the import of ${name}`);
  return {
    end: () => {
      release();
      db.exec('COMMIT');
      db.close();
    },
  };
}

const eur = { currency: 'EUR', rate: '1.0834' };

describe('a write while another connection holds a long write transaction', () => {
  it('waits without blocking the event loop, says what it waits for, and succeeds once the holder commits', async () => {
    lockTiming.reportAfterMs = 0; // the message, without waiting 2 s for it
    let said: (m: string) => void = () => {};
    const waiting = new Promise<string>((resolve) => (said = resolve));
    const { dir, core: c } = core((m) => said(m));
    const holder = holdLikeAnImport(dir, 'Positions.csv');
    const answer = c.dispatch('setFxRate', eur);
    // The dispatcher has not answered (no "database is locked"): it waits, and said so.
    const first = await Promise.race([waiting, answer.then((r: Result<unknown>) => `answered: ${JSON.stringify(r)}`)]);
    expect(first).toMatch(/^Waiting for the import of Positions\.csv to finish \(process \d+, since \d\d:\d\d:\d\d UTC\)…$/);
    // Reads do not wait for the writer (WAL): the app stays usable meanwhile.
    expect((await c.dispatch('listFxRates', {})).ok).toBe(true);
    holder.end();
    const r = await answer;
    expect(r).toMatchObject({ ok: true, value: { currency: 'EUR', rate: '1.0834' } });
    expect(fs.existsSync(`${databasePath(dir)}.writer`)).toBe(false);
  });

  it('past the deadline: BUSY, naming what holds the database, and nothing written', async () => {
    lockTiming.deadlineMs = 50;
    const { dir, core: c } = core();
    const holder = holdLikeAnImport(dir, 'History.csv');
    const r = await c.dispatch('setFxRate', eur);
    holder.end();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BUSY');
    expect(r.error.message).toContain('is busy: the import of History.csv (process ');
    expect(r.error.message).toContain('nothing was written');
    expect(r.error.message).not.toMatch(/database is locked/);
    expect((await c.dispatch('listFxRates', {})).ok && (await c.api.listFxRates({}))).toMatchObject({ ok: true });
    const rates = await c.api.listFxRates({});
    expect(rates.ok && rates.value.rates.some((x) => x.currency === 'EUR')).toBe(false);
  });

  it('no read operation waits for the writer or fails while it holds the database', async () => {
    lockTiming.deadlineMs = 50; // a read that wrongly waited would fail with BUSY
    const { dir, core: c } = core();
    const holder = holdLikeAnImport(dir, 'Positions.csv');
    const reads = ['getAppInfo', 'getHouseholdSummary', 'listImportBatches', 'getAllocation', 'getAllocationHistory', 'listSleeves', 'listModels', 'listClassifications', 'listAccountMenus', 'listFxRates', 'listBackups', 'listPlans'];
    const failed: string[] = [];
    for (const op of reads) {
      const r = await c.dispatch(op, {});
      if (!r.ok) failed.push(`${op}: ${r.error.code} ${r.error.message}`);
    }
    holder.end();
    expect(failed).toEqual([]);
  });
});

describe("the web door's own import", () => {
  it('a save made while it commits a big history waits for it instead of failing, and both land', async () => {
    const { dir, core: c } = core();
    const ok = <T>(r: Result<T>): T => {
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value;
    };
    const name = 'Individual_XXX303_Transactions_20260309-115444.csv';
    const text = historyCsv(150_000, 'W');
    const { uploadId } = ok(await c.api.startImportUpload({ name, size: Buffer.byteLength(text) }));
    for (let at = 0; at < text.length; at += 8 << 20) ok(await c.api.appendImportUpload({ uploadId, chunk: text.slice(at, at + (8 << 20)) }));
    const job = async () => ok(await c.api.getImportJob({ jobId }));
    const until = async (done: (j: Awaited<ReturnType<typeof job>>) => boolean) => {
      for (let j = await job(); !done(j); j = await job()) await new Promise((r) => setTimeout(r, 5));
    };
    const { jobId } = ok(await c.api.previewImport({ uploadIds: [uploadId] }));
    await until((j) => j.state !== 'running');
    ok(await c.api.commitImport({ jobId }));
    await until((j) => j.state !== 'running' || j.progress.bytesRead > 0); // its transaction is open once it reads
    const importing = (await job()).state === 'running';
    const saved = await c.api.setFxRate(eur);
    await until((j) => j.state !== 'running');
    expect({ importing, saved: saved.ok ? 'ok' : `${saved.error.code}: ${saved.error.message}` }).toEqual({ importing: true, saved: 'ok' });
    expect((await job()).files.map((f) => f.status)).toEqual(['imported']);
    expect(batchesIn(databasePath(dir), name)).toBe(1);
  }, 30_000);
});

/** A data folder with an empty Keel database and a positions file for account `account` in it. */
function folderWithFile(account: string): { dir: string; csv: string } {
  const dir = tempDir();
  openCore({ dataDir: dir, door: 'cli', seedDemo: false, dailyBackup: false }).close();
  const csv = path.join(dir, 'Positions.csv');
  fs.writeFileSync(csv, positionsCsv(account));
  return { dir, csv };
}

/**
 * `keel import csv` (the bin, in a child) while something holds the database: once the child says it waits for
 * `what` (or has exited: then it did not wait, and the caller's expectation fails) `release` lets the holder go.
 */
async function importWhileHeld(dir: string, csv: string, what: string, release: () => void) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/keel.mjs'), '--data-dir', dir, 'import', csv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waiting = `Waiting for ${what} to finish`;
  await new Promise<void>((resolve) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.includes(waiting)) resolve();
    });
    void exited.then(() => resolve());
  });
  const saidSoWhileWaiting = child.exitCode === null;
  release();
  const code = await exited;
  expect({ code, saidSoWhileWaiting, stderr: stderr.replace(/\(process \d+, since [\d:]+ UTC\)/, '(…)').trim() }).toEqual({
    code: 0,
    saidSoWhileWaiting: true,
    stderr: `keel: ${waiting} (…)…`,
  });
  expect(stdout).toMatch(/imported/i);
  expect(batchesIn(databasePath(dir), 'Positions.csv')).toBe(1);
}

describe('keel import while another import holds the database', () => {
  it('waits, says "Waiting for the import of … to finish" on stderr, and lands once the other is done', async () => {
    const { dir, csv } = folderWithFile('XXXX-5678');
    const holder = holdLikeAnImport(dir, 'Big history.csv');
    await importWhileHeld(dir, csv, 'the import of Big history.csv', () => holder.end());
  }, 30_000);
});

describe('keel import while a restore holds the database', () => {
  it('waits (saying "Waiting for the restore of … to finish"), then imports once the restore lets go', async () => {
    const { dir, csv } = folderWithFile('XXXX-9012');
    // What restore.ts holds while it copies: out of WAL, an exclusive lock kept in EXCLUSIVE locking mode, its note.
    const file = databasePath(dir);
    const hold = new Database(file, { timeout: 0 });
    hold.pragma('locking_mode = EXCLUSIVE');
    hold.pragma('journal_mode = DELETE');
    hold.exec('BEGIN EXCLUSIVE');
    hold.exec('COMMIT');
    const release = leaveNote(file, 'the restore of keel-20260101-000000-manual.db');
    await importWhileHeld(dir, csv, 'the restore of keel-20260101-000000-manual.db', () => {
      release();
      hold.close();
    });
  }, 30_000);
});

describe('two keel imports started together', () => {
  let a: WarmCli;
  let b: WarmCli;
  beforeAll(async () => {
    a = new WarmCli();
    b = new WarmCli();
    await Promise.all([a.ready, b.ready]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('both land (exit 0, both batches present), also in a data folder neither has opened before', async () => {
    const broken: string[] = [];
    for (let i = 0; i < 5; i++) {
      const dir = tempDir();
      const files = ['One.csv', 'Two.csv'].map((name, k) => {
        const file = path.join(tempDir(), name);
        fs.writeFileSync(file, positionsCsv(`XXXX-${i}${k}00`));
        return file;
      });
      const [ra, rb] = await Promise.all([
        a.run(['--data-dir', dir, 'import', files[0] as string]),
        b.run(['--data-dir', dir, 'import', files[1] as string]),
      ]);
      for (const [r, name] of [[ra, 'One.csv'], [rb, 'Two.csv']] as const) {
        if (r.code !== 0) broken.push(`round ${i + 1}, ${name}: exit ${r.code}: ${r.err || r.out}`);
        else if (batchesIn(databasePath(dir), name) !== 1) broken.push(`round ${i + 1}, ${name}: "imported" but no batch`);
      }
    }
    expect(broken).toEqual([]);
  }, 60_000);
});
