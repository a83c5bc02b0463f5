// The Accounts page in Chromium through the web door: a Schwab positions file (...920), its history file (which
// names the account XXX178, so it lands in an account of its own) and a Roth file. Rename an account and change
// its tax treatment, Escape out of an edit, merge the history-only account into its positions account, delete one
// (a backup is taken first and named); focus returns to what opened each; readable at 1024×700.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Door, expect, startDoor, stopDoor, test, watchConsole } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCHWAB = path.join(ROOT, 'tests/fixtures/brokers/schwab');
const FILES = ['Individual-Positions-2026-07-16.csv', 'Individual_XXX178_Transactions_20260309-115444.csv', 'Roth-Positions-2025-03-14.csv'].map((f) => path.join(SCHWAB, f));
const SHOTS = path.join(ROOT, 'test-results/screenshots');

function keel(dataDir: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'keel.mjs'), '--data-dir', dataDir, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`keel ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}


// This spec changes the household (the demo removed, files imported): its own door, so the other specs sharing the
// worker's door still find the demo household.
let door: Door;
test.beforeAll(async () => {
  door = await startDoor();
});
test.afterAll(async () => {
  await stopDoor(door);
});

test('rename, change treatment, merge the history-only account into its positions account, delete one', async ({ page }) => {
  const problems = watchConsole(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  keel(door.dataDir, 'demo', '--clear');
  keel(door.dataDir, 'import', ...FILES);

  await page.goto(door.url);
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeFocused();
  const rows = page.getByTestId('account-row');
  await expect(rows).toHaveCount(3);
  const individual = rows.and(page.locator('[data-number="...920"]'));
  const history = rows.and(page.locator('[data-number="XXX178"]'));
  const roth = rows.and(page.locator('[data-number="...417"]'));
  await expect(individual.getByTestId('account-total')).toHaveText('$6,487.38');
  await expect(roth.getByTestId('account-treatment')).toHaveText('Tax-free');
  await expect(history.getByTestId('account-total')).toHaveText('$0.00');
  await expect(history.getByTestId('merge-hint')).toContainText('Not on the Dashboard or in plans');

  // The history-only account is left out of the Dashboard.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.locator('main')).toContainText('$6,487.38');
  await expect(page.locator('main')).not.toContainText('XXX178');
  await page.getByTestId('nav-accounts').click();

  // Readable at 1024×700 and 1280×800: the table needs no sideways scrolling.
  for (const [width, height] of [[1280, 800], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `accounts-${width}x${height}.png`), fullPage: true });
    const wrap = page.locator('.table-wrap').first();
    expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  }

  // Rename and change the treatment; focus returns to the Edit button.
  await individual.getByTestId('edit-account').click();
  await expect(page.getByTestId('account-name-input')).toBeFocused();
  await page.getByTestId('account-name-input').fill('Joint brokerage');
  await page.getByTestId('account-treatment-select').selectOption('tax-deferred');
  await page.screenshot({ path: path.join(SHOTS, 'accounts-edit-1024x700.png') });
  await page.getByTestId('save-account').click();
  await expect(individual.getByTestId('account-name')).toHaveText('Joint brokerage');
  await expect(individual.getByTestId('account-treatment')).toHaveText('Tax-deferred');
  await expect(individual.getByTestId('edit-account')).toBeFocused();

  // Escape leaves an edit unsaved, focus back on its Edit button.
  await roth.getByTestId('edit-account').click();
  await page.getByTestId('account-name-input').fill('Changed my mind');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('account-editor')).toHaveCount(0);
  await expect(roth.getByTestId('edit-account')).toBeFocused();
  await expect(roth.getByTestId('account-name')).not.toHaveText('Changed my mind');

  // Merge the history-only account into its positions account (suggested); the confirmation names what moves.
  await history.getByTestId('merge-account').click();
  await expect(page.getByTestId('merge-target')).toBeFocused();
  await page.getByTestId('merge-target').selectOption({ label: 'Joint brokerage (...920)' });
  await expect(page.getByTestId('merge-summary')).toContainText('Moves 4 history rows, 0 tax lots, its menu and the plans naming it into Joint brokerage (...920)');
  await page.screenshot({ path: path.join(SHOTS, 'accounts-merge-1024x700.png') });
  await page.getByTestId('confirm-merge').click();
  await expect(page.getByTestId('account-notice')).toContainText('into Joint brokerage (...920)');
  await expect(page.getByTestId('account-notice')).toBeFocused();
  await expect(rows).toHaveCount(2);
  await expect(individual.getByTestId('account-total')).toHaveText('$6,487.38');

  // Delete the Roth: the confirmation says a backup is taken; the notice names it.
  await roth.getByTestId('delete-account').click();
  await expect(page.getByTestId('delete-summary')).toContainText('its statements (now 1 position), 0 history rows, 0 tax lots');
  await expect(page.getByTestId('delete-summary')).toContainText('Keel takes a backup of your data first');
  await page.getByTestId('confirm-delete').click();
  const notice = page.getByTestId('account-notice');
  await expect(notice).toContainText(/Deleted .*\. Backup taken first: keel-\d{8}-\d{6}-manual\.db/);
  const backup = /(keel-\d{8}-\d{6}-manual\.db)/.exec((await notice.textContent()) ?? '')?.[1];
  expect(fs.existsSync(path.join(door.dataDir, 'backups', backup!))).toBe(true);
  await expect(rows).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, 'accounts-after-1024x700.png') });
  expect(JSON.parse(keel(door.dataDir, 'accounts', '--json')).accounts).toEqual([
    { id: 1, name: 'Joint brokerage', number: '...920', broker: 'Schwab', taxTreatment: 'tax-deferred', currency: 'USD', positions: 3, total: '6487.38' },
  ]);
  expect(problems).toEqual([]);
});
