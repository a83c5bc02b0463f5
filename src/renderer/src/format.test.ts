import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime, formatMoney, plural, formatPrice, formatQuantity, formatPercent, formatSignedMoney, taxTreatmentLabel } from './format';

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
