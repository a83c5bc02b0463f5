// Money as every door formats it: on screen and in the terminal (Intl's conventions), and in print (the trade
// list, `keel plans`: half-even, a true minus, two decimals for every currency). Exact from the strings.
import { describe, expect, it } from 'vitest';
import { currencySymbol, formatExact, formatMoney, printDecimal, printMoney } from './money.ts';

describe('formatMoney (screens, terminal)', () => {
  it('formats decimal strings exactly, even beyond float precision', () => {
    expect(formatMoney('312974.55', 'USD')).toBe('$312,974.55');
    expect(formatMoney('-1234.50', 'USD')).toBe('-$1,234.50');
    expect(formatMoney('90071992547409.93', 'USD')).toBe('$90,071,992,547,409.93');
    expect(formatMoney('1000', 'JPY')).toBe('¥1,000');
    expect(formatMoney('1000', 'CAD')).toBe('CA$1,000.00');
    expect(formatMoney('1234,5', 'EUR', { locale: 'de-DE' })).toBe('1234,5');
    expect(formatMoney('1234.5', 'EUR', { locale: 'de-DE' })).toBe('1.234,50\u00a0€');
  });

  it('signs gains, keeps a price’s own digits, fixes decimals when told', () => {
    expect(formatMoney('12.30', 'USD', { signed: true })).toBe('+$12.30');
    expect(formatMoney('0.00', 'USD', { signed: true })).toBe('$0.00');
    expect(formatMoney('10.1234567', 'USD', { places: 'own', maxPlaces: 6 })).toBe('$10.123457');
    expect(formatMoney('1', 'USD', { places: 'own' })).toBe('$1.00');
    expect(formatMoney('1.005', 'USD', { places: 0 })).toBe('$1');
  });

  it('shows a malformed value as it came instead of NaN', () => {
    expect(formatMoney('abc', 'USD')).toBe('abc');
    expect(formatExact('1.2.3', {})).toBe('1.2.3');
    expect(formatExact(' 1e3 ', {})).toBe('1,000');
  });
});

describe('print (the trade list, keel plans)', () => {
  it('groups and rounds half-even without floats, with a true minus and no "−0.00"', () => {
    expect(printDecimal('12345678901234567.895', 2)).toBe('12,345,678,901,234,567.90');
    expect(printDecimal('0.125', 2)).toBe('0.12');
    expect(printDecimal('-1234567.5', 2)).toBe('−1,234,567.50');
    expect(printDecimal('-0.004', 2)).toBe('0.00');
    expect(printDecimal('12500')).toBe('12,500');
    expect(printDecimal('0.125')).toBe('0.125');
    expect(printDecimal('1.50', undefined, 2)).toBe('1.50');
  });

  it('prints money with the narrow symbol and two decimals for every currency', () => {
    expect(printMoney('612.4', 'USD', 'own')).toBe('$612.40');
    expect(printMoney('1234.5678', 'USD', 'own')).toBe('$1,234.5678');
    expect(printMoney('-20', 'USD')).toBe('−$20.00');
    expect(printMoney('1000', 'EUR')).toBe('€1,000.00');
    expect(printMoney('1000', 'JPY')).toBe('¥1,000.00');
    expect(currencySymbol('CAD')).toBe('$');
    expect(currencySymbol('XX')).toBe('XX ');
  });
});
