// Rule status and stale readings.
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { isStale, monthEnd, ruleStatus } from './status.ts';

describe('rule status', () => {
  it('compares the latest reading with the threshold exactly', () => {
    expect(ruleStatus(dec('4.3'), '>', dec('4.3'))).toBe('not-met');
    expect(ruleStatus(dec('4.300001'), '>', dec('4.3'))).toBe('met');
    expect(ruleStatus(dec('72'), '>=', dec('72'))).toBe('met');
    expect(ruleStatus(dec('71.99'), '>=', dec('72'))).toBe('not-met');
    expect(ruleStatus(dec('-1'), '<', dec('0'))).toBe('met');
    expect(ruleStatus(dec('0'), '<=', dec('0'))).toBe('met');
    expect(ruleStatus(null, '>', dec('50'))).toBe('no-data');
  });
});

describe('stale readings', () => {
  it('a daily reading is stale after 5 days', () => {
    expect(isStale('2026-11-02', 'daily', '2026-11-07')).toBe(false);
    expect(isStale('2026-11-02', 'daily', '2026-11-08')).toBe(true);
  });

  it('a monthly reading (dated the 1st of its month) is stale 45 days after its month ends', () => {
    expect(monthEnd('2026-10-01')).toBe('2026-10-31');
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2026-12-01')).toBe('2026-12-31');
    // October's CPI, out mid-November, is not stale; on 15 December it is still the newest (45 days after 31 October)
    expect(isStale('2026-10-01', 'monthly', '2026-11-13')).toBe(false);
    expect(isStale('2026-10-01', 'monthly', '2026-12-15')).toBe(false);
    expect(isStale('2026-10-01', 'monthly', '2026-12-16')).toBe(true);
  });
});
