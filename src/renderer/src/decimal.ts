// Ordering the decimal strings the core sends ("-1234.5600", "0.125"), exactly.
//
// Why not parseFloat: a double holds about 15–17 significant digits, so two different amounts such as
// "90071992547409.93" and "90071992547409.94" can become the same float and sort as equal (or in the wrong
// order once rounding differs), and "-0.00" vs "0" quirks creep in. Comparing the digits themselves is exact
// for any length and costs no more than a string compare: sign first, then the length of the integer part
// (leading zeros dropped), then the integer digits, then the fraction digits (trailing zeros dropped).

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
