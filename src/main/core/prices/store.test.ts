// The prices store through the core: the precedence rule over every source, a positions import after a manual
// price, price files (all or nothing, unknown symbols added), and the preset's preferred buys by migration.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from '../../../../tests/support/tmp.ts';
import { openTestCore, ok } from '../../../../tests/support/core.ts';
import { migrations } from '../db/migrations.ts';
import { householdSummary } from '../household/summary.ts';
import { schwabPositions } from '../import/__tests__/helpers.ts';
import { processFile } from '../import/pipeline.ts';
import type { Core } from '../index.ts';
import { closeHistory } from './store.ts';

const priceOf = async (core: Core, symbol: string) => (await ok(core.api.listPrices({}))).prices.find((p) => p.symbol === symbol);
const iwmHolding = (core: Core) => householdSummary(core.db).accounts.flatMap((a) => a.positions).find((p) => p.symbol === 'IWM');

/** A Schwab history holding one trade of `symbol`, imported through the pipeline (its last trade feeds the store). */
async function trade(core: Core, symbol: string, date: string, price: string): Promise<number> {
  const [m, d, y] = [date.slice(5, 7), date.slice(8, 10), date.slice(0, 4)];
  const text = `"Date","Action","Symbol","Description","Quantity","Price","Fees & Comm","Amount"\n"${m}/${d}/${y}","Buy","${symbol}","A FUND","1","$${price}","","-$${price}"\n`;
  const view = await processFile({ name: `Individual_XXX920_Transactions_${y}${m}${d}-101010.csv`, path: tempFile(`h-${date}.csv`, text) }, { dbPath: core.opened.path, dryRun: false });
  expect(view.status).toBe('imported');
  return view.batchId!;
}

describe('the latest price over every source', () => {
  it('positions, then a manual price the same day wins, an older one does not, a newer import wins, then a trade, then a file on the trade\'s day', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    await processFile({ name: 'a.csv', path: tempFile('a.csv', schwabPositions()) }, { dbPath: core.opened.path, dryRun: false });
    expect(await priceOf(core, 'IWM')).toMatchObject({ price: '218.45', asOf: '2026-07-16', source: 'positions', currency: 'USD' });

    // Same day: the manual price wins, and values the holding (12 × 220).
    expect(await ok(core.api.setPrice({ symbol: 'iwm', price: '220', asOf: '2026-07-16' }))).toMatchObject({ symbol: 'IWM', price: '220', source: 'manual' });
    expect(iwmHolding(core)).toMatchObject({ price: '220', priceDate: '2026-07-16', marketValue: '2640.00' });
    // An older manual price changes nothing.
    expect(await ok(core.api.setPrice({ symbol: 'IWM', price: '199', asOf: '2026-07-01' }))).toMatchObject({ price: '220', asOf: '2026-07-16', source: 'manual' });

    // A positions import after the manual price, dated later: its price is the latest.
    const newer = schwabPositions()
      .replace('2026/07/16', '2026/08/14')
      .replace('"12","218.45","+1.20","+0.55%","$2,621.40"', '"12","230.00","+1.20","+0.55%","$2,760.00"')
      .replace('"$6,487.38"', '"$6,625.98"');
    await processFile({ name: 'b.csv', path: tempFile('b.csv', newer) }, { dbPath: core.opened.path, dryRun: false });
    expect(await priceOf(core, 'IWM')).toMatchObject({ price: '230', asOf: '2026-08-14', source: 'positions' });
    expect(iwmHolding(core)).toMatchObject({ price: '230', marketValue: '2760.00' });

    // The last trade of a history, later still.
    const older = await trade(core, 'IWM', '2026-08-10', '229.00'); // older than the positions: no change
    expect(await priceOf(core, 'IWM')).toMatchObject({ price: '230', source: 'positions' });
    const history = await trade(core, 'IWM', '2026-08-20', '231.10');
    expect(await priceOf(core, 'IWM')).toMatchObject({ price: '231.1', asOf: '2026-08-20', source: 'history' });
    // Undone, its price goes with it.
    await ok(core.api.undoImportBatch({ batchId: history }));
    expect(await priceOf(core, 'IWM')).toMatchObject({ price: '230', source: 'positions' });
    expect(older).toBeGreaterThan(0);
    await trade(core, 'IWM', '2026-08-20', '231.10');
    expect(await priceOf(core, 'IWM')).toMatchObject({ price: '231.1', asOf: '2026-08-20', source: 'history' });
    expect(iwmHolding(core)).toMatchObject({ price: '231.1', marketValue: '2773.20' });

    // A price file's close on the trade's day beats the trade.
    const file = tempFile('IWM.csv', 'Date,Open,High,Low,Close,Volume\n2026-08-19,229,232,228,230.5,100\n2026-08-20,230,233,229,232.75,100\n');
    await ok(core.api.importPriceFilePaths({ paths: [file] }));
    expect(await priceOf(core, 'IWM')).toMatchObject({ price: '232.75', asOf: '2026-08-20', source: 'file' });
    // The dated history: the file's closes and the manual prices.
    expect(closeHistory(core.db, 'IWM', 'USD').map((c) => [c.date, c.close, c.source])).toEqual([
      ['2026-07-01', 199_000_000n, 'manual'], ['2026-07-16', 220_000_000n, 'manual'], ['2026-08-19', 230_500_000n, 'file'], ['2026-08-20', 232_750_000n, 'file'],
    ]);
    // The option keeps its multiplier: priced per share, valued per contract.
    expect(householdSummary(core.db).accounts[0]!.positions.find((p) => p.symbol.startsWith('XLI'))).toMatchObject({ price: '215', marketValue: '215.00' });
  });

  it('refuses a bad manual price: zero, 7 decimals, a future date, a bad symbol', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    for (const input of [{ symbol: 'XLI', price: '0' }, { symbol: 'XLI', price: '1.1234567' }, { symbol: 'XLI', price: '1', asOf: '2999-01-01' }, { symbol: '=X', price: '1' }]) {
      const r = await core.api.setPrice(input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('VALIDATION');
    }
    expect((await ok(core.api.listPrices({}))).prices).toEqual([]);
  });
});

