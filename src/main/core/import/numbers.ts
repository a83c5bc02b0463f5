// Broker numbers to exact decimals. Never Number(): `$1,234.56` must come out as 1234.56 exactly.
import { Decimal, dec } from '../money.ts';
import { ValueError, excerpt } from './errors.ts';

/** Cells that mean "no value" in broker exports (Schwab `--`, IBKR `-`, Trading 212 `Not available`). */
const EMPTY_MARKERS = new Set(['', '--', '-', 'n/a', 'na', 'not available', 'none', 'null']);

export function isEmptyMarker(raw: string): boolean {
  return EMPTY_MARKERS.has(raw.trim().toLowerCase());
}

export interface NumberOptions {
  /**
   * 'point': `1,234.56` (US brokers). 'comma': DEGIRO NL/PT exports write `1.234,56` and `77,3`; a value with
   * only a dot (`-97.93`, seen in the same DEGIRO file) is still read as a decimal point, except `1.234`
   * (dot + exactly three digits), which is ambiguous and refused.
   */
  decimal?: 'point' | 'comma';
}

const POINT_BODY = /^(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)$/;
const COMMA_BODY = /^(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+)$/;
const AMBIGUOUS_COMMA = /^[1-9]\d{0,2}(?:\.\d{3})+$/;
const EXPONENT_BODY = /^(?:\d+(?:\.\d+)?|\.\d+)[eE][+-]?\d+$/; // IBKR writes -2.637591265E-4
const CURRENCY = /^(?:[$€£¥₹]|USD|EUR|GBP|CAD|CHF|INR)\s*/i;

/**
 * Parses `$1,234.56`, `-$126.75`, `($2,430.04)`, `+$0.10`, `93.65%` (→ 93.65), `.0066`, `6,788.114`, `5.00000`,
 * `1.234,56` (decimal: 'comma'). Empty markers give null. Anything else throws ValueError('BAD_NUMBER').
 */
export function parseNumber(raw: string, opts: NumberOptions = {}): Decimal | null {
  if (raw === '') return null;
  if (opts.decimal !== 'comma') {
    const body = fastPointBody(raw);
    if (body !== null) {
      const d = dec(body);
      if (d.e < MAX_EXPONENT) return d; // (else the careful path refuses it, with its message)
    }
  }
  return parseNumberCareful(raw, opts);
}

/** Where the parts of a number in the fast shapes stand in its text (scanPoint). */
interface PointParts {
  negative: boolean;
  /** The first character after the sign and `$`. */
  start: number;
  /** The end of the integer part: the point, or the end of the text. */
  intEnd: number;
  /** The integer part is grouped by commas. */
  commas: boolean;
}

/**
 * The common US shapes, read in one scan without regexes: an optional `-`, an optional `$`, digits (optionally
 * grouped by commas: the first group 1–3 digits, then exactly 3 each), an optional point and digits after it
 * (`12.5`, `-$1,617.25`, `$0.10`, `1,234`, `.5`, `12.`). Null for anything else (spaces, `+`, parentheses, `%`,
 * exponents, bad grouping, a lone point), which then takes the careful path.
 */
function scanPoint(raw: string): PointParts | null {
  const n = raw.length;
  let i = 0;
  let c = raw.charCodeAt(0);
  const negative = c === 45; /* - */
  if (negative) c = raw.charCodeAt(++i);
  if (c === 36 /* $ */) i++;
  const start = i;
  let group = 0;
  let commas = false;
  for (; i < n; i++) {
    c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) group++;
    else if (c === 44 /* , */) {
      if (group === 0 || group > 3 || (commas && group !== 3)) return null;
      commas = true;
      group = 0;
    } else break;
  }
  if (commas && group !== 3) return null;
  const intEnd = i;
  if (i < n) {
    if (c !== 46 /* . */) return null;
    for (i++; i < n; i++) {
      c = raw.charCodeAt(i);
      if (c < 48 || c > 57) return null;
    }
    if (intEnd === start && n === intEnd + 1) return null; // a lone point
  } else if (intEnd === start) return null;
  return { negative, start, intEnd, commas };
}

/**
 * A number in scanPoint's shapes as the exact decimal string the careful path would hand to decimal.js (commas
 * and a trailing point dropped, the sign in front); null for anything else.
 */
export function fastPointBody(raw: string): string | null {
  const p = scanPoint(raw);
  if (p === null) return null;
  const n = raw.length;
  let body = raw.slice(p.start, p.intEnd === n - 1 ? p.intEnd : n); // `12.`: the point dropped
  if (p.commas) body = body.replace(/,/g, '');
  return p.negative ? '-' + body : body;
}

