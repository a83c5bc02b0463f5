// `keel signals`, `keel signals set`, `keel signals import` and `keel signals add`, run in-process.
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../tests/support/run-cli.ts';
import { tempDir, tempFile } from '../../../tests/support/tmp.ts';
import { HELP } from './main.ts';

const UNRATE = 'observation_date,UNRATE\n2026-08-01,4.3\n2026-09-01,.\n2026-10-01,4.4\n';
const CPI = `observation_date,CPIAUCSL\n2025-10-01,315.605\n${['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']
  .map((m) => `${m}-01,320`)
  .join('\n')}\n2026-10-01,324.368\n`;

const rule = (id: number, series: string, op: string, threshold: string, status: string, value: string | null, asOf: string | null, suggests: object) => ({ id, series, op, threshold, status, value, asOf, suggests });
const REVERSAL = { kind: 'model', model: 'Classic 60/40', note: 'rotation may reverse toward bonds: consider the defensive model' };
const CUTS = { kind: 'flag', model: null, note: 'cuts delayed' };
const OVERBOUGHT = { kind: 'stage', model: null, note: 'overbought: stage purchases' };
const SUPPORTED = { kind: 'flag', model: null, note: 'rotation supported' };

describe('keel signals', () => {
  it('imports FRED downloads and a typed-in reading, then prints readings and rules (--json: the exact shape)', async () => {
    const dir = tempDir();
    const imp = await run(['--data-dir', dir, 'signals', 'import', tempFile('UNRATE.csv', UNRATE), tempFile('CPIAUCSL.csv', CPI)]);
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toBe(
      [
        'UNRATE.csv: imported — FRED UNRATE → unemployment, 2 readings',
        '  latest 4.4 as of 2026-10-01',
        '  warning: 1 row without a value (FRED\'s "." or empty) skipped',
        'CPIAUCSL.csv: imported — FRED CPIAUCSL → cpi (year-over-year % from the index), 1 reading',
        '  latest 2.8 as of 2026-10-01',
        '  warning: 12 months without the index a year earlier: no year-over-year % for them',
      ].join('\n'),
    );
    const set = await run(['--data-dir', dir, 'signals', 'set', 'ism-pmi', '49.5', '--as-of', '2026-11-01']);
    expect(set.code, set.err).toBe(0);
    expect(set.out.split('\n')[0]).toMatch(/^ism-pmi: 49\.5 as of 2026-11-01 \(manual\)/);
    expect(set.out.split('\n')[1]).toBe('  rule #4 ism-pmi > 50: not-met');

    const r = await run(['--data-dir', dir, 'signals', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      readings: [
        { series: 'unemployment', value: '4.4', asOf: '2026-10-01', source: 'file' },
        { series: 'cpi', value: '2.8', asOf: '2026-10-01', source: 'file' },
        { series: 'ism-pmi', value: '49.5', asOf: '2026-11-01', source: 'manual' },
      ],
      rules: [
        rule(1, 'unemployment', '>', '4.3', 'met', '4.4', '2026-10-01', REVERSAL),
        rule(2, 'cpi', '>', '2.6', 'met', '2.8', '2026-10-01', CUTS),
        rule(3, 'russell-rsi', '>=', '72', 'no-data', null, null, OVERBOUGHT),
        rule(4, 'ism-pmi', '>', '50', 'not-met', '49.5', '2026-11-01', SUPPORTED),
      ],
    });
    const text = (await run(['--data-dir', dir, 'signals'])).out;
    // (stale) follows a reading once its month is 45 days past: the wall clock decides, so it is optional here.
    expect(text).toMatch(/^ {2}Series {8}Value {2}As of {7}Source\n {2}unemployment {2}4\.4 {4}2026-10-01 {2}file( \(stale\))?$/m);
    expect(text).toMatch(/^ {2}#1 {4}unemployment > 4\.3 {2}met {6}4\.4 as of 2026-10-01( \(stale\))? +→ rotation may reverse toward bonds: consider the defensive model \(switch to Classic 60\/40\)$/m);
    expect(text).toMatch(/^ {2}#3 {4}russell-rsi >= 72 {3}no-data$/m);
    expect(text.split('\n').at(-1)).toBe('Keel computes these from your own readings and rules; it gives no advice.');
  });

  it('a Date,Value file needs --series; a bad file exits 1 naming file, line and column, and writes nothing', async () => {
    const dir = tempDir();
    const file = tempFile('breadth.csv', 'Date,Value\n2026-11-02,41.5\n2026-11-03,39\n');
    const noSeries = await run(['--data-dir', dir, 'signals', 'import', file]);
    expect(noSeries.code).toBe(1);
    expect(noSeries.out).toBe('breadth.csv: FAILED — nothing written\n  error: breadth.csv: which series are these readings for? a Date,Value file names none Keel knows: name one (--series).');
    const unknown = await run(['--data-dir', dir, 'signals', 'import', file, '--series', 'breadth']);
    expect(unknown.out).toMatch(/unknown series "breadth"/);
    const add = await run(['--data-dir', dir, 'signals', 'add', 'breadth', '--cadence', 'daily', '--name', 'Above 200-day']);
    expect(add.out).toBe('breadth: your own daily series (Above 200-day); keel signals set breadth VALUE adds a reading');
    const ok = await run(['--data-dir', dir, 'signals', 'import', file, '--series', 'breadth', '--json']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({
      files: [{ file: 'breadth.csv', layout: 'generic', fredId: null, series: 'breadth', yoy: false, status: 'imported', rows: 2, readings: 2, latest: { value: '39', asOf: '2026-11-03' }, warnings: [], error: null }],
    });
    const bad = await run(['--data-dir', dir, 'signals', 'import', tempFile('UNRATE.csv', UNRATE), tempFile('VIXCLS.csv', 'DATE,VIXCLS\n2026-11-02,17.1\n2026-11-03,n/a?\n')]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^VIXCLS\.csv: FAILED — nothing written\n {2}error: VIXCLS\.csv: line 3, column 2: /m);
    expect(bad.out.split('\n').at(-1)).toBe('No file was imported: fix the file named above and run the command again.');
    const after = JSON.parse((await run(['--data-dir', dir, 'signals', '--json'])).out) as { readings: { series: string }[] };
    expect(after.readings.map((x) => x.series)).toEqual(['breadth']);
  });

  it('refuses what it cannot use, with usage errors and the core\'s messages', async () => {
    const dir = tempDir();
    expect((await run(['--data-dir', dir, 'signals', 'set', 'cpi'])).code).toBe(2);
    expect((await run(['--data-dir', dir, 'signals', 'bogus'])).err).toMatch(/unknown signals command 'bogus'/);
    const typo = await run(['--data-dir', dir, 'signals', 'set', 'unemploymnet', '4.4']);
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/^keel: VALIDATION: unknown series "unemploymnet"/);
    expect((await run(['--data-dir', dir, 'signals', 'set', 'cpi', 'high'])).err).toMatch(/VALIDATION/);
    expect(HELP).toContain('signals set SERIES VALUE [--as-of YYYY-MM-DD]');
    expect(HELP).toContain('signals import FILE... [--series NAME] [--json]');
  });
});
