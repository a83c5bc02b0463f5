// The import journey a user takes, in Chromium through the web door: drop a Schwab positions file on the
// window, choose a Schwab and a Fidelity file with the picker, check the preview against the figures printed in
// the files, import (and a lot-details file for one position), see the positions and lots in Holdings and the
// household total on the Dashboard, then undo every import from the history and see Holdings empty again.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, watchConsole } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCHWAB = path.join(ROOT, 'tests/fixtures/brokers/schwab/Individual-Positions-2026-07-16.csv');
const FIDELITY = path.join(ROOT, 'tests/fixtures/brokers/fidelity/Portfolio_Positions_Apr-12-2026.csv');
const SHOTS = path.join(ROOT, 'test-results/screenshots');

// Figures as the files print them. Schwab states its own total ("Positions Total" $6,487.38); Fidelity states
// none, so its accounts are the sums of their rows (the parser tests check those sums line by line).
const SCHWAB_TOTAL = '$6,487.38';
const FIDELITY_INDIVIDUAL_TOTAL = '$12,053.19';
const FIDELITY_ROTH_TOTAL = '$7,381.42';
// A made-up Schwab lot-details export for the Schwab account's 12 IWM shares ($2,400.00 cost, as in the file).
const IWM_LOTS = {
  name: 'IWM_Lot_Details_2026-07-16.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(
    [
      '"IWM Lot Details for Individual ...920 as of 07:49 PM ET, 07/16/2026"',
      '',
      '"Open Date","Quantity","Price","Cost/Share","Market Value","Cost Basis","Gain/Loss $","Gain/Loss %","Holding Period",',
      '"03/02/2025 10:15:00","8","$218.45","$195.00","$1747.60","$1560.00","$187.60","+12.03%","Long Term",',
      '"01/15/2026 11:30:00","4","$218.45","$210.00","$873.80","$840.00","$33.80","+4.02%","Short Term",',
      '',
    ].join('\n'),
  ),
};
// Keel values a holding at quantity × the latest price it has (household/valuation.ts): the Roth's 14 QQQ at
// Schwab's 512.30 of Jul 16 rather than Fidelity's 505.10 of Apr 12, so 7,381.42 + 14 × 7.20 = 7,482.22.
const FIDELITY_ROTH_HELD = '$7,172.20'; // 14 × 512.30
// 6,487.38 + 12,053.19 + 7,482.22, added in cents so the test does no float arithmetic either.
const HOUSEHOLD_TOTAL = `$${((648738n + 1205319n + 748222n) / 100n).toLocaleString('en-US')}.${String((648738n + 1205319n + 748222n) % 100n).padStart(2, '0')}`;

test.describe.configure({ mode: 'serial' });