/** The full parser for every format; parseNumber's fast path gives identical results for the shapes it takes. */
export function parseNumberCareful(raw: string, opts: NumberOptions = {}): Decimal | null {
  let s = raw.trim();
  if (isEmptyMarker(s)) return null;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // Sign and currency symbol come in either order: `-$126.75`, `$-126.75`, `+$0.10`.
  for (let i = 0; i < 2; i++) {
    if (s.startsWith('-') || s.startsWith('+') || s.startsWith('−')) {
      if (s[0] !== '+') negative = !negative;
      s = s.slice(1).trim();
    }
    const m = CURRENCY.exec(s);
    if (m) s = s.slice(m[0].length);
  }
  if (s.endsWith('%')) s = s.slice(0, -1).trim();
  let body: string;
  if (EXPONENT_BODY.test(s)) body = s;
  else if (opts.decimal === 'comma' && s.includes(',')) {
    if (!COMMA_BODY.test(s)) throw new ValueError('BAD_NUMBER', `not a number: "${shown(raw)}"`);
    body = s.replace(/\./g, '').replace(',', '.');
  } else {
    // `1.234` in a decimal-comma file could be 1234 or 1.234: refuse rather than guess.
    if (opts.decimal === 'comma' && AMBIGUOUS_COMMA.test(s)) {
      throw new ValueError('BAD_NUMBER', `ambiguous number "${shown(raw)}" in a decimal-comma file (thousands or decimals?)`);
    }
    if (!POINT_BODY.test(s)) throw new ValueError('BAD_NUMBER', `not a number: "${shown(raw)}"`);
    body = s.replace(/,/g, '');
  }
  if (body.endsWith('.')) body = body.slice(0, -1);
  const d = dec(body);
  // No amount, price or quantity comes near 10²¹; `1E99999999` would be a 100-million-digit number downstream.
  if (d.e >= MAX_EXPONENT) throw new ValueError('BAD_NUMBER', `number too large: "${shown(raw)}"`);
  return negative ? d.negated() : d;
}

/** Values from 10^MAX_EXPONENT up are refused as input errors. */
const MAX_EXPONENT = 21;

/** A cell as an error message quotes it: trimmed, and cut short (with its length) when long. */
function shown(raw: string): string {
  return excerpt(raw.trim());
}

/** Like parseNumber, but a missing value is an error too. */
export function parseRequiredNumber(raw: string, opts: NumberOptions = {}): Decimal {
  const d = parseNumber(raw, opts);
  if (d === null) throw new ValueError('BAD_NUMBER', `missing number`);
  return d;
}

export { Decimal };

/** Longest integer part (after leading zeros) fastMicro takes; longer values take the careful path (and are refused there: ≥ 10²¹). */
const MICRO_INT_DIGITS = 21;

/**
 * The value of a cell in parseNumber's fast shapes (`12.5`, `-$1,617.25`, `$0.10`, `1,234`, `.5`, `12.`) as
 * integer micro-units in canonical decimal digits (`-1617250000`, `0`), by string math alone: no decimal.js
 * object. Null for every other shape, for values with more than 6 significant decimal places (they are
 * rounded, with a warning, on the careful path) and for integer parts over 21 digits. Where it answers, it
 * equals toMicroRounded(parseNumber(raw)) (property-tested).
 */
export function fastMicro(raw: string): string | null {
  const p = scanPoint(raw);
  if (p === null) return null;
  const n = raw.length;
  const point = p.intEnd; // the point's index, or n when there is none
  const int = raw.slice(p.start, point);
  const digits = p.commas ? int.replace(/,/g, '') : int; // integer digits without commas
  let frac = '';
  if (point < n) {
    let end = n;
    if (end - point - 1 > 6) {
      // Places beyond the sixth must all be zeros (then the value is still exact).
      for (let k = point + 7; k < n; k++) if (raw.charCodeAt(k) !== 48) return null;
      end = point + 7;
    }
    frac = raw.slice(point + 1, end);
  }
  // Leading zeros off the integer part.
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  if (digits.length - lead > MICRO_INT_DIGITS) return null;
  let micro = (lead === 0 ? digits : digits.slice(lead)) + frac + ZEROS[6 - frac.length];
  if (lead === digits.length) {
    // Integer part zero: drop the fraction's leading zeros too.
    let z = 0;
    while (z < micro.length && micro.charCodeAt(z) === 48) z++;
    if (z === micro.length) return '0';
    micro = micro.slice(z);
  }
  return p.negative ? '-' + micro : micro;
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000'];
