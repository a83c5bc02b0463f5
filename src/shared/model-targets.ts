// The rules of a target model's targets that the core's saveModel and the model editor share, so they cannot
// drift: when two percentages are the same ("5.0" is "5"), which target adds nothing (0% with the default bands:
// saveModel stores no row for it and the editor does not send it), and how preferred-buy symbols are written.
// Pure and dependency-free.
import { DEFAULT_BAND_ABSOLUTE_PP, DEFAULT_BAND_RELATIVE_PCT, PERCENT_PATTERN as PERCENT } from './types/allocation.ts';

/** A plain non-negative decimal without padding ("007.50" → "7.5"), or null for anything else. */
function canonical(value: string): string | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return null;
  const int = (m[1] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** A typed percentage equal to a stored one ("5.0" matches "5"); false when the typed one is no percentage. */
export function samePercent(typed: string, stored: string): boolean {
  return PERCENT.test(typed.trim()) && canonical(typed) === canonical(stored);
}

/** A target that adds nothing: 0% with each band left out or at its default. A model does not store it (the
 *  allocation treats the sleeve the same without it). */
export function isIdleTarget(t: { targetPct: string; absolutePp?: string | undefined; relativePct?: string | undefined }): boolean {
  return (
    samePercent(t.targetPct, '0') &&
    samePercent(t.absolutePp ?? DEFAULT_BAND_ABSOLUTE_PP, DEFAULT_BAND_ABSOLUTE_PP) &&
    samePercent(t.relativePct ?? DEFAULT_BAND_RELATIVE_PCT, DEFAULT_BAND_RELATIVE_PCT)
  );
}

/** A symbol as stored: trimmed, upper case. */
export function normalizeSymbol(symbol: string): string {
  return symbol.trim().toUpperCase();
}

/** Preferred buys as typed ("xli, xlf; VTV") → ["XLI", "XLF", "VTV"]. */
export function symbolsOf(text: string): string[] {
  return text.split(/[\s,;]+/).map(normalizeSymbol).filter(Boolean);
}
