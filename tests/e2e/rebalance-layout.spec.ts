// Every page at 1024×700 in Chromium through the web door, with the demo household and a plan made: a full-page
// screenshot of each (test-results/screenshots/page-*-1024x700.png, to be looked at), and no table whose content
// is cut off — each table's scroll wrapper is at least as wide as the table, or it visibly scrolls (a scrollbar
// the user can see and reach with the keyboard: scrollable region, tab stop).
import fs from 'node:fs';
import path from 'node:path';
import { expect, watchConsole, testWithOwnDoor as test } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results/screenshots');
const FIDELITY = path.join(ROOT, 'tests/fixtures/brokers/fidelity/Portfolio_Positions_Apr-12-2026.csv');

/** Tables whose content does not fit and whose wrapper does not visibly scroll, described for the failure message. */
async function cutOffTables(page: import('@playwright/test').Page): Promise<string[]> {
  return page.locator('main').evaluate((main) => {
    const out: string[] = [];
    for (const table of main.querySelectorAll('table')) {
      if (table.getClientRects().length === 0) continue; // not shown (folded away)
      // The nearest ancestor that clips: the table's own scroll wrapper, else the card or the page.
      let box: HTMLElement | null = table.parentElement;
      while (box && box !== main && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
      if (!box) continue;
      // A cell (or its clamped text) that hides part of what it holds: wider, or more lines, than it shows.
      const cutCells = [...table.querySelectorAll<HTMLElement>('th, td, .cell-text')].filter(
        (c) => getComputedStyle(c).overflow === 'hidden' && (c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1),
      );
      const scrolls = getComputedStyle(box).overflowX === 'auto' || getComputedStyle(box).overflowX === 'scroll';
      const visible = scrolls && box.offsetHeight - box.clientHeight > 0 && box.tabIndex >= 0;
      const name = table.getAttribute('data-testid') ?? table.className;
      if (box.scrollWidth > box.clientWidth && !visible) out.push(`${name}: ${box.scrollWidth} > ${box.clientWidth}`);
      for (const c of cutCells) out.push(`${name}: cell "${(c.textContent ?? '').slice(0, 30)}" is cut off`);
    }
    return out;
  });
}

test('every page at 1024×700: screenshots, and no table cut off', async ({ page, door }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(door.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

  // A plan, so that Rebalance shows its result and Plans has a row and a detail page.
  await page.getByTestId('nav-rebalance').click();
  await page.getByRole('radio', { name: /Full rebalance/ }).check();
  await page.getByTestId('plan-submit').click();
  await expect(page.getByTestId('plan-summary')).toBeVisible({ timeout: 60_000 });

  const pages: [string, () => Promise<void>][] = [
    ['dashboard', async () => void (await expect(page.locator('main table').first()).toBeVisible())],
    ['holdings', async () => void (await expect(page.locator('main table').first()).toBeVisible())],
    ['prices', async () => void (await expect(page.locator('main .loading')).toHaveCount(0))],
    ['accounts', async () => void (await expect(page.getByTestId('account-row').first()).toBeVisible())],
    ['targets', async () => void (await expect(page.locator('main h2').first()).toBeVisible())],
    ['classification', async () => void (await expect(page.locator('main table').first()).toBeVisible())],
    ['rebalance', async () => void (await expect(page.getByTestId('plan-summary')).toBeVisible())],
    ['plans', async () => void (await expect(page.getByTestId('plans-table')).toBeVisible())],
    ['settings', async () => void (await expect(page.locator('main h2').first()).toBeVisible())],
  ];
  const cut: string[] = [];
  for (const [route, ready] of pages) {
    await page.getByTestId(`nav-${route}`).click();
    await ready();
    await expect(page.locator('main .loading')).toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, `page-${route}-1024x700.png`), fullPage: true });
    cut.push(...(await cutOffTables(page)).map((c) => `${route}: ${c}`));
  }

  // A plan opened from Plans, and an import preview.
  await page.getByTestId('nav-plans').click();
  await page.getByTestId('plans-table').getByRole('link').first().click();
  await expect(page.getByTestId('plan-detail')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'page-plan-detail-1024x700.png'), fullPage: true });
  cut.push(...(await cutOffTables(page)).map((c) => `plan detail: ${c}`));
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles([FIDELITY]);
  await expect(page.getByTestId('import-file-0')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'page-import-preview-1024x700.png'), fullPage: true });
  cut.push(...(await cutOffTables(page)).map((c) => `import preview: ${c}`));

  // Real accounts beside the demo's (longer names, larger sums): the pages that list them again.
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 1 file');
  cut.push(...(await cutOffTables(page)).map((c) => `import history: ${c}`));
  for (const route of ['dashboard', 'holdings', 'accounts']) {
    await page.getByTestId(`nav-${route}`).click();
    await expect(page.locator('main .loading')).toHaveCount(0);
    await expect(page.locator('main table').first()).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, `page-${route}-imported-1024x700.png`), fullPage: true });
    cut.push(...(await cutOffTables(page)).map((c) => `${route} (imported): ${c}`));
  }

  expect(cut).toEqual([]);
  expect(problems).toEqual([]);
});

test('keyboard: Escape closes an inline edit and focus returns to the control that opened it', async ({ page, door }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await page.goto(door.url);

  // Classification: a security's sleeve editor.
  await page.getByTestId('nav-classification').click();
  const editQqq = page.getByTestId('classify-edit-QQQ');
  await editQqq.click();
  await page.getByTestId('classify-editor-QQQ').getByRole('textbox').first().focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('classify-editor-QQQ')).toHaveCount(0);
  await expect(editQqq).toBeFocused();

  // Targets: a model's delete confirmation.
  await page.getByTestId('nav-targets').click();
  const deleteButton = page.locator('[data-testid^="model-delete-"]:not([data-testid*="confirm"])').first();
  await deleteButton.click();
  await expect(page.locator('[data-testid^="model-delete-confirm-"]')).toBeVisible();
  await page.locator('[data-testid^="model-delete-confirm-"]').focus();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid^="model-delete-confirm-"]')).toHaveCount(0);
  await expect(deleteButton).toBeFocused();

  // Settings: a backup's restore confirmation.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backup-status')).toContainText('Backed up');
  const restore = page.getByTestId('restore-backup').first();
  await restore.click();
  await expect(page.getByTestId('confirm-restore-yes')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('confirm-restore')).toHaveCount(0);
  await expect(restore).toBeFocused();

  // Rebalance: a trade's shares; and the plan result takes focus when it arrives.
  await page.getByTestId('nav-rebalance').click();
  await page.getByRole('radio', { name: /Full rebalance/ }).check();
  await page.getByTestId('plan-submit').click();
  await expect(page.locator('#plan-summary-title')).toBeFocused({ timeout: 60_000 });
  const editShares = page.getByRole('button', { name: /^Edit shares: / }).first();
  await editShares.click();
  await page.keyboard.press('Escape');
  await expect(editShares).toBeFocused();
  expect(problems).toEqual([]);
});
