// Accounts after import (contract/accounts.ts) at the core: the list, an update, a merge (snapshots, history, lots,
// menus and stored plans move; the source is gone) and a delete (a backup first; nothing of the account left).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { KeelError, Result } from '../../../shared/contract.ts';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { ok, openTestCore } from '../../../../tests/support/core.ts';
import type { Core } from '../index.ts';
import { renameAccount } from './planRefs.ts';

const SCHWAB = path.resolve(import.meta.dirname, '../../../../tests/fixtures/brokers/schwab');
const POSITIONS = path.join(SCHWAB, 'Individual-Positions-2026-07-16.csv');
const HISTORY = path.join(SCHWAB, 'Individual_XXX178_Transactions_20260309-115444.csv');
const ROTH = path.join(SCHWAB, 'Roth-Positions-2025-03-14.csv');

function err(r: Result<unknown>): KeelError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

/** A household of the Schwab positions file (...920) and the history file (XXX178: an account of its own). */
async function household(extra: string[] = []): Promise<{ core: Core; dir: string; positions: number; history: number }> {
  const dir = tempDir();
  const core = openTestCore({ dataDir: dir, door: 'cli', seedDemo: false });
  await ok(core.api.importFiles({ paths: [POSITIONS, HISTORY, ...extra] }));
  const list = (await ok(core.api.listAccounts({}))).accounts;
  const id = (number: string) => list.find((a) => a.number === number)!.id;
  return { core, dir, positions: id('...920'), history: id('XXX178') };
}

const count = (core: Core, sql: string, ...args: unknown[]): number => (core.db.prepare(sql).get(...args) as { n: number }).n;

describe('listAccounts', () => {
  it('lists every account with its positions count and total; the history-only one is empty, offered for merging and left out of the summary', async () => {
    const { core, positions, history } = await household();
    const { accounts } = await ok(core.api.listAccounts({}));
    expect(accounts).toEqual([
      expect.objectContaining({ id: positions, number: '...920', broker: 'Schwab', taxTreatment: 'taxable', currency: 'USD', positions: 3, total: '6487.38', asOf: '2026-07-16', empty: false, suggestedMerge: null }),
      expect.objectContaining({ id: history, number: 'XXX178', positions: 0, total: '0.00', asOf: null, transactions: 4, lots: 0, empty: true, suggestedMerge: positions }),
    ]);
    const summary = await ok(core.api.getHouseholdSummary({}));
    expect(summary.accounts.map((a) => a.id)).toEqual([positions]);
    expect(summary.total).toBe('6487.38');
  });
});

describe('updateAccount', () => {
  it('renames, sets the number, tax treatment and currency; an unknown id is NOT_FOUND', async () => {
    const { core, positions } = await household();
    const a = await ok(core.api.updateAccount({ id: positions, name: '  Joint brokerage ', number: '...921', taxTreatment: 'tax-deferred' }));
    expect(a).toMatchObject({ id: positions, name: 'Joint brokerage', number: '...921', taxTreatment: 'tax-deferred', currency: 'USD', total: '6487.38' });
    expect((await ok(core.api.updateAccount({ id: positions, currency: 'EUR' }))).currency).toBe('EUR');
    expect(err(await core.api.updateAccount({ id: 9999, name: 'x' })).code).toBe('NOT_FOUND');
    expect(err(await core.api.updateAccount({ id: positions })).code).toBe('VALIDATION');
    expect(err(await core.api.updateAccount({ id: positions, taxTreatment: 'pension' as never })).code).toBe('VALIDATION');
  });
});

