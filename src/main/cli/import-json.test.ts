// `keel import` as the statement reads (issue 16): cash only in `cash`, clean symbols with the raw text kept,
// a currency (and the file's base value) per position, lots counted; a file more than 1% off its own total is
// refused (exit 1, the difference named, nothing written) unless given --accept-mismatch.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../tests/support/run-cli.ts';
import { tempDir, tempFile } from '../../../tests/support/tmp.ts';
import { schwabPositions } from '../core/import/__tests__/helpers.ts';
import { PROJECT_ROOT } from './project.ts';

const fixture = (rel: string) => path.join(PROJECT_ROOT, 'tests/fixtures/brokers', rel);

async function emptyDataDir(): Promise<string> {
  const dir = tempDir();
  await run(['--data-dir', dir, 'demo', '--clear']);
  return dir;
}

describe('keel import --json', () => {
  it('lists cash only in cash: positions plus cash is the total (Schwab, Fidelity core, DEGIRO)', async () => {
    const dir = await emptyDataDir();
    const r = await run(['--data-dir', dir, 'import', '--dry-run', '--json', fixture('schwab/Individual-Positions-2026-07-16.csv'), fixture('fidelity/Portfolio_Positions_Apr-12-2026.csv'), fixture('degiro/Portfolio.csv')]);
    expect(r.code).toBe(0);
    const [schwab, fidelity, degiro] = JSON.parse(r.out).files;
    const sw = schwab.accounts[0];
    expect(sw.positions.map((p: { symbol: string }) => p.symbol)).toEqual(['IWM', 'QQQ', 'XLI 08/21/2026 140.00 C']);
    expect([sw.cash, sw.total, sw.currency]).toEqual(['1857.93', '6487.38', 'USD']);
    const ind = fidelity.accounts[0];
    expect(ind.positions.map((p: { symbol: string }) => p.symbol)).toEqual(['XLI', '-XLI260515C145', 'VTV']);
    expect(JSON.stringify(fidelity)).not.toContain('SPAXX');
    expect(ind.cash).toBe('1273.44');
    const eu = degiro.accounts[0];
    expect([eu.currency, eu.cash, eu.total]).toEqual(['EUR', '1204.55', '3969.20']);
    expect(eu.positions).toEqual([
      { symbol: 'IE00B3RBWM25', name: 'VANGUARD FTSE AW', quantity: '12', price: '112.34', marketValue: '1348.08', costBasis: null, currency: 'EUR', baseValue: '1348.08' },
      { symbol: 'US46090E1038', name: 'INVESCO QQQ TRUST', quantity: '3', price: '512.3', marketValue: '1536.90', costBasis: null, currency: 'USD', baseValue: '1416.57' },
    ]);
  });

  it('keeps the raw symbol where cleaning changed it (a Fidelity sweep fund held as a position)', async () => {
    const dir = await emptyDataDir();
    // Not the core position (no **): a money-market fund held with a quantity is a position.
    const text = 'Account Number,Account Name,Symbol,Description,Quantity,Last Price,Last Price Change,Current Value,Today\'s Gain/Loss Dollar,Today\'s Gain/Loss Percent,Total Gain/Loss Dollar,Total Gain/Loss Percent,Percent Of Account,Cost Basis Total,Average Cost Basis,Type\n' +
      'Z1,Individual,SPRXX,FIDELITY MONEY MARKET,500,$1.00,$0.00,$500.00,$0.00,0.00%,$0.00,0.00%,50%,$500.00,$1.00,Cash,\n' +
      'Z1,Individual,VTV*,VANGUARD VALUE ETF,2,$250.00,$0.00,$500.00,$0.00,0.00%,$0.00,0.00%,50%,$500.00,$250.00,Margin,\n';
    const r = await run(['--data-dir', dir, 'import', '--dry-run', '--json', tempFile('Portfolio_Positions_Nov-20-2026.csv', text)]);
    const a = JSON.parse(r.out).files[0].accounts[0];
    expect(a.positions.map((p: { symbol: string; rawSymbol?: string }) => [p.symbol, p.rawSymbol ?? null])).toEqual([['SPRXX', null], ['VTV', 'VTV*']]);
    expect(a.cash).toBe('0.00');
  });

  it('counts the lots of an E*TRADE file with lot detail', async () => {
    const dir = await emptyDataDir();
    const r = await run(['--data-dir', dir, 'import', '--json', fixture('etrade/PortfolioDownload_lots.csv')]);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.out).files[0];
    expect([f.status, f.lots, f.accounts[0].lots, f.accounts[0].total, f.accounts[0].fileTotal, f.accounts[0].mismatch]).toEqual(['imported', 4, 4, '24365.00', '24365.00', false]);
  });
});

describe('keel import of a file more than 1% off its own total', () => {
  const off = () => tempFile('Individual-Positions-off.csv', schwabPositions().replace('"QQQ","INVESCO QQQ TRUST","3.5"', '"QQQ","INVESCO QQQ TRUST","35"').replace('"$1,793.05"', '"$17,930.50"'));

  it('refuses it (exit 1, the difference named, nothing written) unless given --accept-mismatch', async () => {
    const dir = await emptyDataDir();
    const file = off();
    const dry = await run(['--data-dir', dir, 'import', '--dry-run', file]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('importing it needs --accept-mismatch');

    const refused = await run(['--data-dir', dir, 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('FAILED — nothing written');
    expect(refused.out).toContain("the file's total is 6487.38 USD, Keel's is 22624.83 USD (+16137.45");
    expect(JSON.parse((await run(['--data-dir', dir, 'holdings', '--json'])).out).accounts).toEqual([]);

    const accepted = await run(['--data-dir', dir, 'import', file, '--accept-mismatch']);
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain('imported as confirmed (--accept-mismatch)');
    expect(JSON.parse((await run(['--data-dir', dir, 'holdings', '--json'])).out).total).toBe('22624.83');
  });
});
