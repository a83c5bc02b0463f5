// The price-age setting ("warn about prices older than N days"): kept in the database, not in one renderer, because
// the printed trade list (the app's and the CLI's) names every price older than it.
import type { PriceSettingsView } from '../../../shared/types/prices.ts';
import type { Db } from '../db/open.ts';
import { getSetting, setSetting } from '../settings.ts';
import { ageDays, isoDay } from './rank.ts';

export const DEFAULT_STALE_DAYS = 5;
const KEY = 'priceStaleDays';

export function priceSettings(db: Db): PriceSettingsView {
  const stored = getSetting(db, KEY);
  const days = stored === null ? NaN : Number(stored);
  return { staleDays: Number.isInteger(days) && days >= 0 ? days : DEFAULT_STALE_DAYS, stored: stored !== null };
}

export function setPriceSettings(db: Db, staleDays: number): PriceSettingsView {
  setSetting(db, KEY, String(staleDays));
  return priceSettings(db);
}

/** The prices (symbol → YYYY-MM-DD) older than `staleDays` on `now`'s day, oldest first, then by symbol. */
export function stalePriceDates(priceDates: Record<string, string>, staleDays: number, now: Date): { symbol: string; asOf: string; ageDays: number }[] {
  const today = isoDay(now);
  return Object.entries(priceDates)
    .map(([symbol, date]) => ({ symbol, asOf: date.slice(0, 10), ageDays: ageDays(date.slice(0, 10), today) }))
    .filter((p) => p.ageDays > staleDays)
    .sort((a, b) => b.ageDays - a.ageDays || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
