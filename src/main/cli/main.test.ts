import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KEEL_VERSION } from '../../shared/version.ts';
import { sha256File, tempDir } from '../../../tests/support/tmp.ts';
import { databasePath } from '../core/index.ts';
import { PROJECT_ROOT } from './project.ts';
import { runCli as run } from '../../../tests/support/run-cli.ts';

describe('keel CLI', () => {
  it('--help lists the commands and the global --data-dir', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('keel [--data-dir DIR] <command>');
    expect(r.out).toMatch(/serve \[--port N\]/);
    expect(r.out).toContain('demo --clear');
  });

  it('summary --json prints the household from the core', async () => {
    const r = await run(['--data-dir', tempDir(), 'summary', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ total: '312974.55', accounts: [{ name: 'Demo Taxable Brokerage' }, {}, {}] });
  });

  it('KEEL_DATA_DIR picks the data folder; --data-dir beats it', async () => {
    const a = tempDir();
    const b = tempDir();
    const info = JSON.parse((await run(['info', '--json'], { KEEL_DATA_DIR: a })).out);
    expect(info).toMatchObject({ dataDir: a, databasePath: databasePath(a), door: 'cli', version: KEEL_VERSION });
    expect(JSON.parse((await run(['--data-dir', b, 'info', '--json'], { KEEL_DATA_DIR: a })).out).dataDir).toBe(b);
  });

  it('demo --clear removes the demo household', async () => {
    const dir = tempDir();
    expect((await run(['--data-dir', dir, 'demo', '--clear'])).out).toBe('Demo household removed.');
    expect(JSON.parse((await run(['--data-dir', dir, 'summary', '--json'])).out)).toMatchObject({ total: '0.00', accounts: [] });
    expect((await run(['--data-dir', dir, 'demo', '--load'])).out).toBe('Demo household present (3 accounts).');
  });

  it('usage errors go to stderr with exit code 2; core errors with exit code 1 and the file left alone', async () => {
    const unknown = await run(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    expect((await run(['--nope'])).code).toBe(2);
    expect((await run(['demo'])).err).toContain('exactly one of --clear or --load');

    const dir = tempDir();
    const db = new Database(databasePath(dir));
    db.pragma('user_version = 999');
    db.close();
    const before = sha256File(databasePath(dir));
    const r = await run(['--data-dir', dir, 'summary']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^keel: DB_TOO_NEW: .*newer version of Keel/);
    expect(sha256File(databasePath(dir))).toBe(before);
  });

  it('import --json prints the scripted shape; --dry-run writes nothing; a bad file exits 1', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'demo', '--clear']);
    const schwab = path.join(PROJECT_ROOT, 'tests/fixtures/brokers/schwab/Individual-Positions-2026-07-16.csv');
    const dry = await run(['--data-dir', dir, 'import', schwab, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const out = JSON.parse(dry.out);
    expect(out.files[0]).toMatchObject({
      file: 'Individual-Positions-2026-07-16.csv',
      broker: 'schwab',
      kind: 'positions',
      asOf: '2026-07-16',
      accounts: [
        {
          name: 'Individual',
          number: '...920',
          cash: '1857.93',
          total: '6487.38',
          fileTotal: '6487.38',
          reconciled: true,
        },
      ],
      warnings: [],
      errors: [],
    });
    expect(out.files[0].accounts[0].positions[0]).toEqual({ symbol: 'IWM', name: 'ISHARES RUSSELL 2000 ETF', quantity: '12', price: '218.45', marketValue: '2621.40', costBasis: '2400.00', currency: 'USD' });
    expect(JSON.parse((await run(['--data-dir', dir, 'holdings', '--json'])).out).accounts).toEqual([]);

    const real = await run(['--data-dir', dir, 'import', schwab]);
    expect(real.code).toBe(0);
    expect(real.out).toContain('reconciled with the file');
    expect(JSON.parse((await run(['--data-dir', dir, 'holdings', '--json'])).out).total).toBe('6487.38');

    const bad = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(bad, 'hello,world\n1,2\n');
    const failed = await run(['--data-dir', dir, 'import', bad, schwab, '--json']);
    expect(failed.code).toBe(1);
    const files = JSON.parse(failed.out).files;
    expect(files[0]).toMatchObject({ file: 'bad.csv', broker: null, errors: [{ line: expect.any(Number), column: expect.any(Number) }] });
    expect(files[1]).toMatchObject({ status: 'already-imported' });
    expect((await run(['--data-dir', dir, 'import', '/nonexistent/file.csv'])).code).toBe(1);
    expect((await run(['--data-dir', dir, 'import'])).code).toBe(2);
  });

  it('the keel bin runs from a fresh clone without a build step', () => {
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'keel.mjs'), '--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(KEEL_VERSION);
    expect(r.status).toBe(0);
  });
});