describe('mergeAccounts', () => {
  it('moves snapshots, history, lots, the menu and stored plans into the target in one go; the source is gone', async () => {
    const { core, positions, history } = await household();
    const db = core.db;
    // A lot and a menu on the history-only account, and a stored plan that names it (request and result).
    const vtv = (db.prepare("SELECT id FROM securities WHERE symbol = 'IWM'").get() as { id: number }).id;
    db.prepare("INSERT INTO lots (account_id, security_id, batch_id, acquired, quantity_micro, cost_basis_micro) VALUES (?, ?, NULL, '2024-01-02', 5000000, 1000000000)").run(history, vtv);
    await ok(core.api.setAccountMenu({ accountId: history, symbols: ['XLI', 'IWM'] }));
    await ok(core.api.setAccountMenu({ accountId: positions, symbols: ['IWM'] }));
    const request = { mode: 'pinned', pinned: [{ account: 'XXX178', symbol: 'XLI', side: 'buy', amount: '100' }], cash: [{ account: String(history), amount: '50' }] };
    const result = {
      accounts: [{ id: String(positions), name: 'A' }, { id: String(history), name: 'B' }],
      plan: { trades: [{ account: String(history), symbol: 'XLI' }], leftoverCash: { [String(positions)]: '1.50', [String(history)]: '2.25' } },
    };
    const planId = Number(
      db.prepare("INSERT INTO plans (created_at, mode, currency, request, input, result) VALUES ('2026-07-17T00:00:00Z', 'pinned', 'USD', ?, '{}', ?)")
        .run(JSON.stringify(request), JSON.stringify(result)).lastInsertRowid,
    );

    const historyName = (await ok(core.api.listAccounts({}))).accounts.find((a) => a.id === history)!.name;
    const merged = await ok(core.api.mergeAccounts({ from: history, into: positions }));
    expect(merged.moved).toEqual({ snapshots: 0, positions: 0, transactions: 4, lots: 1, menuSymbols: 1, plans: 1 });
    expect(merged.removed).toEqual({ id: history, name: historyName });
    expect(merged.account).toMatchObject({ id: positions, positions: 3, total: '6487.38', transactions: 4, lots: 1, empty: false });

    expect(count(core, 'SELECT COUNT(*) AS n FROM accounts WHERE id = ?', history)).toBe(0);
    for (const table of ['snapshots', 'transactions', 'lots', 'account_menus']) {
      expect(count(core, `SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`, history)).toBe(0);
    }
    expect(count(core, 'SELECT COUNT(*) AS n FROM transactions WHERE account_id = ?', positions)).toBe(4);
    expect(count(core, 'SELECT COUNT(*) AS n FROM lots WHERE account_id = ?', positions)).toBe(1);
    expect((await ok(core.api.listAccountMenus({}))).find((m) => m.accountId === positions)?.symbols).toEqual(['IWM', 'XLI']);
    const plan = db.prepare('SELECT request, result, input FROM plans WHERE id = ?').get(planId) as { request: string; result: string; input: string };
    expect(JSON.parse(plan.request)).toEqual({ mode: 'pinned', pinned: [{ account: String(positions), symbol: 'XLI', side: 'buy', amount: '100' }], cash: [{ account: String(positions), amount: '50' }] });
    expect(JSON.parse(plan.result)).toEqual({
      accounts: [{ id: String(positions), name: 'A' }],
      plan: { trades: [{ account: String(positions), symbol: 'XLI' }], leftoverCash: { [String(positions)]: '3.75' } },
    });
    expect(plan.input).toBe('{}');
    expect((await ok(core.api.listAccounts({}))).accounts.map((a) => a.id)).toEqual([positions]);
  });

  it('the newest statement of either becomes the holdings when both have one', async () => {
    const { core, positions } = await household([ROTH]);
    const roth = (await ok(core.api.listAccounts({}))).accounts.find((a) => a.number === '...417')!;
    expect(roth).toMatchObject({ taxTreatment: 'tax-free', total: '8041.18', asOf: '2025-03-14' });
    const merged = await ok(core.api.mergeAccounts({ from: roth.id, into: positions }));
    expect(merged.moved).toMatchObject({ snapshots: 1, positions: 1 });
    expect(merged.account).toMatchObject({ asOf: '2026-07-16', total: '6487.38' }); // ...920's 2026 statement is newer
  });

  it('refuses accounts of different currencies, a demo with a real one, one into itself, and an unknown id', async () => {
    const { core, positions, history } = await household();
    await ok(core.api.updateAccount({ id: history, currency: 'EUR' }));
    expect(err(await core.api.mergeAccounts({ from: history, into: positions }))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('converts nothing') });
    expect(err(await core.api.mergeAccounts({ from: positions, into: positions })).code).toBe('VALIDATION');
    expect(err(await core.api.mergeAccounts({ from: 9999, into: positions })).code).toBe('NOT_FOUND');
    await ok(core.api.loadDemo({}));
    const demo = (await ok(core.api.listAccounts({}))).accounts.find((a) => a.isDemo)!;
    expect(err(await core.api.mergeAccounts({ from: demo.id, into: positions })).message).toContain('demo');
    expect(count(core, 'SELECT COUNT(*) AS n FROM accounts WHERE id IN (?, ?)', history, positions)).toBe(2);
  });
});

