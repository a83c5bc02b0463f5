import fs from 'node:fs';
import path from 'node:path';
import type { HouseholdSummary, Result } from '../../src/shared/contract.ts';
import { formatMoney } from '../../src/renderer/src/format.ts';
import { doorHeaders, expect, test, watchConsole } from './fixtures.ts';

const NAV = [
  ['Dashboard', '#/dashboard'],
  ['Holdings', '#/holdings'],
  ['Import', '#/import'],
  ['Targets', '#/targets'],
  ['Classification', '#/classification'],
  ['Rebalance', '#/rebalance'],
  ['Plans', '#/plans'],
  ['Settings', '#/settings'],
] as const;

test.describe.configure({ mode: 'serial' });

test('the app loads through the web door and every nav entry opens its page', async ({ page, door }) => {
  const problems = watchConsole(page);
  await page.goto(door.url);
  await expect(page).toHaveTitle(/Keel/);
  expect(new URL(page.url()).searchParams.get('secret')).toBeNull(); // the secret leaves the address bar
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const [label, hash] of NAV) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${hash.replace('/', '\\/')}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  expect(problems).toEqual([]);
});

test('the dashboard shows the demo household total exactly as the core computes it', async ({ page, door }) => {
  const problems = watchConsole(page);
  await page.goto(door.url);
  const answer = (await (await page.request.post(`${door.origin}/api/getHouseholdSummary`, { data: {}, headers: doorHeaders(door.origin) })).json()) as Result<HouseholdSummary>;
  if (!answer.ok) throw new Error(answer.error.message);
  const summary = answer.value;
  expect(summary.total).toBe('312974.55');

  await page.goto(`${door.origin}/#/dashboard`);
  await expect(page.getByTestId('household-total')).toHaveText(formatMoney(summary.total, summary.baseCurrency));
  await expect(page.getByTestId('household-total')).toHaveText('$312,974.55');
  for (const account of summary.accounts) {
    const card = page.getByTestId(`account-${account.id}`);
    await expect(card).toContainText(account.name);
    await expect(card).toContainText(formatMoney(account.total, account.currency));
    for (const p of account.positions) await expect(card).toContainText(p.symbol);
  }
  await expect(page.getByText(/demo household/i).first()).toBeVisible();

  const shots = path.resolve(import.meta.dirname, '../../test-results/screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'dashboard.png') });
  await page.screenshot({ path: path.join(shots, 'dashboard-full.png'), fullPage: true });
  expect(fs.statSync(path.join(shots, 'dashboard.png')).size).toBeGreaterThan(10_000);
  expect(problems).toEqual([]);
});

test('removing the demo household empties the dashboard, and it can be loaded again', async ({ page, door }) => {
  await page.goto(door.url);
  await page.goto(`${door.origin}/#/settings`);
  await page.getByTestId('clear-demo').click();
  await page.goto(`${door.origin}/#/dashboard`);
  await expect(page.getByRole('link', { name: /import/i }).last()).toBeVisible();
  await expect(page.getByTestId('household-total')).toHaveCount(0);
  await page.getByTestId('load-demo').first().click();
  await expect(page.getByTestId('household-total')).toHaveText('$312,974.55');
});
