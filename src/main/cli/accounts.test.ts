// `keel accounts` and `keel import --tax-treatment`: concrete values through the CLI door.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/tmp.ts';
import { runCli as run } from '../../../tests/support/run-cli.ts';
import { namesFileAccount, taxTreatmentPairs } from './accounts.ts';

const SCHWAB = path.resolve(import.meta.dirname, '../../../tests/fixtures/brokers/schwab');
const POSITIONS = path.join(SCHWAB, 'Individual-Positions-2026-07-16.csv');
const HISTORY = path.join(SCHWAB, 'Individual_XXX178_Transactions_20260309-115444.csv');
const ROTH = path.join(SCHWAB, 'Roth-Positions-2025-03-14.csv');

async function imported(...extra: string[]): Promise<string> {
  const dir = tempDir();
  expect((await run(['--data-dir', dir, 'demo', '--clear'])).code).toBe(0);
  expect((await run(['--data-dir', dir, 'import', POSITIONS, HISTORY, ...extra])).code).toBe(0);
  return dir;
}

const list = async (dir: string) => JSON.parse((await run(['--data-dir', dir, 'accounts', '--json'])).out) as { accounts: Record<string, unknown>[] };

describe('keel accounts', () => {
  it('--json lists exactly id, name, number, broker, taxTreatment, currency, positions, total', async () => {
    const dir = await imported();
    const { accounts } = await list(dir);
    expect(accounts).toHaveLength(2);
    expect(Object.keys(accounts[0]!)).toEqual(['id', 'name', 'number', 'broker', 'taxTreatment', 'currency', 'positions', 'total']);
    expect(accounts[0]).toMatchObject({ id: 1, number: '...920', broker: 'Schwab', taxTreatment: 'taxable', currency: 'USD', positions: 3, total: '6487.38' });
    expect(accounts[1]).toMatchObject({ id: 2, number: 'XXX178', broker: 'Schwab', positions: 0, total: '0.00' });
    const text = (await run(['--data-dir', dir, 'accounts'])).out;
    expect(text).toContain('#2 ');
    expect(text).toContain('no statement (4 history rows, 0 lots) — merge it: keel accounts merge 2 1');
  });

  it('set renames, sets the number and the tax treatment; a bad treatment is a usage error (exit 2)', async () => {
    const dir = await imported();
    const r = await run(['--data-dir', dir, 'accounts', 'set', '1', '--name', 'Joint', '--number', '...921', '--tax-treatment', 'tax-deferred']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('#1    Joint — Schwab ...921 · tax-deferred · USD · 3 positions, $6,487.38 as of 2026-07-16');
    expect((await list(dir)).accounts[0]).toMatchObject({ name: 'Joint', number: '...921', taxTreatment: 'tax-deferred' });
    const bad = await run(['--data-dir', dir, 'accounts', 'set', '1', '--tax-treatment', 'pension']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--tax-treatment must be one of taxable, tax-deferred, tax-free, hsa, got "pension"');
    expect((await run(['--data-dir', dir, 'accounts', 'set', '99', '--name', 'x'])).err).toBe('keel: NOT_FOUND: There is no account 99.');
  });

  it('merge moves the history-only account into the positions account', async () => {
    const dir = await imported();
    const r = await run(['--data-dir', dir, 'accounts', 'merge', '2', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Merged #2 .* into #1 .*: 0 statements \(0 positions\), 4 history rows, 0 lots, 0 menu symbols, 0 plans moved; #2 is gone\./);
    expect((await list(dir)).accounts).toEqual([expect.objectContaining({ id: 1, positions: 3, total: '6487.38' })]);
    expect((await run(['--data-dir', dir, 'accounts', 'merge', '1', '1'])).code).toBe(1);
  });

  it('delete backs up first and prints the backup name; the account is gone', async () => {
    const dir = await imported();
    const r = await run(['--data-dir', dir, 'accounts', 'delete', '1']);
    expect(r.code).toBe(0);
    const name = /^Backup taken first: (keel-\d{8}-\d{6}-manual\.db) /.exec(r.out)?.[1];
    expect(name).toBeDefined();
    expect(r.out).toContain('Deleted #1 ');
    expect(r.out).toContain('1 statements (3 positions), 0 history rows, 0 lots, 1 import batches.');
    expect((await run(['--data-dir', dir, 'backups'])).out).toContain(name!);
    expect((await list(dir)).accounts.map((a) => a.id)).toEqual([2]);
  });
});

describe('keel import --tax-treatment', () => {
  it('sets the treatment of the account NUMBER names; the JSON says it was not guessed', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'demo', '--clear']);
    const r = await run(['--data-dir', dir, 'import', POSITIONS, ROTH, '--tax-treatment', '920=tax-deferred', '--json']);
    expect(r.code).toBe(0);
    const files = JSON.parse(r.out).files as { accounts: { number: string; taxTreatment: string; taxTreatmentGuessed: boolean }[] }[];
    expect(files.map((f) => f.accounts.map((a) => [a.number, a.taxTreatment, a.taxTreatmentGuessed]))).toEqual([
      [['...920', 'tax-deferred', false]],
      [['...417', 'tax-free', true]],
    ]);
    expect((await list(dir)).accounts.map((a) => [a.number, a.taxTreatment])).toEqual([
      ['...920', 'tax-deferred'],
      ['...417', 'tax-free'],
    ]);
  });

  it('a NUMBER that names no account is reported (exit 1); a malformed pair is a usage error', async () => {
    const dir = tempDir();
    const r = await run(['--data-dir', dir, 'import', POSITIONS, '--tax-treatment', '...555=hsa']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('keel: --tax-treatment ...555=hsa: no account of these files has that number');
    expect((await run(['--data-dir', dir, 'import', POSITIONS, '--tax-treatment', 'hsa'])).code).toBe(2);
  });

  it('the matching rule: the same text, else the unmasked digits end the number', () => {
    const a = { name: 'Individual', number: '...777' };
    expect(['...777', '777', 'XXX777', '77'].map((n) => namesFileAccount(n, a))).toEqual([true, true, true, true]);
    expect(['778', '...1777', ''].map((n) => namesFileAccount(n, a))).toEqual([false, false, false]);
    expect(namesFileAccount('4321', { name: '', number: 'XXXX-4321' })).toBe(true);
    expect(namesFileAccount('schwab account', { name: 'Schwab account', number: '' })).toBe(true);
    expect(taxTreatmentPairs(['...777=Tax-Free'])).toEqual([{ number: '...777', taxTreatment: 'tax-free' }]);
  });
});
