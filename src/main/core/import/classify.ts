// Raw broker actions to normalised transaction types. Fidelity and DEGIRO put the security name inside the
// action ("MUNI EXEMPT INT … SALES & USE TAX REV"), so after a few unambiguous phrases the keyword that comes
// first in the text wins. Schwab's "Reinvest Dividend" / "Div Reinvest" are the dividend cash legs;
// "Reinvest Shares", Fidelity/Vanguard "REINVESTMENT" and E*TRADE "Dividend Reinvestment" are the purchases.
import type { Decimal } from '../money.ts';
import type { TxType } from './types.ts';

const FIRST: Array<[RegExp, TxType]> = [
  [/withholding|foreign tax|dividend ?tax|dividendbelasting|imp[oô]ts? sur|stamp duty/i, 'tax'],
  [/reinvest shares|^reinvestment|^dividend reinvestment|^reinvest$/i, 'reinvest'],
  [/split/i, 'split'],
];

const EARLIEST: Array<[RegExp, TxType]> = [
  [/dividend|\bdiv\b|cdiv|cap(ital)? gain|payment in lieu|distribution/i, 'dividend'],
  [/interest|\bint\b/i, 'interest'],
  [/\btax\b/i, 'tax'],
  [/fee\b|fees|commission|kosten|frais|comiss|adr mgmt|\bcharge\b/i, 'fee'],
  [/^(buy|bought|you bought|market buy|limit buy|stop buy|stop limit buy|bto|btc|buy to (open|close)|koop|compra|achat|purchase)\b/i, 'buy'],
  [/^(sell|sold|you sold|market sell|limit sell|stop sell|stop limit sell|sto|stc|sell to (open|close)|verkoop|venda|vente|redemption payout)\b/i, 'sell'],
  [/withdraw|disbursed|wire sent|check paid|direct debit|terugstorting|levantamento|retirada/i, 'withdrawal'],
  [/deposit|funds received|contribution|check received|ingreso|^ach\b|funds transfer received/i, 'deposit'],
  [/transfer|journal|moneylink|\btfr\b|overboeking|sweep|acat/i, 'transfer'],
];

// A history file repeats a handful of action texts; classify each distinct one once.
const cache = new Map<string, TxType>();
const CACHE_MAX = 4096;

export function classify(raw: string): TxType {
  let t = cache.get(raw);
  if (t === undefined) {
    t = classifyUncached(raw);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(raw, t);
  }
  return t;
}

function classifyUncached(raw: string): TxType {
  const s = raw.trim();
  for (const [re, t] of FIRST) if (re.test(s)) return t;
  let best: TxType = 'other';
  let at = Infinity;
  for (const [re, t] of EARLIEST) {
    const m = re.exec(s);
    if (m && m.index < at) {
      at = m.index;
      best = t;
    }
  }
  return best;
}

/** Buys add shares, sells remove them, whatever sign the broker wrote. */
export function signQuantity(type: TxType, q: Decimal | null): Decimal | null {
  if (q === null) return null;
  // Decimals are immutable: a value that already has the right sign is returned as is (abs() would copy it).
  if (type === 'buy' || type === 'reinvest') return q.isNeg() ? q.abs() : q;
  if (type === 'sell') return q.isNeg() ? q : q.abs().negated();
  return q;
}

/** signQuantity for a quantity in micro-units digits (fastMicro's canonical form: no `-0`). */
export function signMicro(type: TxType, q: string): string {
  const negative = q.charCodeAt(0) === 45;
  if (type === 'buy' || type === 'reinvest') return negative ? q.slice(1) : q;
  if (type === 'sell') return negative || q === '0' ? q : '-' + q;
  return q;
}