describe('deleteAccount', () => {
  it('takes a backup first, names it, and leaves nothing of the account in any table; the file can be imported again', async () => {
    const { core, dir, positions, history } = await household();
    await ok(core.api.setAccountMenu({ accountId: positions, symbols: ['IWM'] }));
    const count0 = count(core, 'SELECT COUNT(*) AS n FROM positions'); // the statement's rows (cash may be one)
    const name = (await ok(core.api.listAccounts({}))).accounts.find((a) => a.id === positions)!.name;
    const done = await ok(core.api.deleteAccount({ id: positions }));
    expect(done.removed).toEqual({ id: positions, name });
    expect(done.deleted).toEqual({ snapshots: 1, positions: count0, transactions: 0, lots: 0, menuSymbols: 1, importBatches: 1 });
    expect(done.backup.name).toMatch(/^keel-\d{8}-\d{6}-manual\.db$/);
    expect(fs.existsSync(done.backup.file)).toBe(true);
    expect((await ok(core.api.listBackups({}))).backups.map((b) => b.name)).toContain(done.backup.name);
    // The backup holds the account; the database holds nothing of it.
    const backup = new Database(done.backup.file, { readonly: true });
    expect((backup.prepare('SELECT COUNT(*) AS n FROM accounts WHERE id = ?').get(positions) as { n: number }).n).toBe(1);
    backup.close();
    expect(count(core, 'SELECT COUNT(*) AS n FROM accounts WHERE id = ?', positions)).toBe(0);
    for (const table of ['snapshots', 'transactions', 'lots', 'account_menus']) {
      expect(count(core, `SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`, positions)).toBe(0);
    }
    expect(count(core, 'SELECT COUNT(*) AS n FROM positions')).toBe(0);
    expect(count(core, "SELECT COUNT(*) AS n FROM import_batches WHERE file_name = 'Individual-Positions-2026-07-16.csv'")).toBe(0);
    expect(count(core, 'SELECT COUNT(*) AS n FROM import_batches')).toBe(1); // the history file's batch stays
    expect((await ok(core.api.listAccounts({}))).accounts.map((a) => a.id)).toEqual([history]);
    expect(path.dirname(done.backup.file).startsWith(dir)).toBe(true);
    const again = await ok(core.api.importFiles({ paths: [POSITIONS] }));
    expect(again[0]?.status).toBe('imported');
  });

  it('an unknown account is NOT_FOUND and takes no backup', async () => {
    const { core } = await household();
    expect(err(await core.api.deleteAccount({ id: 9999 })).code).toBe('NOT_FOUND');
    expect((await ok(core.api.listBackups({}))).backups.filter((b) => b.kind === 'manual')).toEqual([]);
  });
});

describe('renameAccount (stored plans)', () => {
  it('renames account keys by id, masked number or name; fractional lists stay unique; other values are untouched', () => {
    const from = { id: 7, name: 'Old IRA', number: '...777' };
    const into = { id: 3, name: 'IRA', number: '...333' };
    expect(renameAccount({ cash: [{ account: 'old ira', amount: '1' }, { account: '777', amount: '2' }, { account: '5', amount: '3' }], fractional: ['7', '3'], note: '7' }, from, into)).toEqual({
      cash: [{ account: '3', amount: '1' }, { account: '3', amount: '2' }, { account: '5', amount: '3' }],
      fractional: ['3'],
      note: '7',
    });
  });
});
