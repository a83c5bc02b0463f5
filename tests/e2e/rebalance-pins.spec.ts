// Pins anywhere, in Chromium through the web door on the demo household: in "Around my pinned trades" a sale is
// pinned directly (account, symbol, shares), edited (Escape cancels the edit and focus returns to its Edit
// button), and the plan keeps it exactly; the 2026 Rotation playbook card says what of it applies to this
// household, also when no account holds QQQ.
import type { HouseholdSummary, SavedPlanView } from '../../src/shared/contract.ts';
import { callDoor, expect, watchConsole, testWithOwnDoor as test } from './fixtures.ts';

test('pin a sale directly, edit it, and see it in the plan', async ({ page, door }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await page.goto(door.url);
  const summary = await callDoor<HouseholdSummary>(page.request, door.origin, 'getHouseholdSummary');
  const taxable = summary.accounts.find((a) => a.name === 'Demo Taxable Brokerage')!;
  await page.getByTestId('nav-rebalance').click();

  // The playbook card names what applies: the accounts holding QQQ, and the model's preferred buys.
  const card = page.getByTestId('playbook-rotation');
  await expect(card).toContainText('Sell 20% of QQQ in Demo Taxable Brokerage');
  await expect(card).toContainText('Buy XLI/XLF for Cyclicals');

  // No pin yet: pinned mode offers the row to add one.
  await expect(page.getByTestId('plan-pin-add')).toHaveCount(0);
  await page.getByRole('radio', { name: /^Around my pinned trades/ }).check();
  await expect(page.getByTestId('plan-pins')).toContainText('None yet');
  await page.getByTestId('pin-account').selectOption(String(taxable.id));
  await page.getByTestId('pin-symbol').fill('aapl');
  await page.getByTestId('pin-kind').selectOption('sell-shares');
  await page.getByTestId('pin-value').fill('0');
  await page.getByTestId('pin-add').click();
  await expect(page.getByTestId('plan-pin-add')).toContainText('Type a number of shares');
  await page.getByTestId('pin-value').fill('10');
  await page.getByTestId('pin-value').press('Enter');
  await expect(page.getByTestId('plan-pin-0')).toContainText('Sell 10 shares of AAPL in Demo Taxable Brokerage');

  // Edit it: Escape leaves it as it was and puts focus back on its Edit button; Enter saves the change.
  const edit = page.getByRole('button', { name: 'Edit pin: Sell 10 shares of AAPL in Demo Taxable Brokerage' });
  await edit.click();
  await expect(page.getByTestId('pin-symbol')).toBeFocused();
  await expect(page.getByTestId('pin-value')).toHaveValue('10');
  await page.getByTestId('pin-value').fill('12');
  await page.getByTestId('pin-value').press('Escape');
  await expect(edit).toBeFocused();
  await expect(page.getByTestId('plan-pin-0')).toContainText('Sell 10 shares of AAPL');
  await edit.click();
  await page.getByTestId('pin-value').fill('12');
  await page.getByTestId('pin-value').press('Enter');
  await expect(page.getByTestId('plan-pin-0')).toContainText('Sell 12 shares of AAPL in Demo Taxable Brokerage');
  await expect(page.getByTestId('plan-pin-1')).toHaveCount(0);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('plan-pins').screenshot({ path: new URL('../../test-results/screenshots/rebalance-pins-1024x700.png', import.meta.url).pathname });

  // Plan: the result takes focus, and the pinned sale is in it exactly.
  await page.getByTestId('plan-submit').click();
  await expect(page.locator('#plan-summary-title')).toBeFocused({ timeout: 60_000 });
  const trade = page.getByTestId(`trade-${taxable.id}-AAPL`);
  await expect(trade).toHaveAttribute('data-side', 'sell');
  await expect(trade.getByTestId('trade-quantity')).toHaveText('12');
  await expect(trade).toContainText('Pinned');
  const href = await page.getByTestId('plan-print').getAttribute('href');
  const plan = await callDoor<SavedPlanView>(page.request, door.origin, 'getPlan', { id: Number(/plans\/(\d+)/.exec(href ?? '')?.[1]) });
  expect(plan.request.pinned).toEqual([{ account: String(taxable.id), symbol: 'AAPL', side: 'sell', quantity: '12' }]);
  // The page says the plan is kept as a draft, and links it.
  await expect(page.getByTestId('plan-draft-note')).toContainText(`Kept as a draft: Plan ${plan.id}`);
  expect(problems).toEqual([]);
});

test('the playbook card shows whenever the rotation model is active, and says when QQQ is not held', async ({ page, door }) => {
  const problems = watchConsole(page);
  await page.goto(door.url);
  // A household without QQQ: the demo removed, a Schwab Roth file imported, the rotation model active.
  await callDoor(page.request, door.origin, 'clearDemo');
  const roth = new URL('../fixtures/brokers/schwab/Roth-Positions-2025-03-14.csv', import.meta.url).pathname;
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-file-input').setInputFiles([roth]);
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('Imported 1 file');
  const models = await callDoor<{ id: number; name: string; active: boolean }[]>(page.request, door.origin, 'listModels');
  const rotation = models.find((m) => m.name === '2026 Rotation')!;
  await callDoor(page.request, door.origin, 'activateModel', { id: rotation.id });
  const summary = await callDoor<HouseholdSummary>(page.request, door.origin, 'getHouseholdSummary');
  expect(summary.accounts.some((a) => a.positions.some((p) => p.symbol === 'QQQ'))).toBe(false);

  await page.getByTestId('nav-rebalance').click();
  const card = page.getByTestId('playbook-rotation');
  await expect(card).toContainText('QQQ not held: nothing to sell.');
  await expect(card).toContainText('Buy XLI/XLF for Cyclicals');
  await expect(page.getByTestId('playbook-rotation-apply')).toBeDisabled();
  expect(problems).toEqual([]);
});
