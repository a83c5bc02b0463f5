// History rows as the database needs them: money and quantities already in integer micro-units (exact BigInt),
// plain strings otherwise, so a parse worker can post them to the thread that owns the database connection.
// Also the round trip of a ParseResult's Decimals through postMessage. Nothing here touches the database.
import { Decimal, dec, toMicroRounded } from '../money.ts';
import type { ParseResult, Transaction, TxType } from './types.ts';

export interface HistoryRow {
  account: string;
  date: string;
  settleDate: string | null;
  type: TxType;
  rawAction: string;
  symbol: string | null;
  description: string;
  currency: string;
  line: number;
  quantity: bigint | null;
  price: bigint | null;
  amount: bigint | null;
  fees: bigint | null;
  /** The value as the file gave it (`toFixed()`), only when it had more than 6 places and was rounded. */
  quantityRounded: string | null;
  priceRounded: string | null;
  amountRounded: string | null;
  feesRounded: string | null;
}

/**
 * Micro-units of a value with at most 6 decimal places, by string math on its plain notation (cheaper than
 * rounding with decimal.js); null when it has more places (then toMicroRounded rounds and flags it).
 */
export function exactMicro(v: Decimal): bigint | null {
  if (!v.isFinite()) return null;
  const s = v.toFixed();
  const point = s.indexOf('.');
  if (point < 0) return BigInt(s + '000000');
  const places = s.length - point - 1;
  if (places > 6) return null;
  return BigInt(s.slice(0, point) + s.slice(point + 1) + '000000'.slice(places));
}

// Scratch output of microText(): the rounded value's text, or null when exact.
let roundedText: string | null = null;

/** Micro-units as decimal digits (`-12500000`), or null for no value; sets roundedText. */
function microText(v: Decimal | null): string | null {
  roundedText = null;
  if (v === null) return null;
  if (v.isFinite()) {
    const s = v.toFixed();
    const point = s.indexOf('.');
    if (point < 0) return s === '0' || s === '-0' ? '0' : s + '000000';
    const places = s.length - point - 1;
    if (places <= 6) return s.slice(0, point) + s.slice(point + 1) + '000000'.slice(places);
  }
  const r = toMicroRounded(v);
  if (!r.exact) roundedText = v.toFixed();
  return r.micro.toString();
}

const big = (s: string | null): bigint | null => (s === null ? null : BigInt(s));

export function toHistoryRow(tx: Transaction): HistoryRow {
  const quantity = big(microText(tx.quantity));
  const quantityRounded = roundedText;
  const price = big(microText(tx.price));
  const priceRounded = roundedText;
  const amount = big(microText(tx.amount));
  const amountRounded = roundedText;
  const fees = big(microText(tx.fees));
  const feesRounded = roundedText;
  return {
    account: tx.account,
    date: tx.date,
    settleDate: tx.settleDate,
    type: tx.type,
    rawAction: tx.rawAction,
    symbol: tx.symbol,
    description: tx.description,
    currency: tx.currency,
    line: tx.line,
    quantity,
    price,
    amount,
    fees,
    quantityRounded,
    priceRounded,
    amountRounded,
    feesRounded,
  };
}

// Packed form for postMessage: one string per batch, 17 fields per row separated by SEP, NUL_ for null. A
// single string crosses threads far cheaper than thousands of objects. Cell text never holds these two
// characters (csv.ts refuses control bytes); a row that does (an odd file name) is sent unpacked instead.
const SEP = '\u0001';
const NUL_ = '\u0002';
const FIELDS = 17;

function safe(s: string | null): boolean {
  return s === null || (s.indexOf(SEP) < 0 && s.indexOf(NUL_) < 0);
}

/** The row's packed fields (each followed by SEP), or null when a text field holds SEP or NUL_. */
export function packTransaction(tx: Transaction): string | null {
  if (!safe(tx.account) || !safe(tx.date) || !safe(tx.settleDate) || !safe(tx.rawAction) || !safe(tx.symbol) || !safe(tx.description) || !safe(tx.currency)) {
    return null;
  }
  const f = (s: string | null) => (s === null ? NUL_ : s) + SEP;
  const q = microText(tx.quantity);
  const qr = roundedText;
  const p = microText(tx.price);
  const pr = roundedText;
  const a = microText(tx.amount);
  const ar = roundedText;
  const fe = microText(tx.fees);
  const fr = roundedText;
  return (
    f(tx.account) + f(tx.date) + f(tx.settleDate) + f(tx.type) + f(tx.rawAction) + f(tx.symbol) + f(tx.description) +
    f(tx.currency) + f(String(tx.line)) + f(q) + f(p) + f(a) + f(fe) + f(qr) + f(pr) + f(ar) + f(fr)
  );
}

/** Calls `each` with the rows of a packed batch (the concatenation of packTransaction results). */
export function unpackRows(packed: string, each: (row: HistoryRow) => void): void {
  const v = packed.split(SEP);
  const n = v.length - 1; // the trailing SEP leaves one empty string
  const str = (i: number) => (v[i] === NUL_ ? null : v[i]!);
  for (let i = 0; i + FIELDS <= n; i += FIELDS) {
    each({
      account: v[i]!,
      date: v[i + 1]!,
      settleDate: str(i + 2),
      type: v[i + 3] as HistoryRow['type'],
      rawAction: v[i + 4]!,
      symbol: str(i + 5),
      description: v[i + 6]!,
      currency: v[i + 7]!,
      line: Number(v[i + 8]),
      quantity: big(str(i + 9)),
      price: big(str(i + 10)),
      amount: big(str(i + 11)),
      fees: big(str(i + 12)),
      quantityRounded: str(i + 13),
      priceRounded: str(i + 14),
      amountRounded: str(i + 15),
      feesRounded: str(i + 16),
    });
  }
}

const DECIMAL_TAG = '\u0000decimal';

/** A copy of `v` with every Decimal replaced by a tagged exact string (structured clone drops prototypes). */
export function encodeDecimals(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Decimal.isDecimal(v)) {
    const d = v as Decimal;
    return { [DECIMAL_TAG]: d.isZero() && d.isNeg() ? '-0' : d.toString() };
  }
  if (Array.isArray(v)) return v.map(encodeDecimals);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, encodeDecimals(x)]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = encodeDecimals(x);
  return out;
}

export function decodeDecimals(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeDecimals);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, decodeDecimals(x)]));
  const tagged = (v as Record<string, unknown>)[DECIMAL_TAG];
  if (typeof tagged === 'string') return dec(tagged);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = decodeDecimals(x);
  return out;
}

export function encodeParseResult(r: ParseResult): unknown {
  return encodeDecimals(r);
}

export function decodeParseResult(v: unknown): ParseResult {
  return decodeDecimals(v) as ParseResult;
}
