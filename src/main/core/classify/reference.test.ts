import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SECURITIES } from '../demo/data.ts';
import { dec, sum } from '../money.ts';
import { GICS_SECTORS, ReferenceDataError, defaultReferencePath, loadReference, normalizeSymbol, parseReference } from './reference.ts';
import { DEFAULT_SLEEVES } from './sleeves.ts';

// The S&P 100 (September 2025 list: 101 symbols, Alphabet twice). Membership changes quarterly; the
// reference data also carries other large S&P 500 names, so a member that rotates in is usually there already.
const SP100 = [
  'AAPL', 'ABBV', 'ABT', 'ACN', 'ADBE', 'AIG', 'AMD', 'AMGN', 'AMT', 'AMZN', 'AVGO', 'AXP', 'BA', 'BAC', 'BK', 'BKNG', 'BLK',
  'BMY', 'BRK.B', 'C', 'CAT', 'CL', 'CMCSA', 'COF', 'COP', 'COST', 'CRM', 'CSCO', 'CVS', 'CVX', 'DE', 'DHR', 'DIS', 'DUK',
  'EMR', 'FDX', 'GD', 'GE', 'GILD', 'GM', 'GOOG', 'GOOGL', 'GS', 'HD', 'HON', 'IBM', 'INTC', 'INTU', 'ISRG', 'JNJ', 'JPM',
  'KO', 'LIN', 'LLY', 'LMT', 'LOW', 'MA', 'MCD', 'MDLZ', 'MDT', 'MET', 'META', 'MMM', 'MO', 'MRK', 'MS', 'MSFT', 'NEE',
  'NFLX', 'NKE', 'NOW', 'NVDA', 'ORCL', 'PEP', 'PFE', 'PG', 'PLTR', 'PM', 'PYPL', 'QCOM', 'RTX', 'SBUX', 'SCHW', 'SO',
  'SPG', 'T', 'TGT', 'TMO', 'TMUS', 'TSLA', 'TXN', 'UBER', 'UNH', 'UNP', 'UPS', 'USB', 'V', 'VZ', 'WFC', 'WMT', 'XOM',
] as const;

const DEMO_SYMBOLS = ['IWM', 'QQQ', 'XLI', 'XLB', 'XLF', 'KRE', 'RSP', 'VTV', 'AAPL', 'NVDA', 'TSLA', 'CAT', 'NUE', 'DE', 'LEN', 'FCX', 'BND', 'SWVXX'] as const;

// The file as written, independent of the loader.
const rawRows = JSON.parse(fs.readFileSync(defaultReferencePath(), 'utf8')) as Array<Record<string, unknown>>;
const ref = loadReference();

