// Property tests: a random exact decimal written the way some broker writes it parses back exactly; a random
// calendar date in every supported broker style parses back to the same ISO date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../money.ts';
import { parseDate } from '../dates.ts';
import { ValueError } from '../errors.ts';
import { parseNumber } from '../numbers.ts';

const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

const decimalParts = fc.record({
  int: fc.bigInt({ min: 0n, max: 10n ** 13n }),
  frac: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 7 }),
  negative: fc.boolean(),
});

type Parts = { int: bigint; frac: string; negative: boolean };
const STYLES: Array<[string, (p: Parts) => string, 'point' | 'comma']> = [
  ['plain 1234.56', (p) => `${p.negative ? '-' : ''}${p.int}${p.frac ? '.' + p.frac : ''}`, 'point'],
  ['US 1,234.56', (p) => `${p.negative ? '-' : ''}${group(String(p.int), ',')}${p.frac ? '.' + p.frac : ''}`, 'point'],
  ['Schwab -$1,234.56', (p) => `${p.negative ? '-' : ''}$${group(String(p.int), ',')}${p.frac ? '.' + p.frac : ''}`, 'point'],
  ['Fidelity +$1,234.56', (p) => `${p.negative ? '-' : '+'}$${group(String(p.int), ',')}${p.frac ? '.' + p.frac : ''}`, 'point'],
  ['Robinhood ($1,234.56)', (p) => { const b = `$${group(String(p.int), ',')}${p.frac ? '.' + p.frac : ''}`; return p.negative ? `(${b})` : b; }, 'point'],
  ['percent 93.65%', (p) => `${p.negative ? '-' : '+'}${p.int}${p.frac ? '.' + p.frac : ''}%`, 'point'],
  ['leading dot .0066', (p) => `${p.negative ? '-' : ''}${p.int === 0n ? '' : String(p.int)}.${p.frac || '0'}`, 'point'],
  ['DEGIRO 1.234,56', (p) => `${p.negative ? '-' : ''}${group(String(p.int), '.')}${p.frac ? ',' + p.frac : ''}`, 'comma'],
  ['DEGIRO 1234,56', (p) => `${p.negative ? '-' : ''}${p.int}${p.frac ? ',' + p.frac : ''}`, 'comma'],
];

describe('parseNumber round trips', () => {
  for (const [name, fmt, decimal] of STYLES) {
    it(name, () => {
      fc.assert(
        fc.property(decimalParts, (p) => {
          const expected = dec(`${p.negative ? '-' : ''}${p.int}.${p.frac || '0'}`);
          // DEGIRO always writes money with a decimal part; `1.000` alone is ambiguous and refused (tested below).
          if (decimal === 'comma' && p.frac === '' && p.int >= 1000n && name.includes('1.234')) return;
          const got = parseNumber(fmt(p), { decimal });
          expect(got?.eq(expected)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('keeps exactness beyond float precision', () => {
    expect(parseNumber('$12,345,678,901,234.5678901')!.toFixed()).toBe('12345678901234.5678901');
    expect(parseNumber('-2.637591265E-4')!.toFixed()).toBe('-0.0002637591265');
    expect(parseNumber('5.00000')!.toFixed()).toBe('5');
    expect(parseNumber('6,788.114')!.toFixed()).toBe('6788.114');
    expect(parseNumber('-1.2108', { decimal: 'comma' })!.toFixed()).toBe('-1.2108');
    expect(() => parseNumber('1.234', { decimal: 'comma' })).toThrow(/ambiguous/);
  });

  it('empty markers are null', () => {
    for (const m of ['', '  ', '--', '-', 'N/A', 'n/a', 'Not available']) expect(parseNumber(m)).toBeNull();
  });

  it('rejects anything else with BAD_NUMBER', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (s) => {
        try {
          const v = parseNumber(s);
          // Whatever it accepted must be a plain decimal once formatting is stripped.
          if (v !== null) expect(v.isFinite()).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ValueError);
          expect((e as ValueError).reason).toBe('BAD_NUMBER');
        }
      }),
      { numRuns: 500 },
    );
    for (const bad of ['1,23', '12.3.4', '$', '1e', 'abc', '1,2345.6', '--5x', '1 234']) {
      expect(() => parseNumber(bad), bad).toThrow(ValueError);
    }
  });
});

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dates = fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2068, 11, 31)), noInvalidDate: true });

describe('parseDate round trips', () => {
  const styles: Array<[string, (y: number, m: number, d: number) => string, { order?: 'MDY' | 'DMY' }]> = [
    ['MM/DD/YYYY', (y, m, d) => `${pad(m)}/${pad(d)}/${y}`, {}],
    ['M/D/YYYY', (y, m, d) => `${m}/${d}/${y}`, {}],
    ['MM/DD/YY', (y, m, d) => `${pad(m)}/${pad(d)}/${pad(y % 100)}`, {}],
    ['YYYY-MM-DD', (y, m, d) => `${y}-${pad(m)}-${pad(d)}`, {}],
    ['YYYY-MM-DDThh:mm:ss', (y, m, d) => `${y}-${pad(m)}-${pad(d)}T09:20:00`, {}],
    ['YYYY/MM/DD', (y, m, d) => `${y}/${pad(m)}/${pad(d)}`, {}],
    ['DD-MM-YYYY (DEGIRO)', (y, m, d) => `${pad(d)}-${pad(m)}-${y}`, { order: 'DMY' }],
    ['YYYYMMDD (IBKR Flex)', (y, m, d) => `${y}${pad(m)}${pad(d)}`, {}],
    ['YYYYMMDD;HHMMSS TZ', (y, m, d) => `${y}${pad(m)}${pad(d)};233000 EST`, {}],
    ['Schwab "as of"', (y, m, d) => `${pad(m)}/${pad(d)}/${y} as of 01/02/2020`, {}],
    ['Mon-DD-YYYY', (y, m, d) => `${MON[m - 1]}-${pad(d)}-${y}`, {}],
    ['MM/DD/YYYY hh:mm:ss EDT (Webull)', (y, m, d) => `${pad(m)}/${pad(d)}/${y} 16:01:46 EDT`, {}],
  ];
  for (const [name, fmt, opts] of styles) {
    it(name, () => {
      fc.assert(
        fc.property(dates, (dt) => {
          const y = dt.getUTCFullYear();
          const m = dt.getUTCMonth() + 1;
          const d = dt.getUTCDate();
          expect(parseDate(fmt(y, m, d), opts)).toBe(`${y}-${pad(m)}-${pad(d)}`);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('rejects impossible dates and junk with BAD_DATE', () => {
    for (const bad of ['02/30/2024', '13/01/2024', '2024-00-10', '31-02-2024', 'yesterday', '2024-1', '20241341']) {
      expect(() => parseDate(bad, bad.startsWith('31-') ? { order: 'DMY' } : {}), bad).toThrow(ValueError);
    }
    expect(parseDate('--')).toBeNull();
  });
});
