// Stale prices: a price older than the user's threshold (days before today, default 5) is worth a warning before
// trading on it. The threshold lives in the core (getPriceSettings) because the printed trade list names such prices
// too; a value this renderer kept in localStorage before that is carried over once.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { api } from './api/client';

export const DEFAULT_STALE_DAYS = 5;
const KEY = 'keel.staleDays';

/** Today's calendar date in the user's time zone, as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** Whole days from `date` to `today` (both YYYY-MM-DD); null when either is not a date. */
export function daysOld(date: string, today: string): number | null {
  const a = dayNumber(date);
  const b = dayNumber(today);
  return a === null || b === null ? null : b - a;
}

/** True when the price date is more than `thresholdDays` before today. A missing date counts as stale. */
export function isStale(priceDate: string | null | undefined, today: string, thresholdDays: number): boolean {
  if (!priceDate) return true;
  const age = daysOld(priceDate, today);
  return age === null ? true : age > thresholdDays;
}

export interface StalePrice {
  symbol: string;
  priceDate: string | null;
  days: number | null;
}

/** The securities whose price is stale, once each (the oldest date wins), oldest first. */
export function stalePrices(
  positions: readonly { symbol: string; priceDate: string | null }[],
  today: string,
  thresholdDays: number,
): StalePrice[] {
  const out = new Map<string, StalePrice>();
  for (const p of positions) {
    if (!isStale(p.priceDate, today, thresholdDays)) continue;
    const days = p.priceDate ? daysOld(p.priceDate, today) : null;
    const seen = out.get(p.symbol);
    if (!seen || (days !== null && (seen.days === null || days > seen.days))) out.set(p.symbol, { symbol: p.symbol, priceDate: p.priceDate, days });
  }
  return [...out.values()].sort((a, b) => (b.days ?? Infinity) - (a.days ?? Infinity) || (a.symbol < b.symbol ? -1 : 1));
}

/** Parses a threshold as typed: a whole number of days from 0 to 3650, else null. */
export function parseStaleDays(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n <= 3650 ? n : null;
}

function readLegacy(): number | null {
  try {
    return parseStaleDays(window.localStorage.getItem(KEY) ?? '');
  } catch {
    return null;
  }
}

// One value for every page, loaded from the core once per page load.
let current: number = readLegacy() ?? DEFAULT_STALE_DAYS;
let loaded = false;
const listeners = new Set<() => void>();
const publish = (days: number) => {
  current = days;
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

async function load(): Promise<void> {
  if (loaded) return;
  loaded = true;
  const r = await api.getPriceSettings({});
  if (!r.ok) return;
  const legacy = readLegacy();
  if (!r.value.stored && legacy !== null && legacy !== r.value.staleDays) {
    const saved = await api.setPriceSettings({ staleDays: legacy });
    publish(saved.ok ? saved.value.staleDays : r.value.staleDays);
  } else publish(r.value.staleDays);
}

/** The user's threshold (the core's) and a setter that saves it there. */
export function useStaleDays(): [number, (days: number) => void] {
  const days = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    void load();
  }, []);
  const set = useCallback((d: number) => {
    publish(d);
    void api.setPriceSettings({ staleDays: d });
  }, []);
  return [days, set];
}
