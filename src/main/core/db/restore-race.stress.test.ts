// The long versions of restore-race.test.ts and lock.test.ts (npm run test:stress), with a fresh `keel` process
// (bin/keel.mjs, as a user runs it) per command:
// - `keel restore BIG` raced 20 times against `keel import`, the import started the moment the restore's copy
//   appears beside keel.db: the import fails cleanly or its batch is in the live keel.db, never "imported" and lost;
// - two `keel import`s of big histories started together (each holds the database for seconds, longer than
//   SQLite's 5 s busy timeout): both land, and the second says what it waited for.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appears, batchesIn, historyCsv, judge, raceFixtures } from '../../../../tests/support/race-fixtures.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import type { CliResult } from '../../../../tests/support/warm-cli.ts';
import { openCore } from '../index.ts';
import { databasePath } from '../paths.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

function keel(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/keel.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe('restore and imports as separate keel processes (stress)', () => {
  it('keel restore BIG raced 20 times against keel import: never "imported" and then lost', async () => {
    const fx = raceFixtures(96); // big enough that the import's start-up ends while the restore still copies
    const broken: string[] = [];
    let raced = 0;
    for (let i = 0; i < 20; i++) {
      const dataDir = tempDir('keel-race-');
      fs.copyFileSync(fx.live, databasePath(dataDir));
      const restore = keel(['--data-dir', dataDir, 'restore', fx.big]);
      if (await appears(dataDir, 'keel.db.restore-', restore)) raced++;
      const imp = keel(['--data-dir', dataDir, 'import', fx.csv]);
      const [r, m] = await Promise.all([restore, imp]);
      const problem = judge(dataDir, r, m);
      if (problem) broken.push(`race ${i + 1}: ${problem}`);
    }
    expect(broken).toEqual([]);
    expect(raced).toBeGreaterThanOrEqual(10);
  }, 600_000);

  it('two keel imports of big histories started together: both land; the second waited and said so', async () => {
    const dir = tempDir();
    openCore({ dataDir: dir, door: 'cli', seedDemo: false, dailyBackup: false }).close();
    // Two accounts (Schwab names a history's account only in the file name).
    const files = ['101', '202'].map((account, k) => {
      const file = path.join(tempDir(), `Individual_XXX${account}_Transactions_20260309-115444.csv`);
      fs.writeFileSync(file, historyCsv(700_000, `T${k}`));
      return file;
    });
    const results = await Promise.all(files.map((f) => keel(['--data-dir', dir, 'import', f])));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    for (const f of files) expect(batchesIn(databasePath(dir), path.basename(f))).toBe(1);
    const waited = results.filter((r) => /Waiting for the import of Individual_XXX\d{3}_Transactions_20260309-115444\.csv to finish/.test(r.err));
    expect(waited.length).toBeGreaterThanOrEqual(1);
    expect(results.some((r) => /database is locked/.test(r.err + r.out))).toBe(false);
  }, 600_000);
});
