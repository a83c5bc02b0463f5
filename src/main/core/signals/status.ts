// A rule's status and a reading's staleness: pure functions of the reading, the rule and today.
import type { RuleOp, RuleStatus, SeriesCadence } from '../../../shared/types/signals.ts';
import type { Decimal } from '../money.ts';
import { ageDays } from '../prices/rank.ts';

/** A daily reading is stale 5 days after its date (a long weekend is not). */
export const DAILY_STALE_DAYS = 5;
/**
 * A monthly reading is stale 45 days after its month ends. Monthly series are dated on the 1st of the month they
 * describe (FRED: October's unemployment is 2026-10-01, published early November), so a reading is still the
 * newest there is for about 75 days after its date; counting from its date would call the newest CPI stale on
 * the day it comes out.
 */
export const MONTHLY_STALE_DAYS = 45;

/** The last day of the date's month (YYYY-MM-DD). */
export function monthEnd(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function isStale(asOf: string, cadence: SeriesCadence, today: string): boolean {
  return cadence === 'daily' ? ageDays(asOf, today) > DAILY_STALE_DAYS : ageDays(monthEnd(asOf), today) > MONTHLY_STALE_DAYS;
}

export function compare(value: Decimal, op: RuleOp, threshold: Decimal): boolean {
  switch (op) {
    case '>':
      return value.greaterThan(threshold);
    case '>=':
      return value.greaterThanOrEqualTo(threshold);
    case '<':
      return value.lessThan(threshold);
    case '<=':
      return value.lessThanOrEqualTo(threshold);
  }
}

/** met / not-met against the latest reading (stale or not: staleness is reported beside it), no-data without one. */
export function ruleStatus(value: Decimal | null, op: RuleOp, threshold: Decimal): RuleStatus {
  if (value === null) return 'no-data';
  return compare(value, op, threshold) ? 'met' : 'not-met';
}
