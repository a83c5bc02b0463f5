import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../tests/support/tmp.ts';
import { damagedDataDir, runCli as run } from '../../../tests/support/run-cli.ts';
import { databasePath } from '../core/index.ts';

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

  it('check and restore when there is no keel.db: nothing is created by check, restore brings one', async () => {
    const dir = path.join(tempDir(), 'fresh');
    const c = await run(['--data-dir', dir, 'check']);
    expect(c.code).toBe(1);
    expect(c.out).toBe(`${databasePath(dir)}: missing — ${databasePath(dir)} does not exist`);
    expect(fs.existsSync(dir)).toBe(false);

    const source = tempDir();
    await run(['--data-dir', source, 'summary']);
    const backup = path.join(tempDir(), 'b.db');
    expect((await run(['--data-dir', source, 'backup', backup])).code).toBe(0);
    const r = await run(['--data-dir', dir, 'restore', backup]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('There was no previous database.');
    expect((await run(['--data-dir', dir, 'check'])).code).toBe(0);
  });

  it('check on a healthy database changes nothing and takes no daily backup', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    const before = sha256File(databasePath(dir));
    const c = await run(['--data-dir', dir, 'check', '--json']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out)).toMatchObject({ file: databasePath(dir), state: 'ok', newestGoodBackup: null });
    expect(sha256File(databasePath(dir))).toBe(before);
    expect(fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')) : []).toEqual([]);
  });
});
