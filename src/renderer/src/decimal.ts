// Exact arithmetic on the decimal strings that cross the contract ("1234.56", "-0.5", "85").
// The core computes every number it can; this module only covers the few display-only values the contract
// does not carry yet (a position's weight in its account, unrealised gain). BigInt throughout: no floats.

interface Scaled {
  units: bigint; // the value × 10^scale
  scale: number;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export function isDecimalString(s: string): boolean {
  return DECIMAL.test(s);
}

function parse(s: string): Scaled {
  const m = DECIMAL.exec(s.trim());
  if (!m) throw new RangeError(`Not a decimal string: ${JSON.stringify(s)}`);
  const [, sign, int = '0', frac = ''] = m;
  const units = BigInt(int + frac);
  return { units: sign === '-' ? -units : units, scale: frac.length };
}

function rescale(x: Scaled, scale: number): bigint {
  return x.units * 10n ** BigInt(scale - x.scale);
}

function toDecimalString(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${int}${frac}`;
}

/** a − b, exactly, keeping the larger number of decimal places. */
export function subtract(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  return toDecimalString(rescale(x, scale) - rescale(y, scale), scale);
}

/** part ÷ whole rounded half away from zero to `places` decimals, or null when whole is zero. */
export function ratio(part: string, whole: string, places: number): string | null {
  const x = parse(part);
  const y = parse(whole);
  const scale = Math.max(x.scale, y.scale);
  const num = rescale(x, scale) * 10n ** BigInt(places);
  const den = rescale(y, scale);
  if (den === 0n) return null;
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return toDecimalString(negative && q !== 0n ? -q : q, places);
}
