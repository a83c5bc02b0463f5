// Tolerance bands. A sleeve with target T (percent) has an absolute band of ±A percentage points and a relative
// band of ±R% of T, i.e. ±T·R/100 points. Rule 'either' (the 5/25 rule as Portfolio Performance applies it):
// out of band as soon as either band is breached, so the narrower one decides. Rule 'wider' (Wealthfolio's
// "hybrid"): out only when the wider one is breached. Exactly on the edge is still in band. A sleeve with no
// target has no relative band (25% of nothing), so its absolute band decides under either rule — otherwise a
// dollar of cash would put every household "over" in Cash.
import { Decimal, dec } from '../money.ts';

type DecimalValue = string | number | Decimal;

export type BandRule = 'either' | 'wider';
export type BandStatus = 'in' | 'over' | 'under';

export interface Band {
  /** Half-width in percentage points. */
  width: Decimal;
  low: Decimal;
  high: Decimal;
}

export function band(targetPct: DecimalValue, absolutePp: DecimalValue, relativePct: DecimalValue, rule: BandRule): Band {
  const t = dec(targetPct);
  const abs = dec(absolutePp);
  const rel = t.times(relativePct).div(100);
  const width = t.isZero() ? abs : rule === 'either' ? Decimal.min(abs, rel) : Decimal.max(abs, rel);
  return { width, low: Decimal.max(t.minus(width), 0), high: t.plus(width) };
}

export function bandStatus(currentPct: DecimalValue, targetPct: DecimalValue, b: Band): BandStatus {
  const drift = dec(currentPct).minus(targetPct);
  if (drift.greaterThan(b.width)) return 'over';
  if (drift.lessThan(b.width.negated())) return 'under';
  return 'in';
}

