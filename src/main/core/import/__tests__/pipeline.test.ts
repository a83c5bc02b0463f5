// The import pipeline against a real database: what users see after importing, re-importing and undoing.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { skipAllUnless } from '../../../../../tests/support/skip.ts';
import { tempDir } from '../../../../../tests/support/tmp.ts';
import type { Core } from '../../index.ts';
import { listBatches, undoBatch } from '../batches.ts';
import { processFile } from '../pipeline.ts';
import { dump, emptyCores } from './cores.ts';
import { OWN, SHARED } from './helpers.ts';

const SCHWAB_2026 = path.join(OWN, 'schwab/Individual-Positions-2026-07-16.csv');
const FIDELITY_2026 = path.join(OWN, 'fidelity/Portfolio_Positions_Apr-12-2026.csv');
const SCHWAB_HISTORY = path.join(OWN, 'schwab/Individual_XXX178_Transactions_20260309-115444.csv');

const emptyCore = emptyCores();

function importFile(c: Core, file: string, opts: { dryRun?: boolean; name?: string; asOf?: string; acceptMismatch?: boolean } = {}) {
  return processFile({ name: opts.name ?? path.basename(file), path: file }, { dbPath: c.opened.path, dryRun: opts.dryRun ?? false, ...(opts.asOf ? { asOf: opts.asOf } : {}), acceptMismatch: opts.acceptMismatch ?? false, now: () => new Date('2026-11-29T12:00:00Z') });
}

