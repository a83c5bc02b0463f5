// Writes one parsed file as one import batch: accounts it finds (matched or created), a positions snapshot per
// account, tax lots, and history rows deduplicated against earlier batches. In a dry run it resolves and counts
// exactly the same way but writes nothing. The caller owns the database transaction.
import type { ImportIssue, ImportKindName, TaxTreatment } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { upsertSecurity } from '../household/securities.ts';
import { LastTrades } from '../prices/store.ts';
import { type Decimal, dec, toMicroRounded } from '../money.ts';
import { accountKey, createAccount, displayName, findAccount, guessTaxTreatment, type FileAccount } from './accounts.ts';
import { excerpt } from './errors.ts';
import { cleanSymbol } from './symbols.ts';
import { exactMicro, toHistoryRow, type HistoryRow } from './history.ts';
import type { Account, ParseResult, Position, Transaction } from './types.ts';

export { cleanSymbol, exactMicro };

/** The user's choice for one account of one file (preview → commit): its tax treatment and name. */
export interface AccountChoice {
  file: string;
  key: string;
  taxTreatment?: TaxTreatment;
  name?: string;
}

export interface BatchMeta {
  fileName: string;
  sha256: string;
  broker: string;
  layout: string;
  kind: ImportKindName;
  choices: AccountChoice[];
  now: Date;
  dryRun: boolean;
  /** A big file: build the history index once after loading instead of row by row. */
  bulk?: boolean;
}

const HISTORY_INDEX = 'CREATE INDEX IF NOT EXISTS transactions_by_account_date ON transactions(account_id, date)';

export interface Resolution {
  key: string;
  accountId: number | null; // null in a dry run for an account Keel would create
  match: { id: number; name: string } | null;
  name: string;
  taxTreatment: TaxTreatment;
  guessed: boolean;
}

const MAX_ROUNDING_WARNINGS = 20;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;
const PURE_CASH_SYMBOLS = new Set(['CASH', 'FCASH', 'CORE', 'SWEEP']);

/** A cash row that is money itself (Schwab's "Cash & Cash Investments", IBKR's USD), not a sweep fund with a ticker. */
export function isPureCash(p: Position): boolean {
  if (!p.isCash) return false;
  const symbol = cleanSymbol(p.symbol);
  if (!TICKER.test(symbol) || PURE_CASH_SYMBOLS.has(symbol)) return true;
  return CURRENCY_CODE.test(symbol) && (symbol === p.currency || p.quantity === null);
}


export function normalizeAssetType(raw: string, isCash: boolean): string {
  const t = raw.toLowerCase();
  if (isCash || /money market/.test(t)) return 'money-market';
  if (/option|call|put/.test(t)) return 'option';
  if (/etf|exchange.traded|closed end/.test(t)) return 'etf';
  if (/mutual|fund/.test(t)) return 'mutual-fund';
  if (/bond|fixed income|treasur|cd\b/.test(t)) return 'bond';
  if (/equit|stock|common|share|adr/.test(t)) return 'stock';
  return 'other';
}

function looksLikeNumber(s: string): boolean {
  return (s.match(/\d/g) ?? []).length >= 3;
}

export class BatchWriter {
  readonly batchId: number;
  duplicates = 0;
  inserted = 0;
  readonly warnings: ImportIssue[] = [];
  private roundingWarnings = 0;
  /** The batch's last trade per symbol: the prices store's history source (prices/store.ts). */
  private readonly lastTrades = new LastTrades();
  private readonly resolutions = new Map<string, Resolution>();
  private readonly ranges = new Map<number, { min: string; max: string } | null>();
  private readonly occurrences = new Map<string, number>();
  private readonly insertTx;
  private readonly countSame;
  private readonly nowIso: string;
  /** True while the history index is dropped for a bulk load (inside this batch's transaction). */
  private indexDeferred = false;

