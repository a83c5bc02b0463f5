// The signals' pure math: Wilder's RSI from daily closes, and CPI's year-over-year % from index levels. Exact
// decimals throughout (decimal.js, 50 significant digits); each result is rounded once, at the end, half up.
import { Decimal, dec } from '../money.ts';

/** RSI values are kept to 2 decimal places (70.53), half up: as charting sites print them. */
export const RSI_PLACES = 2;
/** CPI year over year is kept to 1 decimal place (2.7), half up: as the BLS headline number reads. */
export const YOY_PLACES = 1;
export const RSI_PERIOD = 14;

/**
 * Wilder's RSI over `period` days for each close from the period-th change on (index `period` of `closes`):
 * the first average gain and loss are the plain means of the first `period` changes, each later one is
 * (previous × (period − 1) + today's) ÷ period; RSI = 100 − 100 ÷ (1 + average gain ÷ average loss), 100 when
 * there was no loss (50 when the closes never moved). Unrounded. Fewer than period + 1 closes give none.
 */
export function wilderRsi(closes: readonly Decimal[], period = RSI_PERIOD): Decimal[] {
  if (closes.length <= period) return [];
  let gain = new Decimal(0);
  let loss = new Decimal(0);
  const out: Decimal[] = [];
  for (let i = 1; i < closes.length; i++) {
    const change = closes[i]!.minus(closes[i - 1]!);
    const up = change.isPositive() ? change : new Decimal(0);
    const down = change.isNegative() ? change.neg() : new Decimal(0);
    if (i <= period) {
      gain = gain.plus(up);
      loss = loss.plus(down);
      if (i < period) continue;
      gain = gain.div(period);
      loss = loss.div(period);
    } else {
      gain = gain.times(period - 1).plus(up).div(period);
      loss = loss.times(period - 1).plus(down).div(period);
    }
    out.push(rsiOf(gain, loss));
  }
  return out;
}

function rsiOf(gain: Decimal, loss: Decimal): Decimal {
  if (loss.isZero()) return new Decimal(gain.isZero() ? 50 : 100);
  return new Decimal(100).minus(new Decimal(100).div(gain.div(loss).plus(1)));
}

/** The RSI-14 of the newest close, rounded to RSI_PLACES, with that close's date; null with fewer than 15 closes. */
export function latestRsi(closes: readonly { date: string; close: bigint }[]): { date: string; value: Decimal } | null {
  const values = wilderRsi(closes.map((c) => dec(c.close).div(1_000_000)));
  const last = values.at(-1);
  if (last === undefined) return null;
  return { date: closes.at(-1)!.date, value: last.toDecimalPlaces(RSI_PLACES, Decimal.ROUND_HALF_UP) };
}

/** The RSI-14 of every close from the 15th on, rounded as latestRsi's, each with its close's date. */
export function rsiHistory(closes: readonly { date: string; close: bigint }[]): { date: string; value: Decimal }[] {
  const values = wilderRsi(closes.map((c) => dec(c.close).div(1_000_000)));
  const offset = closes.length - values.length;
  return values.map((v, i) => ({ date: closes[offset + i]!.date, value: v.toDecimalPlaces(RSI_PLACES, Decimal.ROUND_HALF_UP) }));
}

/** (index ÷ index a year earlier − 1) × 100, rounded to YOY_PLACES half up. */
export function yoyPercent(index: Decimal, yearEarlier: Decimal): Decimal {
  return index.div(yearEarlier).minus(1).times(100).toDecimalPlaces(YOY_PLACES, Decimal.ROUND_HALF_UP);
}

/** The same day of the month a year earlier (monthly index levels are dated the 1st: 2026-10-01 → 2025-10-01). */
export const yearEarlier = (date: string): string => `${String(Number(date.slice(0, 4)) - 1).padStart(4, '0')}${date.slice(4)}`;

/**
 * Year-over-year % for each monthly index level that has the level of the same date a year earlier; the rest
 * (a file's first year, a gap) are counted in `skipped`. Dates are YYYY-MM-DD.
 */
export function yoySeries(levels: readonly { date: string; value: Decimal }[]): { values: { date: string; value: Decimal }[]; skipped: number } {
  const byDate = new Map(levels.map((l) => [l.date, l.value]));
  const values: { date: string; value: Decimal }[] = [];
  let skipped = 0;
  for (const l of levels) {
    const before = byDate.get(yearEarlier(l.date));
    if (before === undefined || before.isZero()) skipped++;
    else values.push({ date: l.date, value: yoyPercent(l.value, before) });
  }
  return { values, skipped };
}
