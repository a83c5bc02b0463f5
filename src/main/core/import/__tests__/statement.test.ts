// Issue 16: imports that read like the broker's statement — lots where the file has them (E*TRADE lot detail,
// IBKR Long/Short Open Positions), no silent misses, and a file that misses its own total by more than 1% is
// committed only when confirmed.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../../../../../tests/support/tmp.ts';
import type { Db } from '../../db/open.ts';
import type { Core } from '../../index.ts';
import { processFile } from '../pipeline.ts';
import { dump, emptyCores } from './cores.ts';
import { OWN, d, expectStatementRules, parseFixture, schwabPositions, statement } from './helpers.ts';

const ETRADE_LOTS = path.join(OWN, 'etrade/PortfolioDownload_lots.csv');
const IBKR_LONG_SHORT = path.join(OWN, 'ibkr/ActivityStatement_U7654321_2016_long_short.csv');
const FIDELITY = path.join(OWN, 'fidelity/Portfolio_Positions_Apr-12-2026.csv');

const emptyCore = emptyCores();

function importFile(c: Core, file: string, opts: { dryRun?: boolean; acceptMismatch?: boolean } = {}) {
  return processFile({ name: path.basename(file), path: file }, { dbPath: c.opened.path, dryRun: opts.dryRun ?? false, acceptMismatch: opts.acceptMismatch ?? false });
}

const lotRows = (db: Db) =>
  db
    .prepare(
      `SELECT a.number_masked AS number, s.symbol, l.acquired, l.quantity_micro AS q, l.cost_basis_micro AS cost
       FROM lots l JOIN accounts a ON a.id = l.account_id JOIN securities s ON s.id = l.security_id ORDER BY s.symbol, l.acquired`,
    )
    .all();

