import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime, formatMoney, plural, formatPct, formatPctExact, formatPp, formatPrice, formatQuantity, formatPercent, formatSignedMoney, formatSignedPct, taxTreatmentLabel } from './format';

describe('formatting the numbers the core sends', () => {
  it('formats money strings exactly, even beyond float precision', () => {
    expect(formatMoney('312974.55', 'USD')).toBe('$312,974.55');
    expect(formatMoney('0.00', 'USD')).toBe('$0.00');
    expect(formatMoney('-1234.50', 'USD')).toBe('-$1,234.50');
    expect(formatMoney('90071992547409.93', 'USD')).toBe('$90,071,992,547,409.93');
  });

  it('shows a malformed value as it came instead of NaN', () => {
    expect(formatMoney('abc', 'USD')).toBe('abc');
  });

  it('signs gains and losses', () => {
    expect(formatSignedMoney('12.30', 'USD')).toBe('+$12.30');
    expect(formatSignedMoney('-12.30', 'USD')).toBe('-$12.30');
    expect(formatSignedMoney('0.00', 'USD')).toBe('$0.00');
  });

  it('keeps the precision prices and quantities carry', () => {
    expect(formatPrice('248.12', 'USD')).toBe('$248.12');
    expect(formatPrice('1', 'USD')).toBe('$1.00');
    expect(formatPrice('10.123456', 'USD')).toBe('$10.123456');
    expect(formatQuantity('12500')).toBe('12,500');
    expect(formatQuantity('0.125')).toBe('0.125');
  });

  it('formats weights and dates without shifting them', () => {
    expect(formatPercent('0.166748')).toBe('16.7%');
    expect(formatPercent('0.25')).toBe('25.0%');
    expect(formatPercent('0')).toBe('0.0%');
    expect(formatDate('2026-11-27')).toBe('Nov 27, 2026');
    expect(formatDate(null)).toBe('—');
    expect(taxTreatmentLabel('tax-deferred')).toBe('Tax-deferred');
    expect(taxTreatmentLabel('hsa')).toBe('HSA');
  });

  it('formats file sizes, counts and moments', () => {
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(14541)).toBe('14.2 KB');
    expect(formatBytes(104 * 1024 * 1024)).toBe('104.0 MB');
    expect(plural(1, 'position')).toBe('1 position');
    expect(plural(1204, 'transaction')).toBe('1,204 transactions');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('2026-07-16')).toBe('Jul 16, 2026');
    expect(formatDateTime('2026-11-29 20:29:43')).toMatch(/^Nov (29|30), 2026, \d{1,2}:\d{2}\s?[AP]M$/);
    expect(formatDateTime('2026-11-29T20:29:43.120Z')).toBe(formatDateTime('2026-11-29 20:29:43'));
  });
});

describe('percentages given in percent', () => {
  it('formats the core’s percent strings without multiplying them', () => {
    expect(formatPct('12.6845')).toBe('12.68%');
    expect(formatPct('30', 0, 2)).toBe('30%');
    expect(formatPctExact('4.8')).toBe('4.8%');
    expect(formatPctExact('99.5')).toBe('99.5%');
    expect(formatSignedPct('27.4818')).toBe('+27.5%');
    expect(formatSignedPct('-57.7184')).toBe('-57.7%');
    expect(formatPp('-17.3155')).toBe('-17.32 pp');
    expect(formatPp('8.2445')).toBe('+8.24 pp');
    expect(formatPp('0')).toBe('0.00 pp');
  });

  it('rounds the decimal string itself, not a float near it', () => {
    // 1.005 is 1.00499999999999989… as a double; as a string it rounds half up to 1.01.
    expect(formatPct('1.005')).toBe('1.01%');
    expect(formatPp('2.125')).toBe('+2.13 pp');
  });
});
