// getSignalHistory: a series' readings oldest first for its chart; russell-rsi with the RSI of IWM's closes.
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { toMicro } from '../money.ts';
import { putPrices } from '../prices/store.ts';
import { getSignalHistory, setReading } from './store.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
let db: Db | undefined;
afterEach(() => db?.close());

function fresh(): Db {
  db = openDatabase({ dataDir: tempDir() }).db;
  return db;
}

describe('getSignalHistory', () => {
  it('gives a series\' readings oldest first, exact', () => {
    const d = fresh();
    setReading(d, { series: 'unemployment', value: '4.4', asOf: '2026-09-01' }, NOW);
    setReading(d, { series: 'unemployment', value: '4.1', asOf: '2026-07-01' }, NOW);
    expect(getSignalHistory(d, 'unemployment')).toEqual({ series: 'unemployment', points: [{ asOf: '2026-07-01', value: '4.1' }, { asOf: '2026-09-01', value: '4.4' }] });
    expect(getSignalHistory(d, 'vix').points).toEqual([]);
    expect(() => getSignalHistory(d, 'nope')).toThrow(/unknown series/);
  });

  it('computes russell-rsi from IWM\'s closes, a stored reading winning on its date', () => {
    const d = fresh();
    // 16 rising closes: RSI 100 from the 15th.
    putPrices(d, Array.from({ length: 16 }, (_, i) => ({ symbol: 'IWM', currency: 'USD', date: `2026-10-${String(i + 1).padStart(2, '0')}`, priceMicro: toMicro(String(200 + i)) })), 'manual', null, NOW);
    setReading(d, { series: 'russell-rsi', value: '70', asOf: '2026-10-16' }, NOW);
    expect(getSignalHistory(d, 'russell-rsi').points).toEqual([
      { asOf: '2026-10-15', value: '100' },
      { asOf: '2026-10-16', value: '70' },
    ]);
  });
});
