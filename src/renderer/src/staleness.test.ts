import { describe, expect, it } from 'vitest';
import { daysOld, isStale, parseStaleDays, stalePrices, todayIso } from './staleness';

describe('stale prices', () => {
  it('counts whole calendar days, across month and year ends', () => {
    expect(daysOld('2026-11-24', '2026-11-29')).toBe(5);
    expect(daysOld('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysOld('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysOld('nope', '2026-03-01')).toBeNull();
  });

  it('a price more than the threshold of days old is stale; exactly the threshold is not; no date is stale', () => {
    expect(isStale('2026-11-24', '2026-11-29', 5)).toBe(false);
    expect(isStale('2026-11-23', '2026-11-29', 5)).toBe(true);
    expect(isStale(null, '2026-11-29', 5)).toBe(true);
    expect(isStale('2026-11-29', '2026-11-29', 0)).toBe(false);
  });

  it('lists each stale security once, oldest first', () => {
    const list = stalePrices(
      [
        { symbol: 'IWM', priceDate: '2026-07-16' },
        { symbol: 'QQQ', priceDate: '2026-11-28' },
        { symbol: 'IWM', priceDate: '2026-04-12' },
        { symbol: 'FXAIX', priceDate: '2026-04-12' },
      ],
      '2026-11-29',
      5,
    );
    expect(list.map((s) => `${s.symbol} ${s.priceDate}`)).toEqual(['FXAIX 2026-04-12', 'IWM 2026-04-12']);
    expect(list[0]?.days).toBe(231);
  });

  it('reads the threshold as typed', () => {
    expect(parseStaleDays('5')).toBe(5);
    expect(parseStaleDays(' 30 ')).toBe(30);
    expect(parseStaleDays('-1')).toBeNull();
    expect(parseStaleDays('2.5')).toBeNull();
    expect(parseStaleDays('99999')).toBeNull();
  });

  it('today is the local calendar date', () => {
    expect(todayIso(new Date(2026, 10, 29, 23, 59))).toBe('2026-11-29');
  });
});
