// The signals store: the thesis presets in every status, russell-rsi from IWM's closes, stale readings, the user's
// rules and series, readings files (FRED, Date,Value) imported all or nothing, and a series' history for its chart.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_OPERATIONS } from '../../../shared/contract.ts';
import { openTestCore, ok } from '../../../../tests/support/core.ts';
import { tempDir, tempFile } from '../../../../tests/support/tmp.ts';
import { migrations } from '../db/migrations.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { toMicro } from '../money.ts';
import { putPrices } from '../prices/store.ts';
import { importReadingFiles, readingPathSources } from './files.ts';
import { deleteRule, getSignalHistory, listSignals, saveRule, saveSeries, setReading } from './store.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
let db: Db | undefined;
afterEach(() => db?.close());

function fresh(): Db {
  db = openDatabase({ dataDir: tempDir() }).db;
  return db;
}

const statusOf = (d: Db, series: string, now = NOW) => listSignals(d, now).rules.find((r) => r.series === series)!;
const immediately = <T>(fn: () => T): T => fn();
const count = (d: Db) => (d.prepare('SELECT COUNT(*) AS n FROM signal_readings').get() as { n: number }).n;

describe('the thesis presets', () => {
  it('start with no data, as the user\'s own rules', () => {
    const d = fresh();
    const v = listSignals(d, NOW);
    expect(v.readings).toEqual([]);
    expect(v.series.map((s) => [s.key, s.cadence, s.builtin])).toEqual([
      ['unemployment', 'monthly', true],
      ['cpi', 'monthly', true],
      ['ism-pmi', 'monthly', true],
      ['russell-rsi', 'daily', true],
      ['ten-year', 'daily', true],
      ['vix', 'daily', true],
    ]);
    expect(v.rules.map((r) => [r.series, r.op, r.threshold, r.status, r.value, r.asOf, r.suggests, r.preset])).toEqual([
      ['unemployment', '>', '4.3', 'no-data', null, null, { kind: 'model', model: 'Classic 60/40', note: 'rotation may reverse toward bonds: consider the defensive model' }, 'unemployment-reversal'],
      ['cpi', '>', '2.6', 'no-data', null, null, { kind: 'flag', model: null, note: 'cuts delayed' }, 'cpi-cuts-delayed'],
      ['russell-rsi', '>=', '72', 'no-data', null, null, { kind: 'stage', model: null, note: 'overbought: stage purchases' }, 'rsi-overbought'],
      ['ism-pmi', '>', '50', 'no-data', null, null, { kind: 'flag', model: null, note: 'rotation supported' }, 'pmi-supported'],
    ]);
  });

  it.each([
    ['unemployment', '4.3', '4.4', '2026-10-01'],
    ['cpi', '2.6', '2.7', '2026-10-01'],
    ['russell-rsi', '71.99', '72', '2026-11-19'],
    ['ism-pmi', '50', '50.1', '2026-11-01'],
  ])('%s: not met at %s, met at %s (the newest reading counts)', (series, notMet, met, asOf) => {
    const d = fresh();
    setReading(d, { series, value: notMet, asOf: '2026-09-01' }, NOW);
    expect(statusOf(d, series)).toMatchObject({ status: 'not-met', value: notMet, asOf: '2026-09-01' });
    setReading(d, { series, value: met, asOf }, NOW);
    expect(statusOf(d, series)).toMatchObject({ status: 'met', value: met, asOf, stale: false });
    // An older reading typed in later does not replace the newest.
    setReading(d, { series, value: notMet, asOf: '2026-08-01' }, NOW);
    expect(statusOf(d, series).status).toBe('met');
  });

  it('a rule whose reading is old says so (stale), and still reports its status', () => {
    const d = fresh();
    setReading(d, { series: 'unemployment', value: '4.5', asOf: '2026-08-01' }, NOW);
    setReading(d, { series: 'vix', value: '18.2', asOf: '2026-11-13' }, NOW);
    const v = listSignals(d, NOW);
    expect(v.readings).toEqual([
      { series: 'unemployment', value: '4.5', asOf: '2026-08-01', source: 'manual', stale: true },
      { series: 'vix', value: '18.2', asOf: '2026-11-13', source: 'manual', stale: true },
    ]);
    expect(statusOf(d, 'unemployment')).toMatchObject({ status: 'met', stale: true });
  });

  it('refuses a reading in the future or for a series Keel does not know', () => {
    const d = fresh();
    expect(() => setReading(d, { series: 'cpi', value: '3', asOf: '2026-11-21' }, NOW)).toThrow(/in the future/);
    expect(() => setReading(d, { series: 'unemploymnet', value: '3' }, NOW)).toThrow(/unknown series "unemploymnet": one of unemployment, cpi/);
    expect(count(d)).toBe(0);
  });
});

