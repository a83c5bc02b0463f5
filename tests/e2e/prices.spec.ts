// Prices in Chromium through the web door (issue 14): a household holding only QQQ and BND (a positions file of
// 2026-11-02) under the 2026 Rotation model. Rebalance lists the preferred buys Keel has no price for (IWM, XLI,
// XLF, VTV), the user types them inline, the plan buys them, and the printed list names the statement's old
// prices. Then the Import page's one drop zone takes price files (a Stooq file, and a Yahoo file whose symbol it
// asks for), and the Prices page lists every price with its age and source and takes a manual one.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelView, PriceView, SavedPlanView } from '../../src/shared/contract.ts';
import { formatDate, formatDecimal, formatQuantity } from '../../src/renderer/src/format.ts';
import { pdfText } from '../support/pdf-text.ts';
import { tempDir } from '../support/tmp.ts';
import { activateOnTargets, callDoor, type Door, expect, startDoor, stopDoor, test, watchConsole, withoutDemo } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const POSITIONS = path.join(ROOT, 'tests/fixtures/prices/Individual-Positions-2026-11-02.csv');
const OUT = path.join(ROOT, 'test-results/prices');
const ROTATION = '2026 Rotation';
const TYPED = { IWM: '221.50', XLI: '142.10', XLF: '51.20', VTV: '180.40' } as const;


// This spec changes the household (the demo removed, files imported): its own door, so the other specs sharing the
// worker's door still find the demo household.
let door: Door;
test.beforeAll(async () => {
  door = await startDoor();
});
test.afterAll(async () => {
  await stopDoor(door);
});