describe('keel allocation, models and classify', () => {
  it('allocation --json prints model, total, sleeves with drift and status, and unclassified symbols', async () => {
    const dir = tempDir();
    const r = await run(['--data-dir', dir, 'allocation', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a).toMatchObject({ model: '2026 Rotation', total: '312974.55', unclassified: [] });
    expect(a.sleeves[0]).toEqual({ sleeve: 'Small-cap', value: '39699.20', currentPct: '12.6845', targetPct: '30', driftPp: '-17.3155', status: 'under' });
    expect(JSON.parse((await run(['--data-dir', dir, 'allocation', '--model', 'Classic 60/40', '--json'])).out).model).toBe('Classic 60/40');
    expect((await run(['--data-dir', dir, 'allocation', '--model', 'Nope'])).code).toBe(1);
  });

  it('classify sets an override that the allocation then uses; bad weights fail with the difference', async () => {
    const dir = tempDir();
    const set = await run(['--data-dir', dir, 'classify', 'QQQ', 'Large-cap growth=60', 'Value=40%']);
    expect(set).toMatchObject({ code: 0, out: 'QQQ: Value 40%, Large-cap growth 60% (Your classification)' });
    const a = JSON.parse((await run(['--data-dir', dir, 'allocation', '--json'])).out);
    expect(a.sleeves.find((s: { sleeve: string }) => s.sleeve === 'Value').value).toBe('69031.00');
    const bad = await run(['--data-dir', dir, 'classify', 'QQQ', 'Value=90']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('10 short');
    expect((await run(['--data-dir', dir, 'classify', 'QQQ'])).code).toBe(2);
    expect((await run(['--data-dir', dir, 'models'])).out.split('\n')[0]).toBe('* 2026 Rotation: Small-cap 30%, Cyclicals 20%, Value 20%, Large-cap growth 30%');
  });
});

describe('keel plan --input', () => {
  it('plans the issue\'s example household exactly, touching no database', async () => {
    const input = path.join(PROJECT_ROOT, 'tests/fixtures/plan-input-example.json');
    const dir = tempDir();
    const r = await run(['--data-dir', dir, 'plan', '--input', input, '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(plan.trades.map((t: { side: string; symbol: string; quantity: string }) => `${t.side} ${t.quantity} ${t.symbol}`)).toEqual([
      'sell 10 QQQ',
      'buy 19 IWM',
      'buy 22 VTV',
      'buy 27 XLI',
    ]);
    expect(plan).toMatchObject({ optimal: true, gap: '0', leftoverCash: { A: '80.61' }, drift: { before: '0.595666', after: '0.006476' } });
    expect(fs.existsSync(databasePath(dir))).toBe(false);
  });

  it('a malformed input file names the field', async () => {
    const bad = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ accounts: [{ id: 'A', taxTreatment: 'taxable', cash: '0' }], securities: [{ symbol: 'IWM', price: 'abc', sleeves: {} }], positions: [], model: { targets: {} }, options: { mode: 'full' } }));
    const r = await run(['plan', '--input', bad, '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('securities[0].price');
  });

  it('a bare keel plan takes the default (a full rebalance against the active model) and says so on stderr', async () => {
    const dir = tempDir();
    const r = await run(['--data-dir', dir, 'plan']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('no --mode given: planning a full rebalance (--mode full) against the active model');
    expect(r.out).toMatch(/^Drift 23\.48% → /);
    expect(r.out).toContain('Demo Taxable Brokerage');
  });
});