function expectIssue(data: unknown, pattern: RegExp): ReferenceDataError {
  try {
    parseReference(data, 'test.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ReferenceDataError);
    expect((e as Error).message).toMatch(pattern);
    return e as ReferenceDataError;
  }
  throw new Error('expected the reference data to be rejected');
}

const fund = (symbol: string, sleeves: Record<string, unknown>): Record<string, unknown> => ({ symbol, name: `${symbol} Fund`, type: 'etf', sleeves, basis: 'test' });
const stock = (symbol: string, sector: string, size = 'large'): Record<string, unknown> => ({ symbol, name: `${symbol} Inc.`, type: 'stock', sector, size, basis: 'test' });

describe('bundled reference data', () => {
  it('loads and validates', () => {
    expect(ref.rows.length).toBe(rawRows.length);
    expect(ref.bySymbol.size).toBe(rawRows.length);
  });

  it('covers at least 200 funds and 100 stocks', () => {
    const count = (t: string): number => ref.rows.filter((r) => r.type === t).length;
    expect(count('etf') + count('mutual-fund') + count('money-market')).toBeGreaterThanOrEqual(200);
    expect(count('stock')).toBeGreaterThanOrEqual(100);
  });

  it("every fixed row's weights sum to exactly 100 (decimal arithmetic on the file's numbers)", () => {
    const fixed = rawRows.filter((r) => 'sleeves' in r);
    expect(fixed.length).toBeGreaterThan(200);
    for (const r of fixed) {
      const weights = Object.values(r.sleeves as Record<string, number>);
      expect(weights.every((w) => typeof w === 'number' && w > 0), String(r.symbol)).toBe(true);
      expect(sum(weights.map((w) => dec(w))).toFixed(), String(r.symbol)).toBe('100');
      expect(Object.keys(r.sleeves as object).every((s) => (DEFAULT_SLEEVES as readonly string[]).includes(s)), String(r.symbol)).toBe(true);
    }
  });

  it('has no symbol twice and is sorted by symbol', () => {
    const symbols = rawRows.map((r) => String(r.symbol));
    expect(new Set(symbols.map(normalizeSymbol)).size).toBe(symbols.length);
    expect([...symbols].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(symbols);
  });

  it('has every S&P 100 member as a large-cap stock with its GICS sector', () => {
    expect(new Set(SP100).size).toBe(101);
    for (const s of SP100) {
      const row = ref.bySymbol.get(s);
      expect(row, s).toBeDefined();
      expect(row?.type, s).toBe('stock');
      expect(row?.kind === 'sector' && row.size, s).toBe('large');
      expect(row?.kind === 'sector' && (GICS_SECTORS as readonly string[]).includes(row.sector), s).toBe(true);
    }
  });

  it('has every name in the demo household', () => {
    for (const s of DEMO_SYMBOLS) expect(ref.bySymbol.get(s), s).toBeDefined();
    for (const s of DEMO_SECURITIES) {
      const row = ref.bySymbol.get(s.symbol);
      expect(row, s.symbol).toBeDefined();
      expect(row?.type, s.symbol).toBe(s.assetType);
    }
  });

  it('gives every stock a sector (never fixed sleeves) and every money-market fund Cash 100', () => {
    for (const r of ref.rows) {
      if (r.type === 'stock') expect(r.kind, r.symbol).toBe('sector');
      if (r.type === 'money-market') expect(r.kind === 'fixed' && r.sleeves, r.symbol).toEqual({ Cash: '100' });
      expect(r.basis.length, r.symbol).toBeGreaterThan(0);
    }
  });

  it('keeps split weights as exact decimal strings', () => {
    const vasgx = ref.bySymbol.get('VASGX');
    expect(vasgx?.kind === 'fixed' && vasgx.sleeves).toEqual({ 'Large-cap growth': '21.6', Value: '21.6', 'Small-cap': '4.8', International: '32', Bonds: '20' });
  });
});

describe('malformed reference data is rejected, naming the row, symbol and field', () => {
  it('weights that sum to 99', () => {
    const e = expectIssue([fund('AAA', { Value: 100 }), fund('BBB', { Value: 49, 'Large-cap growth': 50 })], /row 1 \(BBB\), field sleeves: weights sum to 99, not 100/);
    expect(e.issues).toEqual([{ row: 1, symbol: 'BBB', field: 'sleeves', message: 'weights sum to 99, not 100' }]);
  });

  it('decimal weights are summed exactly, not as floats', () => {
    // In floats 4.1 + 0.02 + 0.06 + 95.82 is 99.99999999999999; the row sums to exactly 100 and is accepted.
    expect([4.1, 0.02, 0.06, 95.82].reduce((x, y) => x + y)).not.toBe(100);
    expect(() => parseReference([fund('AAA', { Value: 4.1, Bonds: 0.02, Cash: 0.06, Other: 95.82 })])).not.toThrow();
    expectIssue([fund('AAA', { Value: 0.1, Bonds: 0.2, Cash: 99.69 })], /row 0 \(AAA\), field sleeves: weights sum to 99.99, not 100/);
  });

  it('a duplicate symbol', () => {
    expectIssue([fund('AAA', { Value: 100 }), stock('BBB', 'Energy'), fund('AAA', { Cash: 100 })], /row 2 \(AAA\), field symbol: duplicate symbol: AAA is already row 0/);
  });

  it('an unknown sector', () => {
    expectIssue([stock('AAA', 'Tech')], /row 0 \(AAA\), field sector: Invalid option/);
  });

  it('an unknown size, type or sleeve, a zero weight, an extra field', () => {
    expectIssue([stock('AAA', 'Energy', 'mega')], /row 0 \(AAA\), field size/);
    expectIssue([{ ...fund('AAA', { Value: 100 }), type: 'fund' }], /row 0 \(AAA\), field type/);
    expectIssue([fund('AAA', { Growth: 100 })], /row 0 \(AAA\), field sleeves.Growth: unknown sleeve "Growth"/);
    expectIssue([fund('AAA', { Value: 100, Bonds: 0 })], /row 0 \(AAA\), field sleeves.Bonds: weight must be a number greater than 0/);
    expectIssue([{ ...fund('AAA', { Value: 100 }), size: 'large' }], /row 0 \(AAA\), field size: unexpected field "size"/);
    expectIssue([{ ...stock('AAA', 'Energy'), basis: ' ' }], /row 0 \(AAA\), field basis: must not be empty/);
  });

  it('both or neither of sleeves and sector', () => {
    expectIssue([{ ...stock('AAA', 'Energy'), sleeves: { Value: 100 } }], /row 0 \(AAA\), field sleeves,sector: a row has sleeves or a sector, not both/);
    expectIssue([{ symbol: 'AAA', name: 'A', type: 'etf', basis: 'b' }], /row 0 \(AAA\), field sleeves\|sector/);
  });

  it('a symbol with a Fidelity suffix or lower case', () => {
    expectIssue([fund('SPAXX**', { Cash: 100 })], /row 0 \(SPAXX\*\*\), field symbol/);
    expectIssue([fund('iwm', { 'Small-cap': 100 })], /row 0 \(iwm\), field symbol/);
  });

  it('reports every bad row, not just the first', () => {
    const e = expectIssue([stock('AAA', 'Tech'), fund('BBB', { Value: 99 }), fund('CCC', { Value: 100 })], /row 0 \(AAA\)/);
    expect(e.issues.map((i) => [i.row, i.field])).toEqual([
      [0, 'sector'],
      [1, 'sleeves'],
    ]);
  });

  it('a file that is not an array, is not JSON, or is missing', () => {
    expectIssue({ rows: [] }, /must be a JSON array/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-ref-'));
    try {
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, '[{"symbol": "AAA",]');
      expect(() => loadReference(bad)).toThrow(/bad.json is not valid classification reference data:\n {2}\(file\): is not valid JSON/);
      expect(() => loadReference(path.join(dir, 'missing.json'))).toThrow(/cannot be read/);
      const good = path.join(dir, 'good.json');
      fs.writeFileSync(good, JSON.stringify([fund('AAA', { Value: 50, Cash: 50 })]));
      expect(loadReference(good).bySymbol.get('AAA')).toMatchObject({ kind: 'fixed', sleeves: { Value: '50', Cash: '50' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('normalizeSymbol', () => {
  it('upper-cases, strips the ** suffix and writes share classes with a dot', () => {
    expect(normalizeSymbol('SPAXX**')).toBe('SPAXX');
    expect(normalizeSymbol(' iwm ')).toBe('IWM');
    expect(normalizeSymbol('BRK/B')).toBe('BRK.B');
    expect(normalizeSymbol('brk-b')).toBe('BRK.B');
    expect(normalizeSymbol('BRK B')).toBe('BRK.B');
    expect(normalizeSymbol('BRK.B')).toBe('BRK.B');
    expect(normalizeSymbol('')).toBe('');
  });
});
