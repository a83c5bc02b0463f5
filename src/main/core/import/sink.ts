// Collects what a broker parser emits and finishes it into a ParseResult (per-account totals and the
// reconciliation against the file's own totals). Transactions can go to a callback instead, so a 1M-row history
// streams into the database without being held in memory.
import { impliedMultiplier } from '../household/valuation.ts';
import { Decimal, dec, moneyString, toMicroRounded } from '../money.ts';
import { accountKey } from './accounts.ts';
import { ImportError, shortenRuns } from './errors.ts';
import type { StreamedTx } from './history.ts';
import { cleanSymbol } from './symbols.ts';
import type { Account, Detection, FxRate, Lot, ParseResult, Position, Transaction, Warning } from './types.ts';

interface AccountDraft {
  name: string;
  number: string;
  currency: string;
  positions: Position[];
  fileTotal: Decimal | null;
  fileTotalLine: number;
}

export interface SinkOptions {
  onTransaction?: (tx: Transaction) => void;
  /** Like onTransaction, but parsers with a fast path may hand over numbers already in micro-units. */
  onStreamed?: (tx: StreamedTx) => void;
}

export class Sink {
  readonly file: string;
  asOf: string | null = null;
  private readonly accounts = new Map<string, AccountDraft>();
  readonly transactions: Transaction[] = [];
  readonly lots: Lot[] = [];
  readonly fx = new Map<string, Decimal>();
  readonly warnings: Warning[] = [];
  transactionCount = 0;
  /** Data rows a parser skipped (with a warning each); the first of them. */
  private skipped = 0;
  private firstSkipped: Warning | null = null;
  private readonly onTransaction: ((tx: Transaction) => void) | undefined;
  private readonly onStreamed: ((tx: StreamedTx) => void) | undefined;

  constructor(file: string, opts: SinkOptions = {}) {
    this.file = file;
    this.onTransaction = opts.onTransaction;
    this.onStreamed = opts.onStreamed;
  }

  /** True when transactions may be handed over with micro-unit numbers (see streamed()). */
  get takesMicro(): boolean {
    return this.onStreamed !== undefined;
  }

  /** Finds or creates an account; the key is the number when present, else the name. */
  account(name: string, number: string, currency = 'USD'): AccountDraft {
    const key = accountKey({ name, number });
    let a = this.accounts.get(key);
    if (!a) {
      a = { name, number, currency, positions: [], fileTotal: null, fileTotalLine: 0 };
      this.accounts.set(key, a);
    }
    return a;
  }

  position(acct: AccountDraft, p: Position): void {
    const symbol = cleanSymbol(p.symbol);
    if (symbol !== p.symbol) {
      p.rawSymbol = p.symbol;
      p.symbol = symbol;
    }
    acct.positions.push(p);
    this.checkValue(p);
  }

  /** A file whose market value contradicts its own quantity × price is warned about (valuation.ts: Keel uses the latter). */
  private checkValue(p: Position): void {
    if (p.quantity === null || p.price === null || p.quantity.isZero() || p.price.isZero()) return;
    const q = toMicroRounded(p.quantity).micro;
    const price = toMicroRounded(p.price).micro;
    if (impliedMultiplier(q, price, toMicroRounded(p.marketValue).micro)) return;
    const qp = p.quantity.times(p.price);
    this.warn(
      p.line,
      `${p.symbol}: quantity × price is ${p.quantity.toFixed()} × ${p.price.toFixed(Math.max(2, p.price.decimalPlaces()))} = ` +
        `${moneyString(qp)}, but the file says its market value is ${moneyString(p.marketValue)}; Keel values it at quantity × price`,
    );
  }

  /** A data row the parser could not use: warned about, and counted (a file of nothing but these fails). */
  skip(line: number, message: string): void {
    this.warn(line, message);
    this.skipped++;
    this.firstSkipped ??= this.warnings[this.warnings.length - 1]!;
  }

  fileTotal(acct: AccountDraft, total: Decimal | null, line: number): void {
    if (total === null) return;
    acct.fileTotal = acct.fileTotal === null ? total : acct.fileTotal.plus(total);
    acct.fileTotalLine = line;
  }