describe('price files', () => {
  const yahoo = 'Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-30,185,186,184,185.5,185.1,10\n2026-12-01,185.10,186.90,184.80,186.40,185.977234,2841500\n';

  it('imports a Yahoo file by path: the newest close is the price, the unknown symbol is added with its history', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const [view] = await ok(core.api.importPriceFilePaths({ paths: [tempFile('VTV.csv', yahoo)] }));
    expect(view).toMatchObject({ status: 'imported', layout: 'yahoo', prices: [{ symbol: 'VTV', price: '186.4', asOf: '2026-12-01', closes: 2, known: false }], error: null });
    expect(await priceOf(core, 'VTV')).toMatchObject({ price: '186.4', asOf: '2026-12-01', source: 'file', currency: 'USD' });
    expect(core.db.prepare("SELECT symbol FROM securities WHERE symbol = 'VTV'").get()).toEqual({ symbol: 'VTV' });
    expect(core.db.prepare('SELECT file_name AS f, layout FROM price_files').all()).toEqual([{ f: 'VTV.csv', layout: 'yahoo' }]);
  });

  it('all or nothing: one bad file among good ones writes nothing, and says line and column', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const good = tempFile('VTV.csv', yahoo);
    const bad = tempFile('list.csv', 'Symbol,Price\nXLI,120.5\nXLF,abc\n');
    const views = await ok(core.api.importPriceFilePaths({ paths: [good, bad] }));
    expect(views.map((v) => v.status)).toEqual(['previewed', 'failed']);
    expect(views[1]!.error).toMatchObject({ line: 3, column: 2, message: expect.stringMatching(/^list\.csv: line 3, column 2: /) });
    expect((await ok(core.api.listPrices({}))).prices).toEqual([]);
    expect(core.db.prepare('SELECT COUNT(*) AS n FROM price_files').get()).toEqual({ n: 0 });
  });

  it('a daily file named for no symbol needs one; given it, it imports', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const file = tempFile('download.csv', yahoo);
    const [refused] = await ok(core.api.importPriceFilePaths({ paths: [file] }));
    expect(refused).toMatchObject({ status: 'failed', needsSymbol: true, error: { code: 'MISSING_VALUE' } });
    const [view] = await ok(core.api.importPriceFilePaths({ paths: [file], symbol: 'vtv' }));
    expect(view).toMatchObject({ status: 'imported', prices: [{ symbol: 'VTV' }] });
  });

  it('uploads: the preview tells a price file from a broker file; the import discards the uploads', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const upload = async (name: string, text: string) => {
      const { uploadId } = await ok(core.api.startImportUpload({ name, size: Buffer.byteLength(text) }));
      await ok(core.api.appendImportUpload({ uploadId, chunk: text }));
      return uploadId;
    };
    const prices = await upload('xlb_us_d.csv', 'Date,Open,High,Low,Close,Volume\n2026-12-03,94.3,95.7,94.0,95.61,1410000\n');
    const broker = await upload('Positions.csv', schwabPositions());
    const preview = await ok(core.api.previewPriceFiles({ files: [{ uploadId: prices }, { uploadId: broker }] }));
    expect(preview.map((v) => [v.file, v.isPriceFile, v.layout, v.status])).toEqual([
      ['xlb_us_d.csv', true, 'stooq', 'previewed'],
      ['Positions.csv', false, null, 'failed'],
    ]);
    expect(preview[0]!.prices).toEqual([{ symbol: 'XLB', price: '95.61', asOf: '2026-12-03', closes: 1, known: false }]);
    const [imported] = await ok(core.api.importPriceFiles({ files: [{ uploadId: prices }] }));
    expect(imported!.status).toBe('imported');
    const again = await core.api.previewPriceFiles({ files: [{ uploadId: prices }] });
    expect(again.ok ? null : again.error.code).toBe('NOT_FOUND');
    // The broker file is still there for previewImport.
    expect((await ok(core.api.previewImport({ uploadIds: [broker] }))).jobId).toBeTruthy();
  });

  it('undoing an import keeps a security the user priced', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    const view = await processFile({ name: 'a.csv', path: tempFile('a.csv', schwabPositions()) }, { dbPath: core.opened.path, dryRun: false });
    await ok(core.api.setPrice({ symbol: 'QQQ', price: '500', asOf: '2026-07-01', name: 'Invesco QQQ' }));
    await ok(core.api.undoImportBatch({ batchId: view.batchId! }));
    expect(await priceOf(core, 'QQQ')).toMatchObject({ name: 'Invesco QQQ', price: '500', source: 'manual' });
    expect(await priceOf(core, 'IWM')).toBeUndefined();
  });
});

