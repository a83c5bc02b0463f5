// The local operations (contract/local.ts) at the core, and `create: false`: a local door's data commands never
// create keel.db, open it only when an operation needs it, and work while it is missing, damaged or too new.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeelError, Result } from '../../shared/contract.ts';
import { sha256File, tempDir } from '../../../tests/support/tmp.ts';
import { openCore, type Core } from './index.ts';
import { databasePath } from './paths.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCHWAB = path.join(ROOT, 'tests/fixtures/brokers/schwab/Individual-Positions-2026-07-16.csv');
const PLAN_INPUT = path.join(ROOT, 'tests/fixtures/plan-input-example.json');

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

function open(dataDir: string, local = false): Core {
  const core = openCore({ dataDir, door: 'cli', ...(local ? { create: false, seedDemo: false, dailyBackup: false } : {}) });
  cores.push(core);
  return core;
}

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function err(r: Result<unknown>): KeelError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

/** A data folder with a demo database and one manual backup; returns the backup's path. */
async function folderWithBackup(): Promise<{ dir: string; backup: string }> {
  const dir = tempDir();
  const core = open(dir);
  const backup = ok(await core.api.backupToFile({})).file;
  core.close();
  return { dir, backup };
}

describe('create: false', () => {
  it('a missing database: nothing is created; only the operations that need no database work', async () => {
    const dir = path.join(tempDir(), 'not-yet');
    const core = open(dir, true);
    expect(ok(await core.api.checkDatabase({}))).toMatchObject({ file: databasePath(dir), state: 'missing', newestGoodBackup: null });
    expect(ok(await core.api.planFromInput({ file: PLAN_INPUT })).trades).toHaveLength(4);
    for (const refused of [await core.api.getHouseholdSummary({}), await core.api.backupToFile({}), await core.api.getAppInfo({})]) {
      expect(err(refused)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(databasePath(dir)) });
    }
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('a restore into a missing database, after which the database opens when an operation needs it', async () => {
    const { backup } = await folderWithBackup();
    const dir = tempDir();
    const core = open(dir, true);
    const r = ok(await core.api.restoreFromFile({ file: backup }));
    expect(r).toMatchObject({ file: databasePath(dir), replaced: null, safetyBackup: null });
    expect(ok(await core.api.checkDatabase({})).state).toBe('ok');
    expect(ok(await core.api.getHouseholdSummary({})).accounts).toHaveLength(3);
  });

  it('checkDatabase on a healthy database opens nothing and changes nothing', async () => {
    const { dir } = await folderWithBackup();
    const hash = sha256File(databasePath(dir));
    const core = open(dir, true);
    expect(ok(await core.api.checkDatabase({}))).toMatchObject({ state: 'ok', newestGoodBackup: null });
    expect(ok(await core.api.listBackups({})).backups).toHaveLength(1);
    core.close();
    expect(sha256File(databasePath(dir))).toBe(hash);
  });

  it('a database from a newer Keel is diagnosed, refused with DB_TOO_NEW when read, left byte-identical, and can be restored over', async () => {
    const { dir, backup } = await folderWithBackup();
    const db = new Database(databasePath(dir));
    db.pragma('user_version = 999');
    db.close();
    const hash = sha256File(databasePath(dir));
    const core = open(dir, true);
    expect(ok(await core.api.checkDatabase({}))).toMatchObject({ state: 'too-new', newestGoodBackup: backup });
    expect(err(await core.api.getHouseholdSummary({})).code).toBe('DB_TOO_NEW');
    expect(err(await core.api.backupToFile({})).code).toBe('DB_TOO_NEW');
    expect(sha256File(databasePath(dir))).toBe(hash);
    expect(ok(await core.api.restoreFromFile({ file: backup })).replaced).toMatch(/keel\.db\.replaced-/);
    expect(ok(await core.api.getHouseholdSummary({})).accounts).toHaveLength(3);
  });

  it('a damaged database: the recovery state, whose diagnosis names the newest good backup by its path', async () => {
    const { dir, backup } = await folderWithBackup();
    fs.truncateSync(databasePath(dir), 5000);
    const core = open(dir, true);
    expect(ok(await core.api.checkDatabase({}))).toMatchObject({ state: 'truncated', newestGoodBackup: backup });
    expect(err(await core.api.exportDatasetTo({ file: path.join(tempDir(), 'x.keel') })).code).toBe('DB_CORRUPT');
    expect(ok(await core.api.planFromInput({ file: PLAN_INPUT })).optimal).toBe(true);
  });
});

describe('local operations', () => {
  it('importFiles records the allocation once per imported file; a dry run and a file already imported record none', async () => {
    const core = open(tempDir());
    ok(await core.api.clearDemo({}));
    const points = async () => ok(await core.api.getAllocationHistory({})).length;
    const start = await points();
    expect(ok(await core.api.importFiles({ paths: [SCHWAB], dryRun: true }))[0]).toMatchObject({ status: 'previewed' });
    expect(await points()).toBe(start);
    expect(ok(await core.api.importFiles({ paths: [SCHWAB] }))[0]).toMatchObject({ status: 'imported' });
    expect(await points()).toBe(start + 1);
    const again = ok(await core.api.importFiles({ paths: [SCHWAB, '/nonexistent/file.csv'] }));
    expect(again.map((v) => v.status)).toEqual(['already-imported', 'failed']);
    expect(await points()).toBe(start + 1);
  });

  it('planFromInput names the file (and the field) of a bad input', async () => {
    const core = open(tempDir(), true);
    const bad = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(bad, '{ not json');
    expect(err(await core.api.planFromInput({ file: bad }))).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^.*bad\.json: /), details: { file: bad } });
  });
});
