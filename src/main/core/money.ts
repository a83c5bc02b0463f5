// Exact decimals for money and quantities. SQLite stores them as INTEGER micro-units (value × 10^6) so
// that SUM() in SQL is exact; everything else uses decimal.js. Floats never hold money.
import DecimalJs from 'decimal.js';

export const Decimal = DecimalJs.clone({
  precision: 50,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 60,
});
export type Decimal = DecimalJs;

const MICRO_PLACES = 6;
const MICRO = new Decimal(10).pow(MICRO_PLACES);

export function dec(v: DecimalJs.Value | bigint): Decimal {
  return new Decimal(typeof v === 'bigint' ? v.toString() : v);
}

/** Converts an exact decimal to integer micro-units; refuses values that would lose digits. */
export function toMicro(v: DecimalJs.Value, what = 'value'): bigint {
  const d = dec(v);
  if (!d.isFinite()) throw new RangeError(`${what} is not a finite number`);
  if (d.decimalPlaces() > MICRO_PLACES) {
    throw new RangeError(`${what} ${d.toString()} has more than ${MICRO_PLACES} decimal places`);
  }
  return BigInt(d.times(MICRO).toFixed(0));
}

export function fromMicro(v: bigint | number | null | undefined): Decimal {
  if (v === null || v === undefined) return new Decimal(0);
  return dec(typeof v === 'bigint' ? v : BigInt(v)).div(MICRO);
}

/** Money rounded to cents, as the string that crosses the contract. */
export function moneyString(d: Decimal): string {
  return d.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** Quantities and prices keep their own precision (no trailing zeros beyond what they carry). */
export function plainString(d: Decimal): string {
  return d.toFixed();
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** part ÷ whole as a fraction rounded to 6 places ("0.166743"); "0" when whole is zero. */
export function ratioString(part: Decimal, whole: Decimal): string {
  if (whole.isZero()) return '0';
  return part.div(whole).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed();
}

// Fast paths on integer micro-units, for hot loops over stored rows (exact: BigInt only).

/** n ÷ d (d > 0) rounded half-even, as BigInt. */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d || (twice === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

function scaledToString(units: bigint, places: number, trim: boolean): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  let int = digits.slice(0, digits.length - places);
  let frac = digits.slice(digits.length - places);
  if (trim) frac = frac.replace(/0+$/, '');
  digits = frac ? `${int}.${frac}` : int;
  int = digits;
  return negative && /[1-9]/.test(digits) ? `-${int}` : int;
}

/** Micro-units as a plain decimal string without trailing zeros: 612400000n → "612.4". */
export function microToPlain(micro: bigint): string {
  return scaledToString(micro, MICRO_PLACES, true);
}

/** Micro-units rounded half-even to cents: 29774400000n → "29774.40". */
export function microToMoney(micro: bigint): string {
  return scaledToString(divRoundHalfEven(micro, 10_000n), 2, false);
}

/** part ÷ whole rounded half-even to 6 places, "0" when whole is zero. */
export function microRatio(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0';
  const n = part * 1_000_000n;
  return scaledToString(whole < 0n ? divRoundHalfEven(-n, -whole) : divRoundHalfEven(n, whole), 6, true);
}

/** Rounds half-even to 6 places for storage; `exact` is false when digits were dropped. Hot path of imports. */
export function toMicroRounded(v: DecimalJs.Value): { micro: bigint; exact: boolean } {
  const d = v instanceof DecimalJs ? v : dec(v);
  if (!d.isFinite()) throw new RangeError('not a finite number');
  const fixed = d.toFixed(MICRO_PLACES, Decimal.ROUND_HALF_EVEN);
  const point = fixed.indexOf('.');
  return { micro: BigInt(fixed.slice(0, point) + fixed.slice(point + 1)), exact: d.decimalPlaces() <= MICRO_PLACES };
}
