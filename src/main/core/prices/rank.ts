// The latest-price rule, pure: the newest date wins; on one date the stronger source (PRICE_SOURCES order:
// manual, file, positions, history). A manual price is the user's deliberate correction; a file's close is the
// day's settled price; a statement's price may be an earlier close or intraday; a trade is one execution, not a close.
import { PRICE_SOURCES, type PriceSource } from '../../../shared/types/prices.ts';

export interface Dated {
  /** YYYY-MM-DD. */
  date: string;
  source: PriceSource;
}

const strength = (s: PriceSource): number => PRICE_SOURCES.length - PRICE_SOURCES.indexOf(s);

/** True when `a` is a later price than `b` by the rule above (false for equal date and source). */
export function beats(a: Dated, b: Dated): boolean {
  if (a.date !== b.date) return a.date > b.date;
  return strength(a.source) > strength(b.source);
}

/** The latest of the candidates (the first of equals), or undefined for none. */
export function latestOf<T extends Dated>(candidates: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const c of candidates) if (best === undefined || beats(c, best)) best = c;
  return best;
}

const DAY_MS = 86_400_000;

/** Whole days from `asOf` to `today` (both YYYY-MM-DD), never negative. */
export function ageDays(asOf: string, today: string): number {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
  return Number.isFinite(days) && days > 0 ? days : 0;
}

/** Today as YYYY-MM-DD (UTC, as every other date Keel stamps). */
export const isoDay = (now: Date): string => now.toISOString().slice(0, 10);
