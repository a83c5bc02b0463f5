// The whole journey a new user takes, in Chromium through the web door, on a database of their own (no demo):
// import a Schwab and a Fidelity positions file → classify what Keel could not → choose the 2026 Rotation model →
// plan "invest $10,000" into one account → print the trade list to PDF (page.pdf on the print view) and find
// every trade in the PDF's text (pdfjs-dist) → export the CSV and find exactly the plan's trades in it.
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import type { ClassificationView, HouseholdSummary, ModelView, Result, SavedPlanView } from '../../src/shared/contract.ts';
import { formatMoney, formatQuantity } from '../../src/renderer/src/format.ts';
import { toCents } from '../../src/shared/csv.ts';
import { pdfText } from '../support/pdf-text.ts';
import { doorHeaders, expect, startDoor, stopDoor, test, watchConsole, type Door } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCHWAB = path.join(ROOT, 'tests/fixtures/brokers/schwab/All-Accounts-Positions-2020-11-15.csv');
const FIDELITY = path.join(ROOT, 'tests/fixtures/brokers/fidelity/Portfolio_Positions_Jul-20-2026.csv');
const OUT = path.join(ROOT, 'test-results/journey');
const ROTATION = '2026 Rotation';

async function call<T>(request: APIRequestContext, origin: string, operation: string, data: unknown = {}): Promise<T> {
  const answer = (await (await request.post(`${origin}/api/${operation}`, { data, headers: doorHeaders(origin) })).json()) as Result<T>;
  if (!answer.ok) throw new Error(`${operation}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

/** RFC 4180: fields split on commas outside quotes, "" inside quotes is one quote, records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

let door: Door;
test.beforeAll(async () => {
  door = await startDoor();
});
test.afterAll(async () => {
  await stopDoor(door);
});

test('empty database → import Schwab and Fidelity → classify → 2026 Rotation → invest $10,000 → PDF and CSV hold exactly the plan', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  fs.mkdirSync(OUT, { recursive: true });
  const api = <T,>(operation: string, data: unknown = {}) => call<T>(page.request, door.origin, operation, data);

  // A household of one's own: no demo, and (so that choosing it is a real choice) another model active.
  await page.goto(door.url);
  await api('clearDemo');
  const classic = (await api<ModelView[]>('listModels')).find((m) => m.name === 'Classic 60/40');
  if (!classic) throw new Error('the Classic 60/40 preset is missing');
  await api('activateModel', { id: classic.id });

  // The page read the household before the demo went: load it again.
  await page.goto(`${door.origin}/#/dashboard`);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();

  // 1. Import: the empty state leads there.
  await page.getByRole('link', { name: 'Go to Import' }).click();
  await expect(page).toHaveURL(/#\/import$/);
  await page.getByTestId('import-file-input').setInputFiles([SCHWAB, FIDELITY]);
  await expect(page.getByTestId('import-file-0-detected')).toContainText('Charles Schwab');
  await expect(page.getByTestId('import-file-1-detected')).toContainText('Fidelity');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 2 files');

  const summary = await api<HouseholdSummary>('getHouseholdSummary');
  expect(summary.accounts).toHaveLength(3);
  const rollover = summary.accounts.find((a) => a.numberMasked.includes('55501234') || a.name.includes('Rollover'));
  if (!rollover) throw new Error(`no Rollover IRA among ${summary.accounts.map((a) => a.name).join(', ')}`);

  // 2. Classify every security Keel could not place in a sleeve, on the Classification page.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Classification', exact: true }).click();
  const unclassified = (await api<ClassificationView[]>('listClassifications')).filter((c) => c.sleeves === null);
  expect(unclassified.length).toBeGreaterThan(0);
  for (const c of unclassified) {
    await page.getByTestId(`classify-${c.symbol}`).getByRole('button', { name: 'Choose sleeves' }).click();
    const editor = page.getByLabel(`Sleeves for ${c.symbol}`);
    await editor.getByLabel('Large-cap growth').fill('100');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId(`classify-${c.symbol}`).getByRole('button', { name: 'Choose sleeves' })).toHaveCount(0);
  }
  expect((await api<ClassificationView[]>('listClassifications')).filter((c) => c.sleeves === null)).toEqual([]);

  // 3. Choose the 2026 Rotation model on Targets.
  await nav.getByRole('link', { name: 'Targets', exact: true }).click();
  const rotation = page.getByRole('listitem').filter({ hasText: ROTATION }).filter({ has: page.getByRole('button', { name: 'Edit' }) });
  await rotation.getByRole('button', { name: 'Activate' }).click();
  await expect(rotation.getByText('Active', { exact: true })).toBeVisible();
  expect((await api<ModelView[]>('listModels')).find((m) => m.active)?.name).toBe(ROTATION);

  // 4. Rebalance: invest $10,000 into the Rollover IRA.
  await nav.getByRole('link', { name: 'Rebalance', exact: true }).click();
  // (Wait for the page: until it renders, "Target model" also matches the Targets page's "Target models" section.)
  await expect(page.getByRole('heading', { level: 1, name: 'Rebalance' })).toBeVisible();
  const modelSelect = page.getByRole('combobox', { name: 'Target model', exact: true });
  await expect(modelSelect).toHaveValue('');
  await expect(modelSelect.locator('option:checked')).toHaveText(`${ROTATION} (active)`);
  await page.getByRole('radio', { name: /^Invest new cash/ }).check();
  await page.getByLabel(`Cash to add to ${rollover.name}`).fill('$10,000');
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  const result = page.getByTestId('plan-summary');
  await expect(result).toBeVisible({ timeout: 60_000 });

  const printHref = await page.getByRole('link', { name: 'Print…' }).getAttribute('href');
  const planId = Number(/#\/plans\/(\d+)\/print$/.exec(printHref ?? '')?.[1]);
  expect(planId).toBeGreaterThan(0);
  const saved = await api<SavedPlanView>('getPlan', { id: planId });
  expect(saved.request).toMatchObject({ mode: 'invest', cash: [{ account: String(rollover.id), amount: '10000' }] });
  const trades = saved.view.plan.trades;
  expect(trades.length).toBeGreaterThan(0);
  // Invest mode into one account: buys only, all in that account, for at most the cash there.
  for (const t of trades) expect([t.side, t.account]).toEqual(['buy', String(rollover.id)]);

  // The page shows exactly those trades.
  const currency = summary.baseCurrency;
  await expect(page.getByTestId('plan-trades').locator('tbody tr')).toHaveCount(trades.length);
  for (const t of trades) {
    const row = page.getByTestId(`trade-${t.account}-${t.symbol}`);
    await expect(row.getByTestId('trade-quantity')).toHaveText(formatQuantity(t.quantity));
    await expect(row.getByTestId('trade-amount')).toHaveText(formatMoney(t.amount.replace(/^-/, ''), currency));
  }
  await page.screenshot({ path: path.join(OUT, 'rebalance.png') });

  // 5. Print: the print view, to PDF, and every trade in the PDF's text.
  await page.getByRole('link', { name: 'Print…' }).click();
  await expect(page).toHaveURL(new RegExp(`#/plans/${planId}/print$`));
  await expect(page.locator('.trade-list')).toBeVisible();
  const pdfPath = path.join(OUT, 'trade-list.pdf');
  await page.pdf({ path: pdfPath, format: 'Letter', printBackground: true });
  const text = await pdfText(pdfPath);
  expect(text).toContain('Trade list');
  expect(text).not.toContain('Back to Rebalance'); // the app around the document is not printed
  const lines = text.split('\n');
  for (const t of trades) {
    const shares = formatQuantity(t.quantity);
    const amount = formatMoney(t.amount.replace(/^-/, ''), currency);
    // A trade's row: its symbol, then its shares and amount on that line or, when a long symbol or name wraps
    // its cell, on one of the next two lines.
    const symbol = new RegExp(`(^|\\s)${t.symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
    const rows = lines.flatMap((l, i) => (symbol.test(l) ? [lines.slice(i, i + 3).join(' ')] : []));
    expect(
      rows.some((r) => r.includes(` ${shares} `) && r.includes(amount)),
      `a row of the PDF with ${t.symbol}, ${shares} shares and ${amount}:\n${rows.join('\n')}`,
    ).toBe(true);
  }

  // 6. Back on Rebalance the plan is still there; export its CSV: exactly the plan's trades.
  await page.getByRole('link', { name: 'Back to Rebalance' }).click();
  await expect(result).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csvPath = path.join(OUT, download.suggestedFilename());
  await download.saveAs(csvPath);
  const csv = fs.readFileSync(csvPath, 'utf8');
  expect(csv.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = parseCsv(csv);
  expect(header).toEqual(['account', 'symbol', 'side', 'quantity', 'price', 'amount', 'why']);
  const col = (name: string) => header?.indexOf(name) ?? -1;
  // Amounts to the cent; the account is named with its masked number.
  expect(rows.map((r) => [r[col('symbol')], r[col('side')], r[col('quantity')], r[col('amount')]])).toEqual(
    trades.map((t) => [t.symbol, t.side, t.quantity, toCents(t.amount)]),
  );
  for (const r of rows) expect([r[col('account')]?.startsWith(rollover.name), r[col('account')]?.includes(rollover.numberMasked)]).toEqual([true, true]);
  expect(problems).toEqual([]);
});