describe('migration 5: the 2026 Rotation preset ships preferred buys', () => {
  const preferred = (db: Database.Database) =>
    db.prepare("SELECT s.key AS sleeve, p.symbol FROM model_preferred p JOIN sleeves s ON s.id = p.sleeve_id JOIN models m ON m.id = p.model_id WHERE m.preset = 'rotation-2026' ORDER BY s.position, p.position").all();

  it('on a version-4 database without preferred buys they are added; the user\'s own are kept', () => {
    const dir = tempDir();
    for (const own of [false, true]) {
      const db = new Database(path.join(dir, `v4-${own}.db`));
      for (const m of migrations.filter((x) => x.version <= 4)) m.up(db);
      if (own) db.exec("INSERT INTO model_preferred (model_id, sleeve_id, symbol, position) SELECT m.id, s.id, 'VBR', 0 FROM models m, sleeves s WHERE m.preset = 'rotation-2026' AND s.key = 'Small-cap'");
      migrations.find((x) => x.version === 5)!.up(db);
      expect(preferred(db)).toEqual(
        own
          ? [{ sleeve: 'Small-cap', symbol: 'VBR' }]
          : [{ sleeve: 'Small-cap', symbol: 'IWM' }, { sleeve: 'Cyclicals', symbol: 'XLI' }, { sleeve: 'Cyclicals', symbol: 'XLF' }, { sleeve: 'Value', symbol: 'VTV' }],
      );
      db.close();
    }
    expect(fs.existsSync(dir)).toBe(true);
  });
});
