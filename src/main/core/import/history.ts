// History rows as the database needs them: money and quantities already in integer micro-units (exact BigInt),
// plain strings otherwise, so a parse worker can post them to the thread that owns the database connection.
// Also the round trip of a ParseResult's Decimals through postMessage. Nothing here touches the database.
import { Decimal, dec, toMicroRounded } from '../money.ts';
import type { ParseResult, Transaction } from './types.ts';

/** A transaction with its numbers in integer micro-units. */
export interface HistoryRow extends Omit<Transaction, 'quantity' | 'price' | 'amount' | 'fees'> {
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
 * Micro-units of a value with at most 6 decimal places as decimal digits (`-12500000`), by string math on its
 * plain notation (cheaper than rounding with decimal.js); null when it has more places (then toMicroRounded
 * rounds and flags it).
 */
function exactMicroText(v: Decimal): string | null {
  if (!v.isFinite()) return null;
  const s = v.toFixed();
  const point = s.indexOf('.');
  if (point < 0) return s === '0' || s === '-0' ? '0' : s + '000000';
  const places = s.length - point - 1;
  if (places > 6) return null;
  return s.slice(0, point) + s.slice(point + 1) + '000000'.slice(places);
}

/** Micro-units of a value with at most 6 decimal places; null when it has more (see exactMicroText). */
export function exactMicro(v: Decimal): bigint | null {
  const t = exactMicroText(v);
  return t === null ? null : BigInt(t);
}

/**
 * A number on its way to the database: integer micro-units as canonical decimal digits (`-1617250000`, from a
 * fast path that never made a Decimal), or the Decimal a careful path made, or null.
 */
export type MicroNum = string | Decimal | null;

/** A transaction whose numbers may already be micro-units (what parsers stream; a Transaction is one too). */
export interface StreamedTx extends Omit<Transaction, 'quantity' | 'price' | 'amount' | 'fees'> {
  quantity: MicroNum;
  price: MicroNum;
  amount: MicroNum;
  fees: MicroNum;
}

/** Micro-units as decimal digits (`-12500000`), or null for no value. */
function microText(v: MicroNum): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  return exactMicroText(v) ?? toMicroRounded(v).micro.toString();
}

/** The value as the file gave it (`toFixed()`) when it had more than 6 places and its micro-units are rounded. */
function roundedText(v: MicroNum): string | null {
  if (v === null || typeof v === 'string' || exactMicroText(v) !== null) return null;
  return toMicroRounded(v).exact ? null : v.toFixed();
}

function big(s: string | null): bigint | null {
  return s === null ? null : BigInt(s);
}

export function toHistoryRow(tx: StreamedTx): HistoryRow {
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
    quantity: big(microText(tx.quantity)),
    price: big(microText(tx.price)),
    amount: big(microText(tx.amount)),
    fees: big(microText(tx.fees)),
    quantityRounded: roundedText(tx.quantity),
    priceRounded: roundedText(tx.price),
    amountRounded: roundedText(tx.amount),
    feesRounded: roundedText(tx.fees),
  };
}

// Packed form for postMessage: one UTF-8 byte buffer per batch (transferred, not copied), 17 fields per row,
// each followed by SEP, NUL_ for null. A buffer crosses threads far cheaper than thousands of objects, and
// writing rows into it leaves nothing behind per row for the garbage collector. Cell text never holds these two
// characters (csv.ts refuses control bytes); a row that does (an odd file name) is sent unpacked instead.
const SEP = '\u0001';
const NUL_ = '\u0002';
const FIELDS = 17;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Rows packed one after another into a growing byte buffer; `take()` hands the batch over and starts anew. */
export class PackBuilder {
  private buf: Uint8Array;
  private pos = 0;
  count = 0;

  constructor(private readonly initialBytes = 1 << 18) {
    this.buf = new Uint8Array(initialBytes);
  }

  get bytes(): number {
    return this.pos;
  }

