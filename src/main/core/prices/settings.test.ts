// The price-age setting (one value for every door: the Rebalance page, the printed list, the CLI) and which of a
// plan's prices it names as stale.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tests/support/tmp.ts';
import { openTestCore, ok } from '../../../../tests/support/core.ts';
import { stalePriceDates } from './settings.ts';

describe('the price-age setting', () => {
  it('is 5 days until set, then what was set; out-of-range values are refused', async () => {
    const core = openTestCore({ dataDir: tempDir(), door: 'cli', seedDemo: false });
    expect(await ok(core.api.getPriceSettings({}))).toEqual({ staleDays: 5, stored: false });
    expect(await ok(core.api.setPriceSettings({ staleDays: 12 }))).toEqual({ staleDays: 12, stored: true });
    expect(await ok(core.api.getPriceSettings({}))).toEqual({ staleDays: 12, stored: true });
    const refused = await core.api.setPriceSettings({ staleDays: -1 });
    expect(refused.ok).toBe(false);
    expect(await ok(core.api.setPriceSettings({ staleDays: 0 }))).toEqual({ staleDays: 0, stored: true });
  });
});

describe('stalePriceDates', () => {
  const now = new Date('2026-12-06T15:00:00Z');
  it('names the prices older than the setting with their dates, oldest first', () => {
    const dates = { QQQ: '2026-11-02', IWM: '2026-12-06', BND: '2026-11-02', XLF: '2026-12-01', VTV: '2026-11-30' };
    expect(stalePriceDates(dates, 5, now)).toEqual([
      { symbol: 'BND', asOf: '2026-11-02', ageDays: 34 },
      { symbol: 'QQQ', asOf: '2026-11-02', ageDays: 34 },
      { symbol: 'VTV', asOf: '2026-11-30', ageDays: 6 },
    ]);
    // Exactly N days old is not older than N days.
    expect(stalePriceDates({ XLF: '2026-12-01' }, 5, now)).toEqual([]);
    expect(stalePriceDates({ XLF: '2026-12-01' }, 4, now)).toEqual([{ symbol: 'XLF', asOf: '2026-12-01', ageDays: 5 }]);
    expect(stalePriceDates({}, 5, now)).toEqual([]);
  });
});
