// Wilder's RSI-14 and CPI year over year, against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { latestRsi, wilderRsi, yearEarlier, yoyPercent, yoySeries } from './math.ts';

const closes = (text: string) => text.split(/\s+/).map((c) => dec(c));
const micro = (c: string) => BigInt(dec(c).times(1_000_000).toFixed(0));

describe('Wilder RSI-14', () => {
  it('a series worked by hand: 7 gains of 2 and 7 losses of 1, then +1 and a flat day', () => {
    // Changes +2,-1 seven times: average gain 14/14 = 1, average loss 7/14 = 0.5, RS 2, RSI 100 - 100/3 = 66.666…
    // Then +1: gain (13 × 1 + 1)/14 = 1, loss (13 × 0.5)/14 = 13/28, RS 28/13, RSI 100 - 1300/41 = 68.2926…
    // Then 0: gain 13/14, loss (13 × 13/28)/14 = 169/392, RS 28/13 again: the same RSI.
    const c = closes('100 102 101 103 102 104 103 105 104 106 105 107 106 108 107 108 108');
    const rsi = wilderRsi(c);
    expect(rsi.map((r) => r.toDecimalPlaces(6).toString())).toEqual(['66.666667', '68.292683', '68.292683']);
    expect(latestRsi(c.map((x, i) => ({ date: `2026-10-${String(i + 1).padStart(2, '0')}`, close: micro(x.toString()) })))).toEqual({ date: '2026-10-17', value: dec('68.29') });
  });

  it("Wilder's classic 20 closes (StockCharts' example), exact: the first RSI is 100 - 100/(1 + 3.34/1.40) = 70.46", () => {
    // StockCharts prints 70.53 … 57.97 because its sheet rounds the averages to 0.24 / 0.10; unrounded they are these
    // (checked with exact fractions).
    const c = closes('44.34 44.09 44.15 43.61 44.33 44.83 45.10 45.42 45.84 46.08 45.89 46.03 45.61 46.28 46.28 46.00 46.03 46.41 46.22 45.64');
    expect(wilderRsi(c).map((r) => r.toDecimalPlaces(2).toString())).toEqual(['70.46', '66.25', '66.48', '69.35', '66.29', '57.92']);
  });

  it('needs 15 closes; no losses is 100, no movement 50', () => {
    expect(wilderRsi(closes('1 2 3 4 5 6 7 8 9 10 11 12 13 14'))).toEqual([]);
    expect(latestRsi([])).toBeNull();
    expect(wilderRsi(closes('1 2 3 4 5 6 7 8 9 10 11 12 13 14 15')).map(String)).toEqual(['100']);
    expect(wilderRsi(closes('5 5 5 5 5 5 5 5 5 5 5 5 5 5 5')).map(String)).toEqual(['50']);
  });
});

describe('CPI year over year', () => {
  it('is (index / index a year earlier - 1) × 100, to 1 place half up', () => {
    // 324.368 / 315.605 = 1.027765…: 2.8 %
    expect(yoyPercent(dec('324.368'), dec('315.605')).toString()).toBe('2.8');
    // exactly 2.65 % rounds up to 2.7; 2.64999… to 2.6
    expect(yoyPercent(dec('102.65'), dec('100')).toString()).toBe('2.7');
    expect(yoyPercent(dec('102.64999'), dec('100')).toString()).toBe('2.6');
    expect(yoyPercent(dec('99'), dec('100')).toString()).toBe('-1');
  });

  it('pairs each month with the same month a year earlier; months without one are skipped', () => {
    expect(yearEarlier('2026-03-01')).toBe('2025-03-01');
    const levels = [
      { date: '2025-01-01', value: dec('100') },
      { date: '2025-02-01', value: dec('101') },
      { date: '2026-01-01', value: dec('103') },
      { date: '2026-02-01', value: dec('103.5') },
      { date: '2026-04-01', value: dec('104') },
    ];
    const { values, skipped } = yoySeries(levels);
    expect(values.map((v) => [v.date, v.value.toString()])).toEqual([
      ['2026-01-01', '3'],
      ['2026-02-01', '2.5'],
    ]);
    expect(skipped).toBe(3);
  });
});
