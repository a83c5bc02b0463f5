import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimal, againstHundred, compareDecimal, decimalSign, isPercentInput, negateDecimal, sumDecimals } from './decimal';

describe('ordering decimal strings exactly', () => {
  it('orders by value, not by text', () => {
    const values = ['10', '-2.5', '9.99', '0', '-10.01', '100.000', '0.001', '-0.5'];
    expect([...values].sort(compareDecimal)).toEqual(['-10.01', '-2.5', '-0.5', '0', '0.001', '9.99', '10', '100.000']);
  });

  it('tells apart amounts a double cannot', () => {
    // As doubles these two are the same number.
    expect(parseFloat('90071992547409.93')).toBe(parseFloat('90071992547409.94'));
    expect(compareDecimal('90071992547409.93', '90071992547409.94')).toBeLessThan(0);
    expect(compareDecimal('12345678901234567890.1', '12345678901234567890.01')).toBeGreaterThan(0);
  });

  it('treats zeros, padding and signs as the same value', () => {
    expect(compareDecimal('-0.00', '0')).toBe(0);
    expect(compareDecimal('007.50', '7.5')).toBe(0);
    expect(compareDecimal('+3', '3.000')).toBe(0);
    expect(compareDecimal('.5', '0.5')).toBe(0);
  });

  it('puts malformed values after every number', () => {
    expect(compareDecimal('abc', '-99999')).toBeGreaterThan(0);
    expect(compareDecimal('1', 'n/a')).toBeLessThan(0);
  });

  it('agrees with exact integer arithmetic on random values', () => {
    // Scaled BigInts are exact: a decimal with up to 6 fraction digits times 10^6.
    const dec = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat({ max: 6 })).map(([n, scale]) => {
      const neg = n < 0n;
      const digits = (neg ? -n : n).toString().padStart(scale + 1, '0');
      const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      return { text: (neg ? '-' : '') + text, scaled: n * 10n ** BigInt(6 - scale) };
    });
    fc.assert(
      fc.property(dec, dec, (a, b) => {
        const expected = a.scaled < b.scaled ? -1 : a.scaled > b.scaled ? 1 : 0;
        expect(Math.sign(compareDecimal(a.text, b.text))).toBe(expected);
      }),
    );
  });

  it('reads the sign of a gain', () => {
    expect([decimalSign('12.30'), decimalSign('-0.01'), decimalSign('0.00'), decimalSign('-0.00')]).toEqual([1, -1, 0, 0]);
  });
});

describe('exact sums of decimal strings', () => {
  it('adds exactly where floats would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(sumDecimals(['33.3', '33.3', '33.4'])).toBe('100');
    expect(sumDecimals(['4.8', '21.6', '21.6', '32', '20'])).toBe('100');
    expect(addDecimal('99.50', '0.5')).toBe('100');
    expect(addDecimal('-0.25', '0.05')).toBe('-0.2');
    expect(addDecimal('0.000001', '-0.000001')).toBe('0');
    expect(sumDecimals([])).toBe('0');
  });

  it('says nothing about values that are not decimals', () => {
    expect(addDecimal('1', 'abc')).toBeNull();
    expect(sumDecimals(['1', ''])).toBeNull();
    expect(negateDecimal('x')).toBeNull();
  });

  it('states a total against 100', () => {
    expect(againstHundred(['30', '20', '20', '29.5'])).toEqual({ total: '99.5', difference: '0.5', sign: -1 });
    expect(againstHundred(['30', '20', '20', '20'])).toEqual({ total: '90', difference: '10', sign: -1 });
    expect(againstHundred(['60', '40.25'])).toEqual({ total: '100.25', difference: '0.25', sign: 1 });
    expect(againstHundred(['60', '40.000'])).toEqual({ total: '100', difference: '0', sign: 0 });
  });

  it('agrees with exact integer arithmetic on random values', () => {
    const dec = fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(dec, dec, ([ua, sa], [ub, sb]) => {
        const a = render(ua, sa);
        const b = render(ub, sb);
        const scale = Math.max(sa, sb);
        const expected = ua * 10n ** BigInt(scale - sa) + ub * 10n ** BigInt(scale - sb);
        expect(compareDecimal(addDecimal(a, b)!, render(expected, scale)) === 0).toBe(true);
      }),
    );
  });

  it('knows the percentages the core accepts', () => {
    expect(isPercentInput('30')).toBe(true);
    expect(isPercentInput('12.5')).toBe(true);
    expect(isPercentInput(' 7 ')).toBe(true);
    expect(isPercentInput('-1')).toBe(false);
    expect(isPercentInput('1,5')).toBe(false);
    expect(isPercentInput('30.')).toBe(false);
    expect(isPercentInput('')).toBe(false);
  });
});

/** A test-side rendering of units × 10^-scale as a decimal string, written independently of decimal.ts. */
function render(units: bigint, scale: number): string {
  const sign = units < 0n ? '-' : '';
  const s = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  return scale === 0 ? `${sign}${s}` : `${sign}${s.slice(0, -scale)}.${s.slice(-scale)}`;
}
