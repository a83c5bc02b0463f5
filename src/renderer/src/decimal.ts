// Ordering the decimal strings the core sends ("-1234.5600", "0.125"), exactly.
//
// Why not parseFloat: a double holds about 15–17 significant digits, so two different amounts such as
// "90071992547409.93" and "90071992547409.94" can become the same float and sort as equal (or in the wrong
// order once rounding differs), and "-0.00" vs "0" quirks creep in. Comparing the digits themselves is exact
// for any length and costs no more than a string compare: sign first, then the length of the integer part
// (leading zeros dropped), then the integer digits, then the fraction digits (trailing zeros dropped).
import { PERCENT_PATTERN } from '../../shared/types';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

interface Parts {
  negative: boolean;
  int: string; // no leading zeros; '' for zero
  frac: string; // no trailing zeros
}

function parts(value: string): Parts | null {
  const m = DECIMAL.exec(value.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const int = (m[2] ?? '').replace(/^0+/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  // "-0.00" is zero, and zero has no sign.
  return { negative: m[1] === '-' && (int !== '' || frac !== ''), int, frac };
}

function compareMagnitude(a: Parts, b: Parts): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  // Same integer part: compare the fractions digit by digit; a missing digit is a 0.
  const n = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(n, '0');
  const fb = b.frac.padEnd(n, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/**
 * Compares two decimal strings by value: negative when a < b, 0 when equal, positive when a > b.
 * A string that is not a decimal sorts after every number (so a malformed value from the core is visible
 * at one end rather than scattered).
 */
export function compareDecimal(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (pa.negative !== pb.negative) return pa.negative ? -1 : 1;
  const m = compareMagnitude(pa, pb);
  return pa.negative ? -m : m;
}

/** The sign of a decimal string: -1, 0 or 1 (for colouring gains and losses without arithmetic). */
export function decimalSign(value: string): -1 | 0 | 1 {
  const p = parts(value);
  if (!p || (p.int === '' && p.frac === '')) return 0;
  return p.negative ? -1 : 1;
}

// ---- Exact sums of short decimal strings (the live "Total 99.5%" hints) ----
//
// The core is the judge of every figure; the renderer only adds up what the user typed so that a hint can say
// how far from 100 the inputs are while they type. BigInt on the digits keeps it exact ("33.3" + "33.3" +
// "33.4" is exactly 100, which floats would not promise).

interface Scaled {
  units: bigint; // the value × 10^scale
  scale: number;
}

function scaled(value: string): Scaled | null {
  const p = parts(value);
  if (!p) return null;
  const digits = `${p.int}${p.frac}` || '0';
  const units = BigInt(digits);
  return { units: p.negative ? -units : units, scale: p.frac.length };
}

function rescale(v: Scaled, scale: number): bigint {
  return v.units * 10n ** BigInt(scale - v.scale);
}

function render(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** a + b, exactly, in the shortest form ("99.50" + "0.5" → "100"); null when either is not a decimal. */
export function addDecimal(a: string, b: string): string | null {
  const x = scaled(a);
  const y = scaled(b);
  if (!x || !y) return null;
  const scale = Math.max(x.scale, y.scale);
  return render(rescale(x, scale) + rescale(y, scale), scale);
}

/** −a, exactly; null when a is not a decimal. */
export function negateDecimal(a: string): string | null {
  const x = scaled(a);
  return x ? render(-x.units, x.scale) : null;
}

/** The exact sum of every value ("0" for none); null when any of them is not a decimal. */
export function sumDecimals(values: readonly string[]): string | null {
  let total: string | null = '0';
  for (const v of values) {
    total = total === null ? null : addDecimal(total, v);
    if (total === null) return null;
  }
  return total;
}

/** How a set of percentages stands against exactly 100: the total, and how far short of or over it is. */
export function againstHundred(values: readonly string[]): { total: string; difference: string; sign: -1 | 0 | 1 } | null {
  const total = sumDecimals(values);
  if (total === null) return null;
  const diff = addDecimal(total, '-100');
  if (diff === null) return null;
  const sign = decimalSign(diff);
  return { total, difference: sign < 0 ? (negateDecimal(diff) ?? diff) : diff, sign };
}

/** A percentage as the core accepts it in targets and weights: 0 to 999 with up to six decimals ("30", "12.5"). */
export function isPercentInput(value: string): boolean {
  return PERCENT_PATTERN.test(value.trim());
}