async function summary(c: Core) {
  const r = await c.api.getHouseholdSummary({});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A variant of a fixture, written to a temp file. */
function variant(file: string, edit: (text: string) => string, name = path.basename(file)): string {
  const out = path.join(tempDir('keel-variant-'), name);
  fs.writeFileSync(out, edit(fs.readFileSync(file, 'utf8')));
  return out;
}

describe('which files need a date', () => {
  it('a positions file that states none does; a dated one and a history (its rows are dated) do not', async () => {
    const c = emptyCore();
    const undated = variant(SCHWAB_2026, (text) => text.replace(/^.*as of[^\n]*\n/i, ''), 'positions.csv');
    const u = await importFile(c, undated, { dryRun: true });
    expect(u).toMatchObject({ kind: 'positions', asOfFromFile: false, needsDate: true, asOf: '2026-11-29' });
    expect(await importFile(c, SCHWAB_2026, { dryRun: true })).toMatchObject({ needsDate: false });
    expect(await importFile(c, SCHWAB_HISTORY, { dryRun: true })).toMatchObject({ kind: 'transactions', needsDate: false });
  });
});

describe('importing a Schwab positions file', () => {
  it('creates the account and shows its positions, reconciled to the file to the cent', async () => {
    const c = emptyCore();
    const view = await importFile(c, SCHWAB_2026);
    expect(view).toMatchObject({ status: 'imported', broker: 'schwab', kind: 'positions', asOf: '2026-07-16', asOfFromFile: true, needsDate: false });
    expect(view.accounts).toHaveLength(1);
    expect(view.accounts[0]).toMatchObject({ number: '...920', total: '6487.38', fileTotal: '6487.38', reconciled: true, match: null, taxTreatment: 'taxable', taxTreatmentGuessed: true });

    const s = await summary(c);
    expect(s.total).toBe('6487.38');
    const account = s.accounts[0];
    expect(account).toMatchObject({ name: 'Schwab Individual', broker: 'Schwab', numberMasked: '...920', taxTreatment: 'taxable', asOf: '2026-07-16', cash: '1857.93' });
    expect(account?.positions.find((p) => p.symbol === 'IWM')).toMatchObject({ quantity: '12', price: '218.45', marketValue: '2621.40', costBasis: '2400.00', unrealizedGain: '221.40' });
    expect(account?.positions.find((p) => p.symbol === 'QQQ')).toMatchObject({ quantity: '3.5', marketValue: '1793.05' });
  });

  it('re-importing the same file changes nothing', async () => {
    const c = emptyCore();
    const first = await importFile(c, SCHWAB_2026);
    const before = dump(c.db);
    const again = await importFile(c, variant(SCHWAB_2026, (t) => t, 'renamed.csv'));
    expect(again).toMatchObject({ status: 'already-imported', alreadyImported: { batchId: first.batchId }, broker: 'schwab', layout: first.layout, kind: 'positions', asOf: '2026-07-16' });
    expect(dump(c.db)).toBe(before);
  });

  it('a newer snapshot of the same account supersedes the older one; an older one is kept as history only', async () => {
    const c = emptyCore();
    await importFile(c, SCHWAB_2026);
    const newer = variant(SCHWAB_2026, (t) => t.replace('2026/07/16', '2026/08/14').replace('"IWM","ISHARES RUSSELL 2000 ETF","12"', '"IWM","ISHARES RUSSELL 2000 ETF","13"'));
    const v = await importFile(c, newer);
    expect(v.accounts[0]?.match).toMatchObject({ name: 'Schwab Individual' });
    let s = await summary(c);
    expect(s.accounts).toHaveLength(1);
    expect(s.accounts[0]).toMatchObject({ asOf: '2026-08-14' });
    expect(s.accounts[0]?.positions.find((p) => p.symbol === 'IWM')?.quantity).toBe('13');

    const older = variant(SCHWAB_2026, (t) => t.replace('2026/07/16', '2026/06/30'));
    const o = await importFile(c, older);
    expect(o.warnings.map((w) => w.message)).toContain('Schwab Individual already has newer holdings (as of 2026-08-14); this file is kept as history.');
    s = await summary(c);
    expect(s.accounts[0]?.asOf).toBe('2026-08-14');
  });

  it('undo removes the batch, its positions and the account it created, and nothing else', async () => {
    const c = emptyCore();
    await importFile(c, FIDELITY_2026);
    const before = dump(c.db);
    const v = await importFile(c, SCHWAB_2026);
    expect((await summary(c)).accounts).toHaveLength(3);
    expect(listBatches(c.db).map((b) => [b.counts.accounts, b.undoRemovesAccounts])).toEqual([[1, 1], [2, 2]]);
    const r = undoBatch(c.db, v.batchId as number);
    expect(r.removed).toEqual({ positions: 3, transactions: 0, lots: 0, accounts: 1 });
    expect(dump(c.db)).toBe(before);
    expect(listBatches(c.db).map((b) => b.fileName)).toEqual(['Portfolio_Positions_Apr-12-2026.csv']);
  });

  it('undo of a file that went into an existing account says it removes no account, and removes none', async () => {
    const c = emptyCore();
    await importFile(c, SCHWAB_2026);
    const v = await importFile(c, variant(SCHWAB_2026, (t) => t.replace('2026/07/16', '2026/08/14')));
    const [newer, older] = listBatches(c.db);
    expect([newer?.counts.accounts, newer?.undoRemovesAccounts, older?.undoRemovesAccounts]).toEqual([1, 0, 0]);
    expect(undoBatch(c.db, v.batchId as number).removed.accounts).toBe(0);
    expect(listBatches(c.db)[0]?.undoRemovesAccounts).toBe(1);
  });

  it('a dry run parses and matches but writes nothing', async () => {
    const c = emptyCore();
    const before = dump(c.db);
    const v = await importFile(c, FIDELITY_2026, { dryRun: true });
    expect(v.status).toBe('previewed');
    expect(v.accounts.map((a) => [a.number, a.taxTreatment, a.total])).toEqual([
      ['Z12345678', 'taxable', '12053.19'],
      ['X87654321', 'tax-free', '7381.42'],
    ]);
    expect(dump(c.db)).toBe(before);
  });

  it('Fidelity core cash keeps its symbol as a $1 sweep fund', async () => {
    const c = emptyCore();
    await importFile(c, FIDELITY_2026);
    const roth = (await summary(c)).accounts.find((a) => a.numberMasked === 'X87654321');
    expect(roth?.positions.find((p) => p.symbol === 'FZFXX')).toMatchObject({ quantity: '310.02', price: '1', marketValue: '310.02', assetType: 'money-market' });
    expect(roth?.total).toBe('7381.42');
  });
});

describe('importing history', () => {
  it('stores every row once; an overlapping export adds only the new rows', async () => {
    const c = emptyCore();
    const first = await importFile(c, SCHWAB_HISTORY);
    expect(first).toMatchObject({ status: 'imported', transactionCount: 4, duplicateCount: 0 });
    const count = () => (c.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
    expect(count()).toBe(4);
    const buy = c.db.prepare("SELECT date, type, symbol, quantity_micro, amount_micro, source_line FROM transactions WHERE symbol = 'XLI'").get();
    expect(buy).toEqual({ date: '2026-03-05', type: 'buy', symbol: 'XLI', quantity_micro: 10_000_000, amount_micro: -1_382_000_000, source_line: 2 });

    const extended = variant(SCHWAB_HISTORY, (t) => t.replace('"Transactions Total"', '"03/09/2026","Buy","XLF","FINANCIAL SELECT SECTOR SPDR","20","$52.10","","-$1,042.00"\n"Transactions Total"'));
    const second = await importFile(c, extended);
    expect(second).toMatchObject({ status: 'imported', duplicateCount: 4 });
    expect(count()).toBe(5);
  });

  it('two identical rows in one file are both kept', async () => {
    const c = emptyCore();
    const doubled = variant(SCHWAB_HISTORY, (t) => t.replace('"03/05/2026","Buy","XLI","INDUSTRIAL SELECT SECTOR SPDR","10","$138.20","","-$1,382.00"', (row) => `${row}\n${row}`));
    const v = await importFile(c, doubled);
    expect(v.duplicateCount).toBe(0);
    expect((c.db.prepare("SELECT COUNT(*) AS n FROM transactions WHERE symbol = 'XLI'").get() as { n: number }).n).toBe(2);
    // importing the single-row original afterwards finds both already there
    const again = await importFile(c, SCHWAB_HISTORY);
    expect(again.duplicateCount).toBe(4);
  });

  it('a bad number on the last row fails the whole file: error with line and column, nothing written', async () => {
    const c = emptyCore();
    await importFile(c, SCHWAB_2026);
    const before = dump(c.db);
    const broken = variant(SCHWAB_HISTORY, (t) => t.replace('"-$500.00"', '"-$5OO.00"'));
    const v = await importFile(c, broken);
    expect(v.status).toBe('failed');
    expect(v.errors).toEqual([expect.objectContaining({ line: 5, column: 8, code: 'BAD_NUMBER' })]);
    expect(v.errors[0]?.message).toBe('not a number: "-$5OO.00"');
    expect(v).toMatchObject({ broker: 'schwab', kind: 'transactions' }); // what the file was, even though it failed
    expect(dump(c.db)).toBe(before);
  });
});

describe('atomicity under fuzzed files', () => {
  it('any mutation of a fixture either imports whole (and undoes whole) or fails having written nothing', async () => {
    const c = emptyCore();
    await importFile(c, FIDELITY_2026);
    const base = dump(c.db);
    const sources = [SCHWAB_2026, SCHWAB_HISTORY].map((f) => fs.readFileSync(f, 'utf8'));
    const dir = tempDir('keel-fuzz-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('x', '"', ',', '\n', '', '9', '-', '$')), { minLength: 1, maxLength: 4 }), async (which, edits) => {
        let text = sources[which] as string;
        for (const [at, ch] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + ch + text.slice(i + (ch === '' ? 1 : 0));
        }
        const file = path.join(dir, `fuzz-${n++}.csv`);
        fs.writeFileSync(file, text);
        const v = await importFile(c, file);
        if (v.status === 'imported') undoBatch(c.db, v.batchId as number);
        else expect(['failed', 'already-imported']).toContain(v.status);
        expect(dump(c.db)).toBe(base);
      }),
      { numRuns: 60 },
    );
  });
});

