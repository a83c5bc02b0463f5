// Price files: each layout with concrete values, the symbol of a daily file, and refusals with line and column.
import { describe, expect, it } from 'vitest';
import { ImportError } from '../import/errors.ts';
import { newestCloses, parsePriceFile, symbolFromFileName } from './parse.ts';

const today = '2026-12-04';
const parse = (text: string, file = 'prices.csv', symbol?: string) => parsePriceFile(text, file, { today, symbol });
const closes = async (text: string, file = 'prices.csv', symbol?: string) =>
  newestCloses((await parse(text, file, symbol))!.rows).map((p) => [p.symbol, p.date, p.closeMicro, p.closes]);

async function refusal(text: string, file = 'prices.csv', symbol?: string): Promise<ImportError> {
  try {
    await parse(text, file, symbol);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe('generic Symbol,Price[,Date] files', () => {
  it('reads one price per row; a row without a date is as of today', async () => {
    const r = (await parse('Symbol,Price,Date\nxli,120.50,2026-12-03\nIWM,"$1,234.5",\n'))!;
    expect(r.layout).toBe('generic');
    expect(r.rows).toEqual([
      { symbol: 'XLI', date: '2026-12-03', closeMicro: 120_500_000n, line: 2 },
      { symbol: 'IWM', date: today, closeMicro: 1_234_500_000n, line: 3 },
    ]);
  });

  it('takes Ticker / Last / Close headers, names and currencies', async () => {
    const r = (await parse('Ticker,Name,Last,Currency\nVTV,Vanguard Value ETF,186.40,usd\n'))!;
    expect(r.rows).toEqual([{ symbol: 'VTV', date: today, closeMicro: 186_400_000n, line: 2 }]);
    expect(r.names.get('VTV')).toBe('Vanguard Value ETF');
    expect(r.currencies.get('VTV')).toBe('USD');
    expect(await closes('Symbol,Close,As Of\nXLF,53.18,11/27/2026\nXLF,54.01,11/28/2026\n')).toEqual([['XLF', '2026-11-28', 54_010_000n, 2]]);
  });

  it('is not a broker positions file (a Quantity column) nor anything else', async () => {
    expect(await parse('Symbol,Quantity,Price\nIWM,12,218.45\n')).toBeNull();
    expect(await parse('Name,Age\nAda,36\n')).toBeNull();
    // An empty file is refused as every import refuses it.
    await expect(parse('')).rejects.toThrow(/line 1, column 1: the file is empty/);
  });
});

describe('daily history files', () => {
  const yahoo = [
    'Date,Open,High,Low,Close,Adj Close,Volume',
    '2026-12-01,185.10,186.90,184.80,186.40,185.977234,2841500',
    '2026-12-02,null,null,null,null,null,null',
    '2026-12-03,186.50,188.00,186.10,187.254999,187.254999,3120400',
  ].join('\n');
  const stooq = ['Date,Open,High,Low,Close,Volume', '2026-11-30,93.1,94.5,92.8,94.2,1200000', '2026-12-03,94.3,95.7,94.0,95.61,1410000'].join('\n');

  it('Yahoo: the symbol from VTV.csv, the newest row\'s Close (not Adj Close), null days skipped with a warning', async () => {
    const r = (await parse(yahoo, 'VTV.csv'))!;
    expect([r.layout, r.symbol, r.needsSymbol, r.read]).toEqual(['yahoo', 'VTV', false, 3]);
    expect(r.warnings).toEqual([{ line: 0, message: '1 row without a close (days without trading) skipped' }]);
    expect(newestCloses(r.rows)).toEqual([{ symbol: 'VTV', date: '2026-12-03', closeMicro: 187_254_999n, closes: 2 }]);
  });

  it('Stooq: the symbol from xlb_us_d.csv is XLB; an explicit symbol wins over the name', async () => {
    expect(await closes(stooq, 'xlb_us_d.csv')).toEqual([['XLB', '2026-12-03', 95_610_000n, 2]]);
    expect((await parse(stooq, 'xlb_us_d.csv'))!.layout).toBe('stooq');
    expect(await closes(stooq, 'xlb_us_d.csv', 'xli')).toEqual([['XLI', '2026-12-03', 95_610_000n, 2]]);
  });

  it('a file name that is no symbol: the caller must ask', async () => {
    const r = (await parse(stooq, 'download.csv'))!;
    expect([r.symbol, r.needsSymbol]).toEqual([null, true]);
  });

  it('symbols from file names', () => {
    expect(['VTV.csv', 'xlb_us_d.csv', 'xlb.us.csv', 'iwm_d.csv', 'BRK-B.csv', 'VTV (1).csv', 'C:\\dl\\xli.csv', 'prices.csv', 'data.csv'].map(symbolFromFileName)).toEqual([
      'VTV', 'XLB', 'XLB', 'IWM', 'BRK-B', 'VTV', 'XLI', null, null,
    ]);
  });
});

describe('a bad file is refused with line and column', () => {
  it('a price that is not a number, zero, a bad date, a future date, a bad symbol, no rows', async () => {
    const cases: [string, string, number, number, RegExp][] = [
      ['Symbol,Price\nXLI,12O.5\n', 'prices.csv', 2, 2, /12O\.5/],
      ['Symbol,Price\nXLI,0\n', 'prices.csv', 2, 2, /more than 0/],
      ['Date,Open,High,Low,Close,Volume\n2026-13-40,1,1,1,1,1\n', 'XLB.csv', 2, 1, /./],
      ['Symbol,Price,Date\nXLI,120,2027-01-02\n', 'prices.csv', 2, 3, /2027-01-02 is in the future/],
      ['Symbol,Price\nXLI,1\n=cmd|x,2\n', 'prices.csv', 3, 1, /is not a symbol/],
      ['Symbol,Price\n', 'prices.csv', 1, 1, /no prices/],
    ];
    for (const [text, file, line, column, message] of cases) {
      const e = await refusal(text, file);
      expect([e.file, e.line, e.column], text).toEqual([file, line, column]);
      expect(e.message).toMatch(message);
      expect(e.code).toBe('VALIDATION');
    }
  });

  it('control characters are stripped from a cell (and said so), as in every import', async () => {
    const r = (await parse('Ticker,Name,Last\nVTV,Value\u001b[2J ETF,186.40\n'))!;
    expect(r.names.get('VTV')).toBe('Value[2J ETF');
    expect(r.warnings[0]!.message).toMatch(/removed 1 control character \(U\+001B\) from line 2, column 2/);
  });
});
