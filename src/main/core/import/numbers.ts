// Broker numbers to exact decimals. Never Number(): `$1,234.56` must come out as 1234.56 exactly.
import { Decimal, dec } from '../money.ts';
import { ValueError } from './errors.ts';

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
    if (!COMMA_BODY.test(s)) throw new ValueError('BAD_NUMBER', `not a number: "${raw.trim()}"`);
    body = s.replace(/\./g, '').replace(',', '.');
  } else {
    // `1.234` in a decimal-comma file could be 1234 or 1.234: refuse rather than guess.
    if (opts.decimal === 'comma' && AMBIGUOUS_COMMA.test(s)) {
      throw new ValueError('BAD_NUMBER', `ambiguous number "${raw.trim()}" in a decimal-comma file (thousands or decimals?)`);
    }
    if (!POINT_BODY.test(s)) throw new ValueError('BAD_NUMBER', `not a number: "${raw.trim()}"`);
    body = s.replace(/,/g, '');
  }
  if (body.endsWith('.')) body = body.slice(0, -1);
  const d = dec(body);
  return negative ? d.negated() : d;
}

/** Like parseNumber, but a missing value is an error too. */
export function parseRequiredNumber(raw: string, opts: NumberOptions = {}): Decimal {
  const d = parseNumber(raw, opts);
  if (d === null) throw new ValueError('BAD_NUMBER', `missing number`);
  return d;
}

export { Decimal };
