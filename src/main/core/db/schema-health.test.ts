// Issue 12 item 2: a keel.db with Keel's user_version whose tables have the right names but wrong columns is damage.
// `keel check` says what differs and exits 1, every command that needs data prints that same diagnosis, and the
// core starts in the recovery state (the Recovery screen) instead of failing later with "no such column".
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../../tests/support/tmp.ts';
import { openCore, type Core } from '../index.ts';
import { databasePath } from '../paths.ts';
import { checkDatabase } from './health.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { runCli as run } from '../../../../tests/support/run-cli.ts';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

/** A data folder whose keel.db (with a backup taken before) then had `sql` run in it. */
async function damagedBy(sql: string): Promise<string> {
  const dir = tempDir();
  expect((await run(['--data-dir', dir, 'backup'])).code).toBe(1); // no database yet
  await run(['--data-dir', dir, 'summary']);
  expect((await run(['--data-dir', dir, 'backup'])).code).toBe(0);
  const db = new Database(databasePath(dir));
  try {
    db.exec(sql);
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  return dir;
}

const CASES: [what: string, sql: string, says: string][] = [
  [
    'a column renamed',
    'ALTER TABLE positions RENAME COLUMN price_date TO priced_on',
    'table positions has columns (id, snapshot_id, security_id, quantity_micro, price_micro, priced_on, market_value_micro, cost_basis_micro, currency, account_value_micro, is_cash, source_line) where Keel has (id, snapshot_id, security_id, quantity_micro, price_micro, price_date, market_value_micro, cost_basis_micro, currency, account_value_micro, is_cash, source_line)',
  ],
  [
    'a column dropped',
    'ALTER TABLE lots DROP COLUMN source_line',
    'table lots has columns (id, account_id, security_id, batch_id, acquired, quantity_micro, cost_basis_micro) where Keel has (id, account_id, security_id, batch_id, acquired, quantity_micro, cost_basis_micro, source_line)',
  ],
  ['a trigger added', 'CREATE TRIGGER t AFTER INSERT ON lots BEGIN DELETE FROM lots; END', 'it contains a trigger "t" on lots that Keel does not create'],
];

describe('a keel.db whose schema is not Keel\'s', () => {
  it.each(CASES)('%s: keel check exits 1 naming it; summary prints the same diagnosis; the file is unchanged', async (_what, sql, says) => {
    const dir = await damagedBy(sql);
    const before = sha256File(databasePath(dir));
    const check = await run(['--data-dir', dir, 'check']);
    expect(check.code).toBe(1);
    expect(check.out).toContain(`${databasePath(dir)}: corrupt — the schema is not Keel's at version ${LATEST_SCHEMA_VERSION}: ${says}`);
    expect(check.out).toMatch(/Restore it with: keel restore ".*manual\.db"/);
    const json = JSON.parse((await run(['--data-dir', dir, 'check', '--json'])).out) as { state: string; schema: string };
    expect(json).toMatchObject({ state: 'corrupt', schema: says });
    const summary = await run(['--data-dir', dir, 'summary']);
    expect(summary.code).toBe(1);
    expect(summary.err).toContain(check.out);
    expect(sha256File(databasePath(dir))).toBe(before);
  });

  it('the core starts in the recovery state with that diagnosis, offers the backup, and a restore brings the app back', async () => {
    const dir = await damagedBy(CASES[0]![1]);
    const core = openCore({ dataDir: dir, door: 'web' });
    cores.push(core);
    const info = await core.api.getAppInfo({});
    if (!info.ok) throw new Error(info.error.message);
    expect(info.value.health).toMatchObject({
      state: 'corrupt',
      detail: `the schema is not Keel's at version ${LATEST_SCHEMA_VERSION}: ${CASES[0]![2]}`,
      newestGoodBackup: expect.stringMatching(/manual\.db$/),
    });
    const summary = await core.api.getHouseholdSummary({});
    expect(summary.ok ? 'ok' : summary.error.code).toBe('DB_CORRUPT');
    const restored = await core.api.restoreBackup({ name: info.value.health.newestGoodBackup as string });
    expect(restored.ok && restored.value.health.state).toBe('ok');
    expect((await core.api.getHouseholdSummary({})).ok).toBe(true);
    expect(checkDatabase(path.join(dir, 'keel.db')).state).toBe('ok');
  });

  it('a live database a bulk history import went through (its index dropped and built again) is still Keel\'s', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    const db = new Database(databasePath(dir));
    try {
      db.exec('DROP INDEX transactions_by_account_date; CREATE INDEX IF NOT EXISTS transactions_by_account_date ON transactions(account_id, date)');
    } finally {
      db.close();
    }
    expect(checkDatabase(databasePath(dir))).toMatchObject({ state: 'ok' });
  });
});