describe('shared broker samples through the pipeline', () => {
  skipAllUnless(fs.existsSync(SHARED) ? null : `no ${SHARED} (the shared broker samples sit beside the repository)`);
  it('Schwab lot details land on the account its positions file created (matched by number)', async () => {
    const c = emptyCore();
    // Its values were edited: the rows miss the file's own total, so it is imported only as confirmed.
    await importFile(c, path.join(SHARED, 'schwab/jbms_Intelligent-Positions-2020-09-25.csv'), { acceptMismatch: true });
    const lots = await importFile(c, path.join(SHARED, 'schwab/jbms_lot_details_SCHA_2020-09-25.csv'));
    expect(lots).toMatchObject({ status: 'imported', kind: 'lots', lotCount: 2 });
    expect(lots.accounts[0]?.match).not.toBeNull();
    const rows = c.db.prepare('SELECT a.number_masked, s.symbol, l.acquired FROM lots l JOIN accounts a ON a.id = l.account_id JOIN securities s ON s.id = l.security_id ORDER BY l.acquired').all();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ number_masked: 'XXXX-4321', symbol: 'SCHA' });
    expect((c.db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n).toBe(1);
    const scha = (await summary(c)).accounts[0]?.positions.find((p) => p.symbol === 'SCHA');
    expect(scha?.lots).toEqual([
      { acquired: '2020-08-24', quantity: '10', costBasis: '713.50' },
      { acquired: '2020-09-24', quantity: '20', costBasis: '1451.20' },
    ]);
  });
});