  constructor(
    private readonly db: Db,
    private readonly meta: BatchMeta,
  ) {
    this.nowIso = meta.now.toISOString();
    this.batchId = meta.dryRun
      ? 0
      : Number(
          db
            .prepare(
              `INSERT INTO import_batches (file_name, sha256, broker, layout, kind, as_of, counts, warnings, imported_at)
               VALUES (?, ?, ?, ?, ?, NULL, '{}', '[]', ?)`,
            )
            .run(meta.fileName, meta.sha256, meta.broker, meta.layout, meta.kind, this.nowIso).lastInsertRowid,
        );
    if (!meta.dryRun && meta.bulk) {
      // Maintaining the (account, date) index row by row costs about as much as the inserts themselves; one
      // sorted build at the end is much cheaper. The DROP is part of this transaction: a rollback restores it.
      db.exec('DROP INDEX IF EXISTS transactions_by_account_date');
      this.indexDeferred = true;
    }
    this.insertTx = db.prepare(
      `INSERT INTO transactions (account_id, batch_id, date, settle_date, type, raw_action, symbol, description,
                                 quantity_micro, price_micro, amount_micro, fees_micro, currency, source_line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.countSame = db.prepare(
      `SELECT COUNT(*) AS n FROM transactions
       WHERE account_id = ? AND date = ? AND raw_action = ? AND IFNULL(symbol, '') = ? AND description = ?
         AND quantity_micro IS ? AND amount_micro IS ? AND batch_id <> ?`,
    );
  }

  choice(key: string): AccountChoice | undefined {
    return this.meta.choices.find((c) => c.key === key);
  }

  resolution(key: string): Resolution | undefined {
    return this.resolutions.get(key);
  }

  /** The Keel account for a file's account: matched by broker and number (else name), or created. */
  resolve(fa: FileAccount): Resolution {
    const key = accountKey(fa);
    const known = this.resolutions.get(key) ?? (fa.name ? this.resolutions.get(fa.name) : undefined);
    if (known) return known;
    const choice = this.choice(key);
    const match = findAccount(this.db, this.meta.broker, fa);
    const guess = guessTaxTreatment(fa.name);
    const taxTreatment = choice?.taxTreatment ?? match?.taxTreatment ?? guess ?? 'taxable';
    const name = match?.name ?? choice?.name ?? displayName(this.meta.broker, fa);
    const accountId = match
      ? match.id
      : this.meta.dryRun
        ? null
        : createAccount(this.db, this.meta.broker, fa, taxTreatment, this.batchId, choice?.name, this.nowIso);
    const r: Resolution = {
      key,
      accountId,
      match: match && { id: match.id, name: match.name },
      name,
      taxTreatment,
      guessed: !choice?.taxTreatment && !match,
    };
    this.resolutions.set(key, r);
    if (fa.name && fa.name !== key) this.resolutions.set(fa.name, r);
    return r;
  }

  private micro(v: Decimal | null, line: number, what: string): bigint | null {
    if (v === null) return null;
    const fast = exactMicro(v);
    if (fast !== null) return fast;
    const { micro, exact } = toMicroRounded(v);
    if (!exact && this.roundingWarnings++ < MAX_ROUNDING_WARNINGS) {
      this.warnings.push({ line, message: `${what} ${excerpt(v.toFixed())} kept to 6 decimal places` });
    }
    return micro;
  }

  /** A value already in micro-units; `rounded` is its text when it had more than 6 places (warned about). */
  private rounded(micro: bigint | null, rounded: string | null, line: number, what: string): bigint | null {
    if (rounded !== null && this.roundingWarnings++ < MAX_ROUNDING_WARNINGS) {
      this.warnings.push({ line, message: `${what} ${excerpt(rounded)} kept to 6 decimal places` });
    }
    return micro;
  }

  private restoreIndex(): void {
    if (!this.indexDeferred) return;
    this.db.exec(HISTORY_INDEX);
    this.indexDeferred = false;
  }

  /** True when earlier batches already hold this row (counting identical rows within this file). */
  private isDuplicate(accountId: number, tx: HistoryRow, q: bigint | null, amount: bigint | null): boolean {
    let range = this.ranges.get(accountId);
    if (range === undefined) {
      const r = this.db
        .prepare('SELECT MIN(date) AS min, MAX(date) AS max FROM transactions WHERE account_id = ? AND batch_id <> ?')
        .get(accountId, this.batchId) as { min: string | null; max: string | null };
      range = r.min && r.max ? { min: r.min, max: r.max } : null;
      this.ranges.set(accountId, range);
    }
    if (!range || tx.date < range.min || tx.date > range.max) return false;
    // Overlap with earlier history: the duplicate look-ups below need the index now.
    this.restoreIndex();
    const symbol = tx.symbol ?? '';
    const key = [accountId, tx.date, tx.rawAction, symbol, tx.description, q, amount].join('\u0001');
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    const existing = (
      this.countSame.get(accountId, tx.date, tx.rawAction, symbol, tx.description, q, amount, this.batchId) as { n: number }
    ).n;
    return occurrence <= existing;
  }

  // History rows of one file nearly always name the same account: resolve it once per distinct name.
  /** The newest history date seen: a history file's as-of date. */
  latestDate: string | null = null;
  private lastAccount: string | null = null;
  private lastResolution: Resolution | null = null;

  transaction(tx: Transaction): void {
    this.historyRow(toHistoryRow(tx));
  }

  /** One history row, its values already in micro-units (from a parse worker, or from transaction()). */
  historyRow(tx: HistoryRow): void {
    if (this.latestDate === null || tx.date > this.latestDate) this.latestDate = tx.date;
    let r: Resolution;
    if (tx.account === this.lastAccount && this.lastResolution) r = this.lastResolution;
    else {
      r = this.resolve({ name: tx.account, number: looksLikeNumber(tx.account) ? tx.account : '', currency: tx.currency });
      this.lastAccount = tx.account;
      this.lastResolution = r;
    }
    const q = this.rounded(tx.quantity, tx.quantityRounded, tx.line, 'quantity');
    const amount = this.rounded(tx.amount, tx.amountRounded, tx.line, 'amount');
    if (r.accountId !== null && this.isDuplicate(r.accountId, tx, q, amount)) {
      this.duplicates++;
      return;
    }
    this.inserted++;
    if (this.meta.dryRun || r.accountId === null) return;
    const price = this.rounded(tx.price, tx.priceRounded, tx.line, 'price');
    this.insertTx.run(
      r.accountId,
      this.batchId,
      tx.date,
      tx.settleDate,
      tx.type,
      tx.rawAction,
      tx.symbol,
      tx.description,
      q,
      price,
      amount,
      this.rounded(tx.fees, tx.feesRounded, tx.line, 'fees'),
      tx.currency,
      tx.line,
    );
    this.lastTrades.offer(tx.type, tx.symbol, tx.currency, tx.date, price);
  }

  /** The value of a position in its account's currency, with the file's FX rates where it gives them. */
  private accountValue(p: Position, account: Account, parsed: ParseResult): Decimal {
    if (p.currency === account.currency) return p.marketValue;
    if (p.baseValue !== undefined) return p.baseValue;
    const rate = parsed.fx.find((f) => f.currency === p.currency)?.rate;
    if (rate) return p.marketValue.times(rate);
    this.warnings.push({ line: p.line, message: `no ${p.currency}→${account.currency} rate in the file; ${p.symbol} counted at 1:1` });
    return p.marketValue;
  }

  private writeSnapshot(account: Account, parsed: ParseResult, asOf: string): number {
    const r = this.resolve(account);
    let cash = dec(0);
    const held: { p: Position; value: Decimal }[] = [];
    for (const p of account.positions) {
      const value = this.accountValue(p, account, parsed);
      if (isPureCash(p)) cash = cash.plus(value);
      else held.push({ p, value });
    }
    if (this.meta.dryRun || r.accountId === null) return held.length;
    const newer = this.db
      .prepare('SELECT MAX(as_of) AS asOf FROM snapshots WHERE account_id = ? AND as_of > ?')
      .get(r.accountId, asOf) as { asOf: string | null };
    if (newer.asOf) {
      this.warnings.push({ line: 0, message: `${r.name} already has newer holdings (as of ${newer.asOf}); this file is kept as history.` });
    }
    const snapshotId = this.db
      .prepare(
        `INSERT INTO snapshots (account_id, as_of, cash_micro, created_at, batch_id, file_total_micro)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(r.accountId, asOf, this.micro(cash, 0, 'cash'), this.nowIso, this.batchId, this.micro(account.fileTotal, 0, 'file total'))
      .lastInsertRowid;
    const insert = this.db.prepare(
      `INSERT INTO positions (snapshot_id, security_id, quantity_micro, price_micro, price_date, market_value_micro,
                              cost_basis_micro, currency, account_value_micro, is_cash, source_line)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { p, value } of held) {
      // Sweep funds listed by value only (Fidelity's SPAXX**): $1.00 a share, so shares = value.
      const sweepByValue = p.isCash && p.quantity === null;
      const quantity = sweepByValue ? p.marketValue : p.quantity;
      const price = sweepByValue ? dec(1) : p.price;
      const securityId = upsertSecurity(this.db, {
        symbol: cleanSymbol(p.symbol),
        name: p.description,
        assetType: normalizeAssetType(p.assetType, p.isCash),
      });
      insert.run(
        snapshotId,
        securityId,
        this.micro(quantity, p.line, 'quantity') ?? 0n,
        this.micro(price, p.line, 'price') ?? 0n,
        asOf,
        this.micro(p.marketValue, p.line, 'market value'),
        this.micro(p.costBasis, p.line, 'cost basis'),
        p.currency,
        p.currency === account.currency ? null : this.micro(value, p.line, 'value'),
        p.isCash ? 1 : 0,
        p.line,
      );
    }
    return held.length;
  }

  /** Positions snapshots and lots (history rows were written as they streamed), then the batch's counts. */
  finish(parsed: ParseResult, asOf: string): void {
    this.restoreIndex();
    let positions = 0;
    for (const account of parsed.accounts) positions += this.writeSnapshot(account, parsed, asOf);
    const insertLot = this.db.prepare(
      `INSERT INTO lots (account_id, security_id, batch_id, acquired, quantity_micro, cost_basis_micro, source_line)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const lot of parsed.lots) {
      const r = this.resolve({ name: lot.account, number: looksLikeNumber(lot.account) ? lot.account : '', currency: 'USD' });
      if (this.meta.dryRun || r.accountId === null) continue;
      const securityId = upsertSecurity(this.db, { symbol: cleanSymbol(lot.symbol) });
      insertLot.run(r.accountId, securityId, this.batchId, lot.acquired, this.micro(lot.quantity, lot.line, 'quantity'), this.micro(lot.costBasis, lot.line, 'cost basis'), lot.line);
    }
    if (this.roundingWarnings > MAX_ROUNDING_WARNINGS) {
      this.warnings.push({ line: 0, message: `${this.roundingWarnings - MAX_ROUNDING_WARNINGS} more values kept to 6 decimal places` });
    }
    if (this.meta.dryRun) return;
    this.lastTrades.write(this.db, this.batchId);
    const accounts = new Set([...this.resolutions.values()].map((r) => r.accountId)).size;
    const counts = { accounts, positions, transactions: this.inserted, duplicates: this.duplicates, lots: parsed.lots.length };
    const warnings = [...parsed.warnings.map((w) => ({ line: w.line, message: w.message })), ...this.warnings];
    this.db
      .prepare('UPDATE import_batches SET as_of = ?, layout = ?, counts = ?, warnings = ? WHERE id = ?')
      .run(asOf, parsed.layout, JSON.stringify(counts), JSON.stringify(warnings), this.batchId);
  }
}