describe('russell-rsi from IWM\'s daily closes', () => {
  it('is RSI-14 of the price files\' closes; a newer reading typed in wins, an older one does not', () => {
    const d = fresh();
    // The hand-worked series of math.test.ts: 68.29 on the 17th close.
    const closes = '100 102 101 103 102 104 103 105 104 106 105 107 106 108 107 108 108'.split(' ');
    putPrices(d, closes.map((c, i) => ({ symbol: 'IWM', currency: 'USD', date: `2026-10-${String(i + 1).padStart(2, '0')}`, priceMicro: toMicro(c) })), 'manual', null, NOW);
    expect(listSignals(d, NOW).readings).toEqual([{ series: 'russell-rsi', value: '68.29', asOf: '2026-10-17', source: 'prices', stale: true }]);
    expect(statusOf(d, 'russell-rsi')).toMatchObject({ status: 'not-met', value: '68.29' });
    setReading(d, { series: 'russell-rsi', value: '70', asOf: '2026-10-16' }, NOW);
    expect(statusOf(d, 'russell-rsi').value).toBe('68.29');
    setReading(d, { series: 'russell-rsi', value: '72.4', asOf: '2026-10-18' }, NOW);
    expect(statusOf(d, 'russell-rsi')).toMatchObject({ status: 'met', value: '72.4', asOf: '2026-10-18' });
  });
});

