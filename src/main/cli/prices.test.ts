// `keel prices`, `keel prices set`, `keel prices import` and `keel plan`'s missing prices, run in-process on a
// household holding only QQQ and BND (tests/fixtures/prices), the demo removed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../tests/support/run-cli.ts';
import { tempDir, tempFile } from '../../../tests/support/tmp.ts';
import { HELP } from './main.ts';
import { formatAge } from './prices.ts';

const POSITIONS = path.resolve(import.meta.dirname, '../../../tests/fixtures/prices/Individual-Positions-2026-11-02.csv');
const ROTATION = '2026 Rotation';

async function household(): Promise<string> {
  const dir = tempDir();
  expect((await run(['--data-dir', dir, 'demo', '--clear'])).code).toBe(0);
  const r = await run(['--data-dir', dir, 'import', POSITIONS]);
  expect(r.code, r.err).toBe(0);
  return dir;
}

interface PricesJson {
  prices: { symbol: string; name: string; price: string; currency: string; asOf: string; source: string }[];
}

describe('keel prices', () => {
  it('lists every price with its date and source (--json: the exact shape scripts use)', async () => {
    const dir = await household();
    const r = await run(['--data-dir', dir, 'prices', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      prices: [
        { symbol: 'BND', name: 'VANGUARD TOTAL BOND MARKET ETF', price: '72.1', currency: 'USD', asOf: '2026-11-02', source: 'positions' },
        { symbol: 'QQQ', name: 'INVESCO QQQ TRUST', price: '512.3', currency: 'USD', asOf: '2026-11-02', source: 'positions' },
      ],
    });
    const table = await run(['--data-dir', dir, 'prices']);
    expect(table.out.split('\n')[0]).toMatch(/^Symbol\s+Price\s+Cur\s+As of\s+Age\s+Source\s+Name$/);
    expect(table.out).toMatch(/^QQQ\s+512\.3\s+USD\s+2026-11-02\s+\d+ days\s+positions\s+INVESCO QQQ TRUST$/m);
  });

  it('prints ages as people say them', () => {
    expect([formatAge(0), formatAge(1), formatAge(3)]).toEqual(['today', '1 day', '3 days']);
  });

  it('set: a manual price, as of today by default, with a name; a newer date wins over the statement', async () => {
    const dir = await household();
    const a = await run(['--data-dir', dir, 'prices', 'set', 'xli', '142.10', '--name', 'Industrial Select Sector SPDR']);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toMatch(/^XLI: 142\.1 USD as of \d{4}-\d{2}-\d{2} \(manual\)$/);
    const b = await run(['--data-dir', dir, 'prices', 'set', 'QQQ', '$520.00', '--as-of', '2026-11-03']);
    expect(b.out).toBe('QQQ: 520 USD as of 2026-11-03 (manual)');
    // An older manual price does not replace the statement's newer one: set answers with the latest.
    const c = await run(['--data-dir', dir, 'prices', 'set', 'BND', '70', '--as-of', '2026-10-01']);
    expect(c.out).toBe('BND: 72.1 USD as of 2026-11-02 (positions)');
    const list = JSON.parse((await run(['--data-dir', dir, 'prices', '--json'])).out) as PricesJson;
    expect(list.prices.map((p) => [p.symbol, p.price, p.source])).toEqual([
      ['BND', '72.1', 'positions'],
      ['QQQ', '520', 'manual'],
      ['XLI', '142.1', 'manual'],
    ]);
    expect(list.prices.find((p) => p.symbol === 'XLI')?.name).toBe('Industrial Select Sector SPDR');
  });

  it('set refuses a bad price, and a wrong call is a usage error', async () => {
    const dir = await household();
    const r = await run(['--data-dir', dir, 'prices', 'set', 'XLI', '0']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^keel: VALIDATION: .*price/);
    expect((await run(['--data-dir', dir, 'prices', 'set', 'XLI'])).code).toBe(2);
    expect((await run(['--data-dir', dir, 'prices', 'bogus'])).code).toBe(2);
  });

  it('import: a Stooq daily file takes its symbol from the name, a Yahoo one from --symbol; the newest close wins', async () => {
    const dir = await household();
    const stooq = tempFile('xlb_us_d.csv', 'Date,Open,High,Low,Close,Volume\n2026-11-30,88,89,87,88.10,1000\n2026-12-01,88,89,87,88.40,1200\n');
    const yahoo = tempFile('download.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-27,180,182,179,181.25,180.9,5\n2026-11-26,180,182,179,180.00,179.7,5\n');
    const r = await run(['--data-dir', dir, 'prices', 'import', stooq, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      files: [{ file: 'xlb_us_d.csv', layout: 'stooq', status: 'imported', rows: 2, prices: [{ symbol: 'XLB', price: '88.4', asOf: '2026-12-01', closes: 2 }], warnings: [], error: null }],
    });
    const y = await run(['--data-dir', dir, 'prices', 'import', yahoo, '--symbol', 'VTV']);
    expect(y.code, y.err).toBe(0);
    expect(y.out).toBe('download.csv: imported — yahoo file, 2 rows\n  VTV            181.25 as of 2026-11-27 (2 daily closes) — new symbol');
    const list = JSON.parse((await run(['--data-dir', dir, 'prices', '--json'])).out) as PricesJson;
    expect(list.prices.filter((p) => p.source === 'file').map((p) => [p.symbol, p.price, p.asOf])).toEqual([
      ['VTV', '181.25', '2026-11-27'],
      ['XLB', '88.4', '2026-12-01'],
    ]);
  });

  it('import: a bad file exits 1 naming file, line and column, and nothing of any file is written', async () => {
    const dir = await household();
    const good = tempFile('prices.csv', 'Ticker,Last\nXLF,51.20\n');
    const bad = tempFile('typed.csv', 'Symbol,Price\nIWM,221.50\nVTV,abc\n');
    const r = await run(['--data-dir', dir, 'prices', 'import', good, bad]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('typed.csv: FAILED — nothing written');
    expect(r.out).toMatch(/error: typed\.csv: line 3, column 2: .*"abc"/);
    expect(r.out).toContain('prices.csv: read, not imported');
    const list = JSON.parse((await run(['--data-dir', dir, 'prices', '--json'])).out) as PricesJson;
    expect(list.prices.map((p) => p.symbol)).toEqual(['BND', 'QQQ']);
    const json = await run(['--data-dir', dir, 'prices', 'import', bad, '--json']);
    expect(json.code).toBe(1);
    const files = (JSON.parse(json.out) as { files: { status: string; error: { line: number; column: number } }[] }).files;
    expect(files[0]).toMatchObject({ status: 'failed', error: { line: 3, column: 2 } });
  });

  it('is in keel help', () => {
    expect(HELP).toContain('prices [--json]');
    expect(HELP).toContain('prices set SYMBOL PRICE [--as-of YYYY-MM-DD] [--name NAME]');
    expect(HELP).toContain('prices import FILE... [--symbol SYMBOL] [--json]');
  });
});

describe('keel plan and missing prices', () => {
  it('names every preferred buy without a price on stderr and in --json missingPrices; with prices set, buys them', async () => {
    const dir = await household();
    const before = await run(['--data-dir', dir, 'plan', '--model', ROTATION, '--mode', 'full', '--json']);
    expect(before.code, before.err).toBe(0);
    const missing = [
      { symbol: 'IWM', reason: 'a preferred buy for Small-cap' },
      { symbol: 'XLI', reason: 'a preferred buy for Cyclicals' },
      { symbol: 'XLF', reason: 'a preferred buy for Cyclicals' },
      { symbol: 'VTV', reason: 'a preferred buy for Value' },
    ];
    expect((JSON.parse(before.out) as { missingPrices: unknown }).missingPrices).toEqual(missing);
    for (const m of missing) expect(before.err).toContain(`keel: ${m.symbol} has no price (${m.reason}), so the plan leaves it out: keel prices set ${m.symbol} PRICE`);

    for (const [s, p] of [['IWM', '221.50'], ['XLI', '142.10'], ['XLF', '51.20'], ['VTV', '180.40']]) expect((await run(['--data-dir', dir, 'prices', 'set', s!, p!])).code).toBe(0);
    const html = path.join(tempDir(), 'trades.html');
    const after = await run(['--data-dir', dir, 'plan', '--model', ROTATION, '--mode', 'full', '--json', '--html', html]);
    expect(after.code, after.err).toBe(0);
    expect(after.err).not.toContain('has no price');
    const plan = JSON.parse(after.out) as { missingPrices?: unknown[]; trades: { side: string; symbol: string; quantity: string }[] };
    expect(plan.missingPrices).toBeUndefined();
    expect(plan.trades.map((t) => `${t.side} ${t.quantity} ${t.symbol}`)).toEqual(['sell 60 BND', 'sell 22 QQQ', 'buy 41 IWM', 'buy 33 VTV', 'buy 100 XLF', 'buy 6 XLI']);
    // The printed list names the statement's prices (2026-11-02), older than the default 5 days, and not today's.
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<h2>Stale prices</h2><p>These prices are older than 5 days');
    expect(page).toMatch(/<span class="tl-symbol">BND<\/span> 2026-11-02 .*<span class="tl-symbol">QQQ<\/span> 2026-11-02/);
    expect(page).not.toMatch(/<span class="tl-symbol">IWM<\/span> \d{4}/);
  });
});