  transaction(tx: Transaction): void {
    this.transactionCount++;
    if (this.onTransaction) this.onTransaction(tx);
    else if (this.onStreamed) this.onStreamed(tx);
    else this.transactions.push(tx);
  }

  /** A transaction from a parser's fast path; only when takesMicro. */
  streamed(tx: StreamedTx): void {
    this.transactionCount++;
    this.onStreamed!(tx);
  }

  lot(l: Lot): void {
    this.lots.push(l);
  }

  rate(currency: string, rate: Decimal): void {
    this.fx.set(currency, rate);
  }

  warn(line: number, message: string, column?: number): void {
    // A cell a message echoes may be megabytes long.
    const text = shortenRuns(message);
    this.warnings.push(column === undefined ? { line, message: text } : { line, column, message: text });
  }

  /** True when the file gave something to import: a position (cash included), a history row or a lot. */
  private readSomething(): boolean {
    if (this.transactionCount > 0 || this.lots.length > 0) return true;
    for (const a of this.accounts.values()) if (a.positions.length > 0) return true;
    return false;
  }

  finish(det: Detection): ParseResult {
    if (this.skipped > 0 && !this.readSomething()) {
      // Not "nothing new" (rows that were all imported before are read, then found to be duplicates): nothing read.
      const first = this.firstSkipped!;
      throw new ImportError(
        { file: this.file, line: first.line, column: 1, reason: 'NO_DATA' },
        `none of the ${this.skipped} data rows could be read, so nothing was imported (line ${first.line}: ${first.message})`,
      );
    }
    if (det.kind === 'positions' && !this.readSomething()) {
      // A positions layout that yields nothing says so rather than importing an empty account.
      throw new ImportError(
        { file: this.file, line: 1, column: 1, reason: 'NO_DATA' },
        `read as ${det.broker} ${det.layout}, but no position or cash rows follow its header row, so nothing was imported`,
      );
    }
    const fx: FxRate[] = [...this.fx].map(([currency, rate]) => ({ currency, rate }));
    const accounts: Account[] = [];
    for (const a of this.accounts.values()) {
      // Parsers open a default account before the file names one; drop it if nothing landed in it.
      if (a.positions.length === 0 && a.fileTotal === null) continue;
      let cash = dec(0);
      let total = dec(0);
      const missingRates = new Set<string>();
      for (const p of a.positions) {
        let v: Decimal | null = p.baseValue ?? p.marketValue;
        if (p.baseValue === undefined && p.currency !== a.currency) {
          const r = this.fx.get(p.currency);
          v = r ? v.times(r) : null;
          if (!r) missingRates.add(p.currency);
        }
        if (v === null) continue;
        total = total.plus(v);
        if (p.isCash) cash = cash.plus(v);
      }
      for (const c of missingRates) {
        this.warn(a.fileTotalLine, `no ${c}→${a.currency} rate in the file; ${c} positions are left out of the total`);
      }
      const difference = a.fileTotal === null ? null : total.minus(a.fileTotal);
      const reconciled = difference !== null && difference.abs().lt('0.005');
      if (difference !== null && !reconciled) {
        this.warn(
          a.fileTotalLine,
          `account ${accountKey(a)}: positions and cash add up to ${total.toFixed()} but the file's total is ` +
            `${a.fileTotal!.toFixed()} (difference ${difference.toFixed()})`,
        );
      }
      accounts.push({
        name: a.name,
        number: a.number,
        currency: a.currency,
        positions: a.positions,
        cash,
        total,
        fileTotal: a.fileTotal,
        reconciled,
        difference,
      });
    }
    if (det.kind === 'positions' && accounts.every((a) => a.fileTotal === null) && accounts.length > 0) {
      this.warn(0, 'the file gives no total row; positions could not be reconciled against it');
    }
    return {
      file: this.file,
      broker: det.broker,
      layout: det.layout,
      kind: det.kind,
      asOf: this.asOf,
      accounts,
      transactions: this.transactions,
      lots: this.lots,
      fx,
      warnings: this.warnings.sort((x, y) => x.line - y.line),
    };
  }
}

export { Decimal };
