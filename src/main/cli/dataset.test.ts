// `keel export` / `keel import-dataset`, and every data command on a damaged database: keel check's diagnosis, exit 1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../tests/support/tmp.ts';
import { databasePath } from '../core/index.ts';
import { damagedDataDir, runCli as run } from '../../../tests/support/run-cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

const accountCount = async (dir: string) =>
  (JSON.parse((await run(['--data-dir', dir, 'summary', '--json'])).out) as { accounts: unknown[] }).accounts.length;

describe('keel export / import-dataset', () => {
  it('help lists them', async () => {
    const r = await run(['--help']);
    expect(r.out).toContain('export FILE');
    expect(r.out).toContain('import-dataset FILE');
  });

  it('round trip to another data folder; never overwrites; the replaced database is backed up and kept', async () => {
    const a = tempDir();
    expect((await run(['--data-dir', a, 'summary'])).code).toBe(0); // demo household
    const file = path.join(tempDir(), 'household.keel');
    const e = await run(['--data-dir', a, 'export', file]);
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/Exported the dataset to .*household\.keel/);
    const again = await run(['--data-dir', a, 'export', file]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/CONFLICT/);

    const b = tempDir();
    await run(['--data-dir', b, 'demo', '--clear']);
    expect(await accountCount(b)).toBe(0);
    const i = await run(['--data-dir', b, 'import-dataset', file]);
    expect(i.code, i.err).toBe(0);
    expect(i.out).toMatch(/A backup of the previous database: .*pre-restore\.db/);
    expect(i.out).toMatch(/previous database is kept at .*keel\.db\.replaced-/);
    expect(await accountCount(b)).toBe(await accountCount(a));
  });

  it('import-dataset refuses a plain backup and junk, naming the file, and changes nothing', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    const backup = path.join(tempDir(), 'plain.db');
    expect((await run(['--data-dir', dir, 'backup', backup])).code).toBe(0);
    const junk = path.join(tempDir(), 'junk.keel');
    fs.writeFileSync(junk, 'not a database at all, just text');
    const before = sha256File(databasePath(dir));
    for (const f of [backup, junk, path.join(tempDir(), 'missing.keel')]) {
      const r = await run(['--data-dir', dir, 'import-dataset', f]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/DB_CORRUPT/);
      expect(r.err).toContain(path.basename(f));
    }
    expect(sha256File(databasePath(dir))).toBe(before);
    expect((await run(['--data-dir', dir, 'import-dataset'])).code).toBe(2);
  });

  it('on a damaged database, commands that need data print keel check\'s diagnosis and exit 1; the file is unchanged', async () => {
    const { dir, file, sha256: before } = await damagedDataDir();
    const check = await run(['--data-dir', dir, 'check']);
    for (const argv of [['summary'], ['holdings', '--json'], ['allocation'], ['models'], ['demo', '--clear'], ['backup'], ['export', path.join(tempDir(), 'x.keel')]]) {
      const r = await run(['--data-dir', dir, ...argv]);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toMatch(/DB_CORRUPT/);
      expect(r.err).toContain(check.out); // the same diagnosis, word for word
      expect(r.err).toMatch(/keel restore ".*manual\.db"/);
    }
    expect(sha256File(file)).toBe(before);
  });

  it('the bin never waits for input: with stdin an open pipe, import-dataset and a damaged-database command exit', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    const file = path.join(tempDir(), 'd.keel');
    await run(['--data-dir', dir, 'export', file]);
    const exitOf = (argv: string[]) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'keel.mjs'), '--data-dir', dir, ...argv], { cwd: ROOT, stdio: ['pipe', 'ignore', 'ignore'] });
        const guard = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`keel ${argv.join(' ')} was still running after 60 s (waiting for input?)`));
        }, 60_000);
        child.on('close', (code) => {
          clearTimeout(guard);
          resolve(code);
        });
      });
    expect(await exitOf(['import-dataset', file])).toBe(0);
    fs.writeFileSync(databasePath(dir), 'garbage');
    expect(await exitOf(['summary'])).toBe(1);
  }, 130_000);
});