describe('E*TRADE PortfolioDownload with lot detail', () => {
  it('reads the dated rows as lots of the position above them, and the account matches the file total', async () => {
    const r = await parseFixture(OWN, 'etrade/PortfolioDownload_lots.csv');
    expect([r.layout, r.kind, r.asOf]).toEqual(['etrade-portfolio', 'positions', '2026-11-20']);
    const a = r.accounts[0]!;
    expect([a.name, a.number, d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['Brokerage', '-7730', '24365', '24365', true]);
    const [s] = statement(r);
    expect(s!.positions.map((p) => [p.symbol, p.quantity, p.marketValue, p.costBasis])).toEqual([
      ['VTI', '60', '15000.00', '11100.00'],
      ['XLF', '150', '6750.00', '5535.00'],
    ]);
    expect(s!.cashLines.map((p) => [p.symbol, p.marketValue])).toEqual([['CASH', '2615.00']]);
    expect(r.lots).toHaveLength(4);
    expect(r.lots.map((l) => [l.account, l.symbol, l.acquired, d(l.quantity), d(l.costPerShare), d(l.costBasis), l.line])).toEqual([
      ['-7730', 'VTI', '2018-10-05', '40', '140', '5600', 13],
      ['-7730', 'VTI', '2021-03-12', '20', '275', '5500', 14],
      ['-7730', 'XLF', '2019-06-14', '100', '30', '3000', 16],
      ['-7730', 'XLF', '2022-11-02', '50', '50.7', '2535', 17],
    ]);
    expect(r.warnings).toEqual([]);
    expectStatementRules(r);
  });

  it('imports the lots onto the account (no position named like a date), without confirmation', async () => {
    const c = emptyCore();
    const v = await importFile(c, ETRADE_LOTS);
    expect(v).toMatchObject({ status: 'imported', lotCount: 4, errors: [] });
    expect(v.accounts[0]).toMatchObject({ total: '24365.00', fileTotal: '24365.00', mismatch: false, lots: 4 });
    expect(lotRows(c.db)).toEqual([
      { number: '-7730', symbol: 'VTI', acquired: '2018-10-05', q: 40_000_000, cost: 5_600_000_000 },
      { number: '-7730', symbol: 'VTI', acquired: '2021-03-12', q: 20_000_000, cost: 5_500_000_000 },
      { number: '-7730', symbol: 'XLF', acquired: '2019-06-14', q: 100_000_000, cost: 3_000_000_000 },
      { number: '-7730', symbol: 'XLF', acquired: '2022-11-02', q: 50_000_000, cost: 2_535_000_000 },
    ]);
    const symbols = (c.db.prepare('SELECT symbol FROM securities ORDER BY symbol').all() as { symbol: string }[]).map((x) => x.symbol);
    expect(symbols.filter((x) => /\d\/\d/.test(x))).toEqual([]);
  });
});

describe('IBKR Activity Statement with Long / Short Open Positions (older statements)', () => {
  it('reads Summary rows as positions and Lot rows as their lots, reconciled to the NAV', async () => {
    const r = await parseFixture(OWN, 'ibkr/ActivityStatement_U7654321_2016_long_short.csv');
    expect([r.layout, r.kind, r.asOf]).toEqual(['ibkr-activity-statement', 'positions', '2016-12-30']);
    const a = r.accounts[0]!;
    expect([a.number, d(a.cash), d(a.total), d(a.fileTotal), a.reconciled]).toEqual(['U7654321', '512.4', '7485.75', '7485.75', true]);
    const [s] = statement(r);
    expect(s!.positions.map((p) => [p.symbol, p.quantity, p.marketValue, p.costBasis, p.currency])).toEqual([
      ['VTI', '50', '5766.00', '4910.00', 'USD'],
      ['XLF', '100', '2325.00', '1980.00', 'USD'],
      ['SPY', '-5', '-1117.65', '-1100.00', 'USD'],
    ]);
    expect(r.lots.map((l) => [l.symbol, l.acquired, d(l.quantity), d(l.costPerShare), d(l.costBasis), l.line])).toEqual([
      ['VTI', '2014-03-11', '30', '92', '2760', 17],
      ['VTI', '2016-09-02', '20', '107.5', '2150', 18],
      ['XLF', '2015-06-15', '100', '19.8', '1980', 20],
      ['SPY', '2016-12-01', '-5', '220', '-1100', 24],
    ]);
    expectStatementRules(r);
  });

  it('imports positions and lots onto one account', async () => {
    const c = emptyCore();
    const v = await importFile(c, IBKR_LONG_SHORT);
    expect(v).toMatchObject({ status: 'imported', kind: 'positions', lotCount: 4 });
    expect(v.accounts).toHaveLength(1);
    expect(v.accounts[0]).toMatchObject({ number: 'U7654321', total: '7485.75', reconciled: true, lots: 4 });
    expect(lotRows(c.db)).toHaveLength(4);
  });

  it('a statement with none of the sections Keel reads fails and names what it looked for', async () => {
    const text = [
      'Statement,Header,Field Name,Field Value',
      'Statement,Data,Title,Activity Statement',
      'Statement,Data,Period,"December 30, 2016"',
      'Dividends,Header,Currency,Date,Description,Amount',
      'Dividends,Data,USD,2016-12-15,VTI Cash Dividend,31.2',
    ].join('\n');
    const c = emptyCore();
    const v = await importFile(c, tempFile('statement.csv', text));
    expect(v.status).toBe('failed');
    expect(v.errors[0]).toMatchObject({ code: 'NO_DATA', line: 2 });
    expect(v.errors[0]!.message).toContain('Long Open Positions');
  });
});

describe('no silent misses', () => {
  it('a positions layout with nothing under its header fails, naming the layout', async () => {
    const c = emptyCore();
    const header = schwabPositions().split('\n').slice(0, 3).join('\n');
    const v = await importFile(c, tempFile('empty-positions.csv', header));
    expect(v).toMatchObject({ status: 'failed', broker: 'schwab' });
    expect(v.errors[0]).toMatchObject({ code: 'NO_DATA' });
    expect(v.errors[0]!.message).toMatch(/schwab-positions-2026.*no position or cash rows follow its header row/);
  });
});

describe('a file that misses its own total by more than 1%', () => {
  // QQQ 3.5 → 35 shares: the rows add up to far more than the file's Positions Total.
  const off = () => tempFile('Individual-Positions-off.csv', schwabPositions().replace('"QQQ","INVESCO QQQ TRUST","3.5"', '"QQQ","INVESCO QQQ TRUST","35"').replace('"$1,793.05"', '"$17,930.50"'));

  it('previews with the mismatch shown; is refused (nothing written) unless confirmed; imports when confirmed', async () => {
    const c = emptyCore();
    const file = off();
    const preview = await importFile(c, file, { dryRun: true });
    expect(preview.status).toBe('previewed');
    expect(preview.accounts[0]).toMatchObject({ total: '22624.83', fileTotal: '6487.38', mismatch: true, reconciled: false });

    const before = dump(c.db);
    const refused = await importFile(c, file);
    expect(refused).toMatchObject({ status: 'failed', batchId: null });
    expect(refused.errors).toEqual([
      {
        line: 0,
        code: 'TOTAL_MISMATCH',
        message:
          "Individual ...920: the file's total is 6487.38 USD, Keel's is 22624.83 USD (+16137.45, 248.8%). Nothing was imported: check the file, or confirm the difference to import it anyway (keel import --accept-mismatch).",
      },
    ]);
    expect(dump(c.db)).toBe(before);

    const accepted = await importFile(c, file, { acceptMismatch: true });
    expect(accepted).toMatchObject({ status: 'imported', errors: [] });
    expect(accepted.accounts[0]?.mismatch).toBe(true);
  });

  it('a difference of 1% or less imports without confirmation (with its warning)', async () => {
    const c = emptyCore();
    // Cash $1,857.93 → $1,900.00: $42.07 off a $6,487.38 total (0.65%).
    const file = tempFile('Individual-Positions-near.csv', schwabPositions().replace('"$1,857.93"', '"$1,900.00"'));
    const v = await importFile(c, file);
    expect(v).toMatchObject({ status: 'imported' });
    expect(v.accounts[0]).toMatchObject({ reconciled: false, mismatch: false, difference: '42.07' });
  });
});

describe('what the database stores', () => {
  it('the same clean symbols the preview shows: SPAXX, never SPAXX**', async () => {
    const c = emptyCore();
    const v = await importFile(c, FIDELITY);
    expect(v.accounts[0]!.cashLines.map((p) => [p.symbol, p.rawSymbol])).toEqual([['SPAXX', 'SPAXX**'], ['Pending Activity', undefined]]);
    const symbols = (c.db.prepare('SELECT symbol FROM securities').all() as { symbol: string }[]).map((x) => x.symbol);
    expect(symbols).toContain('SPAXX');
    expect(symbols.filter((x) => x.includes('*'))).toEqual([]);
  });
});