describe('the user\'s rules and series', () => {
  it('saves, changes and deletes a rule; a model suggestion names an existing model', () => {
    const d = fresh();
    saveSeries(d, { key: 'breadth', name: 'Stocks above their 200-day', unit: '%', cadence: 'daily' }, NOW);
    const rule = saveRule(d, { series: 'breadth', op: '<', threshold: '40', suggests: { kind: 'model', model: '2026 Rotation', note: 'mine' } }, NOW);
    expect(rule).toMatchObject({ series: 'breadth', op: '<', threshold: '40', status: 'no-data', suggests: { kind: 'model', model: '2026 Rotation', note: 'mine' }, preset: null });
    setReading(d, { series: 'breadth', value: '38.5', asOf: '2026-11-19' }, NOW);
    expect(saveRule(d, { id: rule.id, series: 'breadth', op: '<=', threshold: '38.5', suggests: { kind: 'flag', note: 'narrow' } }, NOW)).toMatchObject({ status: 'met', value: '38.5', suggests: { kind: 'flag', model: null } });
    expect(() => saveRule(d, { series: 'cpi', op: '>', threshold: '3', suggests: { kind: 'model', model: 'Nope', note: '' } }, NOW)).toThrow(/no model named "Nope"/);
    expect(() => saveRule(d, { id: 999, series: 'cpi', op: '>', threshold: '3', suggests: { kind: 'flag', note: '' } }, NOW)).toThrow(/no rule #999/);
    expect(deleteRule(d, rule.id)).toEqual({ deleted: rule.id });
    expect(listSignals(d, NOW).rules.map((r) => r.preset)).toEqual(['unemployment-reversal', 'cpi-cuts-delayed', 'rsi-overbought', 'pmi-supported']);
    expect(() => saveSeries(d, { key: 'cpi', cadence: 'daily' }, NOW)).toThrow(CoreError);
  });

  it('a model suggestion whose model is deleted stays, without the model', () => {
    const d = fresh();
    d.prepare("DELETE FROM models WHERE name = 'Classic 60/40'").run();
    expect(statusOf(d, 'unemployment').suggests).toEqual({ kind: 'model', model: null, note: 'rotation may reverse toward bonds: consider the defensive model' });
  });
});

const FRED_UNRATE = 'observation_date,UNRATE\n2026-07-01,4.2\n2026-08-01,.\n2026-09-01,4.3\n2026-10-01,4.4\n';
/** CPIAUCSL, Oct 2025 – Oct 2026 (13 months): Oct 2026's year over year is 324.368 / 315.605 − 1 = 2.78 % → 2.8. */
const FRED_CPI = `DATE,CPIAUCSL\n${[
  ['2025-10-01', '315.605'], ['2025-11-01', '.'], ['2025-12-01', '316.9'], ['2026-01-01', '317.6'], ['2026-02-01', '318.1'],
  ['2026-03-01', '318.9'], ['2026-04-01', '319.6'], ['2026-05-01', '320.3'], ['2026-06-01', '321.0'], ['2026-07-01', '321.9'],
  ['2026-08-01', '322.7'], ['2026-09-01', '323.5'], ['2026-10-01', '324.368'],
].map((r) => r.join(',')).join('\n')}\n`;

describe('readings files', () => {
  it("FRED's UNRATE (\".\" gaps skipped) and CPIAUCSL as year over year %", async () => {
    const d = fresh();
    const views = await importReadingFiles(d, readingPathSources([tempFile('UNRATE.csv', FRED_UNRATE), tempFile('CPIAUCSL.csv', FRED_CPI)]), immediately, NOW);
    expect(views.map((v) => [v.layout, v.fredId, v.series, v.yoy, v.readings, v.latest, v.rows, v.warnings.map((w) => w.message), v.status])).toEqual([
      ['fred', 'UNRATE', 'unemployment', false, 3, { value: '4.4', asOf: '2026-10-01' }, 4, ['1 row without a value (FRED\'s "." or empty) skipped'], 'imported'],
      ['fred', 'CPIAUCSL', 'cpi', true, 1, { value: '2.8', asOf: '2026-10-01' }, 13, ['1 row without a value (FRED\'s "." or empty) skipped', '11 months without the index a year earlier: no year-over-year % for them'], 'imported'],
    ]);
    expect(d.prepare("SELECT date, value_micro FROM signal_readings WHERE series = 'unemployment' ORDER BY date").all()).toEqual([
      { date: '2026-07-01', value_micro: 4200000 },
      { date: '2026-09-01', value_micro: 4300000 },
      { date: '2026-10-01', value_micro: 4400000 },
    ]);
    expect(listSignals(d, NOW).rules.slice(0, 2).map((r) => [r.series, r.status, r.value, r.asOf])).toEqual([
      ['unemployment', 'met', '4.4', '2026-10-01'],
      ['cpi', 'met', '2.8', '2026-10-01'],
    ]);
  });

  it('a Date,Value file goes to the series named; an unknown FRED id or a bare file needs one', async () => {
    const d = fresh();
    const generic = tempFile('pmi.csv', 'Date,Value\n2026-10-01,49.1\n2026-11-01,50.4\n');
    const [ok] = await importReadingFiles(d, readingPathSources([generic], 'ism-pmi'), immediately, NOW);
    expect([ok!.layout, ok!.series, ok!.readings, ok!.latest]).toEqual(['generic', 'ism-pmi', 2, { value: '50.4', asOf: '2026-11-01' }]);
    expect(statusOf(d, 'ism-pmi').status).toBe('met');
    const [bare] = await importReadingFiles(d, readingPathSources([generic]), immediately, NOW);
    expect(bare!.error?.message).toMatch(/^pmi\.csv: which series are these readings for\? a Date,Value file names none/);
    const [fedfunds] = await importReadingFiles(d, readingPathSources([tempFile('FEDFUNDS.csv', 'observation_date,FEDFUNDS\n2026-10-01,3.87\n')]), immediately, NOW);
    expect(fedfunds!.error?.message).toMatch(/FRED's FEDFUNDS names none Keel knows/);
    const [typo] = await importReadingFiles(d, readingPathSources([generic], 'pmii'), immediately, NOW);
    expect(typo!.error?.message).toMatch(/unknown series "pmii"/);
    expect(count(d)).toBe(2);
  });

  it('a bad cell is refused with file, line and column, and no file of the import is written', async () => {
    const d = fresh();
    const good = tempFile('UNRATE.csv', FRED_UNRATE);
    const bad = tempFile('DGS10.csv', 'observation_date,DGS10\n2026-11-16,4.11\n2026-11-17,4.1O\n');
    const future = tempFile('VIXCLS.csv', 'observation_date,VIXCLS\n2026-11-21,17\n');
    const views = await importReadingFiles(d, readingPathSources([good, bad, future]), immediately, NOW);
    expect(views.map((v) => [v.status, v.error?.line, v.error?.column])).toEqual([
      ['failed', 0, 0],
      ['failed', 3, 2],
      ['failed', 2, 1],
    ]);
    expect(views[1]!.error!.message).toMatch(/^DGS10\.csv: line 3, column 2: /);
    expect(views[2]!.error!.message).toBe('VIXCLS.csv: line 2, column 1: 2026-11-21 is in the future');
    expect(count(d)).toBe(0);
    const [notReadings] = await importReadingFiles(d, readingPathSources([tempFile('positions.csv', 'Symbol,Quantity\nVTI,3\n')]), immediately, NOW);
    expect(notReadings!.error).toMatchObject({ code: 'UNKNOWN_LAYOUT', line: 1, column: 1 });
    const [two] = await importReadingFiles(d, readingPathSources([tempFile('two.csv', 'observation_date,UNRATE,DGS10\n2026-10-01,4.4,4.1\n')]), immediately, NOW);
    expect(two!.error).toMatchObject({ line: 1, column: 3 });
    const [short] = await importReadingFiles(d, readingPathSources([tempFile('CPILFESL.csv', 'observation_date,CPILFESL\n2026-09-01,330.1\n2026-10-01,331\n')]), immediately, NOW);
    expect(short!.error?.message).toMatch(/a year-over-year % needs at least 13 months/);
    expect(count(d)).toBe(0);
  });
});

describe('through the core', () => {
  it('importReadings takes the renderer\'s uploads and discards them once imported; the web door cannot name paths', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    try {
      const text = 'observation_date,DGS10\n2026-11-02,4.12\n2026-11-03,.\n2026-11-04,4.08\n';
      const { uploadId } = await ok(core.api.startImportUpload({ name: 'DGS10.csv', size: Buffer.byteLength(text) }));
      await ok(core.api.appendImportUpload({ uploadId, chunk: text }));
      const [view] = await ok(core.api.importReadings({ files: [{ uploadId }] }));
      expect(view).toMatchObject({ source: uploadId, file: 'DGS10.csv', fredId: 'DGS10', series: 'ten-year', readings: 2, latest: { value: '4.08', asOf: '2026-11-04' }, status: 'imported' });
      expect((await ok(core.api.listSignals({}))).readings).toMatchObject([{ series: 'ten-year', value: '4.08', asOf: '2026-11-04', source: 'file' }]);
      const again = await core.api.importReadings({ files: [{ uploadId }] });
      expect(again.ok ? null : again.error.code).toBe('NOT_FOUND');
      expect(LOCAL_OPERATIONS.has('importReadingPaths')).toBe(true);
      const set = await ok(core.api.setReading({ series: 'VIX', value: '16.5', asOf: '2026-11-04' }));
      expect(set.readings.map((r) => [r.series, r.value])).toEqual([['ten-year', '4.08'], ['vix', '16.5']]);
    } finally {
      core.close();
    }
  });
});

describe('migration 6', () => {
  it('on a database of version 5 whose user renamed the Classic 60/40 model: the presets point at it by its preset', () => {
    const old = new Database(':memory:');
    for (const m of migrations.filter((x) => x.version <= 5)) m.up(old);
    old.exec("UPDATE models SET name = 'My bonds mix' WHERE preset = 'classic-60-40'");
    migrations.find((x) => x.version === 6)!.up(old);
    expect(old.prepare('SELECT r.preset, m.name FROM signal_rules r LEFT JOIN models m ON m.id = r.model_id ORDER BY r.id').all()).toEqual([
      { preset: 'unemployment-reversal', name: 'My bonds mix' },
      { preset: 'cpi-cuts-delayed', name: null },
      { preset: 'rsi-overbought', name: null },
      { preset: 'pmi-supported', name: null },
    ]);
    old.close();
  });
});

describe('getSignalHistory', () => {
  it('gives a series\' readings oldest first, exact', () => {
    const d = fresh();
    setReading(d, { series: 'unemployment', value: '4.4', asOf: '2026-09-01' }, NOW);
    setReading(d, { series: 'unemployment', value: '4.1', asOf: '2026-07-01' }, NOW);
    expect(getSignalHistory(d, 'unemployment')).toEqual({ series: 'unemployment', points: [{ asOf: '2026-07-01', value: '4.1' }, { asOf: '2026-09-01', value: '4.4' }] });
    expect(getSignalHistory(d, 'vix').points).toEqual([]);
    expect(() => getSignalHistory(d, 'nope')).toThrow(/unknown series/);
  });

  it('computes russell-rsi from IWM\'s closes, a stored reading winning on its date', () => {
    const d = fresh();
    // 16 rising closes: RSI 100 from the 15th.
    putPrices(d, Array.from({ length: 16 }, (_, i) => ({ symbol: 'IWM', currency: 'USD', date: `2026-10-${String(i + 1).padStart(2, '0')}`, priceMicro: toMicro(String(200 + i)) })), 'manual', null, NOW);
    setReading(d, { series: 'russell-rsi', value: '70', asOf: '2026-10-16' }, NOW);
    expect(getSignalHistory(d, 'russell-rsi').points).toEqual([
      { asOf: '2026-10-15', value: '100' },
      { asOf: '2026-10-16', value: '70' },
    ]);
  });
});