  /** Appends the row; false (and nothing appended) when a text field holds SEP, NUL_ or a lone surrogate. */
  add(tx: StreamedTx): boolean {
    const start = this.pos;
    const q = microText(tx.quantity);
    const p = microText(tx.price);
    const a = microText(tx.amount);
    const fe = microText(tx.fees);
    const qr = roundedText(tx.quantity);
    const pr = roundedText(tx.price);
    const ar = roundedText(tx.amount);
    const fr = roundedText(tx.fees);
    if (
      this.text(tx.account) && this.text(tx.date) && this.text(tx.settleDate) && this.text(tx.type) &&
      this.text(tx.rawAction) && this.text(tx.symbol) && this.text(tx.description) && this.text(tx.currency) &&
      this.int(tx.line) && this.text(q) && this.text(p) && this.text(a) && this.text(fe) && this.text(qr) &&
      this.text(pr) && this.text(ar) && this.text(fr)
    ) {
      this.count++;
      return true;
    }
    this.pos = start;
    return false;
  }

  /** The packed rows so far (a view on a buffer that is then no longer written to); resets the builder. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(Math.max(this.initialBytes, this.pos + (this.pos >> 2)));
    this.pos = 0;
    this.count = 0;
    return out;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  private text(s: string | null): boolean {
    if (s === null) {
      this.room(2);
      this.buf[this.pos++] = 2;
      this.buf[this.pos++] = 1;
      return true;
    }
    const n = s.length;
    this.room(n * 3 + 1);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Rare: non-ASCII text. Lone surrogates would not survive UTF-8; such a row goes unpacked.
        if (hasLoneSurrogate(s, i) || s.indexOf(SEP, i) >= 0 || s.indexOf(NUL_, i) >= 0) return false;
        p += encoder.encodeInto(i === 0 ? s : s.slice(i), b.subarray(p)).written;
        break;
      }
      if (c === 1 || c === 2) return false;
      b[p++] = c;
    }
    b[p++] = 1;
    this.pos = p;
    return true;
  }

  private int(v: number): boolean {
    if (!Number.isSafeInteger(v) || v < 0) return this.text(String(v));
    this.room(17);
    const b = this.buf;
    let p = this.pos;
    if (v === 0) b[p++] = 48;
    else {
      let digits = 0;
      for (let x = v; x > 0; x = Math.floor(x / 10)) digits++;
      p += digits;
      for (let k = p - 1, x = v; x > 0; k--, x = Math.floor(x / 10)) b[k] = 48 + (x % 10);
    }
    b[p++] = 1;
    this.pos = p;
    return true;
  }
}

/** True when s[from…] has a UTF-16 surrogate that is not part of a pair (UTF-8 cannot carry it). */
function hasLoneSurrogate(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return true;
    const d = s.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return true;
    i++;
  }
  return false;
}

/** Calls `each` with the rows of a packed batch (PackBuilder's bytes, or their text). */
export function unpackRows(packed: string | Uint8Array, each: (row: HistoryRow) => void): void {
  const v = (typeof packed === 'string' ? packed : decoder.decode(packed)).split(SEP);
  const n = v.length - 1; // the trailing SEP leaves one empty string
  for (let i = 0; i + FIELDS <= n; i += FIELDS) {
    const settle = v[i + 2]!;
    const symbol = v[i + 5]!;
    each({
      account: v[i]!,
      date: v[i + 1]!,
      settleDate: settle === NUL_ ? null : settle,
      type: v[i + 3] as HistoryRow['type'],
      rawAction: v[i + 4]!,
      symbol: symbol === NUL_ ? null : symbol,
      description: v[i + 6]!,
      currency: v[i + 7]!,
      line: Number(v[i + 8]),
      quantity: bigOrNull(v[i + 9]!),
      price: bigOrNull(v[i + 10]!),
      amount: bigOrNull(v[i + 11]!),
      fees: bigOrNull(v[i + 12]!),
      quantityRounded: textOrNull(v[i + 13]!),
      priceRounded: textOrNull(v[i + 14]!),
      amountRounded: textOrNull(v[i + 15]!),
      feesRounded: textOrNull(v[i + 16]!),
    });
  }
}

function bigOrNull(s: string): bigint | null {
  return s === NUL_ ? null : BigInt(s);
}

function textOrNull(s: string): string | null {
  return s === NUL_ ? null : s;
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
