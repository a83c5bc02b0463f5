// Signals in Chromium through the web door, on a door of its own (it changes readings, rules and the active model):
// a reading typed in, a FRED UNRATE file imported, a rule added, edited and deleted, the charts with their
// thresholds; then the dashboard card's counts and a met rule's one-click switch to the model it names.
// Screenshots of the page and the card at 1280×800 and 1024×700 (test-results/screenshots/signals-*.png).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ModelView, SignalsView } from '../../src/shared/contract.ts';
import { callDoor, expect, startDoor, stopDoor, test, watchConsole, type Door } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results/screenshots');
const UNRATE = path.join(ROOT, 'tests/fixtures/signals/UNRATE.csv');

let door: Door;
test.beforeAll(async () => {
  door = await startDoor();
});
test.afterAll(async () => {
  await stopDoor(door);
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
const ruleRow = (page: Page, text: string) => page.getByTestId('signals-rules').getByRole('row').filter({ hasText: text });

async function shoot(page: Page, name: string, target: 'page' | 'card'): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [[1280, 800], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    const file = path.join(SHOTS, `signals-${name}-${width}x${height}.png`);
    if (target === 'page') await page.screenshot({ path: file, fullPage: true });
    else await page.getByTestId('signals-card').screenshot({ path: file });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('readings entered and imported, rules kept, the dashboard card and a met rule\'s one-click model switch', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  const api = <T,>(operation: string, data: unknown = {}) => callDoor<T>(page.request, door.origin, operation, data);
  await page.goto(door.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const activeBefore = (await api<ModelView[]>('listModels')).find((m) => m.active)?.name;
  expect(activeBefore).not.toBe('Classic 60/40');

  // 1. The page: the thesis presets without data, and the line that Keel gives no advice.
  await nav(page, 'Signals');
  await expect(page.getByRole('heading', { level: 1, name: 'Signals' })).toBeVisible();
  await expect(page.getByTestId('signals-no-advice')).toContainText('gives no advice');
  await expect(ruleRow(page, 'unemployment > 4.3')).toContainText('No data');
  await expect(ruleRow(page, 'ism-pmi > 50')).toContainText('No data');

  // 2. A reading typed in: ism-pmi 52.1 today meets "ism-pmi > 50".
  await page.getByTestId('reading-series').selectOption('ism-pmi');
  await page.getByTestId('reading-value').fill('52.1');
  await page.getByTestId('reading-save').click();
  await expect(page.getByTestId('reading-ism-pmi')).toContainText('52.1');
  await expect(ruleRow(page, 'ism-pmi > 50')).toContainText('Met');
  await expect(ruleRow(page, 'ism-pmi > 50')).toContainText('rotation supported');

  // 3. FRED's UNRATE file (with a "." gap) goes to unemployment; its newest, 4.5 in October 2026, meets the reversal rule.
  await page.getByTestId('import-readings-file').setInputFiles([UNRATE]);
  await expect(page.getByTestId('import-readings-result')).toContainText('13 readings of unemployment');
  await expect(page.getByTestId('reading-unemployment')).toContainText('4.5%');
  await expect(ruleRow(page, 'unemployment > 4.3')).toContainText('Met');
  await expect(ruleRow(page, 'unemployment > 4.3')).toContainText('Switch to Classic 60/40');
  const view = await api<SignalsView>('listSignals');
  expect(view.readings.find((r) => r.series === 'unemployment')).toMatchObject({ value: '4.5', asOf: '2026-10-01', source: 'file' });

  // 4. The chart of unemployment: its 13 readings and the rule's threshold as a line.
  const canvas = page.getByTestId('signal-chart-canvas-unemployment');
  await expect(canvas).toHaveAttribute('data-chart', /4\.3/);
  const chart = JSON.parse((await canvas.getAttribute('data-chart')) ?? '{}') as { labels: string[]; datasets: { label: string; data: number[] }[] };
  expect(chart.labels).toHaveLength(13);
  expect(chart.labels.at(-1)).toBe('2026-10-01');
  expect(chart.datasets.map((d) => d.label)).toEqual(['unemployment', '> 4.3']);
  expect(new Set(chart.datasets[1]?.data)).toEqual(new Set([4.3]));

  // 5. A rule of the user's own: added, edited, deleted.
  await page.getByTestId('rule-add').click();
  await page.getByTestId('rule-series').selectOption('vix');
  await page.getByTestId('rule-op').selectOption('>=');
  await page.getByTestId('rule-threshold').fill('30');
  await page.getByTestId('rule-note').fill('fear: hold off');
  await page.getByTestId('rule-save').click();
  await expect(ruleRow(page, 'vix >= 30')).toContainText('No data');
  await ruleRow(page, 'vix >= 30').getByRole('button', { name: 'Edit' }).click();
  await page.getByTestId('rule-threshold').fill('25');
  await page.getByTestId('rule-save').click();
  await expect(ruleRow(page, 'vix >= 25')).toContainText('Flag — fear: hold off');
  await ruleRow(page, 'vix >= 25').getByRole('button', { name: 'Delete' }).click();
  await ruleRow(page, 'vix >= 25').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(ruleRow(page, 'vix >=')).toHaveCount(0);
  await expect(page.getByTestId('signals-rules').getByRole('row')).toHaveCount(5);
  await shoot(page, 'page', 'page');

  // 6. The dashboard card: two met, two without data; the reversal rule offers its model, and nothing switched yet.
  await nav(page, 'Dashboard');
  const card = page.getByTestId('signals-card');
  await expect(card.getByTestId('signals-count-met')).toHaveText('Met: 2');
  await expect(card.getByTestId('signals-count-not-met')).toHaveText('Not met: 0');
  await expect(card.getByTestId('signals-count-no-data')).toHaveText('No data: 2');
  await expect(card).toContainText('rotation supported');
  await expect(card.getByTestId('signals-card-active')).toContainText(`Active model: “${activeBefore}”`);
  await shoot(page, 'card', 'card');
  expect((await api<ModelView[]>('listModels')).find((m) => m.active)?.name).toBe(activeBefore);

  // 7. One click switches to Classic 60/40; the card names it and the button goes.
  await card.getByRole('button', { name: 'Switch to Classic 60/40' }).click();
  await expect(card.getByTestId('signals-card-active')).toContainText('“Classic 60/40” is now the active model.');
  await expect(card.getByRole('button', { name: /^Switch to/ })).toHaveCount(0);
  expect((await api<ModelView[]>('listModels')).find((m) => m.active)?.name).toBe('Classic 60/40');
  await shoot(page, 'card-switched', 'card');

  expect(problems).toEqual([]);
});
