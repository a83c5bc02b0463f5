import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal, decimalSign } from './decimal';

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