test('drop and choose broker CSVs, check the preview, import, see holdings and lots, undo', async ({ page, door }) => {
  const problems = watchConsole(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  expect(HOUSEHOLD_TOTAL).toBe('$26,022.79');

  // Start from an empty household so only imported data shows.
  await page.goto(door.url);
  await page.goto(`${door.origin}/#/settings`);
  await page.getByTestId('clear-demo').click();
  await expect(page.getByTestId('demo-status')).toContainText('No demo household is loaded');
  await page.goto(`${door.origin}/#/holdings`);
  await expect(page.getByTestId('holdings-empty')).toBeVisible();

  // 1. Drop a file on the window while on Holdings: Keel goes to Import and previews it.
  const dropped = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/csv' }));
      return dt;
    },
    { name: path.basename(SCHWAB), text: fs.readFileSync(SCHWAB, 'utf8') },
  );
  const main = page.locator('main');
  await main.dispatchEvent('dragenter', { dataTransfer: dropped });
  await expect(page.getByText('Drop CSV files to import them')).toBeVisible();
  await main.dispatchEvent('dragover', { dataTransfer: dropped });
  await main.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page).toHaveURL(/#\/import$/);
  await expect(page.getByText('Drop CSV files to import them')).toHaveCount(0);
  await expect(page.getByTestId('import-file-0')).toContainText('Individual-Positions-2026-07-16.csv');
  await expect(page.getByTestId('import-file-0-detected')).toHaveText('Charles Schwab · positions (2026 layout)');
  await expect(page.getByTestId('import-file-1')).toHaveCount(0);
  await page.getByTestId('import-start-over').click();

  // 2. Choose both files with the picker.
  await page.getByTestId('import-file-input').setInputFiles([SCHWAB, FIDELITY]);
  const schwab = page.getByTestId('import-file-0');
  const fidelity = page.getByTestId('import-file-1');
  await expect(schwab).toBeVisible();
  await expect(page.getByTestId('import-file-0-detected')).toHaveText('Charles Schwab · positions (2026 layout)');
  await expect(page.getByTestId('import-file-1-detected')).toHaveText('Fidelity · positions (2023–mid-2026 layout)');
  await expect(schwab).toContainText('Jul 16, 2026 (from the file)');
  await expect(fidelity).toContainText('Apr 12, 2026 (from the file)');

  // The Schwab account, its rows and its reconciliation to the file's "Positions Total".
  const schwabAccount = page.getByTestId('import-account-0-0');
  await expect(schwabAccount).toContainText('Individual');
  await expect(schwabAccount).toContainText('...920');
  await expect(schwabAccount).toContainText('New account');
  await expect(schwabAccount.getByRole('row', { name: /^IWM/ })).toContainText('12');
  await expect(schwabAccount.getByRole('row', { name: /^IWM/ })).toContainText('$2,621.40');
  await expect(schwabAccount.getByRole('row', { name: /^Cash & Cash Investments/ })).toContainText('$1,857.93');
  const reconcile = page.getByTestId('reconcile-0-0');
  await expect(reconcile).toContainText(`Total ${SCHWAB_TOTAL}`);
  await expect(reconcile).toContainText(`file says ${SCHWAB_TOTAL}`);
  await expect(reconcile).toContainText('reconciled');

  // Fidelity: two accounts, no total in the file (so nothing claims "reconciled"), the pending-activity warning.
  await expect(page.getByTestId('reconcile-1-0')).toContainText(`Total ${FIDELITY_INDIVIDUAL_TOTAL}`);
  await expect(page.getByTestId('reconcile-1-0')).not.toContainText('reconciled');
  await expect(page.getByTestId('reconcile-1-1')).toContainText(`Total ${FIDELITY_ROTH_TOTAL}`);
  await expect(page.getByTestId('import-file-1-warnings')).toContainText(/line 5: pending activity/);
  // The Roth's tax treatment is guessed from its name and marked so; the user's choice for the other one is kept.
  await expect(page.getByTestId('import-tax-1-1')).toHaveValue('tax-free');
  await expect(page.getByTestId('import-account-1-1')).toContainText('Guessed from the name — please check');
  await page.getByTestId('import-tax-1-0').selectOption('other');

  await page.screenshot({ path: path.join(SHOTS, 'import-preview.png'), fullPage: true });

  // 3. Import.
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 2 files');
  const history = page.getByTestId('import-history-table');
  await expect(history.getByRole('row')).toHaveCount(3); // header + two batches
  await expect(history).toContainText('Individual-Positions-2026-07-16.csv');
  await expect(history).toContainText('Portfolio_Positions_Apr-12-2026.csv');

  // Importing the same file again changes nothing, and says so.
  await page.getByTestId('import-more').click();
  await page.getByTestId('import-file-input').setInputFiles([SCHWAB]);
  await expect(page.getByTestId('import-file-0-already')).toContainText('Already imported on');
  await expect(page.getByTestId('import-file-0-already')).toContainText('nothing to do');
  await expect(page.getByTestId('import-commit')).toBeDisabled();
  await page.getByTestId('import-start-over').click();

  // A lot-details file goes into the existing Schwab account.
  await page.getByTestId('import-file-input').setInputFiles(IWM_LOTS);
  await expect(page.getByTestId('import-file-0-detected')).toHaveText('Charles Schwab · lot details');
  await expect(page.getByTestId('import-file-0')).toContainText('Tax lots');
  await expect(page.getByTestId('import-account-0-0')).toContainText('Into existing account Schwab Individual');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 1 file');

  // 4. Holdings shows the imported positions with the files' figures.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Holdings', exact: true }).click();
  const grid = page.getByTestId('holdings-table');
  await expect(grid).toBeVisible();
  await expect(grid.getByTestId('holding-IWM')).toContainText('Individual');
  await expect(grid.getByTestId('holding-IWM')).toContainText('12');
  await expect(grid.getByTestId('holding-IWM')).toContainText('$218.45');
  await expect(grid.getByTestId('holding-IWM')).toContainText('$2,621.40');
  await expect(grid.getByTestId('holding-VTV')).toContainText('43.125');
  await expect(grid.getByTestId('holding-VTV')).toContainText('$7,434.75');
  await expect(grid.getByTestId('holding-QQQ')).toHaveCount(2); // Schwab 3.5 shares, Fidelity Roth 14
  await expect(grid.getByTestId('holding-QQQ').filter({ hasText: 'ROTH IRA' })).toContainText(FIDELITY_ROTH_HELD);
  await expect(grid.getByTestId('holding-QQQ').filter({ hasText: 'Individual' })).toContainText('3.5');
  // IWM's lots expand under it; positions without lots have no expander.
  await expect(grid.getByTestId('expand-VTV')).toHaveCount(0);
  await expect(grid.getByTestId('lot-IWM')).toHaveCount(0);
  await grid.getByTestId('expand-IWM').click();
  await expect(grid.getByTestId('expand-IWM')).toHaveAttribute('aria-expanded', 'true');
  await expect(grid.getByTestId('lot-IWM')).toHaveCount(2);
  await expect(grid.getByTestId('lot-IWM').first()).toContainText('Lot acquired Mar 2, 2025');
  await expect(grid.getByTestId('lot-IWM').first()).toContainText('8');
  await expect(grid.getByTestId('lot-IWM').first()).toContainText('$1,560.00');
  await expect(grid.getByTestId('lot-IWM').nth(1)).toContainText('$840.00');
  await page.screenshot({ path: path.join(SHOTS, 'holdings-imported-lots.png') });
  await grid.getByTestId('expand-IWM').click();
  await expect(grid.getByTestId('lot-IWM')).toHaveCount(0);
  // Sorting by market value puts the largest first; the filter narrows to one account's rows.
  await page.getByTestId('sort-marketValue').click();
  await expect(page.getByRole('columnheader', { name: /Market value/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(grid.getByRole('row').nth(1)).toContainText('VTV');
  await page.getByTestId('holdings-filter').fill('roth');
  await expect(grid.getByTestId(/^holding-/)).toHaveCount(2); // QQQ and the FZFXX sweep fund, which keeps its symbol
  await expect(grid.getByTestId('holding-FZFXX')).toContainText('$310.02');
  await page.getByTestId('holdings-filter').fill('');
  await page.screenshot({ path: path.join(SHOTS, 'holdings-imported.png') });

  // 5. The dashboard total is what the files add up to.
  await page.goto(`${door.origin}/#/dashboard`);
  await expect(page.getByTestId('household-total')).toHaveText(HOUSEHOLD_TOTAL);
  await expect(page.getByRole('region', { name: 'ROTH IRA' })).toContainText('Tax-free');

  // 6. Undo the three imports from the history.
  await page.goto(`${door.origin}/#/import`);
  const undoButtons = page.getByTestId(/^undo-\d+$/);
  await expect(undoButtons).toHaveCount(3);
  for (let left = 3; left > 0; left--) {
    const button = undoButtons.first();
    const batchId = (await button.getAttribute('data-testid'))!.replace('undo-', '');
    await button.click();
    await page.getByTestId(`undo-confirm-${batchId}`).click();
    await expect(page.getByTestId('undo-status')).toContainText('Undid the import of');
    await expect(undoButtons).toHaveCount(left - 1);
  }
  await expect(page.getByTestId('import-history-empty')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Holdings', exact: true }).click();
  await expect(page.getByTestId('holdings-empty')).toBeVisible();
  await page.goto(`${door.origin}/#/dashboard`);
  await expect(page.getByTestId('empty-state')).toBeVisible();

  expect(problems).toEqual([]);

  // Leave the door as the other spec files expect it: with the demo household.
  await page.getByTestId('load-demo').click();
  await expect(page.getByTestId('household-total')).toHaveText('$312,974.55');
});

test('a file more than 1% off its own total imports only once confirmed; undo counts only the accounts it removes', async ({ page, door }) => {
  const problems = watchConsole(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto(door.url); // the entry URL carries the door's secret
  await page.goto(`${door.origin}/#/import`);
  // QQQ 3.5 → 35 shares: the rows add up to $22,624.83 against the file's own $6,487.38.
  const off = fs
    .readFileSync(SCHWAB, 'utf8')
    .replace('"QQQ","INVESCO QQQ TRUST","3.5"', '"QQQ","INVESCO QQQ TRUST","35"')
    .replace('"$1,793.05"', '"$17,930.50"');
  await page.getByTestId('import-file-input').setInputFiles({ name: 'Individual-Positions-off.csv', mimeType: 'text/csv', buffer: Buffer.from(off) });
  const accept = page.getByTestId('import-accept-mismatch-0-0');
  await expect(accept).toHaveText(`Import anyway: the file's total is ${SCHWAB_TOTAL}, Keel's is $22,624.83`);
  await page.setViewportSize({ width: 1024, height: 700 });
  await accept.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'import-mismatch-1024.png') });
  await accept.getByRole('checkbox').check();
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 1 file');

  // The right file goes into the account the first one created: undoing it removes no account, and says so.
  await page.getByTestId('import-more').click();
  await page.getByTestId('import-file-input').setInputFiles([SCHWAB]);
  await expect(page.getByTestId('import-accept-mismatch-0-0')).toHaveCount(0);
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 1 file');
  const undoButtons = page.getByTestId(/^undo-\d+$/);
  await expect(undoButtons).toHaveCount(2);
  const expected = ['3 positions', '1 account, 3 positions'];
  for (const [i, contents] of expected.entries()) {
    const button = undoButtons.first();
    const batchId = (await button.getAttribute('data-testid'))!.replace('undo-', '');
    await button.click();
    await expect(page.getByTestId(`undo-confirm-box-${batchId}`)).toContainText(`This removes what it added: ${contents}.`);
    await page.getByTestId(`undo-confirm-${batchId}`).click();
    await expect(page.getByTestId('undo-status')).toContainText('Undid the import of');
    await expect(undoButtons).toHaveCount(expected.length - i - 1); // the list has refreshed before the next Undo is read
  }
  await expect(undoButtons).toHaveCount(0);
  expect(problems).toEqual([]);
});
