// Working on a plan and keeping it, in Chromium through the web door, on the demo household: the 2026 Rotation
// playbook (trim QQQ by a fifth, buy none back), leaving a trade out and re-sizing another (each sent to the
// planner as a restriction or a pin, and honoured), saving the plan under a name, then on Plans: open it, re-run
// it, mark it executed (Keel waits for the next import to compare), and delete it.
import type { APIRequestContext } from '@playwright/test';
import type { HouseholdSummary, Result, SavedPlanView } from '../../src/shared/contract.ts';
import { formatQuantity } from '../../src/renderer/src/format.ts';
import { doorHeaders, expect, startDoor, stopDoor, test, watchConsole, type Door } from './fixtures.ts';

async function call<T>(request: APIRequestContext, origin: string, operation: string, data: unknown = {}): Promise<T> {
  const answer = (await (await request.post(`${origin}/api/${operation}`, { data, headers: doorHeaders(origin) })).json()) as Result<T>;
  if (!answer.ok) throw new Error(`${operation}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

let door: Door;
test.beforeAll(async () => {
  door = await startDoor();
});
test.afterAll(async () => {
  await stopDoor(door);
});

test('the 2026 Rotation playbook, a trade left out and one re-sized, saved, re-run, executed and deleted', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  const api = <T,>(operation: string, data: unknown = {}) => call<T>(page.request, door.origin, operation, data);
  await page.goto(door.url);
  const summary = await api<HouseholdSummary>('getHouseholdSummary');
  const holdingQqq = summary.accounts.filter((a) => a.positions.some((p) => p.symbol === 'QQQ'));
  expect(holdingQqq.length).toBeGreaterThan(0);

  const planIdShown = async () => {
    const href = await page.getByRole('link', { name: 'Print…' }).getAttribute('href');
    return Number(/#\/plans\/(\d+)\/print$/.exec(href ?? '')?.[1]);
  };
  const planned = async (previous: number | null) => {
    await expect(page.getByTestId('plan-summary')).toBeVisible({ timeout: 60_000 });
    if (previous !== null) await expect.poll(planIdShown, { timeout: 60_000 }).not.toBe(previous);
    const id = await planIdShown();
    return api<SavedPlanView>('getPlan', { id });
  };

  // 1. The playbook: a pinned sale of a fifth of QQQ in each account holding it, and no QQQ bought anywhere.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rebalance', exact: true }).click();
  await page.getByRole('button', { name: 'Set up the playbook' }).click();
  await expect(page.getByRole('radio', { name: /^Around my pinned trades/ })).toBeChecked();
  for (const a of holdingQqq) await expect(page.getByTestId('plan-pins')).toContainText(`Sell 20% of QQQ in ${a.name}`);
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  const first = await planned(null);
  expect(first.request.model).toBe('2026 Rotation');
  expect(first.request.mode).toBe('pinned');
  expect(first.request.pinned).toEqual(holdingQqq.map((a) => ({ account: String(a.id), symbol: 'QQQ', side: 'sell', fraction: '0.2' })));
  expect(first.request.restrictions).toEqual([{ symbol: 'QQQ', rule: 'no-buy' }]);
  const trades = first.view.plan.trades;
  for (const a of holdingQqq) expect(trades.find((t) => t.account === String(a.id) && t.symbol === 'QQQ')?.side).toBe('sell');
  expect(trades.filter((t) => t.symbol === 'QQQ' && t.side === 'buy')).toEqual([]);

  // 2. Leave one trade out, give another fewer shares, re-plan.
  const others = trades.filter((t) => t.symbol !== 'QQQ');
  const [dropped, resized] = [others[0], others.find((t) => t !== others[0] && Number(t.quantity) >= 2)];
  if (!dropped || !resized) throw new Error('the plan has too few trades to edit');
  const fewer = String(Math.floor(Number(resized.quantity) / 2)); // a share count, not money
  await page.getByTestId(`trade-${dropped.account}-${dropped.symbol}`).getByRole('button', { name: /^Leave out/ }).click();
  const row = page.getByTestId(`trade-${resized.account}-${resized.symbol}`);
  await row.getByRole('button', { name: /^Edit shares/ }).click();
  await row.getByLabel(`Shares to ${resized.side} of ${resized.symbol}`).fill(fewer);
  await row.getByRole('button', { name: 'Pin' }).click();
  await expect(page.getByTestId('plan-pending')).toContainText('2 changes');
  await page.getByRole('button', { name: 'Re-plan' }).click();
  const second = await planned(first.id);
  expect(second.request.restrictions).toContainEqual({ symbol: dropped.symbol, account: dropped.account, rule: 'no-trade' });
  expect(second.request.pinned).toContainEqual({ account: resized.account, symbol: resized.symbol, side: resized.side, quantity: fewer });
  expect(second.view.plan.trades.filter((t) => t.account === dropped.account && t.symbol === dropped.symbol)).toEqual([]);
  const kept = second.view.plan.trades.find((t) => t.account === resized.account && t.symbol === resized.symbol);
  expect([kept?.side, kept?.quantity]).toEqual([resized.side, fewer]);
  await expect(page.getByTestId(`trade-${resized.account}-${resized.symbol}`).getByTestId('trade-quantity')).toHaveText(formatQuantity(fewer));
  await expect(page.getByTestId('plan-pending')).toHaveCount(0);

  // 3. Save it under a name.
  await page.getByLabel('Name for the saved plan').fill('Rotation trim');
  await page.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByTestId('plan-saved')).toContainText('Saved as “Rotation trim”');

  // 4. Plans: listed, opened, re-run, executed, deleted.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plans', exact: true }).click();
  const listed = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Rotation trim' }) });
  await expect(listed).toContainText('Saved');
  await expect(listed).toContainText(String(second.view.plan.trades.length));
  await listed.getByRole('link', { name: 'Rotation trim' }).click();
  await expect(page).toHaveURL(new RegExp(`#/plans/${second.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Rotation trim' })).toBeVisible();
  await page.getByRole('button', { name: 'Re-run' }).click();
  await expect(page.getByTestId('plan-rerun-result')).toContainText('Re-run with the same inputs');
  await page.getByRole('button', { name: 'Mark executed' }).click();
  await expect(page.getByTestId('plan-detail')).toContainText('Executed');
  await expect(page.getByTestId('plan-followup')).toContainText('Import fresh positions');
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/#\/plans$/);
  await expect(page.getByRole('link', { name: 'Rotation trim' })).toHaveCount(0);
  expect(problems).toEqual([]);
});
