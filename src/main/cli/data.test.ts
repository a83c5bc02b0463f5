import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../tests/support/tmp.ts';
import { damagedDataDir, runCli as run } from '../../../tests/support/run-cli.ts';

describe('keel backup / backups / restore / check', () => {
  it('help lists them', async () => {
    const r = await run(['--help']);
    for (const c of ['backup [FILE]', 'backups [--json]', 'restore FILE', 'check [--json]']) expect(r.out).toContain(c);
  });

  it('backup into backups/ and to a FILE, list, restore, check ok', async () => {
    const dir = tempDir();
    expect((await run(['--data-dir', dir, 'backup'])).code).toBe(1); // no database yet
    expect((await run(['--data-dir', dir, 'summary'])).code).toBe(0); // creates it (demo household)

    const b = await run(['--data-dir', dir, 'backup']);
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/Backed up to .*backups.*keel-\d{8}-\d{6}-manual\.db/);
    const target = path.join(tempDir(), 'mine.db');
    expect((await run(['--data-dir', dir, 'backup', target])).code).toBe(0);
    expect(fs.existsSync(target)).toBe(true);
    const again = await run(['--data-dir', dir, 'backup', target]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/CONFLICT/);

    const list = JSON.parse((await run(['--data-dir', dir, 'backups', '--json'])).out);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: 'manual' });
    expect((await run(['--data-dir', dir, 'backups'])).out).toContain('manual');

    expect((await run(['--data-dir', dir, 'demo', '--clear'])).code).toBe(0);
    const r = await run(['--data-dir', dir, 'restore', target]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/previous database is kept at .*keel\.db\.replaced-/);
    const summary = JSON.parse((await run(['--data-dir', dir, 'summary', '--json'])).out);
    expect(summary.accounts.length).toBeGreaterThan(0);

    const c = await run(['--data-dir', dir, 'check']);
    expect(c.code).toBe(0);
    expect(c.out).toContain(': ok');
  });

  it('check on a damaged database: diagnosis, newest good backup, exit 1, file unchanged', async () => {
    const { dir, file, sha256: before } = await damagedDataDir();
    const c = await run(['--data-dir', dir, 'check']);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/truncated/);
    expect(c.out).toMatch(/keel restore ".*manual\.db"/);
    const j = JSON.parse((await run(['--data-dir', dir, 'check', '--json'])).out);
    expect(j).toMatchObject({ state: 'truncated' });
    expect(j.newestGoodBackup).toMatch(/manual\.db$/);
    expect(sha256File(file)).toBe(before);

    expect((await run(['--data-dir', tempDir(), 'check'])).code).toBe(1); // missing
    const bad = await run(['--data-dir', dir, 'restore']);
    expect(bad.code).toBe(2);
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'junk');
    const refused = await run(['--data-dir', dir, 'restore', junk]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/DB_CORRUPT/);
    expect(sha256File(file)).toBe(before);
  });
});
