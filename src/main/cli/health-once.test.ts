// Each command looks at keel.db's health once (issue 18: `keel info` ran quick_check twice, the CLI's diagnosis and
// then the core's startup check, 1.5 s of 2.4 s on a 104 MB database). A damaged database is still diagnosed.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../tests/support/tmp.ts';
import { databasePath } from '../core/index.ts';
import { runCli as run } from '../../../tests/support/run-cli.ts';

const checked = vi.hoisted(() => [] as string[]);
vi.mock('../core/db/health.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../core/db/health.ts')>();
  return {
    ...real,
    checkDatabase: (...args: Parameters<typeof real.checkDatabase>) => {
      checked.push(args[0]);
      return real.checkDatabase(...args);
    },
  };
});

describe('one health check of keel.db per command', () => {
  beforeEach(() => {
    checked.length = 0;
  });

  it('info, holdings, plans, backup and export check the database once', async () => {
    const dir = tempDir();
    expect((await run(['--data-dir', dir, 'summary'])).code).toBe(0);
    const db = databasePath(dir);
    for (const argv of [['info'], ['holdings'], ['plans'], ['backup'], ['export', path.join(tempDir(), 'x.keel')]]) {
      checked.length = 0;
      expect((await run(['--data-dir', dir, ...argv])).code, argv.join(' ')).toBe(0);
      expect(checked.filter((f) => f === db), argv.join(' ')).toHaveLength(1);
    }
  });

  it('a damaged database is diagnosed from that one check', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    fs.truncateSync(databasePath(dir), 5000);
    checked.length = 0;
    const r = await run(['--data-dir', dir, 'info']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/DB_CORRUPT/);
    expect(r.err).toMatch(/truncated/);
    expect(checked.filter((f) => f === databasePath(dir))).toHaveLength(1);
  });
});
