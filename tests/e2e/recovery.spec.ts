// Issue 7 end to end through the web door: a damaged database opens the Recovery screen, a restore brings the
// data back without restarting the door; Settings → Backups backs up, restores with a confirmation, and moves
// the whole dataset out (download) and back in (upload).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HouseholdSummary } from '../../src/shared/contract.ts';
import { formatMoney } from '../../src/renderer/src/format.ts';
import { sha256File, tempDir } from '../support/tmp.ts';
import { expect, startDoor, stopDoor, test, watchConsole } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const keel = (dataDir: string, ...args: string[]) =>
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'keel.mjs'), '--data-dir', dataDir, ...args], { cwd: ROOT, encoding: 'utf8' });

test.describe.configure({ mode: 'serial' });

test('a corrupt database opens the Recovery screen; restoring the newest good backup brings the data back', async ({ page }) => {
  // A household (the demo) and a backup of it, made with the CLI; then damage the database.
  const dataDir = tempDir('keel-e2e-recovery-');
  const summary = JSON.parse(keel(dataDir, 'summary', '--json')) as HouseholdSummary;
  keel(dataDir, 'backup');
  const file = path.join(dataDir, 'keel.db');
  const bytes = fs.readFileSync(file);
  crypto.randomFillSync(bytes, 0, 4096); // the header and first page: no longer a SQLite file
  fs.writeFileSync(file, bytes);
  const damaged = sha256File(file);

  // startDoor's own --data-dir comes first; the last one given wins.
  const door = await startDoor(['--data-dir', dataDir]);
  try {
    const problems = watchConsole(page);
    await page.goto(door.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Keel could not open your data' })).toBeVisible();
    await expect(page).toHaveTitle('Recovery · Keel');
    await expect(page.getByTestId('health-state')).toContainText('not-sqlite');
    await expect(page.getByTestId('damaged-path')).toHaveText(file);
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0); // not the normal app
    const best = page.getByTestId('best-backup');
    await expect(best).toContainText(/keel-\d{8}-\d{6}-manual\.db/);
    expect(sha256File(file)).toBe(damaged); // showing the screen changed nothing

    // Keyboard: the restore button is reachable and labelled.
    const restore = page.getByRole('button', { name: 'Restore this backup' });
    await restore.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('restored')).toContainText(/Restored keel-.*-manual\.db/);
    await expect(page.getByTestId('restored')).toContainText('keel.db.replaced-');

    // The app reloads into its normal mode, with the data as it was backed up.
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('recovery')).toHaveCount(0);
    await expect(page.getByText(formatMoney(summary.total, summary.baseCurrency)).first()).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Holdings', exact: true }).click();
    for (const account of summary.accounts) await expect(page.getByText(account.name).filter({ visible: true }).first()).toBeVisible();

    // The damaged file was kept beside, byte for byte.
    const kept = fs.readdirSync(dataDir).filter((f) => /^keel\.db\.replaced-[\d-]+$/.test(f));
    expect(kept).toHaveLength(1);
    expect(sha256File(path.join(dataDir, kept[0] as string))).toBe(damaged);
    expect(problems).toEqual([]);
  } finally {
    await stopDoor(door);
  }
});

test('Settings → Backups: back up now, restore with a confirmation, export and import the dataset', async ({ page, door }) => {
  const problems = watchConsole(page);
  await page.goto(`${door.url}#/settings`);
  const section = page.getByTestId('backups');
  await expect(section.getByRole('heading', { name: 'Backups' })).toBeVisible();

  await section.getByRole('button', { name: 'Back up now' }).click();
  await expect(section.getByTestId('backup-status')).toContainText(/Backed up: keel-\d{8}-\d{6}-manual\.db/);
  await expect(section.getByTestId('backup-row')).toHaveCount(1);

  // Export: the web door offers the file for download; it is a Keel dataset file.
  await section.getByRole('button', { name: 'Export dataset' }).click();
  const downloading = page.waitForEvent('download');
  await section.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^keel-export-\d{8}-\d{6}\.keel$/);
  const saved = path.join(tempDir('keel-e2e-export-'), download.suggestedFilename());
  await download.saveAs(saved);
  expect(fs.readFileSync(saved).subarray(68, 72).toString('latin1')).toBe('KEEL');

  // Change the data: remove the demo household.
  await page.getByTestId('clear-demo').click();
  await expect(page.getByTestId('demo-status')).toContainText('No demo household is loaded');

  // Restore asks first; Cancel changes nothing.
  await section.getByTestId('restore-backup').first().click();
  await expect(section.getByTestId('confirm-restore')).toBeVisible();
  await expect(section.getByTestId('confirm-restore-yes')).toBeFocused();
  await section.getByTestId('confirm-restore-cancel').click();
  await expect(section.getByTestId('confirm-restore')).toHaveCount(0);
  await expect(page.getByTestId('demo-status')).toContainText('No demo household is loaded');

  // Import the exported dataset (confirm), and the demo household is back after the reload.
  await section.getByLabel('Dataset file (.keel)').setInputFiles(saved);
  await section.getByRole('button', { name: 'Import dataset…' }).click();
  await section.getByTestId('confirm-import-yes').click();
  await expect(section.getByTestId('restored')).toContainText(/Restored keel-export-/);
  await expect(page.getByTestId('demo-status')).toContainText('The demo household is loaded', { timeout: 15_000 });
  // The state just before the import is offered back in the list.
  await expect(page.getByTestId('backups').getByText('Before a restore')).toBeVisible();
  expect(problems).toEqual([]);
});
