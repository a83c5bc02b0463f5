// Broker dates to ISO `YYYY-MM-DD`. Order is never guessed per cell: US brokers are month-first, DEGIRO is
// day-first (`DD-MM-YYYY`), and ISO/compact forms are unambiguous.
import { ValueError } from './errors.ts';
import { isEmptyMarker } from './numbers.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export interface DateOptions {
  /** Order of slash/dash dates with the year last: 'MDY' (US, default) or 'DMY' (DEGIRO). */
  order?: 'MDY' | 'DMY';
}

function iso(y: number, m: number, d: number, raw: string): string {
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (!(m >= 1 && m <= 12) || !(d >= 1 && d <= days) || y < 1900 || y > 2199) {
    throw new ValueError('BAD_DATE', `not a date: "${raw}"`);
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function year(y: string): number {
  const n = Number(y);
  // Two-digit years (E*TRADE `04/05/23`): 00–69 → 2000s.
  return y.length === 2 ? (n <= 69 ? 2000 + n : 1900 + n) : n;
}

// A time part may follow: ` 13:42:07`, `T09:20:00`, `, 10:30:15`, ` 16:01:46 EDT`, `;233000 EST`, ` 6:21 p.m ET`.
const TIME_TAIL = String.raw`(?:[T ,;]+.*)?`;
const PATTERNS: Array<[RegExp, (m: RegExpExecArray, o: DateOptions, raw: string) => string]> = [
  [new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME_TAIL}$`), (m, _o, r) => iso(+m[1]!, +m[2]!, +m[3]!, r)],
  [new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME_TAIL}$`), (m, _o, r) => iso(+m[1]!, +m[2]!, +m[3]!, r)],
  [new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})${TIME_TAIL}$`), (m, _o, r) => iso(+m[1]!, +m[2]!, +m[3]!, r)],
  [
    new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})${TIME_TAIL}$`),
    (m, o, r) => {
      // DEGIRO writes DD-MM-YYYY; a dash or dot separator with the year last is always day-first.
      const dmy = o.order === 'DMY' || m[2] !== '/';
      return dmy ? iso(year(m[4]!), +m[3]!, +m[1]!, r) : iso(year(m[4]!), +m[1]!, +m[3]!, r);
    },
  ],
  [
    // `Apr-12-2026` (Fidelity footer), `Aug 20 2026` (E*TRADE footer), `Apr 12, 2026`.
    new RegExp(String.raw`^([A-Za-z]{3})[a-z]*[- ](\d{1,2}),?[- ](\d{4})${TIME_TAIL}$`),
    (m, _o, r) => iso(+m[3]!, MONTHS.indexOf(m[1]!.toLowerCase()) + 1, +m[2]!, r),
  ],
  [
    // `12-Apr-2026`, `12 Apr 2026`.
    new RegExp(String.raw`^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{4})${TIME_TAIL}$`),
    (m, _o, r) => iso(+m[3]!, MONTHS.indexOf(m[2]!.toLowerCase()) + 1, +m[1]!, r),
  ],
];

/**
 * `MM/DD/YYYY`, `M/D/YYYY`, `MM/DD/YY`, `YYYY-MM-DD`, `YYYY/MM/DD`, `DD-MM-YYYY`, `20230522`,
 * `20261231;233000 EST`, `04/17/2023 as of 04/15/2023` (Schwab: the first date is the posting date),
 * `Apr-12-2026`. Empty markers → null; anything else throws ValueError('BAD_DATE').
 */
export function parseDate(raw: string, opts: DateOptions = {}): string | null {
  return fastDate(raw, opts) ?? parseDateCareful(raw, opts);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The number the two digits at i make, or -1 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return (a | b) < 0 ? -1 : a * 10 + b;
}

/** The number the four digits at i make, or -1 when any is not a digit. */
function fourDigits(s: string, i: number): number {
  const hi = twoDigits(s, i);
  const lo = twoDigits(s, i + 2);
  return (hi | lo) < 0 ? -1 : hi * 100 + lo;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * `MM/DD/YYYY` (or `DD/MM/YYYY` with order DMY) and `YYYY-MM-DD`, exactly ten characters and a valid calendar
 * day, by slicing; null for anything else (which then takes the careful path, including its errors).
 */
export function fastDate(raw: string, opts: DateOptions = {}): string | null {
  if (raw.length !== 10) return null;
  let y: number;
  let m: number;
  let d: number;
  let yyyy: string;
  let mm: string;
  let dd: string;
  if (raw.charCodeAt(2) === 47 /* / */ && raw.charCodeAt(5) === 47) {
    const a = twoDigits(raw, 0);
    const b = twoDigits(raw, 3);
    y = fourDigits(raw, 6);
    if ((a | b | y) < 0) return null;
    yyyy = raw.slice(6, 10);
    if (opts.order === 'DMY') {
      d = a;
      m = b;
      dd = raw.slice(0, 2);
      mm = raw.slice(3, 5);
    } else {
      m = a;
      d = b;
      mm = raw.slice(0, 2);
      dd = raw.slice(3, 5);
    }
  } else if (raw.charCodeAt(4) === 45 /* - */ && raw.charCodeAt(7) === 45) {
    y = fourDigits(raw, 0);
    m = twoDigits(raw, 5);
    d = twoDigits(raw, 8);
    if ((y | m | d) < 0) return null;
    yyyy = raw.slice(0, 4);
    mm = raw.slice(5, 7);
    dd = raw.slice(8, 10);
  } else return null;
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2199 || d > daysIn(y, m)) return null;
  return `${yyyy}-${mm}-${dd}`;
}

/** The full parser for every format; parseDate's fast path gives identical results for the shapes it takes. */
export function parseDateCareful(raw: string, opts: DateOptions = {}): string | null {
  let s = raw.trim();
  if (isEmptyMarker(s)) return null;
  const asOf = / as of /i.exec(s);
  if (asOf) s = s.slice(0, asOf.index);
  for (const [re, build] of PATTERNS) {
    const m = re.exec(s);
    if (m) return build(m, opts, raw.trim());
  }
  throw new ValueError('BAD_DATE', `not a date: "${raw.trim()}"`);
}

/** Schwab's `"04/17/2023 as of 04/15/2023"`: the effective (as-of) date, when given. */
export function parseAsOfDate(raw: string, opts: DateOptions = {}): string | null {
  const m = / as of (.+)$/i.exec(raw.trim());
  return m ? parseDate(m[1]!, opts) : null;
}