test('QQQ and BND only, 2026 Rotation: the preferred buys are priced inline, bought, and the printed list names the old prices', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  fs.mkdirSync(OUT, { recursive: true });
  const api = <T,>(operation: string, data: unknown = {}) => callDoor<T>(page.request, door.origin, operation, data);
  await page.goto(door.url);
  await withoutDemo(page.request, door.origin);
  await page.goto(`${door.origin}/#/import`);
  await page.reload();

  // 1. Import the household: one Schwab account holding QQQ and BND.
  await page.getByTestId('import-file-input').setInputFiles([POSITIONS]);
  await expect(page.getByTestId('import-file-0-detected')).toContainText('Charles Schwab');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 1 file');

  // 2. Activate 2026 Rotation on Targets.
  await activateOnTargets(page, ROTATION);
  expect((await api<ModelView[]>('listModels')).find((m) => m.active)?.name).toBe(ROTATION);

  // 3. Rebalance: the preferred buys without a price are listed before planning, each with an input.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rebalance', exact: true }).click();
  const missing = page.getByTestId('missing-prices');
  await expect(missing).toBeVisible();
  await expect(missing.getByRole('heading')).toHaveText('4 symbols need a price');
  await expect(missing.getByRole('listitem')).toHaveCount(4);
  for (const symbol of Object.keys(TYPED)) await expect(page.getByTestId(`missing-price-${symbol}`)).toContainText(`${symbol} needs a price — enter today’s quote`);
  await page.screenshot({ path: path.join(OUT, 'rebalance-missing.png') });
  for (const [symbol, price] of Object.entries(TYPED)) await page.getByLabel(new RegExp(`^${symbol} needs a price`)).fill(price);
  await page.getByRole('radio', { name: /^Full rebalance/ }).check();
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(page.getByTestId('plan-summary')).toBeVisible({ timeout: 60_000 });

  // 4. The plan bought them, at the typed prices (saved as manual prices), and the list of missing prices is gone.
  const printHref = await page.getByRole('link', { name: 'Print…' }).getAttribute('href');
  const planId = Number(/#\/plans\/(\d+)\/print$/.exec(printHref ?? '')?.[1]);
  const saved = await api<SavedPlanView>('getPlan', { id: planId });
  expect(saved.request.prices).toEqual(TYPED);
  const trades = saved.view.plan.trades.map((t) => `${t.side} ${t.quantity} ${t.symbol} @ ${t.price}`);
  expect(trades).toEqual(['sell 60 BND @ 72.1', 'sell 22 QQQ @ 512.3', 'buy 41 IWM @ 221.5', 'buy 33 VTV @ 180.4', 'buy 100 XLF @ 51.2', 'buy 6 XLI @ 142.1']);
  expect(saved.view.missingPrices).toBeUndefined();
  for (const t of saved.view.plan.trades) await expect(page.getByTestId(`trade-${t.account}-${t.symbol}`).getByTestId('trade-quantity')).toHaveText(formatQuantity(t.quantity));
  await expect(missing).toHaveCount(0);
  const prices = (await api<{ prices: PriceView[] }>('listPrices')).prices;
  expect(prices.filter((p) => p.source === 'manual').map((p) => `${p.symbol} ${p.price}`)).toEqual(['IWM 221.5', 'VTV 180.4', 'XLF 51.2', 'XLI 142.1']);
  // The page names the plan's old prices with their dates.
  await expect(page.getByTestId('plan-warnings')).toContainText(`Prices older than 5 days: BND (${formatDate('2026-11-02')}), QQQ (${formatDate('2026-11-02')})`);

  // 5. The printed list: the stale-price note, in the page and in the PDF's text.
  await page.getByRole('link', { name: 'Print…' }).click();
  const note = page.locator('.trade-list .tl-stale');
  await expect(note).toContainText('Stale prices');
  await expect(note).toContainText('These prices are older than 5 days');
  await expect(note.getByRole('listitem')).toHaveText([/^BND 2026-11-02 \(\d+ days\)$/, /^QQQ 2026-11-02 \(\d+ days\)$/]);
  const pdfPath = path.join(OUT, 'trade-list.pdf');
  await page.pdf({ path: pdfPath, format: 'Letter', printBackground: true });
  const text = await pdfText(pdfPath);
  expect(text).toContain('Stale prices');
  expect(text).toMatch(/BND 2026-11-02 \(\d+ days\)/);
  expect(text).toMatch(/QQQ 2026-11-02 \(\d+ days\)/);
  expect(text).not.toMatch(/IWM 20\d\d-\d\d-\d\d \(/);
  expect(problems).toEqual([]);
});

test('price files on the Import drop zone, and the Prices page: age, source, stale marks, a manual price', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const api = <T,>(operation: string, data: unknown = {}) => callDoor<T>(page.request, door.origin, operation, data);
  const dir = tempDir();
  const stooq = path.join(dir, 'xlb_us_d.csv');
  fs.writeFileSync(stooq, 'Date,Open,High,Low,Close,Volume\n2026-11-30,88,89,87,88.10,1000\n2026-12-01,88,89,87,88.40,1200\n');
  const yahoo = path.join(dir, 'download.csv');
  fs.writeFileSync(yahoo, 'Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-26,80,82,79,80.00,79.7,5\n2026-11-27,80,82,79,81.25,80.9,5\n2026-11-25,80,82,79,79.50,79.2,5\n');
  await page.goto(`${door.url}#/import`);

  // 1. Both dropped on the one drop zone: recognised as price files; the Yahoo file's name does not say its symbol.
  await page.getByTestId('import-file-input').setInputFiles([stooq, yahoo]);
  const preview = page.getByTestId('price-files');
  await expect(preview).toBeVisible();
  const [first, second] = [preview.getByTestId('price-file').nth(0), preview.getByTestId('price-file').nth(1)];
  await expect(first).toContainText('xlb_us_d.csv · Daily history (Stooq layout) · 2 rows');
  for (const cell of ['XLB', formatDecimal('88.4'), formatDate('2026-12-01')]) await expect(first.getByRole('row', { name: /XLB/ })).toContainText(cell);
  await expect(second).toContainText('download.csv · Daily history (Yahoo Finance layout) · 3 rows');
  await expect(page.getByRole('button', { name: 'Import prices' })).toBeDisabled();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(OUT, 'import-price-files.png'), fullPage: true });
  await expect(second).toContainText('download.csv does not say which symbol these daily prices are for.');
  await second.getByLabel('Symbol', { exact: true }).fill('xlk');
  await second.getByRole('button', { name: 'Read again' }).click();
  for (const cell of ['XLK', formatDecimal('81.25'), formatDate('2026-11-27')]) await expect(second.getByRole('row', { name: /XLK/ })).toContainText(cell);
  await page.getByRole('button', { name: 'Import prices' }).click();
  await expect(page.getByTestId('price-files-imported')).toContainText('2 prices from 2 files');
  const files = (await api<{ prices: PriceView[] }>('listPrices')).prices.filter((p) => p.source === 'file');
  expect(files.map((p) => `${p.symbol} ${p.price} ${p.asOf}`)).toEqual(['XLB 88.4 2026-12-01', 'XLK 81.25 2026-11-27']);

  // 2. The Prices page: every price with its source; the statement's are marked stale.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prices', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prices' })).toBeVisible();
  await expect(page.getByTestId('price-QQQ')).toContainText('Positions file');
  await expect(page.getByTestId('price-QQQ')).toContainText('stale');
  await expect(page.getByTestId('price-IWM')).toContainText('Entered by you');
  await expect(page.getByTestId('price-XLB')).toContainText('Price file');
  await expect(page.getByTestId('prices-stale')).toContainText(`QQQ (${formatDate('2026-11-02')})`);
  await page.screenshot({ path: path.join(OUT, 'prices.png'), fullPage: true });

  // 3. Edit: a manual price for QQQ dated after the statement replaces it.
  await page.getByRole('button', { name: 'Enter a price for QQQ' }).click();
  await page.getByLabel('QQQ price').fill('530.25');
  await page.getByLabel('As of').last().fill('2026-11-20');
  await page.getByRole('button', { name: 'Save price' }).last().click();
  await expect(page.getByTestId('price-QQQ')).toContainText('Entered by you');
  const qqq = (await api<{ prices: PriceView[] }>('listPrices')).prices.find((p) => p.symbol === 'QQQ');
  expect([qqq?.price, qqq?.asOf, qqq?.source]).toEqual(['530.25', '2026-11-20', 'manual']);
  expect(problems).toEqual([]);
});
